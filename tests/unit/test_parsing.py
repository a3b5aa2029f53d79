"""Typed values are read exactly as meant or refused, never coerced (igg4rd.rules.parsing):
the adversarial probe's 7,5 (saved as 75), 1e308 (1308), -5 (5), 'abc' and NaN (erased the
stored value), 'false' and 'no' in a yes/no (saved true)."""
from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igg4rd.rules.parsing import (
    EntryError,
    parse_bool,
    parse_choices,
    parse_date,
    parse_number,
)


@pytest.mark.parametrize("typed,meant", [("7.5", 7.5), ("7,5", 7.5), (" 30 ", 30.0),
                                         ("0", 0.0), ("18,87", 18.87), ("8960", 8960.0),
                                         (12, 12.0), (7.5, 7.5), ("", None), (None, None)])
def test_numbers_are_read_as_meant(typed, meant):
    assert parse_number(typed) == meant


@pytest.mark.parametrize("typed", ["1e308", "1E3", "-5", "+5", "abc", "7.5.1", "7,5,1", "1 000",
                                   "nan", "NaN", "inf", "0x10", "1_000", "٣", "7.", ".5",
                                   float("nan"), float("inf"), True, [7], {"v": 7}, "9" * 400])
def test_anything_else_is_refused_with_the_value_quoted(typed):
    with pytest.raises(EntryError) as refused:
        parse_number(typed)
    assert any(why in str(refused.value) for why in ("number", "large", "negative"))


def test_a_comma_before_three_digits_is_ambiguous():
    with pytest.raises(EntryError, match="ambiguous"):
        parse_number("1,000")


def test_whole_numbers():
    assert parse_number("14", integer=True) == 14 and parse_number("14.0", integer=True) == 14
    with pytest.raises(EntryError, match="whole number"):
        parse_number("7.5", integer=True)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_a_decimal_comma_is_never_multiplied_by_ten(value):
    text = f"{value:f}"
    if "," not in text and text.count(".") <= 1 and len(text.partition(".")[2]) != 3:
        assert math.isclose(parse_number(text.replace(".", ",")), float(value))


@pytest.mark.parametrize("typed,meant", [(True, True), (False, False), ("false", False),
                                         ("TRUE", True)])
def test_yes_no(typed, meant):
    assert parse_bool(typed) is meant


@pytest.mark.parametrize("typed", ["no", "yes", "0", "1", 1, None, "", "x"])
def test_a_yes_no_is_never_guessed(typed):
    with pytest.raises(EntryError):
        parse_bool(typed)


def test_dates():
    assert parse_date("2026-06-01") == date(2026, 6, 1)
    assert parse_date("2026-06-01T00:00:00.000Z") == date(2026, 6, 1)
    for typed in ("2026-02-30", "01/06/2026", "2026-06-01T13:00:00", "20260601", 20260601):
        with pytest.raises(EntryError):
            parse_date(typed)


def test_choices():
    assert parse_choices(["lung", "lung", "kidney"], ["lung", "kidney"]) == ["lung", "kidney"]
    with pytest.raises(EntryError):
        parse_choices(["heart"], ["lung"])
    with pytest.raises(EntryError):
        parse_choices("lung", ["lung"])


def test_a_negative_number_is_refused_as_negative_not_as_not_a_number():
    with pytest.raises(EntryError, match="'-5': a negative value is not possible here"):
        parse_number("-5")
    with pytest.raises(EntryError, match="'-abc' is not a number"):
        parse_number("-abc")

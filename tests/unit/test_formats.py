"""Numbers and dates through Babel in the run's language (issue 14): English as before, Chinese
dates as CLDR writes them, and a third language's symbols with no code of its own."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igg4rd.language import i18n
from igg4rd.language.formats import date_text, moment_text, number, plotly_separators
from igg4rd.language.i18n import SOURCE_LANGUAGE, set_language

JUNE_1 = date(2026, 6, 1)
DOSES = st.floats(min_value=0, max_value=1e5, allow_nan=False)


@pytest.fixture
def language() -> Iterator[object]:
    yield set_language
    set_language(SOURCE_LANGUAGE)


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch, language) -> None:
    """A third language as the README adds one: its line in LANGUAGES (no catalog: English
    words, German numbers and dates)."""
    monkeypatch.setitem(i18n.LANGUAGES, "de", "Deutsch")
    monkeypatch.setattr(i18n, "catalog", lambda code: {})
    language("de")


@given(DOSES, st.integers(min_value=0, max_value=3))
def test_english_fixed_decimals_are_pythons(value: float, decimals: int) -> None:
    assert number(value, decimals) == f"{value:.{decimals}f}"


@given(st.floats(min_value=-99999, max_value=99999, allow_nan=False).filter(
    lambda v: v == 0 or abs(v) >= 1e-4))
def test_english_significant_digits_are_pythons_g(value: float) -> None:
    assert number(value) == f"{value:g}"


def test_zero_unusual_and_non_finite_numbers() -> None:
    assert (number(0.0), number(0), number(-0.0), number(0.0, 1)) == ("0", "0", "-0", "0.0")
    assert number(Fraction(1, 8), 2) == "0.12" and number(Fraction(3, 2)) == "1.5"
    assert (number(float("nan")), number(float("inf"))) == ("nan", "inf")


def test_significant_digits_never_show_an_exponent() -> None:
    assert number(1e-7) == "0.0000001"
    assert number(1234567.0) == "1234570"


def test_dropped_zeros_and_groups() -> None:
    assert number(1.5, 2, drop_zeros=True) == "1.5"
    assert number(3.0, 2, drop_zeros=True) == "3"
    assert number(12345.6, 0, grouped=True) == "12,346"


def test_english_dates_stay_iso() -> None:
    assert date_text(JUNE_1) == "2026-06-01"
    assert moment_text(datetime(2026, 6, 1, 9, 5, 3)) == "2026-06-01 09:05:03"
    assert moment_text(datetime(2026, 6, 1, 9, 5, 3), seconds=False) == "2026-06-01 09:05"
    aware = datetime(2026, 6, 1, 9, 5, 3, tzinfo=UTC)
    assert moment_text(aware) == "2026-06-01 09:05:03"
    assert plotly_separators() == ".,"


def test_chinese_dates_as_cldr_writes_them(language) -> None:
    language("zh_Hans")
    assert date_text(JUNE_1) == "2026年6月1日"
    assert moment_text(datetime(2026, 6, 1, 9, 5, 3)) == "2026年6月1日 09:05:03"
    assert number(12.5) == "12.5"


def test_a_third_language_writes_its_own_numbers_and_dates(german) -> None:
    assert number(1234.5, 1, grouped=True) == "1.234,5"
    assert number(0.25) == "0,25"
    assert date_text(JUNE_1) == "01.06.2026"
    assert plotly_separators() == ",."


def test_a_third_language_reaches_the_report(german) -> None:
    from igg4rd.language.formats import percent
    from igg4rd.render.risk_text import proportion_text
    from igg4rd.rules import evidence

    assert percent(0.385) == "38,5%"
    shown = proportion_text(evidence.Proportion(5, 13, "Table 2"))
    assert shown == "5/13 (38,5%, 95% CI 13,9–68,4%)"


def test_a_third_language_reaches_the_cohort_tables(german) -> None:
    from igg4rd.cohort.stats import number as paper_number
    from igg4rd.cohort.stats import p_text
    from igg4rd.cohort.tables import count_text

    assert paper_number(1.125) == "1,13"  # the paper's half-up rounding, German symbols
    assert p_text(0.0004) == "< 0,001" and p_text(0.05) == "0,050"
    assert count_text(5, 13) == "5 (38,5%)"

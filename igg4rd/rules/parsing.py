"""Typed values parsed strictly: what a clinician types (or a browser sends) is read exactly as
meant or refused with the reason, never coerced.

- A number is digits with at most one decimal separator. A decimal comma is read as a decimal
  point (7,5 → 7.5); a comma followed by exactly three digits is refused as ambiguous (1,000 could
  be a thousand). Signs, exponents, spaces inside, `nan`, `inf` and text are refused; negative
  values are refused by their bounds. A number is stored as a double: one it cannot hold as
  typed is refused (`_stored_as_typed`), never rounded away (0.000…0001 stored as 0).
- A yes/no is a JSON boolean, or the words true/false.
- A date is YYYY-MM-DD.
Bounds are the record's own (`rules.model`), checked when the parsed values are validated as a
record: the form, the table and an import accept the same values.
"""
from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from igg4rd.language.i18n import _

NUMBER = re.compile(r"(?P<whole>[0-9]+)(?:(?P<separator>[.,])(?P<fraction>[0-9]+))?")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class EntryError(ValueError):
    """A typed value that cannot be read; the message says why, quoting the value (in the
    language of the run: it is shown at the field)."""


def _quoted(value: Any) -> str:
    """The value as typed, in quotes (at most 40 characters)."""
    try:
        text = str(value)
    except ValueError:  # an integer longer than Python prints (4,300 digits)
        text = format(Decimal(value), ".3e")
    return f"'{text[:40]}{'…' if len(text) > 40 else ''}'"


def parse_number(value: Any, integer: bool = False) -> float | int | None:
    """A number from typed text or a JSON number; None for a blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise EntryError(_("{value} is not a number").format(value=_quoted(value)))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EntryError(_("{value} is not a finite number").format(value=_quoted(value)))
        number = value
    elif isinstance(value, int):  # a JSON integer: any length
        try:
            stored = float(value)
        except OverflowError:
            raise EntryError(_("{value} is too large").format(value=_quoted(value))) from None
        if stored != value:
            raise EntryError(_too_many_digits(value))
        number = value
    elif isinstance(value, str):
        number = _number_from_text(value.strip())
    else:
        raise EntryError(_("{value} is not a number").format(value=_quoted(value)))
    if integer:
        if number != int(number):
            raise EntryError(_("{value} is not a whole number").format(value=_quoted(value)))
        return int(number)
    return float(number)


def _number_from_text(text: str) -> float:
    match = NUMBER.fullmatch(text)
    if match is None:
        refused = (_("{value}: a negative value is not possible here")
                   if NUMBER.fullmatch(text.removeprefix("-").strip())
                   else _("{value} is not a number"))
        raise EntryError(refused.format(value=_quoted(text)))
    if match["separator"] == "," and len(match["fraction"]) == 3:
        raise EntryError(_("{value} is ambiguous: write {thousands} or {decimal} (no thousands "
                           "separators)").format(value=_quoted(text),
                                                 thousands=match["whole"] + match["fraction"],
                                                 decimal=f"{match['whole']}.{match['fraction']}"))
    decimal = f"{match['whole']}.{match['fraction'] or 0}"
    number = float(decimal)
    if not math.isfinite(number):
        raise EntryError(_("{value} is too large").format(value=_quoted(text)))
    if not _stored_as_typed(decimal, number):
        raise EntryError(_too_many_digits(text))
    return number


def _stored_as_typed(decimal: str, number: float) -> bool:
    """Whether the double `number` holds the typed `decimal` as typed: the shortest decimal
    that reads back as that double (Python's repr) has the typed value, trailing zeros aside.

    So every number typed with up to 15 significant digits in the double's normal range is
    accepted, including those a double holds only approximately (0.1, 18.87: shown and read
    back as typed). Refused: a nonzero value that becomes 0 or loses precision below the normal
    range (0.000…0001 with 5,000 zeros: 0.0), and digits beyond what a double holds that would
    change the value (1.00000000000000001: 1.0). Digits a double holds exactly are kept
    (0.30000000000000004 is accepted)."""
    if number and abs(number) < sys.float_info.min:  # below the normal range: digits lost
        return False
    return Decimal(repr(number)) == Decimal(decimal)


def _too_many_digits(value: Any) -> str:
    return _("{value} cannot be stored exactly as typed: round it").format(
        value=_quoted(value))


def number_text(value: float | None) -> str | None:
    """A stored number as the table shows it: 7.5, 30, 18.87 (never an exponent)."""
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else f"{value:.10f}".rstrip("0")


def parse_bool(value: Any) -> bool:
    """A yes/no: true or false (JSON or the words); anything else is refused."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise EntryError(_("{value} is not yes or no").format(value=_quoted(value)))


def parse_date(value: Any) -> date | None:
    """A date written YYYY-MM-DD (a browser may add a midnight time); None for a blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = value.strip() if isinstance(value, str) else ""
    day = text.split("T", 1)[0]
    if not ISO_DATE.fullmatch(day) or (text != day and not _midnight(text[len(day) + 1:])):
        raise EntryError(_("{value} is not a date written YYYY-MM-DD").format(
            value=_quoted(value)))
    try:
        return date.fromisoformat(day)
    except ValueError:
        refused = _("{value} is not a calendar date").format(value=_quoted(value))
        raise EntryError(refused) from None


def _midnight(time: str) -> bool:
    return re.fullmatch(r"00:00(:00(\.0+)?)?(Z|[+-]00:00)?", time) is not None


def parse_choice(value: Any, choices: Iterable[str]) -> str | None:
    """One of `choices`; None for a blank."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in set(choices):
        return value
    raise EntryError(_("{value} is not one of the choices").format(value=_quoted(value)))


def parse_choices(value: Any, choices: Iterable[str]) -> list[str]:
    """A list of `choices` (a blank is the empty list)."""
    if value is None or value == "":
        return []
    if not isinstance(value, list):
        raise EntryError(_("{value} is not a list of choices").format(value=_quoted(value)))
    allowed = set(choices)
    unknown = [item for item in value if not isinstance(item, str) or item not in allowed]
    if unknown:
        raise EntryError(_("{value} is not one of the choices").format(
            value=_quoted(unknown[0])))
    return list(dict.fromkeys(value))


TYPED_DATE = re.compile(r"(?P<year>[0-9]{4})\s*(?:[-/.]|年)\s*(?P<month>[0-9]{1,2})\s*(?:[-/.]|月)"
                        r"\s*(?P<day>[0-9]{1,2})\s*日?")


def parse_typed_date(text: str) -> date | None:
    """A date typed into a form, year first: 2024-03-04, 2024/3/4, 2024.3.4 or 2024年3月4日
    (never day-first: 04/03 is read one way in London and another in Boston); None for a blank."""
    if not text.strip():
        return None
    match = TYPED_DATE.fullmatch(text.strip())
    if match is None:
        raise EntryError(_("{value} is not a date written YYYY-MM-DD").format(
            value=_quoted(text)))
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise EntryError(_("{value} is not a calendar date").format(value=_quoted(text))) \
            from None

"""Numbers and dates in the language of the run, through Babel's CLDR data.

A number is rounded by Python (English output is the same as `f"{x:.1f}"` or `f"{x:g}"`) and
written by Babel with the language's decimal and group symbols (German: 1.234,5). A date takes
the language's CLDR 'medium' pattern (Chinese: 2026年6月1日), except English, which keeps ISO
8601 (2026-06-01: one reading for US and UK clinicians). A third language needs nothing here:
CLDR knows its symbols and dates. A unit is written after its number with a space (7.5 mg/L),
except where the language writes it against the number (Chinese: 5%), and a label takes its
unit in parentheses, one pair of them in Chinese: 红细胞沉降率（ESR，mm/h）.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from .i18n import _, current_language

# a language's own date and time patterns where CLDR's 'medium' is not the project's choice
DATE_PATTERNS = {"en": "yyyy-MM-dd"}
TIME_PATTERNS = {"en": ("HH:mm", "HH:mm:ss")}  # (minutes, seconds); others: CLDR short, medium
# units a language writes against the number, without the space the others take: Chinese 5%,
# as its CLDR percent pattern does; English keeps the app's "5 %"
UNITS_AGAINST_THE_NUMBER = {"zh_Hans": frozenset({"%"})}
# a label's closing full-width parenthesis followed by the unit's: （ESR）（mm/h） -> （ESR，mm/h）
_DOUBLED = re.compile(r"）（([^（）]*)）$")
# Python's 'g' has already kept 6 significant digits: written out, never with an exponent
SIGNIFICANT_DIGITS = "0.##########"


@cache
def babel_locale(language: str) -> Locale:
    return Locale.parse(language)


def _locale() -> Locale:
    return babel_locale(current_language())


def number(value: float | int | Decimal | Fraction, decimals: int | None = None, *,
           drop_zeros: bool = False, grouped: bool = False) -> str:
    """`value` in the run's language: up to 6 significant digits (`decimals` None: 30, 12.5,
    0.0123), or `decimals` places (`drop_zeros`: at most that many, 1.5 not 1.50; `grouped`:
    with the group separator, 12,345). Not a number or infinite: as Python writes it."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    if not math.isfinite(value):
        return str(value)
    if decimals is None:
        return _written(current_language(), f"{value:.6g}", SIGNIFICANT_DIGITS)
    places = ("#" if drop_zeros else "0") * decimals
    pattern = ("#,##0" if grouped else "0") + (f".{places}" if places else "")
    return _written(current_language(), f"{value:.{decimals}f}", pattern)


@lru_cache(maxsize=8192)
def _written(language: str, rounded: str, pattern: str) -> str:
    """A rounded number as `language` writes it (cached: Babel takes ~5 µs a number, and a
    page writes the same few hundred numbers on every rerun)."""
    return format_decimal(Decimal(rounded), pattern, locale=babel_locale(language))


def date_text(value: date) -> str:
    """A date as the run's language writes it (English: ISO 8601)."""
    return _date_written(current_language(), value)


@lru_cache(maxsize=8192)
def _date_written(language: str, value: date) -> str:
    """A date as `language` writes it (cached: Babel takes ~20 µs a date, and a page writes the
    same dates on every rerun: a visit's in the status row, the charts, the tables)."""
    return format_date(value, DATE_PATTERNS.get(language, "medium"),
                       locale=babel_locale(language))


def moment_text(value: datetime, seconds: bool = True) -> str:
    """A date and time of day (an audit entry), as the run's language writes it."""
    minutes, with_seconds = TIME_PATTERNS.get(current_language(), ("short", "medium"))
    time = format_time(value, with_seconds if seconds else minutes, tzinfo=value.tzinfo,
                       locale=_locale())
    return f"{date_text(value.date())} {time}"


def plotly_separators() -> str:
    """The decimal and group symbols for a plotly layout's `separators` (its hover numbers)."""
    locale = _locale()
    return get_decimal_symbol(locale) + get_group_symbol(locale)


def percent(fraction: float, digits: int = 1) -> str:
    """A fraction as a percentage in the run's language: 0.385 → '38.5%' (German '38,5%')."""
    return f"{number(fraction * 100, digits)}%"


def after_number(unit: str) -> str:
    """`unit` as written after a number, with the space before it (' mg/L'), or without one
    where the language writes the unit against the number (Chinese: '%', 5%)."""
    return unit if unit in UNITS_AGAINST_THE_NUMBER.get(current_language(), ()) else f" {unit}"


def with_unit(label: str, unit: str) -> str:
    """A label with its unit, 'ESR (mm/h)'. A Chinese label already ending in full-width
    parentheses takes the unit inside them: 红细胞沉降率（ESR，mm/h）, never
    红细胞沉降率（ESR）（mm/h）."""
    return _DOUBLED.sub(r"，\1）", _("{label} ({unit})").format(label=label, unit=unit))


def listing(words: Iterable[str]) -> str:
    """Words of a list, as 'a, b, c' (a Chinese list takes '、')."""
    return _(", ").join(words)


def count_range(low: int, high: int) -> str:
    """'2' or '2–3' (a Chinese range takes '～')."""
    return f"{low}" if low == high else _("{low}–{high}").format(low=low, high=high)

"""Time on the treatment's clock: months and weeks since the start date (docs/clinical-rules.md
§2: month = days since the treatment start / 30.4375). Every date computation uses these."""
from __future__ import annotations

from datetime import date, timedelta

DAYS_PER_MONTH = 30.4375  # 365.25 / 12
DAYS_PER_WEEK = 7.0


def months_between(start: date, day: date) -> float:
    """Months from `start` to `day` (days / 30.4375)."""
    return (day - start).days / DAYS_PER_MONTH


def weeks_between(start: date, day: date) -> float:
    """Weeks from `start` to `day`."""
    return (day - start).days / DAYS_PER_WEEK


def month_date(start: date, month: float) -> date:
    """The calendar date `month` months after `start` (to the nearest day)."""
    return start + timedelta(days=round(month * DAYS_PER_MONTH))


def week_date(start: date, week: float) -> date:
    """The calendar date `week` weeks after `start` (to the nearest day)."""
    return start + timedelta(days=round(week * DAYS_PER_WEEK))


def week_to_month(week: float) -> float:
    """A time in weeks since the start, in months."""
    return week * DAYS_PER_WEEK / DAYS_PER_MONTH

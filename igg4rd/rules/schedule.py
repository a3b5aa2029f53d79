"""The visit schedule: which visit is due next and whether it is overdue (docs/clinical-rules.md
§2: visits at months 1, 3 and 6 of the protocol, then every 3-6 months; paper, Methods).

Product defaults, changeable here: a protocol visit (month 1, 3 or 6) counts as done by a visit
from half a month before it on, and is overdue 2 weeks after its date; after month 6 the next
visit is due 3 months after the last one and overdue once 6 months have passed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from igg4rd.language.i18n import _
from igg4rd.rules import evidence
from igg4rd.rules.dates import month_date, months_between
from igg4rd.rules.goals import stage_close_date
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import DEFAULTS, Thresholds

EARLY_MONTHS = 0.5  # a visit this long before a protocol month counts for it
GRACE = timedelta(days=14)  # a protocol visit is overdue this long after its date
AFTER_STAGE_VISIT_MONTHS = (3.0, 6.0)  # after month 6: due, overdue, months after the last visit


@dataclass(frozen=True)
class VisitDue:
    """The next visit: its date, what it is, and the date from which it is overdue."""

    due: date
    protocol_month: int | None  # 1, 3 or 6 of the protocol; None: a follow-up visit
    overdue_from: date

    @property
    def label(self) -> str:
        """'month-3 visit' or 'follow-up visit', in the run's language."""
        if self.protocol_month is None:
            return _("follow-up visit")
        return _("month-{month} visit").format(month=self.protocol_month)

    def overdue(self, today: date) -> bool:
        return today > self.overdue_from

    def due_within(self, today: date, days: int) -> bool:
        return self.due <= today + timedelta(days=days)


def next_visit(patient: Patient, as_of: date) -> VisitDue:
    """The next visit due as of `as_of`: the first protocol month (1, 3, 6) not yet covered by
    a visit, else 3 months after the last visit (overdue after 6)."""
    start = patient.treatment.start_date
    seen = [v.date for v in patient.visits if v.date <= as_of]
    for month in evidence.PROTOCOL_VISIT_MONTHS:
        if not any(months_between(start, day) >= month - EARLY_MONTHS for day in seen):
            due = month_date(start, month)
            return VisitDue(due, month, due + GRACE)
    last = max(seen)
    due_after, overdue_after = AFTER_STAGE_VISIT_MONTHS
    return VisitDue(month_date(last, due_after), None, month_date(last, overdue_after))


def month6_window(patient: Patient, start_month: float, end_month: float) -> tuple[date, date]:
    """The calendar dates of the month-6 assessment window."""
    start = patient.treatment.start_date
    return month_date(start, start_month), month_date(start, end_month)


def month6_record_by(patient: Patient, as_of: date, thresholds: Thresholds = DEFAULTS
                     ) -> date | None:
    """While the month-6 window is open on `as_of` and no visit in it so far records both an RI
    and a dose (goals 1 and 2 are judged on that visit; clinical-spec §2): the window's last
    day, by which to record it. None otherwise."""
    opens = month_date(patient.treatment.start_date, thresholds.window_start_month)
    last_day = stage_close_date(patient.treatment.start_date, thresholds) - timedelta(days=1)
    if not opens <= as_of <= last_day:
        return None
    recorded = any(opens <= v.date <= as_of and v.ri is not None and v.gc_dose_mg is not None
                   for v in patient.visits)
    return None if recorded else last_day

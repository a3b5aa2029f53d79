"""The worklist: one row per patient with what a clinic's day needs, most urgent first.

Everything is the rules' (`assess`, `schedule.next_visit`): the month of the stage, the month-6
window, the next visit due and whether it is overdue, the on-track status with its reason (or
the final verdict), the risk stratum. Sorted by attention: behind target, overdue, due this week,
the other pending patients, failures (closer follow-up), insufficient data, successes.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import N_, Words, _
from igg4rd.language.words import FAILURE_KIND_WORDS, VISIT_STATUS_WORDS, stratum_name
from igg4rd.render.goal_text import banner_text
from igg4rd.render.patient_text import regimen_name
from igg4rd.render.track import next_step_short
from igg4rd.rules.assessment import Assessment, assess
from igg4rd.rules.codes import Outcome
from igg4rd.rules.dates import months_between
from igg4rd.rules.model import Patient
from igg4rd.rules.schedule import VisitDue, month6_record_by, month6_window, next_visit
from igg4rd.rules.thresholds import DEFAULTS, Thresholds

DUE_SOON_DAYS = 7
# The filters (st.pills options): each keyed by its English words, a stable code the chosen
# filters are matched on; shown in the language of the run (`FILTERS[code]`).
FILTERS = Words({"Due this week": N_("Due this week"), "Overdue": N_("Overdue"),
                 "Behind target": N_("Behind target"),
                 "High risk (2+ factors) on GC alone": N_("High risk (2+ factors) on GC alone")})
# The table's headers: its columns keep these codes (the page's labels come from here).
COLUMN_WORDS = Words({"id": N_("id"), "status": N_("status"), "next step": N_("next step"),
                      "next visit": N_("next visit"), "month of stage": N_("month"),
                      "month-6 visit": N_("month-6 visit"),
                      "risk stratum": N_("stratum"), "regimen": N_("regimen"),
                      "why": N_("why"), "archived": N_("archived")})
_ORDER = {Outcome.PENDING: 3, Outcome.FAILURE: 4, Outcome.INSUFFICIENT_DATA: 5,
          Outcome.SUCCESS: 6}
# a status as a badge in a table cell: a symbol and a word (any colour only helps); symbols every
# font has (an emoji was drawn as an empty box where no emoji font is installed)
STATUS_BADGES = {"on_track": "●", "behind_target": "▼", "pending": "…", "success": "✔",
                 "failure": "✖", "insufficient_data": "?"}


@dataclass(frozen=True)
class WorklistRow:
    # on a phone the first columns are seen without scrolling: the status and the next step
    COLUMNS = ("status", "id", "next step", "next visit", "month of stage", "month-6 visit",
               "risk stratum", "regimen", "why")
    PHONE_COLUMNS = ("status", "next step", "id")

    id: str
    synthetic: bool
    status: str
    status_code: str  # the status's code (`STATUS_BADGES`), for the table's colours
    why: str
    next_step: str
    month: float
    month6: str
    next_visit: str
    overdue: bool
    due_this_week: bool
    behind_target: bool
    high_risk: bool
    stratum: str
    regimen: str
    attention: tuple

    def shown(self) -> dict[str, object]:
        """The row as the table shows it."""
        return dict(zip(self.COLUMNS, (self.status, self.id, self.next_step, self.next_visit,
                                       self.month, self.month6, self.stratum, self.regimen,
                                       self.why), strict=True))

    def passes(self, filters: set[str]) -> bool:
        """Whether the row meets every chosen filter."""
        if not filters:
            return True
        flags = dict(zip(FILTERS, (self.due_this_week, self.overdue, self.behind_target,
                                   self.high_risk), strict=True))
        return all(flags[name] for name in filters)


def _why(result: Assessment) -> str:
    """The status's reason, whole (the table's last column, and the selected row's detail)."""
    goals, track = result.goals, result.on_track
    if track is not None:
        if track.gc_maintenance_at_risk:
            return _("maintenance projected {projected}, after month 6 ({deadline}); {dose} "
                     "mg/day since {since}").format(
                projected=date_text(track.maintenance_projected),
                deadline=date_text(track.deadline), dose=number(track.dose_in_effect_mg),
                since=date_text(track.dose_since))
        return (_("maintenance projected {projected}, before month 6").format(
            projected=date_text(track.maintenance_projected))
            if track.steps_to_maintenance else _("at maintenance"))
    if goals.outcome == Outcome.FAILURE:
        return _("; ").join(FAILURE_KIND_WORDS[kind] for kind in goals.failure_kinds)
    return banner_text(goals)[1]


def _visit_due(visit: VisitDue, as_of: date) -> str:
    """'2025-06-03 (month-3 visit)', with 'overdue by N days' once past its grace."""
    due = _("{day} ({visit})").format(day=date_text(visit.due), visit=visit.label)
    if not visit.overdue(as_of):
        return due
    return _("{next_visit} · overdue by {days} days").format(next_visit=due,
                                                            days=(as_of - visit.due).days)


def _month6(patient: Patient, result: Assessment, thresholds: Thresholds) -> str:
    """The month-6 visit as its own mark: recorded, due now (by the window's last day), overdue
    (the window closed without it), or the window ahead."""
    goals = result.goals
    opens, closes = month6_window(patient, thresholds.window_start_month,
                                  thresholds.window_end_month)
    if goals.assessment_visit is not None:
        return _("recorded {day}").format(day=date_text(goals.assessment_visit.date))
    record_by = month6_record_by(patient, goals.as_of, thresholds)
    if record_by is not None:
        return _("⚠ due now, by {day}").format(day=date_text(record_by))
    if goals.as_of > closes:
        return _("⚠ missed (closed {day})").format(day=date_text(closes))
    return _("{start} – {end}").format(start=date_text(opens), end=date_text(closes))


def worklist_row(patient: Patient, as_of: date, thresholds: Thresholds = DEFAULTS
                 ) -> WorklistRow:
    result = assess(patient, as_of, thresholds)
    risk, visit = result.risk, next_visit(patient, as_of)
    overdue, soon = visit.overdue(as_of), visit.due_within(as_of, DUE_SOON_DAYS)
    behind = bool(result.on_track and result.on_track.gc_maintenance_at_risk)
    strata = [risk.stratum] if risk.stratum else risk.possible_strata
    stratum = (_(" or ").join(stratum_name(s) for s in strata) if risk.applies
               else _("n/a (GC + IM)"))
    code = str(result.on_track.status if result.on_track else result.goals.outcome)
    rank = 0 if behind else 1 if overdue else 2 if soon else _ORDER[result.goals.outcome]
    return WorklistRow(
        patient.id, patient.synthetic, f"{STATUS_BADGES[code]} {VISIT_STATUS_WORDS[code]}", code,
        _why(result),
        next_step_short(result.on_track.next_step) if result.on_track else "—",
        round(months_between(patient.treatment.start_date, as_of), 1),
        _month6(patient, result, thresholds), _visit_due(visit, as_of), overdue, soon,
        behind, risk.high_risk, stratum,
        regimen_name(patient), (rank, visit.due, patient.id))


def matches(row: WorklistRow, query: str) -> bool:
    """Case-insensitive search over the row's text."""
    needle = query.strip().lower()
    return not needle or any(needle in str(value).lower() for value in row.shown().values())

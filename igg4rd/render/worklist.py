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
from igg4rd.language.words import FAILURE_KIND_WORDS, OUTCOME_SHORT, stratum_name
from igg4rd.render.report import regimen_name
from igg4rd.rules.assessment import Assessment, assess
from igg4rd.rules.codes import Outcome
from igg4rd.rules.dates import months_between
from igg4rd.rules.model import Patient
from igg4rd.rules.schedule import month6_window, next_visit
from igg4rd.rules.thresholds import DEFAULTS, Thresholds

DUE_SOON_DAYS = 7
HIGH_RISK_FROM = 2  # risk factors (Fig. 3c: 38.5% and more fail on GC monotherapy)
# The filters (st.pills options): each keyed by its English words, a stable code the chosen
# filters are matched on; shown in the language of the run (`FILTERS[code]`).
FILTERS = Words({"Due this week": N_("Due this week"), "Overdue": N_("Overdue"),
                 "Behind target": N_("Behind target"),
                 "High risk (2+ factors) on GC alone": N_("High risk (2+ factors) on GC alone")})
# The table's headers: its columns keep these codes (the page's labels come from here).
COLUMN_WORDS = Words({"id": N_("id"), "status": N_("status"),
                      "month of stage": N_("month of stage"),
                      "month-6 window": N_("month-6 window"), "next visit": N_("next visit"),
                      "risk stratum": N_("risk stratum"), "regimen": N_("regimen"),
                      "archived": N_("archived")})
_ORDER = {Outcome.PENDING: 3, Outcome.FAILURE: 4, Outcome.INSUFFICIENT_DATA: 5,
          Outcome.SUCCESS: 6}


@dataclass(frozen=True)
class WorklistRow:
    COLUMNS = ("id", "status", "month of stage", "month-6 window", "next visit", "risk stratum",
               "regimen")

    id: str
    status: str
    month: float
    window: str
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
        return dict(zip(self.COLUMNS, (self.id, self.status, self.month, self.window,
                                       self.next_visit, self.stratum, self.regimen),
                        strict=True))

    def passes(self, filters: set[str]) -> bool:
        """Whether the row meets every chosen filter."""
        flags = dict(zip(FILTERS, (self.due_this_week, self.overdue, self.behind_target,
                                   self.high_risk), strict=True))
        return all(flags[name] for name in filters)


def _status(result: Assessment) -> str:
    goals, track = result.goals, result.on_track
    if track is not None:
        if track.gc_maintenance_at_risk:
            return _("Behind target: maintenance projected {projected}, after month 6 "
                     "({deadline}); {dose} mg/day since {since}").format(
                projected=date_text(track.maintenance_projected),
                deadline=date_text(track.deadline), dose=number(track.dose_in_effect_mg),
                since=date_text(track.dose_since))
        return (_("On track: maintenance projected {projected}, before month 6").format(
            projected=date_text(track.maintenance_projected))
            if track.steps_to_maintenance else _("On track: at maintenance"))
    if goals.outcome == Outcome.FAILURE:
        return _("{outcome}: {reasons}").format(
            outcome=OUTCOME_SHORT[goals.outcome],
            reasons=_("; ").join(FAILURE_KIND_WORDS[kind] for kind in goals.failure_kinds))
    return OUTCOME_SHORT[goals.outcome]


def worklist_row(patient: Patient, as_of: date, thresholds: Thresholds = DEFAULTS
                 ) -> WorklistRow:
    result = assess(patient, as_of, thresholds)
    risk, visit = result.risk, next_visit(patient, as_of)
    window = month6_window(patient, thresholds.window_start_month, thresholds.window_end_month)
    overdue, soon = visit.overdue(as_of), visit.due_within(as_of, DUE_SOON_DAYS)
    behind = bool(result.on_track and result.on_track.gc_maintenance_at_risk)
    strata = [risk.stratum] if risk.stratum else risk.possible_strata
    stratum = (_(" or ").join(stratum_name(s) for s in strata) if risk.applies
               else _("n/a (GC + IM)"))
    due = _("{day} ({visit})").format(day=date_text(visit.due), visit=visit.label)
    rank = 0 if behind else 1 if overdue else 2 if soon else _ORDER[result.goals.outcome]
    return WorklistRow(
        patient.id, _status(result), round(months_between(patient.treatment.start_date, as_of), 1),
        _("{start} – {end}").format(start=date_text(window[0]), end=date_text(window[1])),
        _("{next_visit} · OVERDUE").format(next_visit=due) if overdue else due, overdue, soon,
        behind, risk.applies and risk.count_range[0] >= HIGH_RISK_FROM, stratum,
        regimen_name(patient), (rank, visit.due, patient.id))


def matches(row: WorklistRow, query: str) -> bool:
    """Case-insensitive search over the row's text."""
    needle = query.strip().lower()
    return not needle or any(needle in str(value).lower() for value in row.shown().values())

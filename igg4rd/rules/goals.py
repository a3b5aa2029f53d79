"""The 6-month assessment of remission induction: three goals, outcome, failure kinds.

Paper, 'Therapeutic goals of remission induction': after the 6-month stage, (1) >= 50% decline
in the RI, (2) GC tapered to maintenance (prednisone <= 10 mg/day), (3) no relapse during
tapering (within 6 months). Table 2 footnote a: the maximum RI reduction counts. Outcome rules,
the month-6 window and 'as of' judgement: docs/clinical-rules.md §2-3.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from igg4rd.language.i18n import N_
from igg4rd.rules import evidence
from igg4rd.rules.codes import FailureKind, Outcome
from igg4rd.rules.dates import month_date, months_between
from igg4rd.rules.model import Patient, Visit
from igg4rd.rules.responder_index import PERSISTENT
from igg4rd.rules.sites import SITES
from igg4rd.rules.thresholds import DEFAULTS, Thresholds


@dataclass(frozen=True)
class RIDeclineGoal:
    """Goal 1: maximum RI decline during the stage >= 50% (Table 2 footnote a)."""

    met: bool | None
    baseline_ri: int | None
    best_ri: int | None = None
    best_date: date | None = None

    @property
    def max_decline(self) -> float | None:
        if not self.baseline_ri or self.best_ri is None:
            return None
        return (self.baseline_ri - self.best_ri) / self.baseline_ri


@dataclass(frozen=True)
class MaintenanceGoal:
    """Goal 2: prednisone-equivalent dose at the month-6 visit <= the ceiling (10 mg/day)."""

    met: bool | None
    dose_mg: float | None
    ceiling_mg: float
    visit_date: date | None


@dataclass(frozen=True)
class NoRelapseGoal:
    """Goal 3: no relapse during tapering within the stage."""

    met: bool | None
    relapse_dates: tuple[date, ...] = ()
    relapse_sites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why the outcome is what it is: a message marked for the catalog, with the visit's date
    and the month it names (shown in the run's language by render/goal_text.banner_text)."""

    message: str
    day: date | None = None
    month: float | None = None

    @property
    def text(self) -> str:
        """In English, as the interchange answer gives it (ISO date, a month to one decimal)."""
        month = "" if self.month is None else f"{self.month:.1f}"
        return self.message.format(day=self.day, month=month)


@dataclass(frozen=True)
class GoalAssessment:
    """Everything the 6-month assessment decided, with the dates it used."""

    outcome: Outcome
    ri_decline: RIDeclineGoal
    gc_maintenance: MaintenanceGoal
    no_relapse: NoRelapseGoal
    failure_kinds: tuple[FailureKind, ...]
    as_of: date
    months_as_of: float
    assessment_visit: Visit | None
    month6_final: bool  # the month-6 visit is surely the closest to month 6: goals 1-2 judged
    stage_end: date
    why: Reason

    @property
    def reason(self) -> str:
        """Why, in English (the interchange answer's words)."""
        return self.why.text


def assessment_visit(visits: list[Visit], start: date,
                     thresholds: Thresholds = DEFAULTS) -> Visit | None:
    """The visit closest to month 6 within the window (default months 5.0-7.0), or None."""
    window = [visit for visit in visits if thresholds.window_start_month
              <= months_between(start, visit.date) <= thresholds.window_end_month]
    return min(window, key=lambda v: abs(months_between(start, v.date) - evidence.STAGE_MONTHS),
               default=None)


def _ri_decline(baseline_ri: int | None, stage: list[Visit], judged: bool) -> RIDeclineGoal:
    """Met once the decline reaches 50%; failed only when judged on a scored month-6 visit."""
    scored = [v for v in stage if v.ri is not None]
    if not baseline_ri or not scored:
        return RIDeclineGoal(None, baseline_ri)
    best = min(scored, key=lambda v: (v.ri, v.date))
    assert best.ri is not None  # a scored visit
    reached = baseline_ri - best.ri >= evidence.RI_DECLINE_GOAL * baseline_ri
    met = True if reached else (False if judged else None)
    return RIDeclineGoal(met, baseline_ri, best.ri, best.date)


def _maintenance(patient: Patient, visit: Visit | None, ceiling: float) -> MaintenanceGoal:
    dose = patient.visit_prednisone_mg(visit) if visit else None
    met = None if dose is None else dose <= ceiling
    return MaintenanceGoal(met, dose, ceiling, visit.date if visit else None)


def _no_relapse(stage: list[Visit], judged: bool) -> NoRelapseGoal:
    relapses = [v for v in stage if v.relapse]
    if relapses:
        sites = tuple(dict.fromkeys(s for v in relapses for s in v.relapse_sites))
        return NoRelapseGoal(False, tuple(v.date for v in relapses), sites)
    return NoRelapseGoal(True if judged else None)


def _outcome(goals: tuple[bool | None, ...], judged: bool, window_closed: bool) -> Outcome:
    if False in goals:
        return Outcome.FAILURE
    if judged and None not in goals:
        return Outcome.SUCCESS
    return Outcome.INSUFFICIENT_DATA if window_closed else Outcome.PENDING


# (RI missing, dose missing) at a judged month-6 visit -> why the outcome is not final
MISSING_AT_MONTH6 = {
    (True, True): N_("the month-6 visit of {day} has no RI and dose recorded"),
    (True, False): N_("the month-6 visit of {day} has no RI recorded"),
    (False, True): N_("the month-6 visit of {day} has no dose recorded"),
    (False, False): N_("the month-6 visit of {day} has no judgeable goal recorded"),
}


def final_month(visit_month: float) -> float:
    """The month from which a visit at `visit_month` is surely the one closest to month 6:
    no later visit could be closer (docs/clinical-rules.md §2: the visit closest to month 6)."""
    return evidence.STAGE_MONTHS + abs(visit_month - evidence.STAGE_MONTHS)


def stage_close_date(start: date, thresholds: Thresholds = DEFAULTS) -> date:
    """The first day after the month-6 window (month > window end): from it every outcome is
    final, so a cohort judged 'at each patient's stage end' is judged on this day."""
    day = month_date(start, thresholds.window_end_month)
    while months_between(start, day) <= thresholds.window_end_month:
        day += timedelta(days=1)
    return day


def failure_sites(goals: GoalAssessment) -> tuple[str, ...]:
    """The organs in which a failed patient failed (paper, Fig. 3a: 'the organs in which
    persistently active disease or relapse occurred'): the sites of relapses in the stage and,
    for persistently active disease, the organs scored persistent or worse (activity ≥ 2) on the
    month-6 RI form. Empty unless the outcome is failure."""
    if goals.outcome != Outcome.FAILURE:
        return ()
    sites = list(goals.no_relapse.relapse_sites)
    form = goals.assessment_visit.ri_breakdown if goals.assessment_visit else None
    if FailureKind.PERSISTENTLY_ACTIVE in goals.failure_kinds and form is not None:
        sites += [item for item, score in form.organs.items()
                  if item in SITES and score.activity >= PERSISTENT]
    return tuple(dict.fromkeys(sites))


def _reason(outcome: Outcome, month6: Visit | None, judged: bool, start: date,
            baseline_ri: int | None) -> Reason:
    """Why the outcome is what it is (each message marked for the catalog)."""
    if outcome in (Outcome.SUCCESS, Outcome.FAILURE):
        return Reason(N_("judged on the goals below"))
    if not baseline_ri:
        return Reason(N_("baseline RI missing or 0: a percentage decline cannot be computed"))
    if month6 is None:
        return Reason(N_("the 6-month stage is not over and no goal has failed")
                      if outcome == Outcome.PENDING else N_("no visit in the month-6 window"))
    if not judged:
        return Reason(N_("the visit of {day} is the month-6 assessment unless a visit closer "
                         "to month 6 comes before month {month}"), month6.date,
                      final_month(months_between(start, month6.date)))
    return Reason(MISSING_AT_MONTH6[(month6.ri is None, month6.gc_dose_mg is None)], month6.date)


def assess_goals(patient: Patient, as_of: date, thresholds: Thresholds = DEFAULTS
                 ) -> GoalAssessment:
    """Judge the three goals and the outcome as of `as_of`; later visits are ignored.

    Failure is declared as soon as a goal has definitively failed (a relapse in month 2 fails at
    once); goals 1 and 2 are judged at the month-6 visit (closest to month 6 in the window) once
    no later visit could be closer (`final_month`), so a verdict never flips; insufficient data
    once the window has closed with a goal that cannot be judged.
    """
    start = patient.treatment.start_date
    known = sorted((v for v in patient.visits if v.date <= as_of), key=lambda v: v.date)
    month6 = assessment_visit(known, start, thresholds)
    months_as_of = months_between(start, as_of)
    judged = month6 is not None and months_as_of >= final_month(months_between(start,
                                                                            month6.date))
    window_closed = months_as_of > thresholds.window_end_month
    stage_end = month6.date if month6 else month_date(start, thresholds.window_end_month)
    stage = [v for v in known if v.date <= stage_end]
    ri = _ri_decline(patient.baseline.ri, stage,
                     judged and month6 is not None and month6.ri is not None)
    dose = _maintenance(patient, month6 if judged else None, thresholds.maintenance_ceiling_mg)
    relapse = _no_relapse(stage, judged or window_closed)
    outcome = _outcome((ri.met, dose.met, relapse.met), judged, window_closed)
    kinds = tuple(kind for kind, goal in ((FailureKind.PERSISTENTLY_ACTIVE, ri),
                                          (FailureKind.RELAPSE, relapse),
                                          (FailureKind.TAPER_FAILURE, dose))
                  if goal.met is False)
    return GoalAssessment(outcome, ri, dose, relapse, kinds, as_of, months_as_of, month6,
                          judged, stage_end,
                          _reason(outcome, month6, judged, start, patient.baseline.ri))


def relapsed(patient: Patient, as_of: date) -> bool:
    """Whether any relapse is recorded up to `as_of` (the secondary-relapse warning applies:
    Results, re-treatment after relapse)."""
    return any(v.relapse and v.date <= as_of for v in patient.visits)

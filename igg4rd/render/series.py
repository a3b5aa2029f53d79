"""The data behind the RI and taper charts, in months since the treatment start.

One source for every renderer (the interactive plotly charts and the static report charts), so
that what a chart shows is computed once. Paper: Fig. 2a-c (RI, RI as % of baseline, GC dose in
prednisone equivalents); target curve: `taper.target_curve` (docs/clinical-rules.md §1).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from igg4rd.language.i18n import N_
from igg4rd.rules.codes import Outcome
from igg4rd.rules.dates import months_between, week_to_month
from igg4rd.rules.goals import GoalAssessment
from igg4rd.rules.model import LabResult, Patient, Visit
from igg4rd.rules.taper import dose_history, target_curve
from igg4rd.rules.thresholds import Thresholds

MONTH_AXIS = N_("Months since treatment start")  # shown with `_`
MONTH_COLUMN = N_("Month")  # the same, where there is room for one word (a narrow panel)


@dataclass(frozen=True)
class RIPoint:
    month: float
    day: date
    ri: int
    percent_of_baseline: float | None
    relapse: bool


@dataclass(frozen=True)
class DosePoint:
    """A prednisone-equivalent dose (mg/day) in effect from `month` on."""

    month: float
    dose_mg: float
    day: date | None = None


def ri_points(patient: Patient, as_of: date) -> list[RIPoint]:
    """Baseline RI and every scored visit up to `as_of`, in date order."""
    start, baseline = patient.treatment.start_date, patient.baseline.ri
    scored = [(start, baseline, False)] if baseline is not None else []
    scored += sorted((v.date, v.ri, v.relapse) for v in patient.visits
                     if v.date <= as_of and v.ri is not None)
    return [RIPoint(months_between(start, day), day, ri,
                    ri / baseline * 100 if baseline else None, relapse)
            for day, ri, relapse in scored]


def target_taper_points(patient: Patient, thresholds: Thresholds) -> list[DosePoint]:
    """The protocol's target curve from the initial dose, or [] without one."""
    treatment = patient.treatment
    initial = treatment.initial_dose_prednisone_mg
    if initial is None:
        return []
    weeks = (thresholds.default_initial_weeks if treatment.initial_weeks is None
             else treatment.initial_weeks)
    return [DosePoint(week_to_month(step.week), step.dose_mg)
            for step in target_curve(initial, weeks, thresholds.maintenance_ceiling_mg)]


def recorded_dose_points(patient: Patient, as_of: date) -> list[DosePoint]:
    """The recorded dose steps up to `as_of` (each held until the next)."""
    start = patient.treatment.start_date
    return [DosePoint(months_between(start, change.day), change.dose_mg, change.day)
            for change in dose_history(patient, as_of)]


def months_shown(patient: Patient, goals: GoalAssessment, thresholds: Thresholds) -> float:
    """Right end of the time axis, half a month past (a point at the end was drawn half cut):
    while the stage runs, the month-6 window or the as-of date, whichever is later; once it is
    judged, the window or the last visit up to the as-of date (a 2024 patient's chart ran to
    month 33 today, the whole stage squeezed into its first fifth)."""
    if goals.outcome == Outcome.PENDING:
        end = goals.months_as_of
    else:
        seen = [v.date for v in patient.visits if v.date <= goals.as_of]
        end = months_between(patient.treatment.start_date, max(seen)) if seen else 0.0
    return max(thresholds.window_end_month, end) + 0.5


@dataclass(frozen=True)
class LabPoint:
    """A laboratory value (canonical unit) at baseline, a visit or a laboratory-only entry."""

    month: float
    day: date
    value: float


def lab_points(patient: Patient, quantity: str, as_of: date) -> list[LabPoint]:
    """`quantity` at baseline, at each visit and each laboratory-only entry (results brought in
    from the laboratory system on a day without a visit) up to `as_of` where it was measured, in
    date order."""
    start = patient.treatment.start_date
    observed = [(patient.baseline.date, getattr(patient.baseline, quantity))]
    dated: list[Visit | LabResult] = [*patient.visits, *patient.lab_results]
    observed += sorted((o.date, getattr(o, quantity)) for o in dated
                       if o.date <= as_of and getattr(o, quantity) is not None)
    return [LabPoint(months_between(start, day), day, value)
            for day, value in observed if value is not None]


@dataclass(frozen=True)
class OrganScores:
    """One scored RI form's points by item (organ score, urgent doubled; the IgG4 item), or
    only its total where no form was kept."""

    month: float
    day: date
    total: int
    items: dict[str, int]


def organ_scores(patient: Patient, as_of: date) -> list[OrganScores]:
    """The RI of the baseline and each visit up to `as_of`, item by item where scored."""
    start = patient.treatment.start_date
    observed = [patient.baseline, *(v for v in sorted(patient.visits, key=lambda v: v.date)
                                    if v.date <= as_of)]
    return [OrganScores(months_between(start, o.date), o.date, o.ri, (
        {**{item: score.score for item, score in o.ri_breakdown.organs.items() if score.score},
         **({"igg4": o.ri_breakdown.igg4} if o.ri_breakdown.igg4 else {})}
        if o.ri_breakdown else {})) for o in observed if o.ri is not None]

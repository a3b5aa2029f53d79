"""Glucocorticoid taper: target curve, dose in effect at a date, cumulative dose.

Protocol (paper, 'Treatment regimens'): prednisone 0.5-1.0 mg/kg/day (30-60 mg/day) for
2 weeks to 1 month, then tapered by 5 mg every 2 weeks to a maintenance dose of 5-10 mg/day.
The target curve is *derived* from it (docs/clinical-rules.md §1). Doses are prednisone equivalents.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from igg4rd.rules import evidence
from igg4rd.rules.dates import month_date
from igg4rd.rules.model import Patient


@dataclass(frozen=True)
class Step:
    """The target dose from `week` on (until the next step)."""

    week: float
    dose_mg: float


def rounded_start_dose(dose_mg: float) -> float:
    """Start dose rounded to the nearest 5 mg (halves up), as the 5 mg steps need."""
    step = evidence.TAPER_STEP_MG
    return float(int(dose_mg / step + 0.5) * step)


def target_curve(start_dose_mg: float, initial_weeks: float,
                 ceiling_mg: float = evidence.MAINTENANCE_CEILING_MG) -> list[Step]:
    """Target taper steps: S held `initial_weeks`, then -5 mg every 2 weeks to the ceiling.

    Example (docs/clinical-rules.md §1): S=40, W=4 gives 40 from week 0, 35 at 4, 30 at 6,
    ... 10 at 14.
    """
    dose = rounded_start_dose(start_dose_mg)
    steps = [Step(0.0, dose)]
    week = initial_weeks
    while dose > ceiling_mg:
        dose = max(dose - evidence.TAPER_STEP_MG, ceiling_mg)
        steps.append(Step(week, dose))
        week += evidence.TAPER_STEP_WEEKS
    return steps


@dataclass(frozen=True)
class DoseChange:
    """A recorded prednisone-equivalent dose, held from `day` until the next change."""

    day: date
    dose_mg: float


def dose_history(patient: Patient, as_of: date | None = None) -> list[DoseChange]:
    """Recorded doses in date order: the initial dose at the start, then each visit's dose."""
    changes = []
    initial = patient.treatment.initial_dose_prednisone_mg
    if initial is not None:
        changes.append(DoseChange(patient.treatment.start_date, initial))
    for visit in sorted(patient.visits, key=lambda v: v.date):
        dose = patient.visit_prednisone_mg(visit)
        if dose is not None and (as_of is None or visit.date <= as_of):
            changes.append(DoseChange(visit.date, dose))
    return changes


def dose_at(history: list[DoseChange], day: date) -> float | None:
    """The prednisone-equivalent dose in effect on `day` (the step function of `history`, in date
    order), or None before any record."""
    return next((change.dose_mg for change in reversed(history) if change.day <= day), None)


def cumulative_dose_mg(history: list[DoseChange], until: date) -> float:
    """Area under the recorded dose step function from the first record to `until` (mg)."""
    total = 0.0
    for change, following in zip(history, [*history[1:], None], strict=True):
        if change.day >= until:
            break
        end = min(following.day, until) if following else until
        total += change.dose_mg * (end - change.day).days
    return total


@dataclass(frozen=True)
class DoseSummary:
    """The dose in effect on a date (mg/day, None before any record) and the cumulative
    prednisone-equivalent dose (mg) over the 6-month stage and up to that date."""

    in_effect_mg: float | None
    stage_mg: float
    to_date_mg: float


def dose_summary(patient: Patient, as_of: date) -> DoseSummary:
    """Recorded doses only: before the first record nothing is counted (docs/clinical-rules.md
    §1, cumulative dose = area under the recorded dose curve)."""
    history = dose_history(patient, as_of)
    month6 = month_date(patient.treatment.start_date, evidence.STAGE_MONTHS)
    return DoseSummary(dose_at(history, as_of), cumulative_dose_mg(history, min(month6, as_of)),
                       cumulative_dose_mg(history, as_of))

"""Glucocorticoid taper: target curve, dose in effect at a date, cumulative dose.

Protocol (paper, 'Treatment regimens'): prednisone 0.5-1.0 mg/kg/day (30-60 mg/day) for
2 weeks to 1 month, then tapered by 5 mg every 2 weeks to a maintenance dose of 5-10 mg/day.
The target curve is *derived* from it (clinical-spec §1). Doses are prednisone equivalents.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from igg4rd.rules import evidence
from igg4rd.rules.model import Patient

DAYS_PER_MONTH = 30.4375  # clinical-spec §2
DAYS_PER_WEEK = 7.0


def months_between(start: date, day: date) -> float:
    """Months from `start` to `day` (days / 30.4375, clinical-spec §2)."""
    return (day - start).days / DAYS_PER_MONTH


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

    Example (clinical-spec §1): S=40, W=4 gives 40 from week 0, 35 at 4, 30 at 6, ... 10 at 14.
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
    """The prednisone-equivalent dose in effect on `day` (step function), or None before any
    record."""
    current = None
    for change in history:
        if change.day > day:
            break
        current = change.dose_mg
    return current


def cumulative_dose_mg(history: list[DoseChange], until: date) -> float:
    """Area under the recorded dose step function from the first record to `until` (mg)."""
    total = 0.0
    for change, following in zip(history, [*history[1:], None], strict=True):
        if change.day >= until:
            break
        end = min(following.day, until) if following else until
        total += change.dose_mg * (end - change.day).days
    return total

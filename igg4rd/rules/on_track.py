"""On track during the stage: the dose in effect against the protocol's target, when the
glucocorticoid would reach maintenance at the protocol's rate, and the protocol's next step with
the earliest and latest dates for it (docs/clinical-rules.md §3b, §3c).

The paper judges remission induction at month 6 (Methods, 'Therapeutic goals'); before that a
clinician decides whether to taper, hold or add an immunosuppressant. This rule is the project's
own, derived from the protocol (Methods, 'Treatment regimens': the start dose held 2 weeks to 1
month, then −5 mg every 2 weeks to maintenance). The target is the protocol's, not a prescription
for the patient.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from igg4rd.rules import evidence
from igg4rd.rules.codes import Outcome, TrackStatus
from igg4rd.rules.dates import DAYS_PER_MONTH, DAYS_PER_WEEK, week_date, weeks_between
from igg4rd.rules.goals import GoalAssessment
from igg4rd.rules.model import Patient
from igg4rd.rules.taper import DoseChange, dose_history, target_curve
from igg4rd.rules.thresholds import DEFAULTS, Thresholds

STEP_DAYS = round(evidence.TAPER_STEP_WEEKS * DAYS_PER_WEEK)


@dataclass(frozen=True)
class NextStep:
    """The protocol's next step (clinical-spec §3c): the dose, the earliest date the protocol
    allows it (its hold over) and the latest that still reaches maintenance by month 6 at the
    protocol's rate; `latest_passed` when that lies before the as-of date."""

    dose_mg: float
    earliest: date
    latest: date
    latest_passed: bool


@dataclass(frozen=True)
class OnTrack:
    """The status on the as-of date and every number behind it (dates are calendar dates)."""

    status: TrackStatus
    as_of: date
    dose_in_effect_mg: float
    dose_since: date  # when the dose in effect was first recorded
    held_weeks: float  # how long the protocol holds it from then
    steps_to_maintenance: int  # 5 mg steps from the dose in effect to the ceiling
    target_dose_mg: float | None  # the protocol's target on the as-of date (None: no start dose)
    target_maintenance: date | None  # when the target curve reaches the ceiling
    maintenance_projected: date
    deadline: date  # the last day of month 6
    next_step: NextStep | None  # None at maintenance: no step left
    ri_decline_so_far: float | None
    ceiling_mg: float

    @property
    def above_target_mg(self) -> float | None:
        if self.target_dose_mg is None:
            return None
        return max(0.0, self.dose_in_effect_mg - self.target_dose_mg)

    @property
    def weeks_behind(self) -> float | None:
        """How much later than the target curve maintenance is projected (0 when not later)."""
        if self.target_maintenance is None:
            return None
        return max(0.0, weeks_between(self.target_maintenance, self.maintenance_projected))

    @property
    def gc_maintenance_at_risk(self) -> bool:
        return self.status == TrackStatus.BEHIND_TARGET


def month6_deadline(start: date) -> date:
    """The last day that is not more than 6.0 months after the start (month = days / 30.4375)."""
    return start + timedelta(days=math.floor(evidence.STAGE_MONTHS * DAYS_PER_MONTH))


def dose_in_effect(history: list[DoseChange], day: date) -> DoseChange | None:
    """The dose in effect on `day` and the date it was first recorded: a later record repeating
    the same dose does not move that date."""
    known = [change for change in history if change.day <= day]
    if not known:
        return None
    first = len(known) - 1
    while first > 0 and math.isclose(known[first - 1].dose_mg, known[-1].dose_mg):
        first -= 1
    return known[first]


def steps_to(dose_mg: float, ceiling_mg: float) -> int:
    """The 5 mg steps from `dose_mg` down to the ceiling (0 at or below it)."""
    return max(0, math.ceil((dose_mg - ceiling_mg) / evidence.TAPER_STEP_MG - 1e-9))


def _target(patient: Patient, thresholds: Thresholds, day: date) -> tuple[float, date] | None:
    """The target dose on `day` and the date the target reaches the ceiling, or None."""
    initial = patient.treatment.initial_dose_prednisone_mg
    if initial is None:
        return None
    start = patient.treatment.start_date
    curve = target_curve(initial, _initial_weeks(patient, thresholds),
                         thresholds.maintenance_ceiling_mg)
    week = weeks_between(start, day)
    dose = next(step.dose_mg for step in reversed(curve) if step.week <= week)
    return dose, week_date(start, curve[-1].week)


def _initial_weeks(patient: Patient, thresholds: Thresholds) -> float:
    weeks = patient.treatment.initial_weeks
    return thresholds.default_initial_weeks if weeks is None else weeks


def assess_on_track(patient: Patient, goals: GoalAssessment,
                    thresholds: Thresholds = DEFAULTS) -> OnTrack | None:
    """The on-track status on `goals.as_of` while the outcome is pending; None once judged, or
    before any dose is recorded."""
    if goals.outcome != Outcome.PENDING:
        return None
    start, day = patient.treatment.start_date, goals.as_of
    current = dose_in_effect(dose_history(patient, day), day)
    if current is None:
        return None
    ceiling = thresholds.maintenance_ceiling_mg
    held = _initial_weeks(patient, thresholds) if current.day == start \
        else evidence.TAPER_STEP_WEEKS
    n = steps_to(current.dose_mg, ceiling)
    deadline = month6_deadline(start)
    step = next_step(current, held, n, day, deadline, ceiling)
    projected = day if step is None else step.earliest + timedelta(days=STEP_DAYS * (n - 1))
    target = _target(patient, thresholds, day)
    return OnTrack(
        status=TrackStatus.BEHIND_TARGET if step and step.earliest > step.latest
        else TrackStatus.ON_TRACK, as_of=day,
        dose_in_effect_mg=current.dose_mg, dose_since=current.day, held_weeks=held,
        steps_to_maintenance=n, target_dose_mg=target[0] if target else None,
        target_maintenance=target[1] if target else None, maintenance_projected=projected,
        deadline=deadline, next_step=step, ri_decline_so_far=goals.ri_decline.max_decline,
        ceiling_mg=ceiling)


def next_step(current: DoseChange, held_weeks: float, steps: int, day: date, deadline: date,
              ceiling_mg: float) -> NextStep | None:
    """The next protocol step from the dose in effect (clinical-spec §3c): max(ceiling, D − 5)
    mg/day, earliest max(s + h, d), latest = the month-6 deadline − 14 days × (n − 1); None at
    maintenance (n = 0). Behind target exactly when earliest > latest."""
    if steps == 0:
        return None
    earliest = max(week_date(current.day, held_weeks), day)
    latest = deadline - timedelta(days=STEP_DAYS * (steps - 1))
    return NextStep(dose_mg=max(ceiling_mg, current.dose_mg - evidence.TAPER_STEP_MG),
                    earliest=earliest, latest=latest, latest_passed=latest < day)

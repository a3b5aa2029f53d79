"""A patient's whole assessment: the 6-month goals and the baseline risk, and the command line's
answer in the interchange contract (docs/interchange.md, "Assessment answer")."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from igg4rd.rules.goals import GoalAssessment, assess_goals
from igg4rd.rules.model import Patient
from igg4rd.rules.on_track import OnTrack, assess_on_track
from igg4rd.rules.risk import RiskAssessment, assess_risk
from igg4rd.rules.thresholds import DEFAULTS, Thresholds


@dataclass(frozen=True)
class VisitStatus:
    """A visit judged as of its own date (visits after it ignored; clinical-spec §3c): on track
    or behind target while the outcome was pending, else the outcome then."""

    day: date
    status: str  # a TrackStatus, or an Outcome ('pending' only before any dose was known)


@dataclass(frozen=True)
class Assessment:
    patient: Patient
    goals: GoalAssessment
    risk: RiskAssessment
    on_track: OnTrack | None  # while the outcome is pending
    thresholds: Thresholds

    @cached_property
    def status_by_visit(self) -> tuple[VisitStatus, ...]:
        """Each visit up to the as-of date, judged as of its own date (computed when asked:
        a worklist of thousands does not need it)."""
        return tuple(VisitStatus(visit.date, status_on(self.patient, visit.date, self.thresholds))
                     for visit in sorted(self.patient.visits, key=lambda v: v.date)
                     if visit.date <= self.goals.as_of)


def status_on(patient: Patient, day: date, thresholds: Thresholds = DEFAULTS) -> str:
    """The status as of `day`: on track or behind target while pending, else the outcome."""
    goals = assess_goals(patient, day, thresholds)
    track = assess_on_track(patient, goals, thresholds)
    return str(track.status if track else goals.outcome)


def assess(patient: Patient, as_of: date, thresholds: Thresholds = DEFAULTS) -> Assessment:
    """Goals, risk and (while pending) the on-track status of one patient as of `as_of`
    (visits after it are ignored)."""
    goals = assess_goals(patient, as_of, thresholds)
    return Assessment(patient, goals, assess_risk(patient, thresholds),
                      assess_on_track(patient, goals, thresholds), thresholds)


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def answer(assessment: Assessment) -> dict[str, Any]:
    """The assessment answer of the interchange contract (names must never change)."""
    goals, risk = assessment.goals, assessment.risk
    return {
        "outcome": goals.outcome,
        "goals": {
            "ri_decline": {"met": goals.ri_decline.met,
                           "max_decline": _rounded(goals.ri_decline.max_decline, 3)},
            "gc_maintenance": {"met": goals.gc_maintenance.met,
                               "dose_mg": _rounded(goals.gc_maintenance.dose_mg, 2)},
            "no_relapse": {"met": goals.no_relapse.met},
        },
        "failure_kinds": list(goals.failure_kinds),
        "risk": {
            "applies": risk.applies,
            "factors": {f.name: f.present for f in risk.factors},
            "count": risk.count,
            "stratum": risk.stratum if risk.applies else None,
            "failure_rate": _rounded(risk.published.rate, 3) if risk.published else None,
        },
        "on_track": _on_track_answer(assessment.on_track),
        "status_by_visit": [{"date": visit.day.isoformat(), "status": visit.status}
                            for visit in assessment.status_by_visit],
        "as_of": goals.as_of.isoformat(),
    }


def _on_track_answer(track: OnTrack | None) -> dict[str, Any] | None:
    """The `on_track` block (docs/interchange.md): null once judged or before any dose."""
    if track is None:
        return None
    return {
        "status": track.status.value,
        "dose_in_effect_mg": _rounded(track.dose_in_effect_mg, 2),
        "target_dose_mg": _rounded(track.target_dose_mg, 2),
        "above_target_mg": _rounded(track.above_target_mg, 2),
        "maintenance_projected": track.maintenance_projected.isoformat(),
        "gc_maintenance_at_risk": track.gc_maintenance_at_risk,
        "ri_decline_so_far": _rounded(track.ri_decline_so_far, 3),
        "next_step": None if track.next_step is None else {
            "dose_mg": _rounded(track.next_step.dose_mg, 2),
            "earliest": track.next_step.earliest.isoformat(),
            "latest": track.next_step.latest.isoformat(),
            "latest_passed": track.next_step.latest_passed,
        },
    }

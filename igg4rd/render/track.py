"""The on-track status in words (clinical-spec §3b, §3c): the headline, why, the protocol's next
step with its earliest and latest dates, the month-6 visit to record, and the basis of each
figure. The target is the protocol's, not a prescription: said once, in the next step's words.
"""
from __future__ import annotations

from dataclasses import dataclass

from igg4rd.language.formats import date_text, number, percent
from igg4rd.language.i18n import N_, _
from igg4rd.language.words import TRACK_STATUS_WORDS, stratum_name
from igg4rd.rules import evidence
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.dates import weeks_between
from igg4rd.rules.on_track import NextStep, OnTrack
from igg4rd.rules.risk import RiskAssessment
from igg4rd.rules.schedule import month6_record_by


@dataclass(frozen=True)
class TrackText:
    """The on-track status in words: its headline, its reason, the next step (None at
    maintenance), the month-6 visit to record (None unless due) and the basis of each figure."""

    status: str
    headline: str
    reason: str
    next_step: str | None
    record_month6: str | None
    basis: tuple[str, ...]

    @property
    def sentences(self) -> str:
        """The reason, the next step and the month-6 visit, as one paragraph."""
        return " ".join(s for s in (self.reason, self.next_step, self.record_month6) if s)


TRACK_SOURCE = N_("Protocol: Methods, 'Treatment regimens' (start dose held {low}–{high} "
                  "weeks, then −{step} mg every {every} weeks to maintenance); the on-track rule "
                  "is igg4rd's own (docs/clinical-rules.md §3b). The target is the protocol's, "
                  "not a prescription for this patient.")


def _track_source() -> str:
    low, high = evidence.INITIAL_WEEKS_RANGE
    return _(TRACK_SOURCE).format(low=number(low), high=number(high),
                                  step=number(evidence.TAPER_STEP_MG),
                                  every=number(evidence.TAPER_STEP_WEEKS))


def track_text(assessment: Assessment) -> TrackText | None:
    """The status in words while the outcome is pending (None once judged or before a dose)."""
    track = assessment.on_track
    if track is None:
        return None
    start = assessment.patient.treatment.start_date
    figures = {"dose": number(track.dose_in_effect_mg), "ceiling": number(track.ceiling_mg),
               "deadline": date_text(track.deadline),
               "projected": date_text(track.maintenance_projected),
               "week": _("week {week}").format(
                   week=number(weeks_between(start, track.maintenance_projected), 1))}
    if track.steps_to_maintenance == 0:
        reason = _("Already at maintenance: {dose} mg/day (≤ {ceiling} mg/day).").format(**figures)
    elif track.gc_maintenance_at_risk:
        reason = _("At the protocol's rate from {dose} mg/day, maintenance ({ceiling} mg/day) "
                   "is projected on {projected} ({week}), after month 6 ({deadline}).").format(
            **figures)
    else:
        reason = _("At the protocol's rate from {dose} mg/day, maintenance ({ceiling} mg/day) "
                   "comes on {projected} ({week}), before month 6 ({deadline}).").format(**figures)
    headline = (_("Behind target: goal 2 (glucocorticoid at maintenance by month 6) at risk")
                if track.gc_maintenance_at_risk
                else _("On track for goal 2 (maintenance by month 6)"))
    record_by = month6_record_by(assessment.patient, track.as_of, assessment.thresholds)
    return TrackText(
        TRACK_STATUS_WORDS[track.status], headline, reason,
        next_step_text(track.next_step, track.gc_maintenance_at_risk) if track.next_step
        else None,
        _("Record the month-6 visit, with its RI and dose, by {day}.").format(
            day=date_text(record_by)) if record_by else None,
        (_dose_basis(track), _projection_basis(track), _ri_so_far(track),
         *filter(None, [risk_on_gc_alone(assessment.risk)]), _track_source()))


def next_step_text(step: NextStep, behind: bool) -> str:
    """The next protocol step in the words of clinical-spec §3c."""
    figures = {"dose": number(step.dose_mg), "earliest": date_text(step.earliest),
               "latest": date_text(step.latest)}
    if not behind:
        return _("Next protocol step (the protocol's, not a prescription): {dose} mg/day from "
                 "{earliest}, at the latest {latest}.").format(**figures)
    if step.latest_passed:
        return _("The next protocol step to {dose} mg/day had to start by {latest} "
                 "(passed).").format(**figures)
    return _("The next protocol step to {dose} mg/day had to start by {latest}, before the "
             "protocol's hold of the dose in effect ends ({earliest}).").format(**figures)


def next_step_short(step: NextStep | None) -> str:
    """The next step for a worklist cell: '30 mg/day by 2024-07-08' (or '—' at maintenance)."""
    if step is None:
        return "—"
    by = (_("{dose} mg/day by {latest} (passed)") if step.latest_passed
          else _("{dose} mg/day by {latest}"))
    return by.format(dose=number(step.dose_mg), latest=date_text(step.latest))


def risk_on_gc_alone(risk: RiskAssessment) -> str | None:
    """For a patient on GC alone with 2 or more risk factors: the stratum's failure rate against
    combination therapy's, and the paper's advice from 3 factors (information, never an
    instruction)."""
    if not risk.high_risk or risk.published is None or risk.stratum is None:
        return None
    return _("Risk: stratum {stratum} on GC monotherapy failed in {rate} ({strata_source}), "
             "against {gc_im} with GC + immunosuppressant ({gc_im_source}); the paper suggests "
             "considering combination therapy with {frm} or more factors ({source}). For "
             "information, not an instruction.").format(
        stratum=stratum_name(risk.stratum), rate=percent(risk.published.rate),
        strata_source=risk.published.source, gc_im=percent(evidence.FAILURE_GC_IM.rate),
        gc_im_source=_(evidence.FAILURE_GC_IM.source),
        frm=evidence.COMBINATION_RECOMMENDED_FROM, source=_(evidence.RISK_SOURCE))


def _dose_basis(track: OnTrack) -> str:
    figures = {"day": date_text(track.as_of), "dose": number(track.dose_in_effect_mg),
               "since": date_text(track.dose_since)}
    if track.target_dose_mg is None:
        return _("Dose in effect on {day}: {dose} mg/day prednisone equivalent, recorded since "
                 "{since}; no protocol target without a recorded start dose.").format(**figures)
    figures.update(target=number(track.target_dose_mg), above=number(track.above_target_mg or 0))
    if not track.above_target_mg:
        return _("Dose in effect on {day}: {dose} mg/day prednisone equivalent, recorded since "
                 "{since}; protocol target that day {target} mg/day: at or below it."
                 ).format(**figures)
    if not track.weeks_behind or track.target_maintenance is None:
        return _("Dose in effect on {day}: {dose} mg/day prednisone equivalent, recorded since "
                 "{since}; protocol target that day {target} mg/day: {above} mg above it."
                 ).format(**figures)
    return _("Dose in effect on {day}: {dose} mg/day prednisone equivalent, recorded since "
             "{since}; protocol target that day {target} mg/day: {above} mg above it, "
             "maintenance projected {weeks} weeks later than on the target curve ({on_curve})."
             ).format(**figures, weeks=number(track.weeks_behind, 1),
                      on_curve=date_text(track.target_maintenance))


def _projection_basis(track: OnTrack) -> str:
    if track.steps_to_maintenance == 0:
        return _("Projection: already at maintenance.")
    return _("Projection: {dose} mg/day held {weeks} weeks from {since} (never changed before "
             "{day}), then −{step} mg every {every} weeks: {steps} step(s) to {ceiling} mg/day."
             ).format(
        step=number(evidence.TAPER_STEP_MG), every=number(evidence.TAPER_STEP_WEEKS),
        dose=number(track.dose_in_effect_mg), weeks=number(track.held_weeks),
        since=date_text(track.dose_since), day=date_text(track.as_of),
        steps=track.steps_to_maintenance, ceiling=number(track.ceiling_mg))


def _ri_so_far(track: OnTrack) -> str:
    goal = percent(evidence.RI_DECLINE_GOAL, 0)
    if track.ri_decline_so_far is None:
        return _("RI: no scored visit yet (goal 1 at month 6: decline ≥ {goal}).").format(
            goal=goal)
    return _("RI decline so far: {decline} (goal 1 at month 6: ≥ {goal}; the paper sets no "
             "target before month 6, so it does not change the status).").format(
        decline=percent(track.ri_decline_so_far, 0), goal=goal)

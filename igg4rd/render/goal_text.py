"""Words for the outcome and the three goals of remission induction: the banner, each goal's
basis (the patient's numbers, the threshold, the source), the date judged and the warning after
a relapse (paper, 'Therapeutic goals' and Results). Pure text over domain results."""
from __future__ import annotations

from dataclasses import dataclass

from igg4rd.language.formats import date_text, listing, number, percent
from igg4rd.language.i18n import _
from igg4rd.language.words import (
    FAILURE_KIND_WORDS,
    OUTCOME_WORDS,
    SITE_LABELS,
)
from igg4rd.render.patient_text import month_label
from igg4rd.rules import evidence
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.goals import GoalAssessment
from igg4rd.rules.model import Patient


@dataclass(frozen=True)
class GoalLine:
    """One goal of the checklist: status and its basis (patient numbers, threshold, source)."""

    number: int
    name: str
    met: bool | None
    numbers: str
    threshold: str
    source: str

    @property
    def title(self) -> str:
        """'1. RI decline ≥ 50%', as the checklist and the report head each goal."""
        return f"{self.number}. {self.name}"


def banner_text(goals: GoalAssessment) -> tuple[str, str]:
    """The outcome in words and the reason behind it."""
    if goals.outcome == "failure":
        reason = _("; ").join(FAILURE_KIND_WORDS[k] for k in goals.failure_kinds)
    elif goals.outcome == "success":
        reason = _("all three therapeutic goals met at the month-6 assessment")
    else:
        why = goals.why
        reason = _(why.message).format(
            day=date_text(why.day) if why.day else "",
            month=number(why.month, 1) if why.month is not None else "")
    return OUTCOME_WORDS[goals.outcome], reason[:1].upper() + reason[1:]


def goal_lines(assessment: Assessment) -> list[GoalLine]:
    """The three goals of remission induction with their basis (paper, 'Therapeutic goals')."""
    goals, patient = assessment.goals, assessment.patient
    return [_ri_line(goals, patient), _dose_line(goals, patient), _relapse_line(goals, patient)]


def _ri_line(goals: GoalAssessment, patient: Patient) -> GoalLine:
    ri = goals.ri_decline
    if ri.max_decline is None or ri.best_date is None:
        numbers = (_("baseline RI {ri}; no scored visit yet").format(ri=ri.baseline_ri)
                   if ri.baseline_ri else _("baseline RI missing or 0: no percentage decline"))
    else:
        numbers = _("baseline RI {baseline} → lowest RI {lowest} on {when}: decline {decline}"
                    ).format(baseline=ri.baseline_ri, lowest=ri.best_ri,
                             when=month_label(patient, ri.best_date),
                             decline=percent(ri.max_decline, 0))
    goal = percent(evidence.RI_DECLINE_GOAL, 0)
    return GoalLine(1, _("RI decline ≥ {goal}").format(goal=goal), ri.met, numbers,
                    _("maximum decline during the stage ≥ {goal}").format(goal=goal),
                    _(evidence.GOALS_SOURCE))


def _dose_line(goals: GoalAssessment, patient: Patient) -> GoalLine:
    dose = goals.gc_maintenance
    if dose.dose_mg is not None and dose.visit_date is not None:
        numbers = _("{dose} mg/day prednisone equivalent at the month-6 visit {when}").format(
            dose=number(dose.dose_mg), when=month_label(patient, dose.visit_date))
    elif goals.assessment_visit is None:
        numbers = _("no visit yet in the month-6 window")
    else:
        numbers = _("the month-6 visit has no dose recorded, or month 6 is not yet reached")
    return GoalLine(2, _("GC tapered to maintenance"), dose.met, numbers,
                    _("prednisone equivalent ≤ {ceiling} mg/day at month 6").format(
                        ceiling=number(dose.ceiling_mg)), _(evidence.GOALS_SOURCE))


def _relapse_line(goals: GoalAssessment, patient: Patient) -> GoalLine:
    relapse = goals.no_relapse
    if relapse.relapse_dates:
        where = listing(SITE_LABELS[s] for s in relapse.relapse_sites) or _("sites not recorded")
        when = listing(month_label(patient, d) for d in relapse.relapse_dates)
        numbers = _("relapse on {when}: {where}").format(when=when, where=where)
    else:
        numbers = _("no relapse recorded during the stage")
    return GoalLine(3, _("No relapse during tapering"), relapse.met, numbers,
                    _("no relapse within the 6-month stage"), _(evidence.GOALS_SOURCE))


def judged_as_of(patient: Patient, goals: GoalAssessment) -> str:
    return _("Remission induction judged as of {day} (month {month} since the treatment "
             "start {start}).").format(day=date_text(goals.as_of),
                                      month=number(goals.months_as_of, 1),
                                      start=date_text(patient.treatment.start_date))


def secondary_relapse_warning() -> str:
    """The paper's follow-up warning after a relapse (Results, re-treatment after relapse)."""
    again, remission = evidence.SECONDARY_RELAPSE, evidence.RETREATMENT_REMISSION
    return _("After a relapse, re-treatment reached remission in {remitted}/{treated} "
             "({remission_rate}), but {again} of {relapsed} ({again_rate}) relapsed again: "
             "follow this patient more intensively. Source: {source}.").format(
        remitted=remission.events, treated=remission.total, remission_rate=percent(remission.rate),
        again=again.events, relapsed=again.total, again_rate=percent(again.rate),
        source=_(again.source))

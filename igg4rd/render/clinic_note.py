"""A clinic note: the assessment in a few plain-text lines, for pasting into the chart."""
from __future__ import annotations

from igg4rd import __version__
from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import _
from igg4rd.language.words import (
    COMBINATION_ADVICE,
    DISCLAIMER,
    GOAL_STATUS_WORDS,
)
from igg4rd.render.goal_text import banner_text, goal_lines, secondary_relapse_warning
from igg4rd.render.patient_text import regimen_text
from igg4rd.render.risk_text import published_rate_text, stratum_text
from igg4rd.render.track import track_text
from igg4rd.rules import evidence
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.goals import relapsed


def clinic_note(assessment: Assessment) -> str:
    """A few plain-text lines for a clinic note: regimen and dates, outcome and reason, each goal
    with its numbers, the risk stratum with its published rate, the source and the disclaimer."""
    patient, goals, risk = assessment.patient, assessment.goals, assessment.risk
    words, reason = banner_text(goals)
    head = (_("IgG4-RD remission induction, patient {patient_id} (SYNTHETIC demo patient): "
              "{regimen}; treatment start {start}.") if patient.synthetic else
            _("IgG4-RD remission induction, patient {patient_id}: {regimen}; treatment start "
              "{start}."))
    lines = [head.format(patient_id=patient.id, regimen=regimen_text(patient),
                         start=date_text(patient.treatment.start_date)),
             _("Assessed as of {day} (month {month}): {outcome}. {reason}.").format(
                 day=date_text(goals.as_of), month=number(goals.months_as_of, 1), outcome=words,
                 reason=reason),
             *(_("- Goal {number}, {goal}: {status}; {numbers}.").format(
                 number=line.number, goal=line.name, status=GOAL_STATUS_WORDS[line.met],
                 numbers=line.numbers) for line in goal_lines(assessment)),
             *([_("{status}: {reason} {basis}").format(
                 status=text.status, reason=text.sentences, basis=" ".join(text.basis[:3]))]
               if (text := track_text(assessment)) else []),
             _("Risk: {stratum}. {published_rate}").format(
                 stratum=stratum_text(risk), published_rate=published_rate_text(risk))]
    if risk.combination_suggested:
        lines.append(_(COMBINATION_ADVICE))
    if relapsed(patient, goals.as_of):
        lines.append(secondary_relapse_warning())
    lines.append(_("Source: {paper}; igg4rd {version}. {disclaimer}").format(
        paper=_(evidence.PAPER), version=__version__, disclaimer=_(DISCLAIMER)))
    return "\n".join(lines)

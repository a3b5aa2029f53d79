"""The Evidence page's text: the source, the definitions, the derived numbers and defaults, and
the limits of the evidence, as markdown built from `evidence` (docs/clinical-rules.md).

Each list item is one message, in the language of the run; the numbers are formatted here."""
from __future__ import annotations

from collections.abc import Iterable

from igg4rd.language.formats import number, percent
from igg4rd.language.i18n import _
from igg4rd.language.words import stratum_name
from igg4rd.rules import evidence
from igg4rd.rules.dates import DAYS_PER_MONTH


def _items(items: Iterable[str]) -> str:
    """A markdown list, one item a line, with a blank line before and a line end after."""
    return "\n" + "".join(f"- {item}\n" for item in items)


def sources() -> str:
    return _items((
        _("**{paper}**: the treatment protocol ({protocol}), the goals\n"
          "  ({goals}), the risk factors ({risk}), the organ-level failure\n"
          "  incidence (Fig. 3b), the secondary relapses ({secondary}) and the\n"
          "  month-6 serology (Fig. 4).").format(
            paper=_(evidence.PAPER), protocol=_(evidence.PROTOCOL_SOURCE),
            goals=_(evidence.GOALS_SOURCE), risk=_(evidence.RISK_SOURCE),
            secondary=_(evidence.SECONDARY_RELAPSE.source)),
        _("**IgG4-RD Responder Index**: Carruthers MN et al., Int J Rheumatol 2012:259408; "
          "validation by\n  Wallace ZS et al., Arthritis Care Res 2018."),
    ))


def definitions() -> str:
    return _items((
        _("**Remission induction** is judged after the {stage_months}-month stage on three\n"
          "  goals, all required: (1) the RI falls by at least {goal} of baseline (the maximum "
          "decline\n  during the stage counts); (2) the glucocorticoid is tapered to maintenance, "
          "prednisone\n  equivalent ≤ {ceiling} mg/day at month 6; (3) no relapse during\n"
          "  tapering within the stage.").format(
            stage_months=number(evidence.STAGE_MONTHS), goal=percent(evidence.RI_DECLINE_GOAL, 0),
            ceiling=number(evidence.MAINTENANCE_CEILING_MG)),
        _("**Failure** is shown as soon as a goal has definitively failed (a relapse in month 2 "
          "fails at\n  once). **Pending**: the stage is not over and no goal has failed. "
          "**Insufficient data**: the\n  month-6 window has closed and a goal cannot be judged "
          "(no visit in the window, no RI or dose,\n  baseline RI 0)."),
        _("**Month** of a visit = days since the treatment start / {days_per_month}.").format(
            days_per_month=number(DAYS_PER_MONTH)),
        _("**Relapse**: recurrence of symptoms and signs, or worsening on imaging, with or "
          "without\n  re-elevation of serum IgG4."),
        _("**RI** (2012 instrument): each organ graded 0 unaffected or resolved, 1 improved, 2\n"
          "  persistent, 3 new or recurrent off treatment, 4 worse or new despite treatment; "
          "doubled when\n  urgent; plus the serum IgG4 item; damage is recorded but not scored."),
        _("**Doses** of other glucocorticoids are expressed as prednisone equivalents."),
    ))


def derived_numbers() -> str:
    strata = _(", ").join(_("{stratum}: {events}/{total}").format(
        stratum=stratum_name(name), events=p.events, total=p.total)
        for name, p in evidence.RISK_STRATA.items())
    return _items((
        _("*Derived*: the Fig. 3c counts ({strata}) are not printed; they are the only counts "
          "consistent\n  with the published percentages, the {failures} failures and p =\n"
          "  {p}. Their 95% intervals are exact (Clopper–Pearson).").format(
            strata=strata, failures=evidence.FAILURE_GC.events, p=number(evidence.RISK_STRATA_P)),
        _("*Derived*: the target taper curve follows the protocol: the start dose held for the "
          "initial\n  weeks, then −{step_mg} mg every {step_weeks} weeks down to the\n"
          "  maintenance ceiling.").format(step_mg=number(evidence.TAPER_STEP_MG),
                                          step_weeks=number(evidence.TAPER_STEP_WEEKS)),
        _("*Defaults*: the thresholds below marked \"default\" are choices where the paper is "
          "silent."),
    ))


def limitations() -> str:
    return "\n".join(f"- {_(text)}" for text in evidence.LIMITATIONS)

"""The Evidence page's text: the source, the definitions, the derived numbers and defaults, and
the limits of the evidence, as markdown built from `evidence` (docs/clinical-rules.md)."""
from __future__ import annotations

from igg4rd.render.report import pct
from igg4rd.rules import evidence
from igg4rd.rules.dates import DAYS_PER_MONTH


def sources() -> str:
    return f"""
- **{evidence.PAPER}**: the treatment protocol ({evidence.PROTOCOL_SOURCE}), the goals
  ({evidence.GOALS_SOURCE}), the risk factors ({evidence.RISK_SOURCE}), the organ-level failure
  incidence (Fig. 3b), the secondary relapses ({evidence.SECONDARY_RELAPSE.source}) and the
  month-6 serology (Fig. 4).
- **IgG4-RD Responder Index**: Carruthers MN et al., Int J Rheumatol 2012:259408; validation by
  Wallace ZS et al., Arthritis Care Res 2018.
"""


def definitions() -> str:
    goal = pct(evidence.RI_DECLINE_GOAL, 0)
    return f"""
- **Remission induction** is judged after the {evidence.STAGE_MONTHS:g}-month stage on three
  goals, all required: (1) the RI falls by at least {goal} of baseline (the maximum decline
  during the stage counts); (2) the glucocorticoid is tapered to maintenance, prednisone
  equivalent ≤ {evidence.MAINTENANCE_CEILING_MG:g} mg/day at month 6; (3) no relapse during
  tapering within the stage.
- **Failure** is shown as soon as a goal has definitively failed (a relapse in month 2 fails at
  once). **Pending**: the stage is not over and no goal has failed. **Insufficient data**: the
  month-6 window has closed and a goal cannot be judged (no visit in the window, no RI or dose,
  baseline RI 0).
- **Month** of a visit = days since the treatment start / {DAYS_PER_MONTH:g}.
- **Relapse**: recurrence of symptoms and signs, or worsening on imaging, with or without
  re-elevation of serum IgG4.
- **RI** (2012 instrument): each organ graded 0 unaffected or resolved, 1 improved, 2
  persistent, 3 new or recurrent off treatment, 4 worse or new despite treatment; doubled when
  urgent; plus the serum IgG4 item; damage is recorded but not scored.
- **Doses** of other glucocorticoids are expressed as prednisone equivalents.
"""


def derived_numbers() -> str:
    strata = ", ".join(f"{name}: {p.events}/{p.total}" for name, p in evidence.RISK_STRATA.items())
    return f"""
- *Derived*: the Fig. 3c counts ({strata}) are not printed; they are the only counts consistent
  with the published percentages, the {evidence.FAILURE_GC.events} failures and p =
  {evidence.RISK_STRATA_P:g}. Their 95% intervals are exact (Clopper–Pearson).
- *Derived*: the target taper curve follows the protocol: the start dose held for the initial
  weeks, then −{evidence.TAPER_STEP_MG:g} mg every {evidence.TAPER_STEP_WEEKS:g} weeks down to the
  maintenance ceiling.
- *Defaults*: the thresholds below marked "default" are choices where the paper is silent.
"""


def limitations() -> str:
    return "\n".join(f"- {text}" for text in evidence.LIMITATIONS)

"""Evidence page: definitions, sources, derived numbers and defaults, the limits of the evidence,
the decision-support disclaimer, and the thresholds in use (changeable for this session)."""
from dataclasses import fields

import streamlit as st

from igg4rd.language.words import DISCLAIMER
from igg4rd.render import report
from igg4rd.rules import evidence
from igg4rd.rules.dates import DAYS_PER_MONTH
from igg4rd.rules.thresholds import DEFAULTS, THRESHOLD_BASIS, Thresholds, threshold_rows
from igg4rd.ui import session
from igg4rd.ui.navigation import require_app_frame

require_app_frame()

st.title("Evidence and settings")
st.warning(DISCLAIMER, icon=":material/gavel:")

st.subheader("Source")
st.markdown(f"""
- **{evidence.PAPER}**: the treatment protocol ({evidence.PROTOCOL_SOURCE}), the goals
  ({evidence.GOALS_SOURCE}), the risk factors ({evidence.RISK_SOURCE}), the organ-level failure
  incidence (Fig. 3b), the secondary relapses ({evidence.SECONDARY_RELAPSE.source}) and the
  month-6 serology (Fig. 4).
- **IgG4-RD Responder Index**: Carruthers MN et al., Int J Rheumatol 2012:259408; validation by
  Wallace ZS et al., Arthritis Care Res 2018.
""")

st.subheader("Definitions")
goal = report.pct(evidence.RI_DECLINE_GOAL, 0)
st.markdown(f"""
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
- **RI**: organ activity items 0–3 (doubled when urgent) plus the serum IgG4 item; damage is
  recorded but not scored.
- **Doses** of other glucocorticoids are expressed as prednisone equivalents.
""")

st.subheader("Derived numbers and defaults")
strata = ", ".join(f"{name}: {p.events}/{p.total}" for name, p in evidence.RISK_STRATA.items())
st.markdown(f"""
- *Derived*: the Fig. 3c counts ({strata}) are not printed; they are the only counts consistent
  with the published percentages, the {evidence.FAILURE_GC.events} failures and p =
  {evidence.RISK_STRATA_P:g}. Their 95% intervals are exact (Clopper–Pearson).
- *Derived*: the target taper curve follows the protocol: the start dose held for the initial
  weeks, then −{evidence.TAPER_STEP_MG:g} mg every {evidence.TAPER_STEP_WEEKS:g} weeks down to the
  maintenance ceiling.
- *Defaults*: the thresholds below marked "default" are choices where the paper is silent.
""")

st.subheader("Limits of the evidence")
st.markdown("\n".join(f"- {text}" for text in evidence.LIMITATIONS))

st.subheader("Thresholds in use")
current = session.thresholds()
st.dataframe(threshold_rows(current), hide_index=True, column_config={
    "threshold": "Threshold", "value": "In use", "default": "Default", "basis": "Basis"})
with st.expander("Change thresholds for this session", icon=":material/tune:"):
    with st.form("thresholds"):
        values = {f.name: st.number_input(THRESHOLD_BASIS[f.name][0],
                                          value=getattr(current, f.name),
                                          min_value=type(f.default)(0))
                  for f in fields(Thresholds)}
        apply_col, reset_col = st.columns(2)
        applied = apply_col.form_submit_button("Apply", type="primary")
        reset = reset_col.form_submit_button("Reset to defaults")
    if reset:
        session.set_thresholds(DEFAULTS)
        st.rerun()
    if applied:
        if values["window_start_month"] >= values["window_end_month"]:
            st.error("The month-6 window must start before it ends.", icon=":material/error:")
        else:
            session.set_thresholds(Thresholds(**values))
            st.rerun()

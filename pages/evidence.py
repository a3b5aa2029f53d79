"""Evidence page: definitions, sources, derived numbers and defaults, the limits of the evidence,
the decision-support disclaimer, and the thresholds in use (changeable for this session)."""
from dataclasses import fields

import streamlit as st

from igg4rd.language.i18n import _
from igg4rd.language.words import DISCLAIMER
from igg4rd.render import evidence_text
from igg4rd.rules.thresholds import DEFAULTS, THRESHOLD_BASIS, Thresholds, threshold_rows
from igg4rd.ui import session
from igg4rd.ui.navigation import require_app_frame

require_app_frame()

st.title("Evidence and settings")
st.warning(_(DISCLAIMER), icon=":material/gavel:")

st.subheader("Source")
st.markdown(evidence_text.sources())
st.subheader("Definitions")
st.markdown(evidence_text.definitions())
st.subheader("Derived numbers and defaults")
st.markdown(evidence_text.derived_numbers())
st.subheader("Limits of the evidence")
st.markdown(evidence_text.limitations())

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

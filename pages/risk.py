"""Risk page: the four baseline risk factors (Table 3), the stratified failure rates (Fig. 3c),
the combination-therapy recommendation and the organ-level failure incidence (Fig. 3b)."""
import streamlit as st

from igg4rd.language.i18n import _
from igg4rd.language.words import FACTOR_LABELS, FACTOR_PRESENCE_MARKED, SITE_LABELS
from igg4rd.render import charts
from igg4rd.render.risk_text import (
    combination_advice,
    gc_im_risk_notice,
    odds_ratio_text,
    organ_failure_basis,
    organ_failure_rows,
    published_rate_text,
    risk_factors_basis,
    risk_strata_basis,
    stratum_text,
)
from igg4rd.rules.risk import assess_risk
from igg4rd.ui import session
from igg4rd.ui.chart_view import chart
from igg4rd.ui.frame import require_patient
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.text import plain

require_app_frame()

patient = require_patient()
risk = assess_risk(patient, session.thresholds())
st.title(_("Risk · {patient_id}").format(patient_id=plain(patient.id)))

st.subheader(_("Baseline risk factors for failure on GC monotherapy (Table 3)"))
st.dataframe([{
    _("Factor"): FACTOR_LABELS[f.name], _("Patient"): FACTOR_PRESENCE_MARKED[f.present],
    _("Value"): f.value, _("Rule used"): f.rule,
    _("Odds ratio (95% CI), p"): odds_ratio_text(f.name),
} for f in risk.factors], hide_index=True)
st.caption(risk_factors_basis())

advice = combination_advice(risk)
if not risk.applies:
    st.info(gc_im_risk_notice(), icon=":material/info:")
else:
    st.markdown(_("**This patient: {stratum}.** {published_rate}").format(
        stratum=stratum_text(risk), published_rate=published_rate_text(risk)))
    if advice and risk.combination_suggested:
        st.warning(advice, icon=":material/medication:")
    elif advice:
        st.info(advice, icon=":material/help:")

chart(charts.risk_strata_chart(risk.possible_strata if risk.applies else ()),
      key="risk-chart")
st.caption(risk_strata_basis())

st.subheader(_("Failure by involved organ (Fig. 3b)"))
rows = organ_failure_rows(patient, risk.applies)
if rows:
    st.dataframe([{_("Site"): SITE_LABELS[site],
                   _("Failure incidence ({group})").format(group=group): text}
                  for site, group, text in rows], hide_index=True)
else:
    st.caption(_("No involved sites recorded."))
st.caption(organ_failure_basis(risk.applies))

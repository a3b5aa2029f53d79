"""Risk page: the four baseline risk factors (Table 3), the stratified failure rates (Fig. 3c),
the combination-therapy recommendation and the organ-level failure incidence (Fig. 3b)."""
import streamlit as st

from igg4rd.language.words import FACTOR_LABELS, FACTOR_PRESENCE_MARKED, SITE_LABELS
from igg4rd.render import charts, report
from igg4rd.rules import evidence
from igg4rd.rules.risk import assess_risk
from igg4rd.ui import session
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.widgets import require_patient

require_app_frame()


patient = require_patient()
risk = assess_risk(patient, session.thresholds())
st.title(f"Risk · {patient.id}")

st.subheader("Baseline risk factors for failure on GC monotherapy (Table 3)")
st.dataframe([{
    "Factor": FACTOR_LABELS[f.name], "Patient": FACTOR_PRESENCE_MARKED[f.present], "Value": f.value,
    "Rule used": f.rule, "Odds ratio (95% CI), p": report.odds_ratio_text(f.name),
} for f in risk.factors], hide_index=True)
st.caption(f"Univariate logistic regression on {evidence.FAILURE_GC.total} GC-monotherapy "
           f"patients with {evidence.FAILURE_GC.events} failures. Thresholds the paper leaves "
           "open are defaults: see the Evidence page.")

if risk.applies:
    st.markdown(f"**This patient: {report.stratum_text(risk)}.**" + (
        f" Published failure rate: {report.proportion_text(risk.published)}."
        if risk.published else " The published rate depends on the unknown factor(s)."))
    if risk.combination_suggested:
        st.warning(f"**{risk.count_range[0]} risk factors: consider GC + immunosuppressant "
                   f"combination therapy** (the paper's conclusion for ≥ "
                   f"{evidence.COMBINATION_RECOMMENDED_FROM} factors; {evidence.RISK_SOURCE}).",
                   icon=":material/medication:")
    elif risk.count_range[1] >= evidence.COMBINATION_RECOMMENDED_FROM:
        st.info("With the unknown factor(s) present the patient would have ≥ "
                f"{evidence.COMBINATION_RECOMMENDED_FROM} factors, where the paper suggests "
                "considering combination therapy: complete the baseline data.",
                icon=":material/help:")
else:
    gc_im = evidence.FAILURE_GC_IM
    st.info(f"**On GC + immunosuppressant.** Failure of remission induction was "
            f"{report.proportion_text(gc_im)} with combination therapy ({gc_im.source}), and no "
            "baseline factor predicted failure under it (Table 3). The factors and strata below "
            "are those of GC monotherapy, shown for reference.", icon=":material/info:")

st.plotly_chart(charts.risk_strata_chart(risk.possible_strata if risk.applies else ()),
                key="risk-chart")
st.caption(f"Counts are derived from the published percentages "
           f"({sum(p.total for p in evidence.RISK_STRATA.values())} patients with complete "
           f"risk data); 0–1 vs 2–4 factors p = {evidence.RISK_STRATA_P:g}. Small groups: the "
           "exact (Clopper–Pearson) 95% intervals are wide.")

st.subheader("Failure by involved organ (Fig. 3b)")
published = evidence.ORGAN_FAILURE_GC if risk.applies else evidence.ORGAN_FAILURE_GC_IM
group = "GC monotherapy" if risk.applies else "GC + immunosuppressant"
rows = [{"Site": SITE_LABELS[s], f"Failure incidence ({group})":
         report.proportion_text(published[s]) if s in published else "not printed in the paper"}
        for s in patient.sites]
if rows:
    st.dataframe(rows, hide_index=True)
else:
    st.caption("No involved sites recorded.")
st.caption("The paper prints organ-level incidences only for the organs with the highest "
           f"failure rates in the {group} group: "
           f"{', '.join(SITE_LABELS[s] for s in published)}.")

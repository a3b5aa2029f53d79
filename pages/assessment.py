"""Assessment page: the outcome, the three goals with their basis, the RI and taper charts, and
the paper's context (secondary relapse, month-6 serology)."""
import streamlit as st

from igg4rd import charts, evidence, report
from igg4rd.assessment import assess
from igg4rd.ui import session
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.widgets import goal_checklist, outcome_banner, require_patient

require_app_frame()

patient = require_patient()
thresholds = session.thresholds()
assessment = assess(patient, session.today(), thresholds)
goals = assessment.goals

st.title(f"Assessment · {patient.id}")
st.caption(f"Remission induction judged as of {goals.as_of.isoformat()} "
           f"(month {goals.months_as_of:.1f} since the treatment start "
           f"{patient.treatment.start_date.isoformat()}).")
outcome_banner(goals)
if report.relapsed(patient, goals.as_of):
    st.warning(report.secondary_relapse_warning(), icon=":material/warning:")

checklist_col, dose_col = st.columns([3, 1])
with checklist_col:
    st.subheader("Therapeutic goals")
    goal_checklist(assessment)
with dose_col:
    st.subheader("Cumulative dose")
    doses = charts.cumulative_doses(patient, goals)
    st.metric("During the 6-month stage", f"{doses['stage'] / 1000:.2f} g",
              help=f"{doses['stage']:,.0f} mg prednisone equivalent")
    st.metric("Up to the assessment date", f"{doses['to_date'] / 1000:.2f} g",
              help=f"{doses['to_date']:,.0f} mg prednisone equivalent")
    st.caption(f"{doses['stage']:,.0f} mg and {doses['to_date']:,.0f} mg prednisone equivalent "
               "(area under the recorded dose curve).")

ri_col, taper_col = st.columns(2)
ri_col.plotly_chart(charts.ri_chart(patient, goals, thresholds), key="ri-chart")
taper_col.plotly_chart(charts.taper_chart(patient, goals, thresholds), key="taper-chart")

month6 = goals.assessment_visit
if month6 is not None and goals.months_as_of >= evidence.STAGE_MONTHS:
    st.subheader("Month-6 serology in context (Fig. 4)")
    st.markdown(report.serology_table(month6))
    st.caption(f"Visit {report.month_label(patient, month6.date)}. Medians (IQR) of the paper's "
               "patients who failed or succeeded (Mann–Whitney p); a comparison of groups, not a "
               "diagnostic cut-off.")

"""igg4rd: placeholder entry page (the clinician pages are built in pages/)."""
from datetime import date

import streamlit as st

from igg4rd.assessment import answer, assess
from igg4rd.demo import demo_patients

st.set_page_config(page_title="igg4rd", layout="wide")
st.title("IgG4-RD remission induction")
st.caption("Synthetic demo patients: no real patient data.")
patients = {p.id: p for p in demo_patients(date.today())}
chosen = st.selectbox("Demo patient", list(patients))
st.json(answer(assess(patients[chosen], date.today())))

"""Evidence page: definitions, sources, derived numbers and defaults, the limits of the evidence,
the decision-support disclaimer, and the thresholds in use (changeable for this session)."""
from dataclasses import fields, replace

import streamlit as st

from igg4rd.language.i18n import _
from igg4rd.language.words import DISCLAIMER
from igg4rd.render import evidence_text
from igg4rd.rules.labs import LAB_VALUES
from igg4rd.rules.thresholds import DEFAULTS, THRESHOLD_BASIS, Thresholds, threshold_rows
from igg4rd.storage.clinic_settings import MAX_LAB_WINDOW_DAYS, MAX_NAME
from igg4rd.ui import session
from igg4rd.ui.navigation import require_app_frame

require_app_frame()
INPUT_KEY = "thresholds.input."
UNIT_CHOICES = [lab for lab in LAB_VALUES if len(lab.units) > 1]  # a unit to choose

st.title(_("Evidence and settings"))
st.warning(_(DISCLAIMER), icon=":material/gavel:")

st.subheader(_("Source"))
st.markdown(evidence_text.sources())
st.subheader(_("Definitions"))
st.markdown(evidence_text.definitions())
st.subheader(_("Derived numbers and defaults"))
st.markdown(evidence_text.derived_numbers())
st.subheader(_("Limits of the evidence"))
st.markdown(evidence_text.limitations())

st.subheader(_("Thresholds in use"))
current = session.thresholds()
st.dataframe(threshold_rows(current), hide_index=True, column_config={
    "threshold": _("Threshold"), "value": _("In use"), "default": _("Default"),
    "basis": _("Basis")})
with st.expander(_("Change thresholds for this session"), icon=":material/tune:"):
    with st.form("thresholds"):
        # keyed, so that a language switch (new labels) keeps what was typed
        values = {f.name: st.number_input(_(THRESHOLD_BASIS[f.name][0]),
                                          value=getattr(current, f.name),
                                          min_value=type(f.default)(0),
                                          key=f"{INPUT_KEY}{f.name}")
                  for f in fields(Thresholds)}
        apply_col, reset_col = st.columns(2)
        applied = apply_col.form_submit_button(_("Apply"), type="primary",
                                               key="thresholds.apply")
        reset = reset_col.form_submit_button(_("Reset to defaults"), key="thresholds.reset")
    if reset:
        session.set_thresholds(DEFAULTS)
        for f in fields(Thresholds):  # a keyed input keeps its value: let it take the default
            st.session_state.pop(f"{INPUT_KEY}{f.name}", None)
        st.rerun()
    if applied:
        if values["window_start_month"] >= values["window_end_month"]:
            st.error(_("The month-6 window must start before it ends."), icon=":material/error:")
        else:
            session.set_thresholds(Thresholds(**values))
            st.rerun()


st.subheader(_("This clinic's settings"))
clinic = session.clinic_settings()
st.caption(_("The hospital and department the report names, the unit each laboratory value "
             "is entered and shown in by default, and how many days from a visit a result "
             "brought in from the laboratory belongs to it. In clinic mode they are kept in the "
             "clinic database for every clinician; in this demo, for this browser tab."))
with st.form("clinic-settings"):
    name_col, department_col = st.columns(2)
    hospital = name_col.text_input(_("Hospital"), value=clinic.hospital, max_chars=MAX_NAME,
                                   key="clinic.hospital")
    department = department_col.text_input(_("Department"), value=clinic.department,
                                           max_chars=MAX_NAME, key="clinic.department")
    unit_cols = st.columns(len(UNIT_CHOICES))
    lab_units = {lab.code: col.selectbox(
        _("{quantity} unit").format(quantity=_(lab.label)), lab.units,
        index=lab.units.index(clinic.unit(lab.code)), key=f"clinic.unit.{lab.code}")
        for col, lab in zip(unit_cols, UNIT_CHOICES, strict=True)}
    window = st.number_input(_("A laboratory result belongs to a visit within (± days)"),
                             min_value=0, max_value=MAX_LAB_WINDOW_DAYS, step=1,
                             value=clinic.lab_window_days, key="clinic.lab_window_days")
    if st.form_submit_button(_("Save the clinic's settings"), type="primary",
                             icon=":material/save:"):
        session.set_clinic_settings(replace(clinic, hospital=hospital.strip(),
                                            department=department.strip(),
                                            lab_units=lab_units, lab_window_days=int(window)))
        st.toast(_("The clinic's settings are saved."), icon=":material/check:")

"""Patient page: enter or edit a patient's baseline, sites and regimen
(docs/clinical-rules.md §1, §6)."""
import streamlit as st

from igg4rd.language.i18n import _
from igg4rd.rules.model import RecordError, parse_patient, typed_totals_above_form
from igg4rd.rules.plausibility import new_implausible_values
from igg4rd.rules.problems import Problem
from igg4rd.ui import session
from igg4rd.ui.confirm import confirmed
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.page_scripts import VISITS
from igg4rd.ui.patient_form import PatientForm
from igg4rd.ui.saving import store
from igg4rd.ui.text import plain

require_app_frame()

patient_key = session.selected_id()
stored = session.selected_patient()
attempted_key = f"patient.{patient_key}.save_attempted"
pending_key = f"patient.{patient_key}.save_pending"  # asked for, waiting for a confirmation
CREATED = "patient.created"  # a new patient just saved: offer the next step


def mark_save_attempted() -> None:
    """Button callback (runs before the script): from now on, empty required fields count."""
    st.session_state[attempted_key] = True


st.title(_("New patient") if stored is None
         else _("Patient {patient_id}").format(patient_id=plain(stored.id)))
if stored is not None and st.session_state.pop(CREATED, None) == stored.id:
    with st.container(border=True):
        st.success(_("{patient_id} is saved. Next: enter the first visit.").format(
            patient_id=plain(stored.id)), icon=":material/check:")
        st.page_link(VISITS, label=_("Add the first visit"), icon=":material/add:")
st.caption(_("Numbers are entered with their unit and stored in canonical units. Nothing is "
             "saved until you press **Save patient**; the whole record is then checked."))
form = PatientForm(patient_key, stored, session.thresholds(), session.clinic_settings(),
                   record_number=session.current_deployment().mode == "clinic")
draft = form.draw()

try:
    patient, problems = parse_patient(draft), []
except RecordError as error:
    patient, problems = None, error.problems
if patient is not None:
    problems = typed_totals_above_form(stored, patient)
    patient = None if problems else patient
if form.typed_problems:  # a number that cannot be read is never saved as blank
    patient, problems = None, [*form.typed_problems, *problems]
if stored is None and patient is not None and session.registry().version_of(
        patient.id, active_only=False) is not None:
    patient, problems = None, [Problem(("id",), "already_used", patient.id)]

attempted = st.session_state.get(attempted_key, False)
unplaced = form.slots.show(problems, complain_if_empty=attempted)

st.divider()
save_col, status_col = st.columns([1, 3], vertical_alignment="center")
if save_col.button(_("Save patient"), type="primary", icon=":material/save:",
                   on_click=mark_save_attempted, key="patient.save"):
    st.session_state[pending_key] = True
if patient is None:  # refused: a later, valid form is saved only when asked again
    st.session_state[pending_key] = False
elif st.session_state.get(pending_key) and confirmed(
        f"{pending_key}.confirm", new_implausible_values(stored, patient, session.calendar_today()),
        cancel_key=pending_key):
    st.session_state[pending_key] = False
    if store(patient):
        st.toast(_("Saved {patient_id}.").format(patient_id=plain(patient.id)),
                 icon=":material/check:")
        if stored is None:
            st.session_state[CREATED] = patient.id
            session.select_next(patient.id)
            st.rerun()
        stored = patient
if problems and (attempted or unplaced or form.slots.flagged):
    fields = ", ".join(dict.fromkeys(form.slots.flagged))
    reasons = [*unplaced,
               *([_("fix the marked field(s): {fields}").format(fields=fields)] if fields else [])]
    status_col.error(plain(_("Not saved: {reasons}").format(reasons=" · ".join(reasons))),
                     icon=":material/error:")
elif stored is not None and patient == stored:
    status_col.success(_("Saved: the record matches the form."), icon=":material/check:")
else:
    status_col.warning(_("Unsaved changes."), icon=":material/edit_note:")

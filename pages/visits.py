"""Visits page: the visit log as an editable table, and a form to add one visit.

A changed table is judged as a whole patient; only a valid patient replaces the stored one, and
every invalid row is pointed at by number (never dropped). After a save the table is redrawn in
place from the stored patient (one script run per edit, no rerun).
"""
import streamlit as st

from igg4rd.assessment import assess
from igg4rd.model import Patient, RecordError, parse_patient
from igg4rd.taper import DAYS_PER_MONTH
from igg4rd.ui import session
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.visit_form import (add_visit_form, editor_key, has_edits, renew_editor,
                                  visit_table_config)
from igg4rd.ui.visit_table import patient_with_rows, row_problem, visit_frame
from igg4rd.ui.text import plain
from igg4rd.ui.widgets import outcome_banner, require_patient

require_app_frame()
patient = require_patient()


def draw_table(shown: Patient):
    return st.data_editor(visit_frame(shown), key=editor_key(shown.id), num_rows="dynamic",
                          hide_index=True, **visit_table_config())


def save(current: Patient, updated: Patient) -> Patient:
    """Store `updated`; on a conflict keep `current` (the message and a reload are drawn)."""
    if not session.store(updated):
        return current
    renew_editor(updated.id)
    return updated


def problem_list(title: str, error: RecordError) -> None:
    st.error(f"**{title}**  \n" + "  \n".join(f"- {plain(row_problem(p))}"
                                               for p in error.problems),
             icon=":material/error:")


st.title(f"Visits · {patient.id}")
banner = st.container()
st.caption(f"Month = days since the treatment start / {DAYS_PER_MONTH:g}. A blank "
           "glucocorticoid means the regimen's drug. Doses are converted to prednisone "
           "equivalents. Add a row with **+** at the table's foot; delete with the row's "
           "checkbox and the bin.")
table = st.empty()
with table.container():
    edited = draw_table(patient)
stored_before = patient
if has_edits(editor_key(patient.id)):
    try:
        patient = save(patient, patient_with_rows(patient, edited))
    except RecordError as error:
        problem_list("The table has invalid rows; nothing was saved. Fix them or discard the "
                     "edits.", error)
        st.button("Discard table edits", icon=":material/undo:", on_click=renew_editor,
                  args=(patient.id,))

new_visit = add_visit_form(patient)
if new_visit is not None:
    record = patient.to_record()
    record["visits"] = [*record.get("visits", []), new_visit]
    try:
        patient = save(patient, parse_patient(record))
    except RecordError as error:
        problem_list("Visit not added:", error)

if patient is not stored_before:
    with table.container():
        draw_table(patient)
with banner:
    outcome_banner(assess(patient, session.today(), session.thresholds()).goals)

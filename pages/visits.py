"""Visits page: the visit log as an editable table, and a form to add one visit.

A changed table is judged as a whole patient; only a valid patient replaces the stored one, and
every invalid row is pointed at by number (never dropped). After a save the table is redrawn in
place from the stored patient (one script run per edit, no rerun). The banner and the table are
a fragment: an edit in the grid reruns only them.
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
    """The editable table of this session's copy of `shown`; its rows are built once per
    stored version (st.data_editor copies them)."""
    rows = session.memoised(("visit rows", shown.id, session.loaded_version(shown.id)),
                            lambda: visit_frame(shown))
    return st.data_editor(rows, key=editor_key(shown.id), num_rows="dynamic", hide_index=True,
                          **visit_table_config())


def save(updated: Patient) -> bool:
    """Store `updated` and renew the table; on a conflict False (the message and a reload
    button are drawn)."""
    if not session.store(updated):
        return False
    renew_editor(updated.id)
    return True


def problem_list(title: str, error: RecordError) -> None:
    st.error(f"**{title}**  \n" + "  \n".join(f"- {plain(row_problem(p))}"
                                               for p in error.problems),
             icon=":material/error:")


@st.fragment
def visit_log() -> None:
    """The outcome banner and the visit table. A grid edit reruns only this fragment: the
    sidebar and the add-visit form are not rebuilt or resent on every edit (bench/sessions.py).
    """
    session.rerun_app_after_reload()
    patient = require_patient()
    banner = st.container()
    st.caption(f"Month = days since the treatment start / {DAYS_PER_MONTH:g}. A blank "
               "glucocorticoid means the regimen's drug. Doses are converted to prednisone "
               "equivalents. Add a row with **+** at the table's foot; delete with the row's "
               "checkbox and the bin.")
    table = st.empty()
    with table.container():
        edited = draw_table(patient)
    if has_edits(editor_key(patient.id)):
        try:
            updated = patient_with_rows(patient, edited)
        except RecordError as error:
            problem_list("The table has invalid rows; nothing was saved. Fix them or discard "
                         "the edits.", error)
            st.button("Discard table edits", icon=":material/undo:", on_click=renew_editor,
                      args=(patient.id,))
        else:
            if save(updated):
                patient = updated
                with table.container():
                    draw_table(patient)
    with banner:
        outcome_banner(assess(patient, session.today(), session.thresholds()).goals)


def add_visit(patient: Patient) -> None:
    """The add-visit form; a submitted visit is saved before the log above is drawn."""
    new_visit = add_visit_form(patient)
    if new_visit is None:
        return
    record = patient.to_record()
    record["visits"] = [*record.get("visits", []), new_visit]
    try:
        save(parse_patient(record))
    except RecordError as error:
        problem_list("Visit not added:", error)


st.title(f"Visits · {patient.id}")
log_area = st.container()
add_visit(patient)  # runs first, drawn below the log
with log_area:
    visit_log()

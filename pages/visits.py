"""Visits page: the visit log as an editable table, and the entry of one visit (or of a visit's
RI, rescored) below it.

A changed table is judged as a whole patient; only a valid patient replaces the stored one, and
every invalid row is pointed at by number (never dropped); an implausible value is saved only
once confirmed. After a save the table is redrawn in place from the stored patient (one script
run per edit, no rerun). The banner and the table are a fragment: an edit in the grid reruns
only them.
"""
from functools import partial

import streamlit as st

from igg4rd.entry.visit_table import (
    TableError,
    deleted_visits,
    patient_with_edits,
    row_problem,
    visit_frame,
    visit_summary,
)
from igg4rd.language.formats import number
from igg4rd.language.i18n import _
from igg4rd.render import charts
from igg4rd.rules.dates import DAYS_PER_MONTH
from igg4rd.rules.labs import LAB_VALUES
from igg4rd.rules.model import Patient, RecordError
from igg4rd.rules.plausibility import new_implausible_values
from igg4rd.ui import session
from igg4rd.ui.chart_view import chart, memoised_chart
from igg4rd.ui.confirm import asked, confirmed
from igg4rd.ui.frame import require_patient
from igg4rd.ui.lab_import import lab_import
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.page_scripts import ASSESSMENT
from igg4rd.ui.saving import store
from igg4rd.ui.text import plain
from igg4rd.ui.verdict import outcome_banner
from igg4rd.ui.visit_entry import entry_saved, visit_entry
from igg4rd.ui.visit_table_editor import editor_key, has_edits, renew_editor, visit_table_config

require_app_frame()
patient = require_patient()
UNIT_CHOICES = [lab for lab in LAB_VALUES if lab.trend and len(lab.units) > 1]


def shown_rows(shown: Patient):
    """The table's rows for this session's copy of `shown`, built once per stored version."""
    return session.memoised(("visit rows", shown.id, session.loaded_version(shown.id)),
                            lambda: visit_frame(shown))


def save(updated: Patient) -> bool:
    """Store `updated` and renew the table; on a conflict False (the message and a reload
    button are drawn)."""
    if not store(updated):
        return False
    renew_editor(updated.id)
    return True


def problem_list(title: str, lines: list[str]) -> None:
    st.error(f"**{title}**  \n" + "  \n".join(f"- {plain(line)}" for line in lines),
             icon=":material/error:")


NEW_VISIT = "visits.new_visit"  # the entry's change, for the log to save
SAVED = "visits.saved"  # the entry was saved: offer the assessment
UNDO = "visits.undo"  # the version before a deletion, to save again


def delete_confirmed(patient: Patient, key: str) -> bool:
    """Whether the table's edits delete no visit, or the clinician has confirmed the deletion
    of the visits named (date, dose, RI); "Keep" drops the table's edits."""
    gone = deleted_visits(patient, shown_rows(patient), st.session_state[key])
    if not gone:
        return True
    return asked(f"{key}.delete", _("Delete this visit?") if len(gone) == 1
                 else _("Delete these {count} visits?").format(count=len(gone)),
                 [visit_summary(patient, visit) for visit in gone], _("Keep the visit"),
                 _("Delete"), on_keep=partial(renew_editor, patient.id))


def offer_undo(before: Patient, after: Patient) -> None:
    """After a save that deleted visits: say so, with "Undo" (the version before saved again,
    audited as an undo). Shown on this run only: it never outlives the action it reports."""
    gone = [visit_summary(before, v) for v in before.visits if v.date not in
            {kept.date for kept in after.visits}]
    if not gone:
        return
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.info(_("Deleted: {visits}.").format(visits=plain(_("; ").join(gone))),
                icon=":material/delete:")
        st.button(_("Undo"), icon=":material/undo:", key=f"{UNDO}.button",
                  on_click=st.session_state.__setitem__, args=(UNDO, before))


def undo_if_asked(patient: Patient) -> Patient:
    """Save again the version before a deletion, when "Undo" was clicked (refused, with a
    reload, if the patient changed since)."""
    before = st.session_state.pop(UNDO, None)
    if before is None or before.id != patient.id or not store(before, action="undo"):
        return patient
    renew_editor(patient.id)
    st.success(_("Undone: the visits are back."), icon=":material/undo:")
    return before


def save_grid_edits(patient: Patient) -> tuple[Patient, bool]:
    """Save the table's edits, if any, each typed value parsed strictly; returns the patient now
    and whether no edit is left unsaved (refused cells and invalid rows are listed, with a button
    to discard them; a deletion is asked first)."""
    key = editor_key(patient.id)
    if not has_edits(key):
        return patient, True
    if not delete_confirmed(patient, key):
        return patient, False
    try:
        updated = patient_with_edits(patient, shown_rows(patient), st.session_state[key])
    except TableError as error:
        problem_list(_("The table has invalid rows; nothing was saved. Fix them or discard the "
                       "edits."), error.lines)
        st.button(_("Discard table edits"), icon=":material/undo:", on_click=renew_editor,
                  args=(patient.id,), key=f"{key}.discard-invalid")
        return patient, False
    warnings = new_implausible_values(patient, updated, session.calendar_today())
    if not confirmed(f"{key}.confirm", warnings):
        st.button(_("Discard table edits"), icon=":material/undo:", on_click=renew_editor,
                  args=(patient.id,), key=f"{key}.discard")
        return patient, False
    if not save(updated):
        return patient, False
    offer_undo(patient, updated)
    return updated, True


def save_new_visit(patient: Patient, grid_saved: bool) -> Patient:
    """Save the entry's change, if one was submitted below (not over unsaved table edits); after
    a save the whole page is drawn again, with an empty entry."""
    change = st.session_state.pop(NEW_VISIT, None)
    if change is None:
        return patient
    if not grid_saved:
        st.error(_("**Visit not saved:** the table's edits above were not saved; resolve them "
                   "first."), icon=":material/error:")
        return patient
    try:
        updated = change(patient)  # it may no longer fit: the table's edits were saved just before
    except RecordError as error:
        problem_list(_("Visit not saved:"), [row_problem(p) for p in error.problems])
        return patient
    if not save(updated):
        return patient
    entry_saved(patient.id)
    st.session_state[SAVED] = patient.id
    st.rerun()


@st.fragment
def visit_log() -> None:
    """The outcome banner and the visit table. A grid edit reruns only this fragment: the
    sidebar and the add-visit form are not rebuilt or resent on every edit (bench/sessions.py).
    Grid edits are saved first, then a visit submitted by the form below (in the same run).
    """
    patient = undo_if_asked(session.fragment_patient())
    if st.session_state.pop(SAVED, None) == patient.id:
        with st.container(border=True, horizontal=True, vertical_alignment="center"):
            st.success(_("The visit is saved."), icon=":material/check:")
            st.page_link(ASSESSMENT, label=_("See the assessment"),
                         icon=":material/monitoring:")
    banner = st.container()
    st.caption(_("Month = days since the treatment start / {days}. A blank glucocorticoid "
                 "means the regimen's drug. Doses are converted to prednisone equivalents. Add a "
                 "row with **+** at the table's foot; delete with the row's checkbox and the "
                 "bin.").format(days=number(DAYS_PER_MONTH)))
    table = st.container()  # drawn once, after the saves: one editor a run (bench/sessions.py)
    patient, grid_saved = save_grid_edits(patient)
    patient = save_new_visit(patient, grid_saved)
    with table:  # its edits are read from the editor's state as the browser sent them
        # (save_grid_edits), never from the coerced frame st.data_editor returns
        st.data_editor(shown_rows(patient), key=editor_key(patient.id), num_rows="dynamic",
                       hide_index=True, **visit_table_config())
    with banner:
        outcome_banner(session.assessment(patient))


st.title(_("Visits · {patient_id}").format(patient_id=plain(patient.id)))
log_area = st.container()
st.session_state[NEW_VISIT] = visit_entry(  # drawn below the log, saved by it
    patient, session.thresholds(), session.calendar_today(), session.clinic_settings())
with log_area:
    visit_log()
lab_import()  # laboratory results from the laboratory system (issue 25)

st.divider()
st.subheader(_("Trends over the visits"))
as_of, version = session.today(), session.loaded_version(patient.id)
chart(memoised_chart(("organ RI", patient.id, version, as_of),
                     lambda: charts.organ_ri_chart(patient, as_of)), key="organ-ri-chart")
unit_cols = st.columns(len(UNIT_CHOICES))
clinic = session.clinic_settings()  # each value in the clinic's unit, unless changed here
units = {lab.code: col.selectbox(_("{quantity} unit").format(quantity=_(lab.label)), lab.units,
                                 key=f"lab-units.{lab.code}",
                                 index=lab.units.index(clinic.unit(lab.code)))
         for col, lab in zip(unit_cols, UNIT_CHOICES, strict=True)}
chart(memoised_chart(
    ("lab trends", patient.id, version, as_of, session.thresholds(), tuple(units.items())),
    lambda: charts.lab_trends_chart(patient, as_of, session.thresholds(), units)),
    key="lab-trends-chart")
st.caption(_("Baseline and every visit up to the assessment date; the green band is the normal "
             "range (IgG4: up to its upper limit of normal; defaults on the Evidence page)."))

"""Patients page: the registry (search, sort, open, new, archive and restore), each patient's
audit trail, and import/export as JSON (igg4rd.patient/1) or CSV (README, 'CSV layout')."""
from functools import partial

import pandas as pd
import streamlit as st

from igg4rd.render.audit import change_words
from igg4rd.render.worklist import FILTERS, WorklistRow, matches, worklist_row
from igg4rd.storage.exchange import ImportRefused, export_csv, export_json, load_records
from igg4rd.storage.store import ConflictError
from igg4rd.ui import session
from igg4rd.ui.navigation import ASSESSMENT, require_app_frame
from igg4rd.ui.text import plain

require_app_frame()
PATIENT_PAGE = "pages/patient.py"


def open_patient(patient_id: str, page: str = ASSESSMENT) -> None:
    session.select_next(patient_id)
    st.switch_page(page)


def set_archived(patient_id: str, archived: bool, version: int) -> None:
    try:
        session.registry().set_archived(patient_id, archived, version, session.current_user())
    except ConflictError as conflict:
        st.session_state["patients.message"] = f"Not changed: {plain(conflict)}"
    session.reload(patient_id)


def registry_export(store, export) -> str:
    """The whole registry, archived patients marked, read when the download is clicked (so
    nothing is published at a media URL before)."""
    stored = store.list_patients(include_archived=True)
    return export([s.patient for s in stored], {s.patient.id for s in stored if s.archived})


def import_upload() -> None:
    """Validate every record of the uploaded file, then import all of them or none."""
    upload = st.session_state["patients.upload"]
    try:
        archived: set[str] = set()
        patients = load_records(upload.getvalue(),
                                "csv" if upload.name.lower().endswith(".csv") else "json",
                                archived)
        count = session.registry().import_patients(patients, session.current_user(), archived)
        st.session_state["patients.imported"] = f"Imported {count} patient(s) from {upload.name}."
    except (ImportRefused, ConflictError) as refused:
        st.session_state["patients.refused"] = getattr(refused, "problems", [str(refused)])


st.title("Patients")
st.caption(f"What needs doing, most urgent first: behind target, overdue, due this week. As of "
           f"{session.today().isoformat()}.")
search_col, archived_col, new_col = st.columns([3, 1, 1], vertical_alignment="bottom")
query = search_col.text_input("Search", placeholder="id, status, regimen, stratum…")
show_archived = archived_col.toggle("Show archived")
if new_col.button("New patient", icon=":material/person_add:", type="primary"):
    open_patient(session.NEW, PATIENT_PAGE)
chosen_filters = set(st.pills("Show only", FILTERS, selection_mode="multi",
                              key="patients.filters") or ())
if "patients.message" in st.session_state:
    st.error(st.session_state.pop("patients.message"), icon=":material/sync_problem:")

stored = {s.patient.id: s for s in session.stored_patients(include_archived=show_archived)}
rows = sorted((row for s in stored.values()
               if matches(row := worklist_row(s.patient, session.today(), session.thresholds()),
                          query) and row.passes(chosen_filters)),
              key=lambda row: row.attention)
table = pd.DataFrame([{**row.shown(), "archived": stored[row.id].archived} for row in rows],
                     columns=[*WorklistRow.COLUMNS, "archived"])
st.caption(f"{len(rows)} of {len(stored)} patient(s). Select a row to open it.")
selection = st.dataframe(
    table, hide_index=True, on_select="rerun", selection_mode="single-row",
    key="patients.table", width="stretch",
    column_config={"month of stage": st.column_config.NumberColumn(format="%.1f mo"),
                   "status": st.column_config.TextColumn(width="large")},
    column_order=[*WorklistRow.COLUMNS, *(["archived"] if show_archived else [])])

chosen = selection.selection.rows if selection else []
if chosen:
    picked = stored[table.iloc[chosen[0]]["id"]]
    patient_id = picked.patient.id
    st.subheader(plain(patient_id))
    open_col, edit_col, archive_col = st.columns(3)
    if open_col.button("Open assessment", icon=":material/monitoring:",
                       disabled=picked.archived):
        open_patient(patient_id)
    if edit_col.button("Edit visits", icon=":material/edit_calendar:", disabled=picked.archived):
        open_patient(patient_id, "pages/visits.py")
    archive_col.button("Restore" if picked.archived else "Archive", on_click=set_archived,
                       args=(patient_id, not picked.archived, picked.version),
                       icon=":material/unarchive:" if picked.archived
                       else ":material/archive:",
                       help="Archiving hides the patient from the picker; it can be restored.")
    st.markdown("**Audit trail** (who changed what, and when; times in UTC)")
    st.caption(f"Version {picked.version}, last changed by {plain(picked.updated_by)} on "
               f"{picked.updated_at:%Y-%m-%d %H:%M} UTC.")
    st.dataframe(pd.DataFrame([
        {"version": e.version, "when": e.at.strftime("%Y-%m-%d %H:%M:%S"), "who": e.user,
         "action": e.action,
         "changes": "; ".join(change_words(c, picked.patient) for c in e.changes) or "—"}
        for e in reversed(session.registry().audit_trail(patient_id))]), hide_index=True,
        width="stretch")

st.divider()
import_col, export_col = st.columns(2)
with import_col:
    st.subheader("Import")
    st.file_uploader("A JSON list of igg4rd.patient/1 records, or the CSV layout",
                     type=["json", "csv"], key="patients.upload")
    st.button("Import all records", icon=":material/upload:", on_click=import_upload,
              disabled=st.session_state.get("patients.upload") is None)
    if "patients.imported" in st.session_state:
        st.success(st.session_state.pop("patients.imported"), icon=":material/check:")
    if "patients.refused" in st.session_state:
        problems = st.session_state.pop("patients.refused")
        st.error(f"**Nothing imported.** {len(problems)} problem(s):  \n"
                 + "  \n".join(f"- {plain(p)}" for p in problems[:50]), icon=":material/error:")
with export_col:
    st.subheader("Export")
    store = session.registry()
    st.download_button("Registry as JSON", partial(registry_export, store, export_json),
                       "igg4rd-registry.json", mime="application/json", on_click="ignore",
                       icon=":material/download:")
    st.download_button("Registry as CSV (one row per visit)",
                       partial(registry_export, store, export_csv), "igg4rd-registry.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:")
    st.caption("Exports include archived patients (marked, so an import restores them "
               "archived). They are built when you click, never before. CSV cells that a "
               "spreadsheet would run as a formula are neutralised.")

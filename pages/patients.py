"""Patients page: the registry (search, sort, open, new, archive and restore), each patient's
audit trail, and import/export as JSON (igg4rd.patient/1) or CSV (README, 'CSV layout')."""
from functools import partial

import pandas as pd
import streamlit as st

from igg4rd.language.formats import date_text, moment_text
from igg4rd.language.i18n import _
from igg4rd.render.audit import ACTION_WORDS, change_words
from igg4rd.render.worklist import COLUMN_WORDS, FILTERS, WorklistRow, matches, worklist_row
from igg4rd.storage.exchange import ImportRefused, export_csv, export_json, load_records
from igg4rd.storage.store import ConflictError
from igg4rd.ui import session
from igg4rd.ui.navigation import ASSESSMENT, require_app_frame
from igg4rd.ui.text import plain

require_app_frame()
PATIENT_PAGE = "pages/patient.py"
AUDIT_COLUMNS = {"version": st.column_config.Column(_("version")),  # the columns keep their codes
                 "when": st.column_config.Column(_("when")),
                 "who": st.column_config.Column(_("who")),
                 "action": st.column_config.Column(_("action")),
                 "changes": st.column_config.Column(_("changes"))}


def open_patient(patient_id: str, page: str = ASSESSMENT) -> None:
    session.select_next(patient_id)
    st.switch_page(page)


def set_archived(patient_id: str, archived: bool, version: int) -> None:
    session.use_session_language()  # a callback runs before the frame sets the language
    try:
        session.registry().set_archived(patient_id, archived, version, session.current_user())
    except ConflictError as conflict:
        st.session_state["patients.message"] = _("Not changed: {reason}").format(
            reason=plain(conflict))
    session.reload(patient_id)


def registry_export(store, export) -> str:
    """The whole registry, archived patients marked, read when the download is clicked (so
    nothing is published at a media URL before)."""
    stored = store.list_patients(include_archived=True)
    return export([s.patient for s in stored], {s.patient.id for s in stored if s.archived})


def import_upload() -> None:
    """Validate every record of the uploaded file, then import all of them or none (the
    problems worded in the session's language: a callback runs before the frame sets it)."""
    session.use_session_language()
    upload = st.session_state["patients.upload"]
    try:
        archived: set[str] = set()
        patients = load_records(upload.getvalue(),
                                "csv" if upload.name.lower().endswith(".csv") else "json",
                                archived)
        count = session.registry().import_patients(patients, session.current_user(), archived)
        st.session_state["patients.imported"] = _(
            "Imported {count} patient(s) from {file}.").format(count=count,
                                                              file=plain(upload.name))
    except (ImportRefused, ConflictError) as refused:
        st.session_state["patients.refused"] = getattr(refused, "problems", [str(refused)])


st.title(_("Patients"))
st.caption(_("What needs doing, most urgent first: behind target, overdue, due this week. As of "
             "{day}.").format(day=date_text(session.today())))
search_col, archived_col, new_col = st.columns([3, 1, 1], vertical_alignment="bottom")
query = search_col.text_input(_("Search"), placeholder=_("id, status, regimen, stratum…"),
                              key="patients.search")
show_archived = archived_col.toggle(_("Show archived"), key="patients.show_archived")
if new_col.button(_("New patient"), icon=":material/person_add:", type="primary",
                  key="patients.new"):
    open_patient(session.NEW, PATIENT_PAGE)
# the filters' codes are chosen and matched; their words are shown
chosen_filters = set(st.pills(_("Show only"), list(FILTERS), selection_mode="multi",
                              format_func=FILTERS.__getitem__, key="patients.filters") or ())
if "patients.message" in st.session_state:
    st.error(st.session_state.pop("patients.message"), icon=":material/sync_problem:")

stored = {s.patient.id: s for s in session.stored_patients(include_archived=show_archived)}
rows = sorted((row for s in stored.values()
               if matches(row := worklist_row(s.patient, session.today(), session.thresholds()),
                          query) and row.passes(chosen_filters)),
              key=lambda row: row.attention)
table = pd.DataFrame([{**row.shown(), "archived": stored[row.id].archived} for row in rows],
                     columns=[*WorklistRow.COLUMNS, "archived"])
st.caption(_("{shown} of {total} patient(s). Select a row to open it.").format(
    shown=len(rows), total=len(stored)))
selection = st.dataframe(
    table, hide_index=True, on_select="rerun", selection_mode="single-row",
    key="patients.table", width="stretch",
    column_config={  # the columns keep their codes; the headers are words
        **{column: st.column_config.Column(COLUMN_WORDS[column])
           for column in [*WorklistRow.COLUMNS, "archived"]},
        "month of stage": st.column_config.NumberColumn(COLUMN_WORDS["month of stage"],
                                                        format=_("%.1f mo")),
        "status": st.column_config.TextColumn(COLUMN_WORDS["status"], width="large")},
    column_order=[*WorklistRow.COLUMNS, *(["archived"] if show_archived else [])])

chosen = selection.selection.rows if selection else []
if chosen:
    picked = stored[table.iloc[chosen[0]]["id"]]
    patient_id = picked.patient.id
    st.subheader(plain(patient_id))
    open_col, edit_col, archive_col = st.columns(3)
    if open_col.button(_("Open assessment"), icon=":material/monitoring:",
                       disabled=picked.archived, key="patients.open"):
        open_patient(patient_id)
    if edit_col.button(_("Edit visits"), icon=":material/edit_calendar:",
                       disabled=picked.archived, key="patients.edit_visits"):
        open_patient(patient_id, "pages/visits.py")
    archive_col.button(_("Restore") if picked.archived else _("Archive"), on_click=set_archived,
                       args=(patient_id, not picked.archived, picked.version),
                       icon=":material/unarchive:" if picked.archived
                       else ":material/archive:", key="patients.archive",
                       help=_("Archiving hides the patient from the picker; it can be "
                              "restored."))
    st.markdown(_("**Audit trail** (who changed what, and when; times in UTC)"))
    st.caption(_("Version {version}, last changed by {user} on {when} UTC.").format(
        version=picked.version, user=plain(picked.updated_by),
        when=moment_text(picked.updated_at, seconds=False)))
    st.dataframe(pd.DataFrame([
        {"version": e.version, "when": moment_text(e.at), "who": e.user,
         "action": ACTION_WORDS.get(e.action, e.action),
         "changes": _("; ").join(change_words(c, picked.patient) for c in e.changes) or "—"}
        for e in reversed(session.registry().audit_trail(patient_id))]), hide_index=True,
        width="stretch", column_config=AUDIT_COLUMNS)

st.divider()
import_col, export_col = st.columns(2)
with import_col:
    st.subheader(_("Import"))
    st.file_uploader(_("A JSON list of igg4rd.patient/1 records, or the CSV layout"),
                     type=["json", "csv"], key="patients.upload")
    st.button(_("Import all records"), icon=":material/upload:", on_click=import_upload,
              disabled=st.session_state.get("patients.upload") is None, key="patients.import")
    if "patients.imported" in st.session_state:
        st.success(st.session_state.pop("patients.imported"), icon=":material/check:")
    if "patients.refused" in st.session_state:
        problems = st.session_state.pop("patients.refused")
        st.error(_("**Nothing imported.** {count} problem(s):").format(count=len(problems))
                 + "  \n" + "  \n".join(f"- {plain(p)}" for p in problems[:50]),
                 icon=":material/error:")
with export_col:
    st.subheader(_("Export"))
    store = session.registry()
    st.download_button(_("Registry as JSON"), partial(registry_export, store, export_json),
                       "igg4rd-registry.json", mime="application/json", on_click="ignore",
                       icon=":material/download:", key="patients.export_json")
    st.download_button(_("Registry as CSV (one row per visit)"),
                       partial(registry_export, store, export_csv), "igg4rd-registry.csv",
                       mime="text/csv", on_click="ignore", icon=":material/download:",
                       key="patients.export_csv")
    st.caption(_("Exports include archived patients (marked, so an import restores them "
                 "archived). They are built when you click, never before. CSV cells that a "
                 "spreadsheet would run as a formula are neutralised."))

"""Patients page: the registry (search, sort, open, new, archive and restore), each patient's
audit trail, and import/export as JSON (igg4rd.patient/1) or CSV (README, 'CSV layout')."""
from dataclasses import dataclass
from functools import partial
from typing import Any, NamedTuple

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from igg4rd.language.formats import date_text, moment_text
from igg4rd.language.i18n import N_, _
from igg4rd.render.audit import ACTION_WORDS, change_words
from igg4rd.render.palette import STATUS_LOOK
from igg4rd.render.worklist import COLUMN_WORDS, FILTERS, WorklistRow, matches
from igg4rd.rules.plausibility import unusual_in_import
from igg4rd.storage.exchange import ImportRefused, load_records, registry_export
from igg4rd.storage.store import ConflictError, Store
from igg4rd.ui import session
from igg4rd.ui.confirm import asked
from igg4rd.ui.kept import Kept
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.page_scripts import ASSESSMENT, PATIENT, VISITS
from igg4rd.ui.text import plain

require_app_frame()
PAGE_ROWS = 100  # worklist rows a page (a clinic's thousands are paged, never all sent)
IMPORT_PENDING = "patients.import_pending"  # a validated file with unusual values to confirm
IMPORTING = "patients.importing"  # a file being imported: still set after a stopped run
EXPORT_FORMATS = {"json": (N_("JSON"), "application/json"),
                  "csv": (N_("CSV (one row per visit)"), "text/csv")}
KEPT_EXPORTS = 2  # prepared registry exports kept per process (78 MB of JSON at 50,000)
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


class ExportKey(NamedTuple):
    """What a prepared export depends on: the registry as of its last change, the format."""

    registry: Store
    change: int
    fmt: str


@st.cache_resource(show_spinner=False)
def _prepared_exports() -> Kept[str]:
    """Registry exports prepared on request, shared by every session of the process (the last
    `KEPT_EXPORTS`), keyed by the registry as of its last change and the format."""
    return Kept(KEPT_EXPORTS)


def export_section() -> None:
    """The registry as a file: prepared on request with its progress (a click on Cancel, or
    anywhere, stops it: nothing kept), then downloaded; a file is published at a media URL
    only when its download is clicked."""
    st.subheader(_("Export"))
    fmt = st.radio(_("Format"), list(EXPORT_FORMATS), horizontal=True,
                   format_func=lambda code: _(EXPORT_FORMATS[code][0]),
                   key="patients.export_format")
    key = ExportKey(session.registry(), session.change_number(), fmt)
    if _prepared_exports().get(key) is None:
        if st.button(_("Prepare the export"), icon=":material/downloading:",
                     key="patients.prepare_export"):
            _prepare_export(key)
    else:
        label, mime = EXPORT_FORMATS[fmt]
        st.download_button(_("Download the registry ({format})").format(format=_(label)),
                           partial(_prepared_or_made, key), f"igg4rd-registry.{fmt}",
                           mime=mime, on_click="ignore", icon=":material/download:",
                           key="patients.export")
    st.caption(_("Exports include archived patients (marked, so an import restores them "
                 "archived). They are made when you ask, never before. CSV cells that a "
                 "spreadsheet would run as a formula are neutralised."))


def _prepared_or_made(key: ExportKey) -> str:
    """The prepared export; made again (without progress) if others have pushed it out."""
    return _prepared_exports().get(key) or registry_export(key.registry, key.fmt)


def _prepare_export(key: ExportKey) -> None:
    st.button(_("Cancel the export"), icon=":material/cancel:", key="patients.cancel_export")
    bar = st.progress(0.0, text=_("Preparing the export…"))
    text = registry_export(key.registry, key.fmt, progress=lambda done, total: bar.progress(
        done / total, text=_("Exported {done} of {total} patient(s)…").format(
            done=done, total=total)))
    _prepared_exports().put(key, text)
    st.rerun()  # the download in place of the button


@dataclass(frozen=True)
class PendingImport:
    """A validated file waiting for its unusual values to be confirmed."""

    patients: list
    archived: set[str]
    file: str
    unusual: list[str]


def import_upload() -> None:
    """Validate every record of the uploaded file, then import all of them or none. Values a
    form would have asked to confirm are listed first (`IMPORT_PENDING`). A long file shows its
    progress, and a click on Cancel (or anywhere: it stops this run) keeps nothing."""
    upload = st.session_state["patients.upload"]
    st.session_state[IMPORTING] = upload.name
    st.button(_("Cancel the import"), icon=":material/cancel:", key="patients.cancel_import")
    bar = st.progress(0.0, text=_("Reading {file}…").format(file=plain(upload.name)))
    try:
        archived: set[str] = set()
        patients = load_records(upload.getvalue(),
                                "csv" if upload.name.lower().endswith(".csv") else "json",
                                archived, progress=partial(_read_progress, bar))
    except ImportRefused as refused:
        st.session_state["patients.refused"] = refused.problems
        st.session_state.pop(IMPORTING, None)
        return
    numbered = [p.id for p in patients if p.record_number]
    if numbered and session.current_deployment().mode == "demo":
        st.session_state["patients.refused"] = [_(
            "{patient_id}: a hospital record number belongs to clinic mode, never to this "
            "shared demo").format(patient_id=patient_id) for patient_id in numbered]
        st.session_state.pop(IMPORTING, None)
        return
    pending = PendingImport(patients, archived, upload.name,
                            unusual_in_import(patients, session.calendar_today()))
    if pending.unusual:
        st.session_state[IMPORT_PENDING] = pending
        st.session_state.pop(IMPORTING, None)
        st.rerun()  # the dialog asks
    else:
        import_records(pending, bar)


def _read_progress(bar: Any, done: int, total: int | None) -> None:
    """The file's records checked (their total not yet known), then read."""
    if total is None:
        bar.progress(0.0, text=_("Checked {done} record(s)…").format(done=done))
    else:
        bar.progress(done / total, text=_("Read {done} of {total} record(s)…").format(
            done=done, total=total))


def import_records(pending: PendingImport, bar: Any = None) -> None:
    """All the file's records, or none (a patient already there refuses the whole file; a
    cancel, or a run stopped by any click, rolls every one back)."""
    st.session_state[IMPORTING] = pending.file
    total = len(pending.patients)
    bar = bar or st.progress(0.0)
    try:
        count = session.registry().import_patients(
            pending.patients, session.current_user(), pending.archived,
            lambda done: bar.progress(done / total, text=_(
                "Imported {done} of {total} patient(s)…").format(done=done, total=total)))
    except ConflictError as refused:
        st.session_state["patients.refused"] = [str(refused)]
        st.session_state.pop(IMPORTING, None)
        return
    st.session_state.pop(IMPORTING, None)
    st.session_state["patients.imported"] = _(
        "Imported {count} patient(s) from {file}.").format(count=count, file=plain(pending.file))
    st.rerun()  # the worklist above, drawn before the import, again


def confirm_pending_import() -> None:
    """The unusual values of a file asked about, by patient, date and field; imported only once
    confirmed."""
    pending = st.session_state.get(IMPORT_PENDING)
    if pending is None:
        return
    if asked(f"{IMPORT_PENDING}.ask", _("Import {file} with these unusual values?").format(
                 file=plain(pending.file)), pending.unusual, _("Go back: import nothing"),
             _("Import with these values"), on_keep=partial(st.session_state.pop,
                                                            IMPORT_PENDING, None),
             go_icon=":material/upload:"):
        st.session_state.pop(IMPORT_PENDING)
        import_records(pending)


st.title(_("Patients"))
st.caption(_("What needs doing, most urgent first: behind target, overdue, due this week. As of "
             "{day}.").format(day=date_text(session.today())))
search_col, archived_col, new_col = st.columns([3, 1, 1], vertical_alignment="bottom")
query = search_col.text_input(_("Search"), placeholder=_("id, status, regimen, stratum…"),
                              key="patients.search")
show_archived = archived_col.toggle(_("Show archived"), key="patients.show_archived")
if new_col.button(_("New patient"), icon=":material/person_add:", type="primary",
                  key="patients.new"):
    open_patient(session.NEW, PATIENT)
# the filters' codes are chosen and matched; their words are shown
chosen_filters = set(st.pills(_("Show only"), list(FILTERS), selection_mode="multi",
                              format_func=FILTERS.__getitem__, key="patients.filters") or ())
if "patients.message" in st.session_state:
    st.error(st.session_state.pop("patients.message"), icon=":material/sync_problem:")

every = session.worklist(include_archived=show_archived)  # shared by every session
found = sorted(((row, archived) for row, archived in every
                if matches(row, query) and row.passes(chosen_filters)),
               key=lambda found_row: found_row[0].attention)
pages_count = max(1, -(-len(found) // PAGE_ROWS))
page = (st.number_input(_("Page"), min_value=1, max_value=pages_count, step=1,
                        key="patients.page") if pages_count > 1 else 1)
shown_rows = found[(page - 1) * PAGE_ROWS:page * PAGE_ROWS]
table = pd.DataFrame([{**row.shown(), "archived": archived, "status code": row.status_code}
                      for row, archived in shown_rows],
                     columns=[*WorklistRow.COLUMNS, "archived", "status code"])
st.caption((_("{shown} of {total} patient(s). Select a row to open it.") if pages_count == 1
            else _("{shown} of {total} patient(s), page {page} of {pages} ({size} a page). "
                   "Select a row to open it.")).format(
    shown=len(found), total=len(every), page=page, pages=pages_count, size=PAGE_ROWS))
COLUMN_CONFIG = {  # the columns keep their codes; the headers are words (widths: 1366 px)
    **{column: st.column_config.Column(COLUMN_WORDS[column])
       for column in [*WorklistRow.COLUMNS, "archived"]},
    "status": st.column_config.TextColumn(COLUMN_WORDS["status"], width=130, pinned=True),
    "id": st.column_config.TextColumn(COLUMN_WORDS["id"], width=170),
    "next step": st.column_config.TextColumn(COLUMN_WORDS["next step"], width=170),
    "next visit": st.column_config.TextColumn(COLUMN_WORDS["next visit"], width=175),
    "month of stage": st.column_config.NumberColumn(COLUMN_WORDS["month of stage"],
                                                    format=_("%.1f mo"), width=70),
    "month-6 visit": st.column_config.TextColumn(COLUMN_WORDS["month-6 visit"], width=200),
    "risk stratum": st.column_config.TextColumn(COLUMN_WORDS["risk stratum"], width=80),
    "regimen": st.column_config.TextColumn(COLUMN_WORDS["regimen"], width=130),
    "why": st.column_config.TextColumn(COLUMN_WORDS["why"], width="large")}
PHONE_WIDTHS = {"status": 112, "next step": 158, "id": 50}  # and the row marker: a phone's width


def status_colours(table: pd.DataFrame, columns: list[str]) -> Styler:
    """The worklist's `columns` only (a Styler formats every cell it holds, every run), the
    status cells coloured by their status (the symbol and the word carry it)."""
    codes = dict(zip(table.index, table["status code"], strict=True))
    return table[columns].style.apply(
        lambda column: [f"color: {STATUS_LOOK[codes[i]].colour}" for i in column.index],
        subset=["status"])


def worklist_table(key: str, columns: list[str], config: dict) -> list[int]:
    """The worklist with `columns` (in a container keyed `key`: the page's style shows the whole
    table on a wider screen, the first columns on a phone); the selected row, if any."""
    with st.container(key=key):
        selection = st.dataframe(status_colours(table, columns), hide_index=True,
                                 on_select="rerun", selection_mode="single-row",
                                 key=f"patients.{key}",
                                 width="stretch", column_config=config, column_order=columns)
    return selection.selection.rows if selection else []


# on a phone: the status and the next step, the rest in the selected row's detail below
chosen = (worklist_table("worklist-full", [*WorklistRow.COLUMNS,
                                           *(["archived"] if show_archived else [])],
                         COLUMN_CONFIG)
          or worklist_table("worklist-compact", list(WorklistRow.PHONE_COLUMNS), {
              **COLUMN_CONFIG, **{name: st.column_config.TextColumn(
                  COLUMN_WORDS[name], width=width, pinned=name == "status")
                  for name, width in PHONE_WIDTHS.items()}}))
if chosen and chosen[0] < len(shown_rows):
    row = shown_rows[chosen[0]][0]
    picked = session.registry().get(row.id)  # read when selected: its version and audit
    patient_id = picked.patient.id
    st.subheader(plain(patient_id))
    st.markdown(_("**{status}**: {why}. Next step: {step}. Next visit: {visit}.").format(
        status=row.status, why=row.why, step=row.next_step, visit=row.next_visit))
    open_col, edit_col, archive_col = st.columns(3)
    if open_col.button(_("Open assessment"), icon=":material/monitoring:",
                       disabled=picked.archived, key="patients.open"):
        open_patient(patient_id)
    if edit_col.button(_("Edit visits"), icon=":material/edit_calendar:",
                       disabled=picked.archived, key="patients.edit_visits"):
        open_patient(patient_id, VISITS)
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
    if IMPORTING in st.session_state:  # the run that imported was stopped: nothing was kept
        st.warning(_("The import of {file} was cancelled: nothing was imported.").format(
            file=plain(st.session_state.pop(IMPORTING))), icon=":material/cancel:")
    if st.button(_("Import all records"), icon=":material/upload:",
                 disabled=st.session_state.get("patients.upload") is None,
                 key="patients.import"):
        import_upload()
    confirm_pending_import()
    if "patients.imported" in st.session_state:
        st.success(st.session_state.pop("patients.imported"), icon=":material/check:")
    if "patients.refused" in st.session_state:
        problems = st.session_state.pop("patients.refused")
        st.error(_("**Nothing imported.** {count} problem(s):").format(count=len(problems))
                 + "  \n" + "  \n".join(f"- {plain(p)}" for p in problems[:50]),
                 icon=":material/error:")
with export_col:
    export_section()

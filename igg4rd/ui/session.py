"""Per-session state over the patient store: this tab's working copies, who is editing, the
selected patient, thresholds and 'today'.

Demo mode (architecture.md, 'State'): each browser session gets its own in-memory store seeded
with the synthetic demo patients; nothing typed reaches another session or the disk. Clinic
mode: one persistent store shared by every session (`igg4rd.config`). Either way a patient is
pinned at the version this session loaded, and saved against it (optimistic concurrency): a
stale save is refused with an offer to reload, never a silent overwrite.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Hashable
from datetime import date
from typing import TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from igg4rd.language.i18n import _, current_language, language_for, set_language
from igg4rd.render.worklist import WorklistRow
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import DEFAULTS, Thresholds
from igg4rd.storage import config
from igg4rd.storage.clinic_settings import ClinicSettings, load_settings, save_settings
from igg4rd.storage.config import Deployment, deployment, redacted, scrubbed
from igg4rd.storage.store import ConflictError, SchemaError, Store, StoredPatient
from igg4rd.synthetic.patients import demo_patients
from igg4rd.ui.text import plain
from igg4rd.ui.visit_table_editor import editor_generation_key, renew_editor
from igg4rd.ui.worklist_rows import SharedRows

NEW = "__new__"  # picker choice: a new patient, entered from empty
PATIENTS = "igg4rd.patients"  # id -> this session's working copy (pinned version)
VERSIONS = "igg4rd.versions"  # id -> the stored version that copy was loaded at
DEMO_STORE = "igg4rd.demo_store"
DEPLOYMENT = "igg4rd.deployment"
USER = "igg4rd.user"
PICKER = "igg4rd.picker"
THRESHOLDS = "igg4rd.thresholds"
TODAY = "igg4rd.today"
LANGUAGE = "igg4rd.language"  # the session's language (the sidebar's switch)
DEMO_USER = "demo visitor"
_PENDING_SELECTION = "igg4rd.select_next"
_MEMO, _MEMO_SIZE = "igg4rd.memo", 8
DEMO_ROWS = "igg4rd.demo_rows"  # a demo session's worklist rows (its own store)
PICKER_ALL = 200  # a registry this small is listed whole in the picker
_RELOADED = "igg4rd.reloaded"  # set by `reload`; cleared by the next whole-app run
_RUN_CHANGE = "igg4rd.run_change"  # the registry's change number as this run read it
_UNCHANGED_READS = "igg4rd.unchanged_reads"  # what = (change number, value read then)


T = TypeVar("T")
_LOG = logging.getLogger("igg4rd")


def memoised(key: Hashable, build: Callable[[], T]) -> T:
    """`build()`, kept in this session under `key` (which must name everything it depends on,
    e.g. a patient's id and loaded version) and the language of the run (what is built may hold
    words): a rerun with the same key reuses it."""
    built = st.session_state.setdefault(_MEMO, {})
    key = (current_language(), key)
    if key not in built:
        if len(built) >= _MEMO_SIZE:
            built.clear()
        built[key] = build()
    return built[key]


def today() -> date:
    """The assessment date: the sidebar's 'as of' date when one is chosen, else the calendar's."""
    return st.session_state.get(TODAY) or calendar_today()


def calendar_today() -> date:
    """Today: env IGG4RD_TODAY (tests, demos of a fixed date), else the calendar's."""
    fixed = os.environ.get("IGG4RD_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


def _secrets() -> dict:
    """The Streamlit secrets, or {} when there is no secrets file (Streamlit's error for that
    is a FileNotFoundError)."""
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:
        return {}


def current_deployment() -> Deployment:
    """Demo or clinic mode, from the environment and the secrets (raises ConfigError); read
    once per session."""
    if DEPLOYMENT not in st.session_state:
        st.session_state[DEPLOYMENT] = deployment(os.environ, _secrets())
    return st.session_state[DEPLOYMENT]


def clinic_password() -> str:
    return config.clinic_password(os.environ, _secrets()) or ""


@st.cache_resource(show_spinner="Opening the patient database…")
def _clinic_store(url: str) -> tuple[Store, str | None]:
    """One store (engine and connection pool) per process, shared by every session."""
    return Store.open(url)


def registry() -> Store:
    """This session's store: a private seeded in-memory one (demo) or the clinic's."""
    setup = current_deployment()
    if setup.mode == "clinic":
        return _clinic_store(setup.database_url)[0]
    if DEMO_STORE not in st.session_state:
        store = Store.open(setup.database_url)[0]
        store.import_patients(demo_patients(today()), DEMO_USER)
        st.session_state[DEMO_STORE] = store
    return st.session_state[DEMO_STORE]


def require_registry() -> None:
    """Stop the page with the reason when the clinic database cannot be opened: written by a
    newer igg4rd (said), or unreachable (the details, credentials scrubbed, go to the server's
    log only: the page may be shown before a login)."""
    try:
        registry()
    except SchemaError as error:
        _database_unavailable(str(error))
    except SQLAlchemyError as error:
        url = current_deployment().database_url
        _LOG.error("cannot open the clinic database %s: %s", redacted(url),
                   scrubbed(str(error).splitlines()[0] if str(error) else repr(error), url))
        _database_unavailable(_("it cannot be reached; the server's log says why"))


def _database_unavailable(reason: str) -> None:
    st.error(_("**The clinic database cannot be opened:** {reason}. Nothing is shown or saved "
               "until it can; tell the clinic's administrator.").format(reason=plain(reason)),
             icon=":material/database:")
    st.stop()


def upgraded_from() -> str | None:
    """The schema revision the clinic database was upgraded from on start, if it was."""
    setup = current_deployment()
    return _clinic_store(setup.database_url)[1] if setup.mode == "clinic" else None


def current_user() -> str:
    """Who is editing, for the audit trail."""
    return st.session_state.get(USER, DEMO_USER)


def report_author() -> str | None:
    """The clinician a report names: the logged-in user in clinic mode, no one in a demo."""
    return current_user() if current_deployment().mode == "clinic" else None


def patient(patient_id: str) -> Patient | None:
    """This session's copy of an active patient: read once, when first opened, at the version
    this session loaded (so a colleague's later save cannot shift the ground under an edit; a
    patient saved elsewhere since is flagged by `newer_version`); None if there is none or it
    is archived. A session holds only the patients it opened."""
    pinned = st.session_state.setdefault(PATIENTS, {})
    versions = st.session_state.setdefault(VERSIONS, {})
    if _stored_version(patient_id) is None:
        pinned.pop(patient_id, None)
        return None
    if patient_id not in pinned:
        stored = registry().get(patient_id)
        pinned[patient_id], versions[patient_id] = stored.patient, stored.version
    return pinned[patient_id]


def picker_choices() -> dict[str, bool]:
    """The patients the picker offers, each with whether it is synthetic: every active one in a
    small registry (up to `PICKER_ALL`, from the shared worklist rows: no record read), else the
    ones this session opened (the Patients page searches the rest)."""
    if _unless_changed("active patients", registry().active_count) > PICKER_ALL:
        opened = {pid: patient(pid) for pid in sorted(st.session_state.get(PATIENTS, {}))}
        return {pid: p.synthetic for pid, p in opened.items() if p is not None}
    return {row.id: row.synthetic for row, _archived in worklist(include_archived=False)}


def worklist(include_archived: bool) -> list[tuple[WorklistRow, bool]]:
    """Every patient's worklist row as of the assessment date, shared by every session of this
    process (clinic mode) and refreshed for the patients written since (`worklist_rows`)."""
    setup = current_deployment()
    if setup.mode == "clinic":
        shared = _shared_rows(setup.database_url)
    else:
        shared = st.session_state.setdefault(DEMO_ROWS, SharedRows(registry()))
    return shared.rows(today(), thresholds(), include_archived, change_number())


@st.cache_resource(show_spinner=False)
def _shared_rows(url: str) -> SharedRows:
    """One set of worklist rows per process and database."""
    return SharedRows(_clinic_store(url)[0])


def loaded_version(patient_id: str) -> int | None:
    """The stored version this session's copy of the patient was loaded or saved at."""
    return st.session_state.get(VERSIONS, {}).get(patient_id)


def selected_id() -> str:
    """The id chosen in the picker, or NEW."""
    return st.session_state.get(PICKER) or next(iter(picker_choices()), NEW)


def selected_patient() -> Patient | None:
    """The selected patient (this session's copy), or None for a new one."""
    chosen = selected_id()
    return None if chosen == NEW else patient(chosen)


def newer_version(patient_id: str) -> StoredPatient | None:
    """The stored patient if someone saved it after this session loaded it, else None."""
    loaded = loaded_version(patient_id)
    current = _stored_version(patient_id)
    if loaded is None or current is None or current <= loaded:
        return None
    return registry().get(patient_id)


def store(patient: Patient, action: str | None = None, source: dict[str, str] | None = None
          ) -> bool:
    """Save a whole, validated patient against the version this session loaded (`action`: the
    audit's, when not a plain create or update; `source`: where the values came from).

    On a conflict nothing is written: the message and a reload button are drawn where the save
    was asked for, and False is returned.
    """
    versions = st.session_state.setdefault(VERSIONS, {})
    try:
        version = registry().save(patient, versions.get(patient.id), current_user(), action,
                                  source)
    except ConflictError as conflict:
        st.error(_("**Not saved.** {reason}").format(reason=plain(conflict)),
                 icon=":material/sync_problem:")
        st.button(_("Reload the saved version (your unsaved edits are discarded)"),
                  on_click=reload, args=(patient.id,), icon=":material/refresh:",
                  key=f"igg4rd.reload.{patient.id}")
        return False
    st.session_state.setdefault(PATIENTS, {})[patient.id] = patient
    versions[patient.id] = version
    st.session_state.pop(_RUN_CHANGE, None)  # the registry changed, by this run
    return True


def reload(patient_id: str) -> None:
    """Forget this session's copy and its drafts; the next run loads the stored version, in a
    fresh visit table (the same table's key would let the browser resend the discarded edits).
    """
    st.session_state.get(PATIENTS, {}).pop(patient_id, None)
    st.session_state.get(VERSIONS, {}).pop(patient_id, None)
    generation = editor_generation_key(patient_id)
    for key in [k for k in st.session_state if k != generation and str(k).startswith(
            (f"patient.{patient_id}.", f"visits.{patient_id}."))]:
        del st.session_state[key]
    renew_editor(patient_id)
    st.session_state[_RELOADED] = True


def fragment_patient() -> Patient:
    """The selected patient, for a fragment (which reruns without the sidebar). Reruns the
    whole app instead when the sidebar is out of date: after a reload asked for inside the
    fragment (the sidebar still flags the discarded copy), or when the patient has left the
    registry (archived elsewhere) since the last whole-app run. The frame clears the reload
    flag on every whole-app run (`app_run_started`)."""
    use_session_language()
    st.session_state.pop(_RUN_CHANGE, None)  # a run of its own
    patient = selected_patient()
    if st.session_state.pop(_RELOADED, False) or patient is None:
        st.rerun()
    return patient


def use_session_language() -> None:
    """Set the language of this run (whole app or fragment): the session's choice; at first,
    the browser's (`st.context.locale`)."""
    if LANGUAGE not in st.session_state:
        st.session_state[LANGUAGE] = language_for(st.context.locale)
    set_language(st.session_state[LANGUAGE])


def app_run_started() -> None:
    """Called by the frame on every whole-app run."""
    st.session_state.pop(_RELOADED, None)
    st.session_state.pop(_RUN_CHANGE, None)


def select_next(patient_id: str) -> None:
    """Select `patient_id` in the picker on the next run (applied before the picker draws)."""
    st.session_state[_PENDING_SELECTION] = patient_id


def select_and_rerun(patient_id: str) -> None:
    """Select `patient_id` in the picker from inside a page, now."""
    select_next(patient_id)
    st.rerun()


def apply_pending_selection() -> None:
    """Called before the picker widget is drawn."""
    pending = st.session_state.pop(_PENDING_SELECTION, None)
    if pending is not None:
        st.session_state[PICKER] = pending


def clinic_settings() -> ClinicSettings:
    """The clinic's settings (the clinic database's; in demo mode, this session's store's)."""
    return _unless_changed("clinic settings", lambda: load_settings(registry().engine))


def set_clinic_settings(settings: ClinicSettings) -> None:
    save_settings(registry().engine, settings, current_user())
    st.session_state.pop(_RUN_CHANGE, None)


def change_number() -> int:
    """The registry's change counter (storage.store), read once a run: the frame's run, a
    fragment's run, and again after this session writes. A write anywhere, on any replica,
    moves it."""
    if _RUN_CHANGE not in st.session_state:
        st.session_state[_RUN_CHANGE] = registry().change_count()
    return st.session_state[_RUN_CHANGE]


def _unless_changed(what: Hashable, read: Callable[[], T]) -> T:
    """`read()`, kept in this session and read again only once the registry has changed: a
    rerun asks the database one question (`change_number`), not one per thing it shows."""
    kept = st.session_state.setdefault(_UNCHANGED_READS, {})
    now = change_number()
    if what not in kept or kept[what][0] != now:
        kept[what] = (now, read())
    return kept[what][1]


def _stored_version(patient_id: str) -> int | None:
    """An active patient's stored version (None if there is none or it is archived)."""
    return _unless_changed(("version", patient_id), lambda: registry().version_of(patient_id))


def thresholds() -> Thresholds:
    return st.session_state.get(THRESHOLDS, DEFAULTS)


def set_thresholds(values: Thresholds) -> None:
    st.session_state[THRESHOLDS] = values


"""Per-session state over the patient store: this tab's working copies, who is editing, the
selected patient, thresholds and 'today', kept in one typed `SessionState` (the values the
frame's widgets keep stay under their own keys). Nothing here draws: a page draws what it is
told (`ui/saving.store` a refused save, `ui/auth` a database that cannot be opened).

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
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from igg4rd.language.i18n import _, current_language, language_for, set_language
from igg4rd.render.worklist import WorklistRow
from igg4rd.rules.assessment import Assessment, assess
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import DEFAULTS, Thresholds
from igg4rd.storage import config
from igg4rd.storage.clinic_settings import ClinicSettings, load_settings, save_settings
from igg4rd.storage.config import Deployment, deployment, redacted, scrubbed
from igg4rd.storage.store import SchemaError, Store, StoredPatient
from igg4rd.synthetic.patients import demo_patients
from igg4rd.ui.visit_table_editor import editor_generation_key, renew_editor
from igg4rd.ui.worklist_rows import SharedRows

NEW = "__new__"  # picker choice: a new patient, entered from empty
# Values the frame's widgets and their callbacks keep (ui/frame.kept_in), under their own keys:
PICKER = "igg4rd.picker"  # the chosen patient's id, or NEW
TODAY = "igg4rd.today"  # the 'as of' date of a review of the past
LANGUAGE = "igg4rd.language"  # the session's language (the sidebar's switch)
STATE = "igg4rd.session"  # everything else: one `SessionState`
DEMO_USER = "demo visitor"
MEMO_SIZE = 16  # what a session keeps built (charts, assessments, pages): two pages' worth
PICKER_ALL = 200  # a registry this small is listed whole in the picker

T = TypeVar("T")
_LOG = logging.getLogger("igg4rd")


@dataclass
class SessionState:
    """What a session keeps between its runs, besides its widgets' values."""

    deployment: Deployment | None = None  # read once per session
    user: str | None = None  # who is signed in (clinic mode); None before a login
    demo_store: Store | None = None  # a demo session's own store
    demo_rows: SharedRows | None = None  # a demo session's worklist rows (its own store)
    patients: dict[str, Patient] = field(default_factory=dict)  # working copies, pinned
    versions: dict[str, int] = field(default_factory=dict)  # the version each was loaded at
    thresholds: Thresholds = DEFAULTS
    pending_selection: str | None = None  # the picker's choice on the next run
    memo: dict[Hashable, Any] = field(default_factory=dict)
    reloaded: bool = False  # set by `reload`; cleared by the next whole-app run
    run_change: int | None = None  # the registry's change number as this run read it
    # what -> (change number, the value read then)
    unchanged_reads: dict[Hashable, tuple[int, Any]] = field(default_factory=dict)


def state() -> SessionState:
    """This session's state (made on first use only: asked for ~30 times a run)."""
    kept = st.session_state.get(STATE)
    if kept is None:
        kept = st.session_state[STATE] = SessionState()
    return kept


def memoised(key: Hashable, build: Callable[[], T]) -> T:
    """`build()`, kept in this session under `key` (which must name everything it depends on,
    e.g. a patient's id and loaded version) and the language of the run (what is built may hold
    words): a rerun with the same key reuses it."""
    built = state().memo
    key = (current_language(), key)
    if key not in built:
        if len(built) >= MEMO_SIZE:
            built.clear()
        built[key] = build()
    return built[key]


def assessment(patient: Patient) -> Assessment:
    """`patient` assessed as of the session's date with its thresholds, kept for this very
    patient object (a saved change is a new one): a rerun of an unchanged page reuses it, with
    the status at each visit it computed when asked (an assessment of its own a visit)."""
    as_of, values = today(), thresholds()
    return memoised(("assessment", patient.id, id(patient), as_of, values),
                    lambda: assess(patient, as_of, values))


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
    kept = state()
    if kept.deployment is None:
        kept.deployment = deployment(os.environ, _secrets())
    return kept.deployment


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
    kept = state()
    if kept.demo_store is None:
        kept.demo_store = Store.open(setup.database_url)[0]
        kept.demo_store.import_patients(demo_patients(today()), DEMO_USER)
    return kept.demo_store


def registry_problem() -> str | None:
    """Why the clinic database cannot be opened, or None: written by a newer igg4rd (said), or
    unreachable (the details, credentials scrubbed, go to the server's log only: the page may
    be shown before a login)."""
    try:
        registry()
    except SchemaError as error:
        return str(error)
    except SQLAlchemyError as error:
        url = current_deployment().database_url
        _LOG.error("cannot open the clinic database %s: %s", redacted(url),
                   scrubbed(str(error).splitlines()[0] if str(error) else repr(error), url))
        return _("it cannot be reached; the server's log says why")
    return None


def upgraded_from() -> str | None:
    """The schema revision the clinic database was upgraded from on start, if it was."""
    setup = current_deployment()
    return _clinic_store(setup.database_url)[1] if setup.mode == "clinic" else None


def current_user() -> str:
    """Who is editing, for the audit trail."""
    return state().user or DEMO_USER


def report_author() -> str | None:
    """The clinician a report names: the logged-in user in clinic mode, no one in a demo."""
    return current_user() if current_deployment().mode == "clinic" else None


def patient(patient_id: str) -> Patient | None:
    """This session's copy of an active patient: read once, when first opened, at the version
    this session loaded (so a colleague's later save cannot shift the ground under an edit; a
    patient saved elsewhere since is flagged by `newer_version`); None if there is none or it
    is archived. A session holds only the patients it opened."""
    kept = state()
    pinned, versions = kept.patients, kept.versions
    if _stored_version(patient_id) is None:
        pinned.pop(patient_id, None)
        return None
    if patient_id not in pinned:
        stored = registry().get(patient_id)
        pinned[patient_id], versions[patient_id] = stored.patient, stored.version
    return pinned[patient_id]


def active_count() -> int:
    """How many active patients the registry holds (`shared_rows`: asked of the database once
    a change, for every session)."""
    return shared_rows().active_count(change_number())


def picker_choices() -> dict[str, bool]:
    """The patients the picker offers, each with whether it is synthetic: every active one in a
    small registry (up to `PICKER_ALL`, from the shared worklist rows: no record read), else the
    ones this session opened (the Patients page searches the rest)."""
    if active_count() > PICKER_ALL:
        opened = {pid: patient(pid) for pid in sorted(state().patients)}
        return {pid: p.synthetic for pid, p in opened.items() if p is not None}
    return {row.id: row.synthetic for row, _archived in worklist(include_archived=False)}


def worklist(include_archived: bool) -> list[tuple[WorklistRow, bool]]:
    """Every patient's worklist row as of the assessment date, shared by every session of this
    process (clinic mode) and refreshed for the patients written since (`worklist_rows`)."""
    return shared_rows().rows(today(), thresholds(), include_archived, change_number())


def shared_rows() -> SharedRows:
    """The registry's worklist rows and versions: the process's, shared by every session
    (clinic mode); in demo mode, this session's store's own."""
    setup = current_deployment()
    if setup.mode == "clinic":
        return _shared_rows(setup.database_url)
    kept = state()
    if kept.demo_rows is None:
        kept.demo_rows = SharedRows(registry())
    return kept.demo_rows


@st.cache_resource(show_spinner=False)
def _shared_rows(url: str) -> SharedRows:
    """One set of worklist rows per process and database."""
    return SharedRows(_clinic_store(url)[0])


def loaded_version(patient_id: str) -> int | None:
    """The stored version this session's copy of the patient was loaded or saved at."""
    return state().versions.get(patient_id)


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


def save(patient: Patient, action: str | None = None, source: dict[str, str] | None = None
         ) -> None:
    """Save a whole, validated patient against the version this session loaded (`action`: the
    audit's, when not a plain create or update; `source`: where the values came from). On a
    conflict nothing is written and storage's ConflictError is raised."""
    kept = state()
    version = registry().save(patient, kept.versions.get(patient.id), current_user(), action,
                              source)
    kept.patients[patient.id], kept.versions[patient.id] = patient, version
    kept.run_change = None  # the registry changed, by this run


def reload(patient_id: str) -> None:
    """Forget this session's copy and its drafts; the next run loads the stored version, in a
    fresh visit table (the same table's key would let the browser resend the discarded edits).
    """
    kept = state()
    kept.patients.pop(patient_id, None)
    kept.versions.pop(patient_id, None)
    generation = editor_generation_key(patient_id)
    for key in [k for k in st.session_state if k != generation and str(k).startswith(
            (f"patient.{patient_id}.", f"visits.{patient_id}."))]:
        del st.session_state[key]
    renew_editor(patient_id)
    kept.reloaded = True


def fragment_patient() -> Patient:
    """The selected patient, for a fragment (which reruns without the sidebar). Reruns the
    whole app instead when the sidebar is out of date: after a reload asked for inside the
    fragment (the sidebar still flags the discarded copy), or when the patient has left the
    registry (archived elsewhere) since the last whole-app run. The frame clears the reload
    flag on every whole-app run (`app_run_started`)."""
    use_session_language()
    kept = state()
    kept.run_change = None  # a run of its own
    patient = selected_patient()
    if kept.reloaded or patient is None:
        kept.reloaded = False
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
    kept = state()
    kept.reloaded, kept.run_change = False, None


def select_next(patient_id: str) -> None:
    """Select `patient_id` in the picker on the next run (applied before the picker draws),
    opened in this session now: a large registry's picker lists only the opened patients."""
    patient(patient_id)
    state().pending_selection = patient_id


def apply_pending_selection() -> None:
    """Called before the picker widget is drawn."""
    kept = state()
    if kept.pending_selection is not None:
        st.session_state[PICKER], kept.pending_selection = kept.pending_selection, None


def clinic_settings() -> ClinicSettings:
    """The clinic's settings (the clinic database's; in demo mode, this session's store's)."""
    return _unless_changed("clinic settings", lambda: load_settings(registry().engine))


def set_clinic_settings(settings: ClinicSettings) -> None:
    save_settings(registry().engine, settings, current_user())
    state().run_change = None


def change_number() -> int:
    """The registry's change counter (storage.store), read once a run: the frame's run, a
    fragment's run, and again after this session writes. A write anywhere, on any replica,
    moves it."""
    kept = state()
    if kept.run_change is None:
        kept.run_change = registry().change_count()
    return kept.run_change


def _unless_changed(what: Hashable, read: Callable[[], T]) -> T:
    """`read()`, kept in this session and read again only once the registry has changed: a
    rerun asks the database one question (`change_number`), not one per thing it shows."""
    kept = state().unchanged_reads
    now = change_number()
    if what not in kept or kept[what][0] != now:
        kept[what] = (now, read())
    return kept[what][1]


def _stored_version(patient_id: str) -> int | None:
    """An active patient's stored version (None if there is none or it is archived)."""
    return shared_rows().stored_version(patient_id, change_number())


def thresholds() -> Thresholds:
    return state().thresholds


def set_thresholds(values: Thresholds) -> None:
    state().thresholds = values


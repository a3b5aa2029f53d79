"""What every page shares around it: the app's name (and the demo's 'synthetic' notice), the
patient picker and its notices, the sidebar's tools (language, the review of a past date), and
the guard of a page that needs a saved patient."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st

from igg4rd.language.formats import date_text
from igg4rd.language.i18n import LANGUAGES, _, current_language
from igg4rd.rules.model import Patient
from igg4rd.rules.parsing import EntryError, parse_typed_date
from igg4rd.storage.store import HEAD_REVISION
from igg4rd.ui import session
from igg4rd.ui.page_scripts import PATIENT
from igg4rd.ui.text import plain

PAST = "igg4rd.review_past"  # the sidebar's toggle: an 'as of' date other than today
AS_OF_TEXT = "igg4rd.today.text"  # the review's date as typed


def app_identity() -> None:
    """What this is, first on every page at every width; in demo mode, that the data are
    synthetic (in words and icon), a badge under the name in the same element (an element costs
    every run of every page, bench/pages.py)."""
    identity = _("**igg4rd** · IgG4-RD remission induction")
    if session.current_deployment().mode == "demo":
        identity += "  \n:blue-badge[:material/science: {}]".format(
            _("Synthetic demo data: no real patient"))
    st.markdown(identity)


def patient_picker() -> None:
    """Choose a patient of this session, or start a new one."""
    session.apply_pending_selection()
    names = {pid: _("{patient_id} (synthetic)").format(patient_id=pid) if synthetic else pid
             for pid, synthetic in sorted(session.picker_choices().items())}
    names[session.NEW] = _("➕ New patient")
    if st.session_state.get(session.PICKER) not in names:
        st.session_state[session.PICKER] = next(iter(names))
    # One widget per language: a selectbox's browser sends back the shown label, which a
    # language switch changes. The choice itself lives in session.PICKER.
    widget = f"{session.PICKER}.{current_language()}"
    st.session_state[widget] = st.session_state[session.PICKER]
    with st.container(key="igg4rd-picker", width=320):
        st.selectbox(_("Patient"), list(names), key=widget, format_func=names.__getitem__,
                     on_change=_picked, args=(widget,))


def _picked(widget: str) -> None:
    st.session_state[session.PICKER] = st.session_state[widget]


def frame_notices() -> None:
    """Under the picker, where they cannot be missed: the selected patient was saved elsewhere,
    the assessment is of a past date, the database was upgraded on start."""
    stale_notice(session.selected_id())
    if session.today() != session.calendar_today():
        st.warning(_("Reviewing the past: visits after {day} are ignored. Turn off 'Review a "
                     "past date' in the sidebar to return to today.").format(
                         day=date_text(session.today())), icon=":material/history:")
    if session.upgraded_from():  # None in demo mode
        st.info(_("The database was upgraded on start (schema revision {old} → {new}).").format(
            old=session.upgraded_from(), new=HEAD_REVISION), icon=":material/database:")


def sidebar_tools() -> None:
    """The sidebar: the language, the review of a past date; in demo mode, what happens to
    edits."""
    st.sidebar.markdown("### " + _("Tools"))
    st.sidebar.radio("Language · 语言", list(LANGUAGES), format_func=LANGUAGES.get,
                     horizontal=True, **kept_in(session.LANGUAGE))
    as_of_chooser()
    if session.current_deployment().mode == "demo":
        st.sidebar.info(_("**Synthetic demo data**: no real patient. Edits stay in this browser "
                          "tab only and are lost when it closes."), icon=":material/science:")


def kept_in(key: str, on_change: Callable[[], None] | None = None) -> dict[str, Any]:
    """A frame widget's `key` and `on_change` for a value kept in session state under `key`:
    Streamlit drops every widget's state when a script changes the page (`st.switch_page`:
    the Patients page's buttons switched a Chinese session back to English), so the widget has
    a key of its own, seeded from `key` when it is new and copied back to it on each change."""
    widget = f"{key}.widget"
    if key in st.session_state and widget not in st.session_state:
        st.session_state[widget] = st.session_state[key]

    def keep() -> None:
        st.session_state[key] = st.session_state[widget]
        if on_change is not None:
            on_change()

    return {"key": widget, "on_change": keep}


def as_of_chooser() -> None:
    """Sidebar: the date the patient is assessed as of: today, or (once asked for) a past day to
    review a visit as it stood then: later visits are ignored. The date is typed (a date widget
    keeps its last valid value when a typed one is out of its range); one that cannot be taken
    is said at the field, and the review stays at the date shown above the page. The field is
    drawn only when reviewing the past (it is the sidebar's costliest widget)."""
    today = session.calendar_today()
    if not st.sidebar.toggle(_("Review a past date"), **kept_in(PAST, _back_to_today)):
        st.sidebar.caption(_("Assessed as of today, {day}.").format(day=date_text(today)))
        return
    if st.session_state.get(session.TODAY) is None or st.session_state[session.TODAY] > today:
        st.session_state[session.TODAY] = today
    st.session_state.setdefault(AS_OF_TEXT, st.session_state[session.TODAY].isoformat())
    label = _("Assessed as of")
    text = st.sidebar.text_input(label, placeholder=_("YYYY-MM-DD"),
                                 help=_("The assessment as it stood that day: visits after it "
                                        "are ignored."), **kept_in(AS_OF_TEXT, _as_of_typed))
    day, problem = _review_date(text, today)
    if problem:
        st.sidebar.error(plain(_("{field} {value}: {problem} Still reviewing {day}.").format(
            field=label, value=text, problem=problem, day=date_text(session.today()))),
            icon=":material/error:")
    elif day is not None and text.strip() != date_text(day):
        st.sidebar.caption(_("Read as {value}").format(value=date_text(day)))


def _review_date(text: str, today: date) -> tuple[date | None, str | None]:
    """The review's date as typed, or the reason it cannot be taken."""
    try:
        day = parse_typed_date(text)
    except EntryError as error:
        return None, str(error)
    if day is None:
        return None, _("required")
    if day > today:
        return None, _("after today ({today}): a review is of the past").format(
            today=date_text(today))
    return day, None


def _as_of_typed() -> None:
    """A typed review date is taken only when it can be (before the page is drawn)."""
    day, problem = _review_date(st.session_state[AS_OF_TEXT], session.calendar_today())
    if problem is None:
        st.session_state[session.TODAY] = day


def _back_to_today() -> None:
    """Leaving the review of the past: the assessment is of today again."""
    if not st.session_state.get(PAST):
        st.session_state.pop(session.TODAY, None)
        st.session_state.pop(AS_OF_TEXT, None)


def stale_notice(patient_id: str) -> None:
    """The selected patient was saved elsewhere after this session opened it."""
    newer = session.newer_version(patient_id)
    if newer is not None:
        st.warning(_("{patient_id} was changed by {user} (version {version}) after you opened "
                     "it. Saving your copy will be refused.").format(
            patient_id=plain(patient_id), user=plain(newer.updated_by), version=newer.version),
            icon=":material/sync_problem:")
        st.button(_("Load their version"), on_click=session.reload, args=(patient_id,),
                  icon=":material/refresh:")


def require_patient() -> Patient:
    """The selected patient; for a new one, a pointer to the Patient page and stop."""
    patient = session.selected_patient()
    if patient is None:
        st.info(_("A new patient has no record yet: enter and save the baseline first."),
                icon=":material/person_add:")
        st.page_link(PATIENT, label=_("Enter the patient"), icon=":material/edit:")
        st.stop()
    return patient

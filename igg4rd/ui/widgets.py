"""Widgets shared by the pages: patient picker, outcome banner, goal checklist, unit inputs."""
from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from igg4rd.rules.parsing import EntryError, number_text, parse_number

from igg4rd.language.formats import date_text
from igg4rd.language.i18n import LANGUAGES, _, current_language
from igg4rd.language.words import GOAL_STATUS_WORDS
from igg4rd.render import charts, report
from igg4rd.render.chart_numbers import chart_numbers, markdown_table
from igg4rd.rules import units
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.goals import GoalAssessment
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import Thresholds
from igg4rd.storage.store import HEAD_REVISION
from igg4rd.ui import session
from igg4rd.ui.text import plain

PATIENT_PAGE = "pages/patient.py"
PAST = "igg4rd.review_past"  # the sidebar's toggle: an 'as of' date other than today
OUTCOME_ICONS = {"success": ":material/check_circle:", "failure": ":material/cancel:",
                 "pending": ":material/hourglass_top:", "insufficient_data": ":material/help:"}
STATUS_ICONS = {True: ":material/check_circle:", False: ":material/cancel:",
                None: ":material/radio_button_unchecked:"}
STATUS_COLOURS = {True: "green", False: "red", None: "gray"}
CHARTS = {"ri": charts.ri_chart, "taper": charts.taper_chart}


def app_identity() -> None:
    """What this is, first on every page at every width; in demo mode, that the data are
    synthetic (in words and icon)."""
    with st.container(key="igg4rd-identity", gap=None):
        st.markdown(_("**igg4rd** · IgG4-RD remission induction"))
        if session.current_deployment().mode == "demo":
            st.badge(_("Synthetic demo data: no real patient"), icon=":material/science:",
                     color="blue")


def patient_picker() -> None:
    """Choose a patient of this session, or start a new one."""
    session.apply_pending_selection()
    stored = session.patients()
    names = {pid: _("{patient_id} (synthetic)").format(patient_id=pid) if p.synthetic else pid
             for pid, p in stored.items()}
    names[session.NEW] = _("➕ New patient")
    if st.session_state.get(session.PICKER) not in names:
        st.session_state[session.PICKER] = next(iter(names))
    # One widget per language: a selectbox's browser sends back the shown label, which a
    # language switch changes. The choice itself lives in session.PICKER.
    widget = f"{session.PICKER}.{current_language()}"
    st.session_state[widget] = st.session_state[session.PICKER]
    with st.container(key="igg4rd-picker", width=320):
        st.selectbox(_("Patient"), list(names), key=widget, format_func=names.get,
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
    if session.current_deployment().mode != "demo" and session.upgraded_from():
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
    review a visit as it stood then: later visits are ignored. The date field is drawn only
    when reviewing the past (it is the sidebar's costliest widget)."""
    today = session.calendar_today()
    if not st.sidebar.toggle(_("Review a past date"), **kept_in(PAST, _back_to_today)):
        st.sidebar.caption(_("Assessed as of today, {day}.").format(day=date_text(today)))
        return
    if st.session_state.get(session.TODAY) is None or st.session_state[session.TODAY] > today:
        st.session_state[session.TODAY] = today
    st.sidebar.date_input(_("Assessed as of"), max_value=today, **kept_in(session.TODAY),
                          format="YYYY-MM-DD",
                          help=_("The assessment as it stood that day: visits after it are "
                                 "ignored."))


def _back_to_today() -> None:
    """Leaving the review of the past: the assessment is of today again."""
    if not st.session_state.get(PAST):
        st.session_state.pop(session.TODAY, None)


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


def patient_chart(kind: str, patient: Patient, goals: GoalAssessment, thresholds: Thresholds
                  ) -> go.Figure:
    """The RI ('ri') or taper ('taper') chart of this session's copy of a patient, built once
    per stored version, date and thresholds: a rerun of an unchanged page reuses it, and
    st.plotly_chart serialises a built figure without validating it again."""
    key = (kind, patient.id, session.loaded_version(patient.id), goals.as_of, thresholds)
    return session.memoised(key, lambda: CHARTS[kind](patient, goals, thresholds))


def chart(figure: go.Figure, key: str) -> None:
    """A plotly chart and, folded under it, its text equivalent: the numbers it draws."""
    st.plotly_chart(figure, key=key)
    with st.expander(_("Numbers in this chart"), icon=":material/table:"):
        st.markdown(_numbers_of(figure))


# Each figure's numbers as a table, by language: built once per figure (figures are memoised
# per patient version, so a rerun reuses its table: 2 ms a chart otherwise, bench/pages.py).
# Keyed by the figure's id, dropped when the figure is (a figure is not hashable).
_NUMBERS: dict[int, dict[str, str]] = {}


def _numbers_of(figure: go.Figure) -> str:
    if id(figure) not in _NUMBERS:
        _NUMBERS[id(figure)] = {}
        weakref.finalize(figure, _NUMBERS.pop, id(figure), None)
    tables, language = _NUMBERS[id(figure)], current_language()
    if language not in tables:
        tables[language] = markdown_table(chart_numbers(figure))
    return tables[language]


def require_patient() -> Patient:
    """The selected patient; for a new one, a pointer to the Patient page and stop."""
    patient = session.selected_patient()
    if patient is None:
        st.info(_("A new patient has no record yet: enter and save the baseline first."),
                icon=":material/person_add:")
        st.page_link(PATIENT_PAGE, label=_("Enter the patient"), icon=":material/edit:")
        st.stop()
    return patient


def outcome_banner(assessment: Assessment, basis: bool = False) -> None:
    """The outcome in words and icon (never colour alone), with its reason; while pending, the
    on-track status leads (a warning when behind target), with its basis if `basis`. In a
    container keyed 'igg4rd-verdict' (bench/first_open.py waits for it)."""
    with st.container(key="igg4rd-verdict"):
        _outcome_banner(assessment, basis)


def _outcome_banner(assessment: Assessment, basis: bool) -> None:
    goals = assessment.goals
    words, reason = report.banner_text(goals)
    alert = {"success": st.success, "failure": st.error, "pending": st.info,
             "insufficient_data": st.warning}[goals.outcome]
    track = assessment.on_track and report.track_text(assessment.patient, assessment.on_track)
    if not track:
        alert(reason, title=words, icon=OUTCOME_ICONS[goals.outcome])
        return
    behind = assessment.on_track.gc_maintenance_at_risk
    (st.warning if behind else st.info)(
        _("**{headline}.** {why}  \n{outcome_reason}.").format(
            headline=track.headline, why=track.reason, outcome_reason=reason), title=words,
        icon=":material/trending_down:" if behind else OUTCOME_ICONS[goals.outcome])
    if basis:
        with st.expander(_("Basis of the on-track status"), icon=":material/functions:"):
            st.markdown("\n".join(f"- {line}" for line in track.basis))


def goal_checklist(assessment: Assessment) -> None:
    """The three goals, each with its status in words and icon, and its basis."""
    st.markdown("\n\n".join(
        f"{STATUS_ICONS[line.met]} **{line.title}** — "
        f":{STATUS_COLOURS[line.met]}[**{GOAL_STATUS_WORDS[line.met]}**]  \n"
        f"{line.numbers}  \n:gray["
        + _("Threshold: {threshold}. Source: {source}.").format(threshold=line.threshold,
                                                              source=line.source) + "]"
        for line in report.goal_lines(assessment)))


@dataclass(frozen=True)
class TypedNumber:
    """What was typed in a number field, read strictly (`rules.parsing`): the number, or None
    with the reason (`error`) when it cannot be read; None and no error for a blank."""

    text: str
    value: float | int | None
    error: str | None = None


def typed_number(label: str, key: str, stored: float | None, *, integer: bool = False,
                 help: str | None = None, persist: bool = True) -> TypedNumber:
    """A number field read on the server: a text box (a browser's number box reads 7,5 as 75),
    parsed exactly or refused. It starts from the stored value."""
    text = st.text_input(label, value=number_text(stored) or "", key=key,
                         help=help or _("A number: 7.5 or 7,5. Anything else is refused."),
                         **({"persist_state": "session"} if persist else {}))
    try:
        return TypedNumber(text, parse_number(text, integer=integer))
    except EntryError as error:
        return TypedNumber(text, None, str(error))


def confirmed(key: str, warnings: list[str], cancel_key: str | None = None) -> bool:
    """True when there is nothing to confirm, or the clinician has confirmed these very values
    (`rules.plausibility`); otherwise the values are named, with a button to save them anyway
    and one to go back (which clears `cancel_key`)."""
    if not warnings:
        return True
    fingerprint = "\n".join(warnings)
    if st.session_state.get(key) == fingerprint:
        return True
    st.warning(_("**Check these values: they are possible but unusual.**") + "  \n"
               + "  \n".join(f"- {plain(warning)}" for warning in warnings),
               icon=":material/priority_high:")
    yes, no = st.columns(2)
    yes.button(_("Save with these values"), type="primary", icon=":material/check:",
               key=f"{key}.yes", on_click=st.session_state.__setitem__, args=(key, fingerprint))
    if cancel_key:
        no.button(_("Go back and correct them"), icon=":material/undo:", key=f"{key}.no",
                  on_click=st.session_state.__setitem__, args=(cancel_key, False))
    return False


def lab_input(quantity: str, label: str, key: str, canonical_value: float | None
              ) -> TypedNumber:
    """A lab value with its unit selector; its value is in the canonical unit.

    The number is read in the chosen unit (conversion by igg4rd.units); plausibility is judged
    by the model, whose message names the likely unit mix-up. The label must not change with the
    unit: a new label would make a new widget and lose the typed number.
    """
    q = units.QUANTITIES[quantity]
    value_col, unit_col = st.columns([3, 2], vertical_alignment="bottom")
    unit = unit_col.selectbox(_("{quantity} unit").format(quantity=_(q.label)), list(q.factors),
                              key=f"{key}.unit", label_visibility="collapsed",
                              disabled=len(q.factors) == 1)
    with value_col:
        typed = typed_number(label, f"{key}.value", canonical_value,
                             help=_("Stored in {unit}; pick the unit your laboratory "
                                    "reports. A number: 7.5 or 7,5.").format(unit=q.canonical))
    if typed.value is None:
        return typed
    return TypedNumber(typed.text, units.to_canonical(quantity, typed.value, unit))


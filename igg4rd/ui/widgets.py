"""Widgets shared by the pages: patient picker, outcome banner, goal checklist, unit inputs."""
from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from igg4rd.language.formats import date_text
from igg4rd.language.i18n import LANGUAGES, _, current_language
from igg4rd.language.words import GOAL_STATUS_WORDS, VISIT_STATUS_WORDS
from igg4rd.render import charts
from igg4rd.render.chart_numbers import chart_numbers, markdown_table
from igg4rd.render.goal_text import banner_text, goal_lines
from igg4rd.render.palette import STATUS_LOOK
from igg4rd.render.track import track_text
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.model import Patient
from igg4rd.rules.parsing import EntryError, parse_typed_date
from igg4rd.storage.store import HEAD_REVISION
from igg4rd.ui import session
from igg4rd.ui.text import plain

PATIENT_PAGE = "pages/patient.py"
PAST = "igg4rd.review_past"  # the sidebar's toggle: an 'as of' date other than today
AS_OF_TEXT = "igg4rd.today.text"  # the review's date as typed
OUTCOME_ICONS = {"success": ":material/check_circle:", "failure": ":material/cancel:",
                 "pending": ":material/hourglass_top:", "insufficient_data": ":material/help:"}
STATUS_ICONS = {True: ":material/check_circle:", False: ":material/cancel:",
                None: ":material/radio_button_unchecked:"}
STATUS_COLOURS = {True: "green", False: "red", None: "gray"}


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


def patient_chart(kind: str, assessment: Assessment) -> go.Figure:
    """The RI ('ri') or taper ('taper', each visit marked with its status then) chart of this
    session's copy of a patient, built once per stored version, date and thresholds: a rerun of
    an unchanged page reuses it, and st.plotly_chart serialises a built figure without
    validating it again."""
    patient, goals, thresholds = assessment.patient, assessment.goals, assessment.thresholds
    key = (kind, patient.id, session.loaded_version(patient.id), goals.as_of, thresholds)
    if kind == "ri":
        return memoised_chart(key, lambda: charts.ri_chart(patient, goals, thresholds))
    return memoised_chart(key, lambda: charts.taper_chart(patient, goals, thresholds,
                                                          assessment.status_by_visit))


def status_row(assessment: Assessment) -> None:
    """The status at each visit, as of its own date (clinical-rules §3c): when did this patient
    fall behind? A badge a visit, icon and words (colour only helps), in one Markdown element
    (a badge element each cost 0.4 ms a run at 24 visits, bench/pages.py)."""
    statuses = assessment.status_by_visit
    if not statuses:
        return
    badges = [_badge(_("{day}: {status}").format(day=date_text(visit.day),
                                                 status=VISIT_STATUS_WORDS[visit.status]),
                     visit.status) for visit in statuses]
    if statuses[-1].day != assessment.goals.as_of:  # and where it stands now
        now = str(assessment.on_track.status if assessment.on_track
                  else assessment.goals.outcome)
        badges.append(_badge(_("now ({day}): {status}").format(
            day=date_text(assessment.goals.as_of), status=VISIT_STATUS_WORDS[now]), now))
    with st.container(key="igg4rd-status-row"):
        st.markdown(_("**Status at each visit:**") + " " + " ".join(badges))


def _badge(words: str, status: str) -> str:
    """Streamlit Markdown's badge of `status`'s look, saying `words` (ours: dates and the
    catalog's words, no Markdown in them)."""
    look = STATUS_LOOK[status]
    return f":{look.badge}-badge[{look.icon} {words}]"


class SerialisedOnce(go.Figure):
    """A built figure that is not changed again, kept across reruns: st.plotly_chart asks a
    figure for its dict on every run, which plotly deep-copies (0.7 ms a chart of 24 visits,
    bench/pages.py); this one makes it once."""

    def to_dict(self) -> dict:
        if getattr(self, "_as_dict", None) is None:
            self._as_dict = super().to_dict()
        return self._as_dict


def memoised_chart(key: Hashable, build: Callable[[], go.Figure]) -> go.Figure:
    """`build()`'s figure, kept in this session under `key` (session.memoised) and serialised
    once."""
    return session.memoised(key, lambda: SerialisedOnce(build()))


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
    words, reason = banner_text(goals)
    alert = {"success": st.success, "failure": st.error, "pending": st.info,
             "insufficient_data": st.warning}[goals.outcome]
    track = track_text(assessment)
    if not track or assessment.on_track is None:
        alert(reason, title=words, icon=OUTCOME_ICONS[goals.outcome])
        return
    behind = assessment.on_track.gc_maintenance_at_risk
    (st.warning if behind else st.info)(
        _("**{headline}.** {why}  \n{outcome_reason}.").format(
            headline=track.headline, why=track.sentences, outcome_reason=reason), title=words,
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
        for line in goal_lines(assessment)))

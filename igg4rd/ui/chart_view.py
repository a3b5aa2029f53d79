"""Charts on a page: a patient's RI and taper charts built once per stored version, figures
serialised once, and each chart's numbers folded under it as text."""
from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable

import plotly.graph_objects as go
import streamlit as st

from igg4rd.language.i18n import _, current_language
from igg4rd.render import charts
from igg4rd.render.chart_numbers import chart_numbers, markdown_table
from igg4rd.rules.assessment import Assessment
from igg4rd.ui import session


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

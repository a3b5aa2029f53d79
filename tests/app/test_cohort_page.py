"""Cohort page: the demo cohort by default (said to be synthetic), every table with a CSV
download, the Fig. 3b/3c/4 charts, uploads analysed or refused with a reason (never a trace)."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from igg4rd.render.chart_numbers import SERIES
from tests.app.conftest import problems
from tests.unit.helpers import record, visit

APP = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The Cohort page inside the app (its frame: navigation, sidebar), not yet run."""
    monkeypatch.setenv("IGG4RD_TODAY", "2026-11-01")
    return AppTest.from_file(APP, default_timeout=60).switch_page("pages/cohort.py")


def _words(at: AppTest) -> str:
    return "\n".join([e.value for e in (*at.markdown, *at.caption, *at.info, *at.error)])


def test_demo_cohort_reproduces_the_paper(page):
    at = page.run()
    assert not at.exception
    assert "Synthetic data" in _words(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Patients"] == "215" and metrics["GC / GC + IM"] == "77 / 138"
    assert len(at.get("download_button")) == 6
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(charts) == 3
    assert "(%)" in charts[0]["layout"]["xaxis"]["title"]["text"]
    axes = [value["title"]["text"] for name, value in charts[2]["layout"].items()
            if name.startswith("yaxis") and "title" in value]
    assert any("(mm/h)" in title for title in axes) and any("(mg/L)" in t for t in axes)
    assert "p = 0.0011" in _words(at)


def test_demo_rows_say_whether_they_reproduce_the_paper(page):
    at = page.run()
    tables = [d.value for d in at.dataframe]
    marks = [set(t["Reproduces PUMCH"]) for t in tables]
    assert all("✔ as printed" in m for m in marks)
    table3 = tables[2].set_index("Group")
    assert table3.loc["Age (continuous, per year)", "Reproduces PUMCH"] == "✖ not reproduced"
    assert table3.loc["10 × ULN < IgG4 ≤ 20 × ULN", "Reproduces PUMCH"] == "✔ as printed"
    assert "✖ not reproduced: the synthetic cohort's values" in _words(at)


def _upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.radio[0].set_value("Upload a cohort file").run()
    at.get("file_uploader")[0].set_value((name, content, "application/json"))
    return at.run()


def test_uploaded_cohort_is_analysed(page):
    records = [record([visit(1, 6, 30), visit(3, 4, 20, relapse=i == 0), visit(6, 3, 7.5)],
                      id=f"p{i}", regimen=("gc", "gc+im")[i % 2]) for i in range(4)]
    at = _upload(page.run(), "cohort.json", json.dumps(records).encode())
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["Patients"] == "4"
    assert all("Reproduces PUMCH" not in d.value.columns for d in at.dataframe)
    assert any(m.value.startswith(f"| {SERIES} |") for m in at.markdown)  # the charts' numbers


def test_invalid_upload_gives_the_reason_not_a_trace(page):
    at = _upload(page.run(), "cohort.json", json.dumps([record([], id="bad", sex="x")]).encode())
    assert not at.exception
    assert "could not be analysed" in problems(at)[0] and "sex" in problems(at)[0]
    at = _upload(page.run(), "cohort.json", b"not json")
    assert "not valid JSON" in problems(at)[0]


def test_the_registry_is_a_source(page):
    at = page.run()
    at.radio[0].set_value("This clinic's registry").run()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["Patients"] == "8"  # the session's demo registry
    assert "8 active patient(s) in the registry." in _words(at)
    assert _progress(at) == ["Analysed 8 of 8 patient(s)…"]  # read from the database, judged
    assert all("Reproduces PUMCH" not in d.value.columns for d in at.dataframe)


def _progress(at: AppTest) -> list[str]:
    """The texts of the progress bars on the page."""
    return [bar.proto.text for bar in at.get("progress")]


def _fresh_cohort(size: int) -> bytes:
    """A cohort file no other test analysed (the page keeps finished analyses per process)."""
    run = uuid.uuid4().hex[:8]
    return json.dumps([record([visit(1, 6, 30), visit(3, 4, 20), visit(6, 3, 7.5)],
                              id=f"{run}-{i}", regimen=("gc", "gc+im")[i % 2])
                       for i in range(size)]).encode()


def test_an_analysis_shows_its_progress_and_is_kept(page):
    at = _upload(page.run(), "cohort.json", _fresh_cohort(1200))
    assert not at.exception and not at.error
    assert _progress(at) == ["Analysed 1200 of 1200 patient(s)…"]
    assert at.get("progress")[0].proto.value == 100
    assert "cohort.cancel" not in [b.key for b in at.button]  # gone once finished
    assert {m.label: m.value for m in at.metric}["Patients"] == "1200"
    at.run()  # kept: no progress again, the same result
    assert _progress(at) == [] and {m.label: m.value for m in at.metric}["Patients"] == "1200"


def test_a_cancelled_analysis_shows_and_keeps_nothing(page, monkeypatch):
    import streamlit as st

    from igg4rd.cohort import analysis

    calls = []

    def stopped_midway(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            st.stop()  # as a click on Cancel stops the run
        return analysis_made(*args, **kwargs)

    analysis_made = analysis.analyse
    monkeypatch.setattr(analysis, "analyse", stopped_midway)
    at = _upload(page.run(), "cohort.json", _fresh_cohort(3))
    assert _progress(at) == ["Reading the cohort…"] and not at.metric
    at.button(key="cohort.cancel").click().run()
    assert not at.metric and len(calls) == 1  # not started again
    assert "The analysis was cancelled: nothing is shown." in [w.value for w in at.warning]
    at.button(key="cohort.again").click().run()
    assert len(calls) == 2 and {m.label: m.value for m in at.metric}["Patients"] == "3"

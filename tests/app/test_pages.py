"""Every page renders for every demo patient and for a new, empty patient; the Assessment page
shows the expected outcome, goals and charts."""
from __future__ import annotations

import json

import pytest

from tests.app.conftest import DEMO_IDS, PAGES, banner, open_page, problems, texts

EXPECTED_OUTCOMES = {  # the story each synthetic demo patient was written to tell (igg4rd.demo)
    "demo-01-success": "success", "demo-02-taper-failure": "failure",
    "demo-03-relapse": "failure", "demo-04-persistently-active": "failure",
    "demo-05-pending": "pending", "demo-06-insufficient-data": "insufficient_data",
    "demo-07-combination": "success",
    "demo-08-behind-target": "pending",
}


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("patient_id", DEMO_IDS)
def test_every_page_renders_for_every_demo_patient(app, page_name, patient_id):
    at = open_page(app, page_name, patient_id)
    assert not at.exception, [e.value for e in at.exception]
    assert not problems(at)
    # the first screen says what this is, and that the data are synthetic
    frame = " ".join(m.value for m in at.main.markdown[:3])
    assert "IgG4-RD remission induction" in frame and "Synthetic demo data" in frame
    assert "Synthetic demo data" in " ".join(i.value for i in at.sidebar.info)


@pytest.mark.parametrize("page_name", PAGES)
def test_every_page_renders_for_a_new_empty_patient(app, page_name):
    at = open_page(app, page_name, "__new__")
    assert not at.exception, [e.value for e in at.exception]
    assert not problems(at), "an untouched new patient must not be scolded"
    if page_name in ("assessment", "visits", "risk"):
        assert "no record yet" in texts(at)
        assert at.get("page_link")


@pytest.mark.parametrize("patient_id", DEMO_IDS)
def test_assessment_shows_outcome_goals_and_both_charts(app, patient_id):
    at = open_page(app, "assessment", patient_id)
    assert banner(at) == EXPECTED_OUTCOMES[patient_id]
    page = texts(at)
    for goal in ("1. RI decline ≥ 50%", "2. GC tapered to maintenance",
                 "3. No relapse during tapering"):
        assert goal in page
    assert "Source: Methods" in page and "Threshold:" in page
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    titles = [spec["layout"]["title"]["text"] for spec in specs]
    assert titles[:2] == ["Responder index (RI)", "Glucocorticoid taper"]
    for spec in specs[:2]:
        assert spec["layout"]["xaxis"]["title"]["text"] == "Months since treatment start"
        assert "(" in spec["layout"]["yaxis"]["title"]["text"]  # a unit on the value axis


def test_relapse_brings_the_secondary_relapse_warning(app):
    relapsed = texts(open_page(app, "assessment", "demo-03-relapse"))
    assert "52.9%" in relapsed and "9 of 17" in relapsed
    assert "52.9%" not in texts(open_page(app, "assessment", "demo-01-success"))


def test_month6_serology_is_shown_only_once_month_6_is_reached(app):
    judged = texts(open_page(app, "assessment", "demo-01-success"))
    assert "Month-6 serology in context" in judged
    assert "11 (4–27)" in judged and "5 (2–9)" in judged  # ESR, Fig. 4a medians (IQR)
    assert "Month-6 serology" not in texts(open_page(app, "assessment", "demo-05-pending"))


def test_assessment_shows_the_dose_in_effect_and_cumulative_dose(app):
    at = open_page(app, "assessment", "demo-01-success")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Dose in effect on 2025-06-01"] == "5 mg/day"  # month-9 visit: 5 mg
    assert metrics["During the 6-month stage"].endswith(" g")

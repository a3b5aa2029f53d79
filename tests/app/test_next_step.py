"""What now (issue 24): the banner gives the protocol's next step in the words of clinical-rules
§3c, in English and Chinese, for each case: on track, behind target with its latest date still
ahead (the hold runs past it), behind with the latest date passed, at maintenance, and final;
the status at each visit above the charts."""
from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from igg4rd.rules.model import Patient
from tests.app.conftest import TODAY, open_page, texts
from tests.unit.helpers import record

START = TODAY - timedelta(days=140)  # week 20 of the stage today


def case(patient_id: str, visits: list[dict], start=START) -> Patient:
    data = record(visits, id=patient_id)
    data["treatment"]["start_date"] = data["baseline"]["date"] = start.isoformat()
    return Patient.model_validate(data)


def on(day, dose, ri=None) -> dict:
    return {"date": day.isoformat(), "gc_dose_mg": dose, **({"ri": ri} if ri else {})}


CASES = {
    # 35 mg since week 8.7: the hold is long over; the latest date (day 126) passed at day 140
    "passed": case("t-passed", [on(START + timedelta(days=61), 35)]),
    # 35 mg recorded today (week 17.4): its 2-week hold runs past the latest date (day 126)
    "hold": case("t-hold", [on(TODAY, 35, 6)], start=TODAY - timedelta(days=122)),
    # 30 mg at week 6, today week 8: on track, the next step ahead
    "on-track": case("t-on-track", [on(TODAY - timedelta(days=14), 30, 8)],
                     start=TODAY - timedelta(days=56)),
    "maintenance": case("t-maintenance", [on(TODAY - timedelta(days=7), 10, 5)],
                        start=TODAY - timedelta(days=100)),
}


def banner_of(app: AppTest, patient: Patient, language: str = "en") -> str:
    at = open_page(app, "patients")
    at.session_state["igg4rd.session"].demo_store.import_patients([patient], "test")
    at.session_state["igg4rd.language"] = language
    at = open_page(at, "assessment", patient.id)
    return " ".join(a.value for kind in ("info", "warning", "success", "error")
                    for a in getattr(at, kind))


def test_on_track_gives_the_next_step_with_its_dates(app):
    text = banner_of(app, CASES["on-track"])
    earliest = (TODAY - timedelta(days=14) + timedelta(days=14)).isoformat()
    assert f"Next protocol step (the protocol's, not a prescription): 25 mg/day from {earliest}" \
        in text and "at the latest" in text


def test_behind_with_the_latest_date_passed_says_passed(app):
    text = banner_of(app, CASES["passed"])
    latest = (START + timedelta(days=126)).isoformat()
    assert f"The next protocol step to 30 mg/day had to start by {latest} (passed)." in text
    assert "can no longer be reached in time" not in text


def test_behind_with_the_hold_past_the_latest_date_says_so(app):
    text = banner_of(app, CASES["hold"])
    assert "The next protocol step to 30 mg/day had to start by" in text
    assert "before the protocol's hold of the dose in effect ends" in text


def test_at_maintenance_there_is_no_next_step(app):
    text = banner_of(app, CASES["maintenance"])
    assert "Already at maintenance" in text and "next protocol step" not in text.lower()


def test_a_final_outcome_has_no_next_step(app):
    at = open_page(app, "assessment", "demo-01-success")
    assert "next protocol step" not in texts(at).lower()


@pytest.mark.parametrize(("name", "words"), [
    ("on-track", "方案的下一步（按方案，并非医嘱）：25 mg/d"),
    ("passed", "（已过）"),
    ("hold", "早于方案对这一剂量的维持期结束"),
    ("maintenance", "已达维持剂量：10 mg/d"),
])
def test_the_next_step_in_chinese(app, name, words):
    assert words in banner_of(app, CASES[name], "zh_Hans")


def test_a_final_outcome_in_chinese_has_no_next_step(app):
    at = open_page(app, "patients")
    at.session_state["igg4rd.language"] = "zh_Hans"
    at = open_page(at, "assessment", "demo-01-success")
    shown = texts(at)
    assert "诱导缓解成功" in shown and "下一步" not in shown


def test_the_month_6_visit_to_record_is_said_while_its_window_is_open(app):
    month6 = case("t-month6", [on(START + timedelta(days=30), 30, 8)],
                  start=TODAY - timedelta(days=186))  # month 6.1, no visit in the window
    text = banner_of(app, month6)
    assert "Record the month-6 visit, with its RI and dose, by " in text


def test_the_status_at_each_visit_is_drawn_above_the_charts(app):
    at = open_page(app, "assessment", "demo-08-behind-target")
    badges = [b.proto.badge.label if hasattr(b.proto, "badge") else "" for b in
              at.get("markdown")]
    shown = texts(at)
    assert "Status at each visit" in shown
    assert any("now (2025-06-01): Behind target" in str(b) for b in [*badges, shown])

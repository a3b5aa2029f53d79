"""A clinician in Chromium: deep link on a fresh server, every demo patient, a new patient with
three visits, an edit in the visit grid. Screenshots go to test-artifacts/e2e/."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from harness.streamlit_browser import (
    banner_text,
    go_to,
    pick_patient,
    rerun_by,
    settle,
    type_into_grid,
)
from igg4rd.language.words import OUTCOME_WORDS
from igg4rd.rules.dates import month_date
from igg4rd.synthetic.patients import demo_patients
from tests.e2e.conftest import TODAY

pytestmark = pytest.mark.e2e

EXPECTED = {"demo-01-success": "success", "demo-02-taper-failure": "failure",
            "demo-03-relapse": "failure", "demo-04-persistently-active": "failure",
            "demo-05-pending": "pending", "demo-06-insufficient-data": "insufficient_data",
            "demo-07-combination": "success", "demo-08-behind-target": "pending"}
DOSE_COLUMN = 4  # Date | Month, RI, Glucocorticoid, Dose


def wait_for_banner(page, outcome: str) -> None:
    page.get_by_text(OUTCOME_WORDS[outcome], exact=True).wait_for(timeout=10_000)


def test_deep_link_on_a_fresh_server_has_our_frame_and_keeps_the_first_edit(page, app_url,
                                                                            shoot):
    """Runs first in the module: the server has never run dashboard.py (legacy pages/ mode)."""
    page.goto(f"{app_url}/visits")
    settle(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # no legacy page list
    links = page.get_by_test_id("stTopNavLink").all_inner_texts()
    assert [link.strip() for link in links][:6] == ["Patients", "Assessment", "Patient",
                                                    "Visits", "Risk", "Evidence"]
    # a cold server's first run can still be drawing below the links: wait for its end
    expect(page.locator(".st-key-igg4rd-picker [data-testid='stSelectbox']")).to_have_count(
        1, timeout=15_000)
    wait_for_banner(page, "success")
    type_into_grid(page, row=2, columns_right=DOSE_COLUMN, old="7.5", new="15")  # month 6
    wait_for_banner(page, "failure")
    assert "Failure of GC tapering" in banner_text(page)
    shoot("visits-edited")


def test_a_typed_decimal_comma_is_read_as_meant_and_an_exponent_refused(page, app_url):
    """The probe typed 7,5 and 1e308 into the dose cell: the browser's number cell saved 75 and
    1308. The dose is text, read on the server: 7,5 is 7.5 (at maintenance), 1e308 is refused."""
    page.goto(f"{app_url}/visits")
    settle(page)
    pick_patient(page, "demo-02-taper-failure (synthetic)")
    wait_for_banner(page, "failure")  # 15 mg/day at month 6
    type_into_grid(page, row=2, columns_right=DOSE_COLUMN, old="15", new="7,5")
    wait_for_banner(page, "success")
    type_into_grid(page, row=2, columns_right=DOSE_COLUMN, old="7.5", new="1e308")
    page.get_by_text("nothing was saved", exact=False).wait_for(timeout=10_000)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("'1e308' is not a number" in alert for alert in alerts)
    assert OUTCOME_WORDS["success"] in banner_text(page)  # the saved 7.5 stands


@pytest.mark.parametrize("patient_id", [p.id for p in demo_patients(date.fromisoformat(TODAY))])
def test_each_demo_patient_shows_banner_checklist_and_charts(page, app_url, shoot, patient_id):
    page.goto(f"{app_url}/assessment")
    settle(page)
    pick_patient(page, f"{patient_id} (synthetic)")
    assert OUTCOME_WORDS[EXPECTED[patient_id]] in banner_text(page)
    main = page.locator('[data-testid="stMain"]')
    for goal in ("1. RI decline ≥ 50%", "2. GC tapered to maintenance",
                 "3. No relapse during tapering"):
        assert main.get_by_text(goal).count() == 1
    charts = main.locator('[data-testid="stPlotlyChart"] .main-svg')
    charts.nth(1).wait_for()  # a chart's element appears once plotly's code has arrived
    assert charts.count() >= 2
    assert "Responder index (RI)" in main.inner_text()
    assert "Glucocorticoid taper" in main.inner_text()
    shoot(f"assessment-{patient_id}")


def fill(page, label: str, value: str) -> None:
    """Type into a field and leave it (Streamlit takes the value then) and wait for that run: a
    field typed into while the app redraws can lose its text."""
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    rerun_by(page, lambda: field.press("Tab"))


def fill_date(page, label: str, day: date | str) -> None:
    """A date field: typed, year first."""
    fill(page, label, str(day))


def type_ri(page, total: str) -> None:
    """The visit's RI as a typed total (the entry's default is 'Not assessed')."""
    rerun_by(page, page.get_by_text("Total typed", exact=True).click)
    fill(page, "RI (total)", total)


def test_new_patient_with_three_visits_reaches_success(page, app_url, shoot):
    start = month_date(date.fromisoformat(TODAY), -7)
    page.goto(f"{app_url}/patient")
    settle(page)
    pick_patient(page, "➕ New patient")
    fill(page, "Patient ID (no names)", "e2e-001")
    fill_date(page, "Treatment start date", start)
    page.get_by_text("Autoimmune pancreatitis", exact=True).click()  # an RI 16 needs a site
    fill(page, "Baseline RI (IgG4-RD Responder Index, total)", "16")
    fill(page, "Initial dose (mg/day)", "40")
    settle(page)
    page.get_by_role("button", name="Save patient").click()
    settle(page)
    picker = page.locator(".st-key-igg4rd-picker input")
    expect(picker).to_have_value("e2e-001", timeout=10_000)  # after the save's rerun
    go_to(page, "Visits")
    for month, ri, dose in ((1, "9", "30"), (3, "6", "20"), (6, "4", "10")):
        fill_date(page, "Visit date", month_date(start, month))
        fill(page, "Dose (mg/day)", dose)
        type_ri(page, ri)
        rerun_by(page, page.get_by_role("button", name="Add visit").click)
    wait_for_banner(page, "success")
    shoot("new-patient-visits")
    go_to(page, "Assessment")
    assert OUTCOME_WORDS["success"] in banner_text(page)
    shoot("new-patient-assessment")

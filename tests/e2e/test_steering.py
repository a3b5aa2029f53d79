"""Steering remission induction during the stage, as a clinician clicks through it: a pending
patient behind target says why in the banner; a visit is scored with the RI calculator; a refused
visit keeps what was typed; 400 mg/day needs a confirmation that names it."""
from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from harness.streamlit_browser import banner_text, pick_patient, rerun_by, settle
from igg4rd.rules.dates import month_date
from igg4rd.synthetic.patients import demo_patients
from tests.e2e.conftest import TODAY
from tests.e2e.test_clinician import fill, fill_date, type_ri

pytestmark = pytest.mark.e2e
PENDING = "demo-05-pending"
START = next(p for p in demo_patients(date.fromisoformat(TODAY))
             if p.id == PENDING).treatment.start_date


def open_patient(page, app_url: str, page_name: str, patient_id: str) -> None:
    page.goto(f"{app_url}/{page_name}")
    settle(page)
    pick_patient(page, f"{patient_id} (synthetic)")


def visit_rows(page) -> int:
    """How many rows the visit table draws (its canvas has an accessible table, filled once
    the grid is drawn: the patient has a visit)."""
    rows = page.locator('[data-testid="stDataFrame"] table tbody tr')
    rows.first.wait_for(state="attached", timeout=10_000)
    return rows.count()


def choose(page, label: str, option_start: str) -> None:
    """Pick the option starting with `option_start` in the selectbox `label` (opened again if
    a rerun redrew it under the click)."""
    box = page.get_by_role("combobox", name=label)
    for _ in range(3):
        box.click()
        if box.get_attribute("aria-expanded") == "true":
            break
        page.keyboard.press("Escape")
    page.get_by_role("option", name=re.compile("^" + re.escape(option_start))).click()
    settle(page)


def add_visit(page) -> None:
    rerun_by(page, page.get_by_role("button", name="Add visit").click)


def test_a_pending_patient_behind_target_shows_why_in_the_banner(page, app_url, shoot):
    open_patient(page, app_url, "assessment", "demo-08-behind-target")
    banner = banner_text(page)
    assert "Behind target: goal 2" in banner and "after month 6" in banner
    assert "The next protocol step to" in banner and "had to start by" in banner  # what now
    assert "(passed)" in banner
    page.get_by_text("Basis of the on-track status").click()
    assert page.get_by_text("not a prescription for this patient", exact=False).count() == 1
    shoot("steering-behind-target")


def test_a_visit_scored_with_the_calculator(page, app_url, shoot):
    open_patient(page, app_url, "visits", PENDING)
    rows = visit_rows(page)
    fill_date(page, "Visit date", month_date(START, 2))
    settle(page)
    page.get_by_text("Scored with the calculator", exact=True).click()
    settle(page)
    expect(page.get_by_text("RI total: not scored yet", exact=False)).to_be_visible()
    for item, grade in (("Dacryoadenitis (lacrimal gland): activity", "1 · improved"),
                        ("Sialoadenitis (salivary gland): activity", "0 · unaffected"),
                        ("Autoimmune pancreatitis: activity", "2 · persistent"),
                        ("Serum IgG4 item", "1 · improved")):
        choose(page, item, grade)
    expect(page.get_by_text("RI total: 4", exact=False)).to_be_visible()
    fill(page, "Dose (mg/day)", "30")
    add_visit(page)
    expect(page.locator('[data-testid="stDataFrame"] table tbody tr')).to_have_count(rows + 1)
    shoot("steering-calculator")


def test_a_refused_visit_keeps_its_input(page, app_url):
    open_patient(page, app_url, "visits", PENDING)
    fill_date(page, "Visit date", month_date(START, -1))
    fill(page, "Dose (mg/day)", "7,5")
    type_ri(page, "6")
    add_visit(page)
    expect(page.get_by_text("is before the treatment start", exact=False)).to_be_visible()
    expect(page.get_by_label("Dose (mg/day)", exact=True)).to_have_value("7,5")
    expect(page.get_by_label("RI (total)", exact=True)).to_have_value("6")


def test_400_mg_needs_a_confirmation_that_names_it(page, app_url, shoot):
    open_patient(page, app_url, "visits", PENDING)
    rows = visit_rows(page)
    fill_date(page, "Visit date", month_date(START, 2))
    fill(page, "Dose (mg/day)", "400")
    add_visit(page)
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("400 mg/day prednisone equivalent, above 80 mg/day",
                              exact=False)).to_be_in_viewport()  # where the eye is
    back = dialog.get_by_role("button", name="Go back and change it")
    expect(back).to_have_attribute("data-testid", "stBaseButton-primary")
    expect(dialog.get_by_role("button", name="Save with these values")).to_have_attribute(
        "data-testid", "stBaseButton-secondary")
    assert visit_rows(page) == rows  # nothing saved yet
    shoot("steering-confirm-400")
    rerun_by(page, dialog.get_by_role("button", name="Save with these values").click)
    expect(page.locator('[data-testid="stDataFrame"] table tbody tr')).to_have_count(rows + 1)

"""What is recorded is what the clinician meant (issue 23), clicked through in Chromium: a
dose-only visit stores no RI; a date nobody could mean stores nothing; a deletion is asked,
naming the visit, and undone. Each reads back the registry's JSON export, not only the screen."""
from __future__ import annotations

import json
from datetime import date

import pytest
from playwright.sync_api import expect

from harness.streamlit_browser import go_to, settle
from igg4rd.rules.dates import month_date
from tests.e2e.conftest import download_registry
from tests.e2e.test_clinician import fill, fill_date
from tests.e2e.test_steering import PENDING, START, add_visit, open_patient, visit_rows

pytestmark = pytest.mark.e2e
SUCCESS = "demo-01-success"


def exported(page, patient_id: str) -> dict:
    """The patient as the Patients page's JSON export holds it (this session's store)."""
    go_to(page, "Patients")
    records = json.loads(download_registry(page).path().read_text(encoding="utf-8"))
    return next(record for record in records if record["id"] == patient_id)


def test_a_dose_only_visit_stores_no_ri(page, app_url):
    open_patient(page, app_url, "visits", PENDING)
    rows = visit_rows(page)
    day = month_date(START, 2)
    fill_date(page, "Visit date", day)
    fill(page, "Dose (mg/day)", "30")
    add_visit(page)
    expect(page.locator('[data-testid="stDataFrame"] table tbody tr')).to_have_count(rows + 1)
    visit = next(v for v in exported(page, PENDING)["visits"] if v["date"] == day.isoformat())
    assert visit["gc_dose_mg"] == 30 and "ri" not in visit


def test_a_date_the_field_cannot_take_stores_nothing(page, app_url):
    open_patient(page, app_url, "visits", PENDING)
    rows = visit_rows(page)
    fill_date(page, "Visit date", "2062-10-28")
    fill(page, "Dose (mg/day)", "30")
    add_visit(page)
    expect(page.get_by_text("more than a year in the future", exact=False)).to_be_visible()
    expect(page.get_by_label("Visit date", exact=True)).to_have_value("2062-10-28")
    assert visit_rows(page) == rows
    assert all(v["date"] != "2062-10-28" for v in exported(page, PENDING)["visits"])


def delete_row(page, row: int) -> None:
    """Tick the row's checkbox at the grid's left edge, then the toolbar's bin."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.click(position={"x": 12, "y": 35 * (row + 1) + 17})
    grid.hover()
    page.get_by_role("button", name="Delete row(s)").click()
    settle(page)


def test_a_delete_is_asked_naming_the_visit_and_undo_restores_it(page, app_url, shoot):
    open_patient(page, app_url, "visits", SUCCESS)
    rows = visit_rows(page)
    delete_row(page, 2)  # the month-6 visit
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_in_viewport()
    expect(dialog.get_by_text("dose 7.5 mg/day", exact=False)).to_be_visible()
    keep = dialog.get_by_role("button", name="Keep the visit")
    expect(keep).to_have_attribute("data-testid", "stBaseButton-primary")
    shoot("delete-asked")
    dialog.get_by_role("button", name="Delete", exact=True).click()
    settle(page)
    expect(page.locator('[data-testid="stDataFrame"] table tbody tr')).to_have_count(rows - 1)
    page.get_by_role("button", name="Undo").click()
    settle(page)
    expect(page.locator('[data-testid="stDataFrame"] table tbody tr')).to_have_count(rows)
    month6 = month_date(date.fromisoformat(exported(page, SUCCESS)["treatment"]["start_date"]),
                        6)
    assert any(abs((date.fromisoformat(v["date"]) - month6).days) < 20
               for v in exported(page, SUCCESS)["visits"])


def test_an_imported_review_note_is_drawn_as_text_and_fetches_nothing(page, app_url, tmp_path):
    """Issue 23 (§5): a file's RI form carried a review note drawn as Markdown in the
    rescoring warning: an image in it was fetched, a link and red words appeared."""
    from tests.unit.helpers import record, visit

    note = "![p](probe.png) [link](http://127.0.0.1:9/x) :red[Dose must be doubled] <b>x</b>"
    breakdown = {"organs": {"pancreas": {"activity": 3}}, "igg4": 0, "review": note}
    imported = record([visit(1, ri=3, dose=35, ri_breakdown=breakdown)], id="e2e-review")
    upload = tmp_path / "review.json"
    upload.write_text(json.dumps([imported]))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{app_url}/patients")
    settle(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(upload)
    page.get_by_role("button", name="Import all records").click()
    page.get_by_text("Imported 1 patient(s)", exact=False).wait_for()
    pick = page.locator(".st-key-igg4rd-picker [data-testid='stSelectbox']")
    pick.click()
    page.get_by_role("option", name="e2e-review", exact=True).click()
    settle(page)
    go_to(page, "Visits")
    page.get_by_role("combobox", name="Enter").click()
    page.get_by_role("option", name=f"The RI of the visit of {imported['visits'][0]['date']}",
                     exact=False).click()
    settle(page)
    warning = page.get_by_test_id("stAlert").filter(has_text="Dose must be doubled")
    warning.wait_for()
    shown = warning.inner_text().replace("\u2060", "")  # the word joiner that stops autolinks
    assert note in shown  # the very characters, not their rendering
    assert not warning.locator("img, a, strong, b, span[style*='color']").count()
    assert not [r for r in requested if r.endswith("probe.png") or "127.0.0.1:9" in r]

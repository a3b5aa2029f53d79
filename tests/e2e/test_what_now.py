"""What now (issue 24), in Chromium: a visit typed after the fact shows when the patient fell
behind (the status at each visit, above the charts and on the taper chart); the worklist fits a
desktop and a phone without sideways scrolling of what matters."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.streamlit_browser import go_to, new_context, settle
from igg4rd.rules.dates import month_date
from tests.e2e.test_clinician import fill, fill_date
from tests.e2e.test_steering import PENDING, START, add_visit, open_patient

pytestmark = pytest.mark.e2e
# how far the grid's content reaches past its visible width (0: nothing to scroll sideways)
SIDEWAYS = """k => { const s = document.querySelector(`.st-key-${k} .dvn-scroller`);
                     return s.scrollWidth - s.clientWidth; }"""
WHY_COLUMN_PX = 400  # Streamlit's "large" column: the reason, last (the canvas grid's column
# positions are not in the DOM, so what reaches past the grid's width is compared with it)


def test_a_visit_typed_after_the_fact_shows_when_the_patient_fell_behind(page, app_url, shoot):
    open_patient(page, app_url, "visits", PENDING)
    fill_date(page, "Visit date", month_date(START, 2))
    fill(page, "Dose (mg/day)", "55")  # back up at month 2: maintenance now after month 6
    add_visit(page)
    expect(page.get_by_text("The visit is saved.")).to_be_visible()
    go_to(page, "Assessment")
    row = page.get_by_test_id("stMarkdownContainer").filter(has_text="Status at each visit:")
    expect(row).to_contain_text("On track")
    expect(row).to_contain_text(f"{month_date(START, 2).isoformat()}: Behind target")
    legend = page.locator('[data-testid="stPlotlyChart"]').nth(1).locator(".legendtext")
    expect(legend.filter(has_text="Status at the visit")).to_have_count(1)
    shoot("what-now-fell-behind")


@pytest.mark.parametrize(("width", "table"), [(1366, "worklist-full"),
                                               (390, "worklist-compact")])
def test_the_worklist_shows_its_columns_without_sideways_scrolling(browser, app_url, width,
                                                                  table):
    context = new_context(browser, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{app_url}/patients")
    settle(page)
    grid = page.locator(f".st-key-{table} [data-testid='stDataFrame']")
    expect(grid).to_be_visible()
    grid.locator("table thead th").first.wait_for(state="attached")  # drawn (not a skeleton)
    headers = grid.locator("table thead th").all_inner_texts()
    expected = (["status", "id", "next step", "next visit", "month", "month-6 visit", "stratum",
                 "regimen"] if table == "worklist-full" else ["status", "next step", "id"])
    assert [h.strip() for h in headers][:len(expected)] == expected
    if table == "worklist-compact":
        assert page.evaluate(SIDEWAYS, table) <= 1  # a phone: nothing to scroll sideways
    else:  # a desktop: only the reason (also in the selected row's detail) may reach past
        assert page.evaluate(SIDEWAYS, table) <= WHY_COLUMN_PX
    context.close()

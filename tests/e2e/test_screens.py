"""Every screen size (issue 13 §3), printing (§2) and the keyboard (§4): each page of a demo
patient on a desktop, a tablet and a phone; the first screen says what the app is and that the
data are synthetic; nothing overflows sideways or is cut; chart labels do not overlap; after
navigating, the sidebar is out of the way; Ctrl+P prints the content without the app's chrome;
the main path works by keyboard alone. Screenshots are saved under test-artifacts/e2e/screens.
"""
from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from harness.streamlit_browser import banner_text, pick_patient, rerun_by
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.screens import (
    CLIPPED,
    CUT,
    OVERFLOW,
    OVERLAPS,
    PAGES,
    PATIENT,
    SCREENS,
    arrive,
    at_rest,
    new_screen,
    open_with_patient,
)

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "screens"
FINISHED = "demo-01-success"  # month 6 is final: the Assessment page adds its serology table

@pytest.fixture(scope="module", params=list(SCREENS))
def screen(request, browser, app_url) -> Iterator[tuple]:
    """A tab of one screen size with the demo patient picked (module-scoped: one session walks
    through the pages, as a clinician would)."""
    context = new_screen(browser, request.param)
    page = context.new_page()
    open_with_patient(page, app_url)
    yield request.param, page
    context.close()


@pytest.mark.parametrize("link", PAGES)
def test_every_page_fits_its_screen(screen, link):
    name, page = screen
    arrive(page, link)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{PAGES[link][0]}.png"), full_page=True)
    height = page.viewport_size["height"]
    for what in ("igg4rd", "Synthetic demo data"):  # the first screen, without scrolling
        box = page.locator(".st-key-igg4rd-frame").get_by_text(
            what, exact=False).first.bounding_box()
        assert box and box["y"] + box["height"] <= height, f"{what!r} not on the first screen"
    assert page.evaluate(OVERFLOW) == {"page": 0, "main": 0}, f"{link} overflows sideways"
    assert not page.evaluate(CUT), f"{link}: text cut off"
    assert not page.evaluate(OVERLAPS), f"{link}: chart labels overlap"
    assert not page.evaluate(CLIPPED), f"{link}: chart labels cut off"
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_attribute("data-collapsed") == "true", "the sidebar is in the way"


def test_a_finished_stage_fits_its_screen(screen):
    """A final month-6 verdict adds the serology table (Fig. 4): it scrolls, the page does not."""
    name, page = screen
    arrive(page, "Assessment")
    pick_patient(page, f"{FINISHED} (synthetic)")
    try:
        expect(page.get_by_text("Month-6 serology in context")).to_be_visible()
        at_rest(page)
        assert page.evaluate(OVERFLOW) == {"page": 0, "main": 0}, f"{name}: overflows sideways"
    finally:
        pick_patient(page, f"{PATIENT} (synthetic)")
        at_rest(page)


def test_wide_tables_scroll_inside_the_page(screen):
    name, page = screen
    arrive(page, "Visits")
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def test_printing_gives_the_content_without_the_chrome(browser, app_url, tmp_path):
    context = new_screen(browser, "desktop")
    page = context.new_page()
    open_with_patient(page, app_url)
    arrive(page, "Assessment")
    page.emulate_media(media="print")
    for chrome in ("stSidebar", "stHeader", "stExpandSidebarButton"):
        expect(page.get_by_test_id(chrome)).to_be_hidden()
    expect(page.locator(".st-key-igg4rd-picker").first).to_be_hidden()
    expect(page.locator(".stDownloadButton").first).to_be_hidden()
    pdf = tmp_path / "printed.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"Assessment · {PATIENT}" in text and "Therapeutic goals" in text
    assert "Review a past date" not in text and "PDF report" not in text
    for chart in ("Responder index (RI)", "Glucocorticoid taper"):  # each chart whole on a page
        pages_with_it = [p for p in text.split("\f") if chart in p]
        assert len(pages_with_it) == 1 and "Months since treatment start" in pages_with_it[0]
    context.close()


FOCUSED = """() => { const e = document.activeElement; if (!e) return 'none';
    return `${e.tagName}:${(e.getAttribute('aria-label') || e.innerText || '').slice(0, 30)}`; }"""


def tab_to(page, matches: str, presses: int = 80) -> None:
    """Press Tab until (unless) the focused element satisfies the JS predicate `matches` (given
    `e`, the element, and `name`, its label: aria-label or its <label>s' text)."""
    check = f"""() => {{ const e = document.activeElement; if (!e) return false;
        const name = (e.getAttribute('aria-label') || '') + ' '
                     + [...(e.labels || [])].map(l => l.innerText).join(' ');
        return !!({matches}); }}"""
    seen = []
    for _ in range(presses):
        if page.evaluate(check):  # already there: the Tab that left a field may have arrived
            return
        seen.append(page.evaluate(FOCUSED))
        page.keyboard.press("Tab")
    raise AssertionError(f"no element matching {matches} reached by Tab; focus went: {seen}")


def test_the_main_path_works_by_keyboard_alone(browser, app_url):
    """Pick the patient, open Visits, add a visit, open the assessment, read the verdict: Tab,
    typing and Enter only."""
    context = new_screen(browser, "desktop")
    page = context.new_page()
    page.goto(f"{app_url}/patients")
    at_rest(page)
    tab_to(page, "e.closest('.st-key-igg4rd-picker')")
    page.keyboard.type(PATIENT)
    page.keyboard.press("Enter")
    at_rest(page)
    expect(page.locator(".st-key-igg4rd-picker input")).to_have_value(f"{PATIENT} (synthetic)")
    tab_to(page, "e.innerText === 'Visits' && e.dataset.testid === 'stTopNavLink'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/visits")
    at_rest(page)
    rows = page.locator('[data-testid="stDataFrame"] table tbody tr')
    rows.first.wait_for(state="attached")  # the grid's accessible table is filled once drawn
    visits = rows.count()
    for label, value in (("Visit date", "2025-05-30"), ("Dose (mg/day)", "15")):
        tab_to(page, f"e.tagName === 'INPUT' && name.includes({label!r})")
        page.keyboard.type(value)
        rerun_by(page, lambda: page.keyboard.press("Tab"))
    tab_to(page, "e.type === 'radio' && e.checked && name.includes('Not assessed')")
    # the RI at this visit: "Total typed"; its field is drawn by the rerun the choice asks for
    rerun_by(page, lambda: page.keyboard.press("ArrowRight"))
    tab_to(page, "e.tagName === 'INPUT' && name.includes('RI (total)')")
    page.keyboard.type("3")
    rerun_by(page, lambda: page.keyboard.press("Tab"))
    tab_to(page, "e.tagName === 'BUTTON' && e.innerText.includes('Add visit')")
    page.keyboard.press("Enter")
    at_rest(page)
    expect(rows).to_have_count(visits + 1)
    tab_to(page, "e.tagName === 'A' && e.innerText.includes('See the assessment')", 200)
    page.keyboard.press("Enter")
    page.wait_for_url("**/assessment")
    at_rest(page)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("15 mg/day")
    assert "On track for goal 2" in banner_text(page)  # was behind target at 35 mg/day
    context.close()

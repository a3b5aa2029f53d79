"""The app in two languages, in Chromium: a Chinese browser gets Chinese at first; the sidebar's
switch changes the banner, the checklist and the chart titles and back; every page drawn in
Chinese fits a desktop's and a phone's screen, its chart labels whole and apart (screenshots under
test-artifacts/e2e/screens/zh-*.png); the PDF report in Chinese keeps its text extractable and
its page drawn."""
from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from harness.streamlit_browser import banner_text, new_context
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.screens import (
    CLIPPED,
    OVERFLOW,
    OVERLAPS,
    PAGES,
    PATIENT,
    arrive,
    at_rest,
    choose_language,
    new_screen,
    open_with_patient,
)

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "screens"


def chart_titles(page) -> list[str]:
    return page.locator('[data-testid="stPlotlyChart"] .gtitle').evaluate_all(
        "titles => titles.map(t => t.textContent)")  # SVG text: no innerText


def test_a_chinese_browser_gets_chinese_first(browser, app_url):
    context = new_context(browser, locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{app_url}/assessment")
    at_rest(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_contain_text("评估")
    context.close()


def test_the_switch_changes_banner_checklist_and_charts(browser, app_url):
    context = new_screen(browser, "desktop")
    page = context.new_page()
    open_with_patient(page, app_url)
    arrive(page, "Assessment")
    assert "Behind target" in banner_text(page)
    assert "Responder index (RI)" in chart_titles(page)
    choose_language(page, "zh")
    assert "落后于目标" in banner_text(page)
    expect(page.get_by_role("heading", name="治疗目标")).to_be_visible()
    assert {"反应指数（RI）", "糖皮质激素减量"} <= set(chart_titles(page))
    choose_language(page, "en")
    assert "Behind target" in banner_text(page)
    context.close()


def test_a_page_the_patients_list_opens_keeps_the_language(browser, app_url):
    """Its buttons change the page from the script (st.switch_page), which drops every
    widget's state: the sidebar's language switch with it, once."""
    context = new_screen(browser, "desktop")
    page = context.new_page()
    open_with_patient(page, app_url)
    arrive(page, "Patients")
    choose_language(page, "zh")
    page.get_by_role("button", name="新患者").click()
    page.wait_for_url("**/patient")
    at_rest(page)
    expect(page.locator('[data-testid="stMain"] h1').first).to_contain_text("新患者")
    context.close()


@pytest.fixture(scope="module", params=["desktop", "phone"])
def chinese_tab(request, browser, app_url):
    context = new_screen(browser, request.param)
    page = context.new_page()
    open_with_patient(page, app_url)
    choose_language(page, "zh")
    yield page
    context.close()


@pytest.mark.parametrize("link", PAGES)
def test_every_page_in_chinese_fits_the_screen(chinese_tab, link):
    arrive(chinese_tab, link, "zh")
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = chinese_tab.viewport_size["width"]
    chinese_tab.screenshot(path=str(SHOTS / f"zh-{PAGES[link][0]}-{width}.png"), full_page=True)
    assert chinese_tab.evaluate(OVERFLOW) == {"page": 0, "main": 0}
    assert not chinese_tab.evaluate(CLIPPED), f"{link}: chart labels cut off"
    assert not chinese_tab.evaluate(OVERLAPS), f"{link}: chart labels overlap"


def test_the_chinese_pdf_report_keeps_its_text(chinese_tab, tmp_path):
    arrive(chinese_tab, "Assessment", "zh")
    with chinese_tab.expect_download() as download:
        chinese_tab.get_by_role("button", name="PDF报告（A4）").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "诱导缓解" in text and PATIENT in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    png = next(tmp_path.glob("page*.png"))
    from PIL import Image  # matplotlib's dependency

    pixels = Image.open(png).convert("L").getextrema()
    assert pixels[0] < 128, "the rendered page is blank"

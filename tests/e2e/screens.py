"""The three screens the app is checked on (desktop, tablet, phone) and a walk through the pages
on each: shared by the layout, print, keyboard and accessibility tests."""
from __future__ import annotations

from playwright.sync_api import expect

from harness.streamlit_browser import (
    close_sidebar,
    go_to,
    new_context,
    open_sidebar,
    pick_patient,
    settle,
)

PATIENT = "demo-08-behind-target"  # pending and behind target: banner, charts, tables
# name -> (width, height) in px; a phone is also a mobile, touch browser (Streamlit closes its
# sidebar after a page is chosen only for a mobile user agent)
SCREENS = {"desktop": (1366, 900), "tablet": (820, 1180), "phone": (390, 844)}
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/126.0 Mobile Safari/537.36")
# navigation link -> (URL path, the start of the page's title)
PAGES = {"Patients": ("patients", "Patients"),
         "Assessment": ("assessment", f"Assessment · {PATIENT}"),
         "Patient": ("patient", f"Patient {PATIENT}"),
         "Visits": ("visits", f"Visits · {PATIENT}"),
         "Risk": ("risk", f"Risk · {PATIENT}"),
         "Cohort": ("cohort", "Cohort analytics"),
         "Evidence": ("evidence", "Evidence and settings")}
# the navigation's link names in each language but English (igg4rd/language/locale)
LINKS = {"zh": {"Patients": "患者列表", "Assessment": "评估", "Patient": "患者", "Visits": "随访",
                "Risk": "风险", "Cohort": "队列", "Evidence": "证据"}}
LANGUAGE_NAMES = {"en": "English", "zh": "简体中文"}  # as the sidebar's switch names them
TOOLS = {"en": "Tools", "zh": "工具"}  # the sidebar's heading: the language has changed

# What a page is checked for on every screen (evaluated in the page):
OVERFLOW = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {page: document.documentElement.scrollWidth - window.innerWidth,
            main: main.scrollWidth - main.clientWidth};
}"""
# Elements whose text is cut (an ellipsis or hidden overflow) though they should show it whole.
CUT = """() => [...document.querySelectorAll(
        '[data-testid="stMetricValue"] > div, [data-testid="stMetricLabel"] p, h1, h2, h3')]
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""
# Pairs of a chart's texts (title, legend, axis titles, annotations) whose boxes intersect, and
# axis titles that reach into a plot area (a panel's title over its neighbour's plot).
OVERLAPS = """() => {
    const found = [];
    const box = e => [e.textContent || 'plot area', e.getBoundingClientRect()];
    const meets = (r, s) => r.left < s.right - 1 && s.left < r.right - 1
                            && r.top < s.bottom - 1 && s.top < r.bottom - 1;
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
        const axisTitles = [...chart.querySelectorAll('g[class]')]
            .filter(e => /^g-[xy]\\d*title$/.test(e.getAttribute('class'))).map(box);
        const parts = [...[...chart.querySelectorAll('.gtitle, .legend, .annotation-text')]
            .map(box), ...axisTitles].filter(([, r]) => r.width > 0 && r.height > 0);
        const areas = [...chart.querySelectorAll('.bglayer .bg')].map(box);
        for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
            if (meets(parts[i][1], parts[j][1])) found.push([parts[i][0], parts[j][0]]);
        }
        for (const [title, r] of axisTitles) for (const [, s] of areas) {
            if (r.width > 0 && meets(r, s)) found.push([title, 'a plot area']);
        }
    }
    return found;
}"""

# A chart's texts (title, axis titles) that reach outside the chart: cut off at its edge.
CLIPPED = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
  .flatMap(chart => {
    const edge = chart.querySelector('.main-svg').getBoundingClientRect();
    return [...chart.querySelectorAll('.gtitle, .g-xtitle, .g-ytitle, .g-y2title')]
        .filter(e => { const r = e.getBoundingClientRect();
                       return r.width > 0 && (r.top < edge.top - 1 || r.bottom > edge.bottom + 1
                              || r.left < edge.left - 1 || r.right > edge.right + 1); })
        .map(e => e.textContent);
})"""


def new_screen(browser, screen: str):
    """A browser context the size (and, for the phone, the kind) of `screen`."""
    width, height = SCREENS[screen]
    phone = {"is_mobile": True, "has_touch": True, "user_agent": PHONE_AGENT} \
        if screen == "phone" else {}
    return new_context(browser, viewport={"width": width, "height": height}, **phone)


def at_rest(page) -> None:
    """`settle`, no stale element of the last run left (Streamlit dims those), and the fonts
    loaded (until then an icon shows as its name)."""
    settle(page)
    page.wait_for_function("""() => !document.querySelector('[data-stale="true"]')
                                    && document.fonts.status === 'loaded'""")


def open_with_patient(page, app_url: str) -> None:
    """Open the Patients page and pick the demo patient in the picker above every page."""
    page.goto(f"{app_url}/patients")
    expect(page.locator(".st-key-igg4rd-picker [data-testid='stSelectbox']")).to_have_count(
        1, timeout=30_000)  # a cold server's first run can still be drawing
    at_rest(page)
    pick_patient(page, f"{PATIENT} (synthetic)")


def arrive(page, link: str, language: str = "en") -> None:
    """Open a page by its navigation link (in `language`) and wait until it is drawn, at rest
    (in English, until its title reads as expected)."""
    path, title = PAGES[link]
    go_to(page, LINKS.get(language, {}).get(link, link))
    page.wait_for_url(f"**/{path}")
    if language == "en":
        expect(page.locator('[data-testid="stMain"] h1').first).to_contain_text(title)
    at_rest(page)


def choose_language(page, language: str) -> None:
    """Switch the app's language in the sidebar, then fold the sidebar away again."""
    open_sidebar(page)
    page.get_by_test_id("stSidebar").get_by_text(LANGUAGE_NAMES[language], exact=True).click()
    expect(page.get_by_test_id("stSidebar").locator("h3").first).to_have_text(TOOLS[language])
    at_rest(page)
    close_sidebar(page)

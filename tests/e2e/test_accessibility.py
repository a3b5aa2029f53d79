"""Accessibility: axe-core (axe-playwright-python) on every page, with a demo patient picked, on
a desktop, a tablet and a phone, in every language of the app. A violation of impact "serious"
or "critical" fails; each is listed with its rule, impact, help and target selectors.

One browser context per language and screen (module-scoped), walked through the pages by the
navigation, so the picked patient stays picked (a fresh URL would start a new session).
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.screens import (
    PAGES,
    SCREENS,
    arrive,
    choose_language,
    new_screen,
    open_with_patient,
)

pytestmark = pytest.mark.e2e

LANGUAGES = ("en", "zh")
BLOCKING = ("serious", "critical")
# Violations of Streamlit's own markup that the app cannot fix: (axe rule id, a CSS selector
# the violating element lies in) -> why it is Streamlit's. Never the app's own content. None
# found so far (README, 'Accessibility').
STREAMLIT_OWN: dict[tuple[str, str], str] = {}

AXE = Axe()


@pytest.fixture(scope="module", params=[(language, screen) for language in LANGUAGES
                                        for screen in SCREENS],
                ids=lambda p: f"{p[0]}-{p[1]}")
def tab(request, browser, app_url) -> Iterator:
    """A tab of the given screen and language with the demo patient picked."""
    language, screen = request.param
    context = new_screen(browser, screen)
    page = context.new_page()
    open_with_patient(page, app_url)
    if language != "en":
        choose_language(page, language)
    yield page, language
    context.close()


def streamlit_own(page, rule: str, target: list) -> bool:
    """Whether an allow-listed selector of this rule holds the violating element."""
    selectors = [s for (r, s) in STREAMLIT_OWN if r == rule]
    if not selectors or len(target) != 1:  # a target of several parts: inside a frame
        return False
    return page.evaluate("""([target, selectors]) => {
        const e = document.querySelector(target);
        return !!e && selectors.some(s => e.closest(s)); }""", [target[0], selectors])


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}  {v['helpUrl']}")
        lines += [f"    {' >> '.join(node['target'])}" for node in v["nodes"]]
    return "\n".join(lines)


@pytest.mark.parametrize("link", PAGES)
def test_no_serious_accessibility_violations(tab, link):
    tab, language = tab
    arrive(tab, link, language)
    found = AXE.run(tab).response["violations"]
    blocking = []
    for violation in found:
        nodes = [n for n in violation["nodes"]
                 if (n.get("impact") or violation["impact"]) in BLOCKING
                 and not streamlit_own(tab, violation["id"], n["target"])]
        if nodes:
            blocking.append({**violation, "nodes": nodes})
    print(report(found))  # everything axe found, shown with a failure (or with -s)
    assert not blocking, f"{link}: serious or critical accessibility violations:\n" \
                         f"{report(blocking)}"

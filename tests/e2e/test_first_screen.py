"""Issue 23 (§7): the first screen never shows an icon's name. Streamlit draws an icon as a word
("keyboard_double_arrow_right", "check_circle") that the Material Symbols font turns into a
glyph; without the font the word itself is drawn, over the labels. Each test starts a server of
its own (cold: nothing served yet, no session run) and watches the first page in Chromium at
every frame: no icon may be drawn before the icon font has loaded, and no font may fail.

It failed on a fresh server's first page: the gate (igg4rd/ui/server/gate.py) refused every path
with '/media/' in it, the frontend's fonts under /static/media/ too, until a demo session had run,
and on a clinic's login page always; a font refused once stays missing for the page's life. The font
is also preloaded with the page (igg4rd/ui/server/html_page.py)."""
from __future__ import annotations

from datetime import date

import pytest

from harness.streamlit_browser import settle, streamlit_server
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients
from tests.e2e.conftest import TODAY

pytestmark = pytest.mark.e2e
PASSWORD = "first screen password"
ICON_FONT = "Material Symbols Rounded"
# At every frame from the first: each visible icon drawn as its word is a violation. A glyph
# is about one em wide; the word ("check_circle") several: the drawn width says which, whatever
# the browser's font bookkeeping (a FontFace of the same family can read 'unloaded' for a frame
# when the frontend re-inserts its @font-face rules, while the glyphs stay drawn).
WATCH = """
window.__icons = {drawnBeforeFont: [], firstIcon: null, fontLoaded: null, facesThen: null};
const iconFontLoaded = () => [...document.fonts].some(
    face => face.family.replace(/["']/g, '') === 'FONT' && face.status === 'loaded');
const watch = () => {
  const now = performance.now();
  if (iconFontLoaded() && window.__icons.fontLoaded === null) window.__icons.fontLoaded = now;
  for (const icon of document.querySelectorAll('span[translate="no"]')) {
    const style = getComputedStyle(icon);
    if (!style.fontFamily.includes('FONT')) continue;
    if (!icon.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const word = icon.textContent.trim();
    if (!word) continue;
    if (window.__icons.firstIcon === null) window.__icons.firstIcon = now;
    const asWord = icon.getBoundingClientRect().width > 2 * parseFloat(style.fontSize);
    if (asWord && word.length > 2) window.__icons.drawnBeforeFont.push(word);
  }
  requestAnimationFrame(watch);
};
requestAnimationFrame(watch);
""".replace("FONT", ICON_FONT)


def watch(page) -> None:
    page.add_init_script(WATCH)


def assert_no_icon_name_was_drawn(page) -> None:
    seen = page.evaluate("window.__icons")
    assert seen["firstIcon"] is not None, "no icon drawn: nothing checked"
    assert seen["drawnBeforeFont"] == [], f"icon names drawn as words: {seen}"
    assert seen["fontLoaded"] is not None and seen["fontLoaded"] <= seen["firstIcon"]
    failed = page.evaluate("[...document.fonts].filter(f => f.status === 'error')"
                           ".map(f => f.family)")
    assert failed == []


def test_a_cold_servers_first_page_never_shows_an_icon_name(page):
    with streamlit_server(TODAY) as url:
        watch(page)
        page.goto(f"{url}/assessment")
        settle(page, timeout_ms=60_000)
        assert_no_icon_name_was_drawn(page)


def test_a_cold_clinic_servers_login_and_first_page_never_show_an_icon_name(page, tmp_path):
    database = f"sqlite:///{tmp_path / 'clinic.db'}"
    Store.open(database)[0].import_patients(demo_patients(date.fromisoformat(TODAY)), "admin")
    env = {"IGG4RD_DATABASE_URL": database, "IGG4RD_CLINIC_PASSWORD": PASSWORD}
    with streamlit_server(TODAY, env=env) as url:
        watch(page)
        page.goto(f"{url}/assessment")
        page.get_by_label("Your name").fill("Dr A")
        page.get_by_label("Clinic password").fill("not the password")
        page.get_by_role("button", name="Log in").click()
        page.get_by_text("Wrong password.").wait_for()  # an alert with an icon, before login
        page.get_by_label("Clinic password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        settle(page, timeout_ms=60_000)
        assert_no_icon_name_was_drawn(page)

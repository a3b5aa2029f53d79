"""Driving the app in Debian's Chromium: server start, settling, picking, typing into the grid.

Shared by the browser tests (tests/e2e) and the benchmarks (bench/). Facts from Streamlit's docs
and source: launch flags, poll /_stcore/health, wait until the app is not running and every chart
has drawn; grid cells live on a canvas, so edits go through clicks and the keyboard.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
ROW_HEIGHT = 35  # st.data_editor's default row and header height (px)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_process(today: str, timeout_s: float = 60, env: dict[str, str] | None = None,
                      log: Path | None = None) -> Iterator[tuple[subprocess.Popen, str]]:
    """`streamlit run app.py` on a free port (assessment date fixed, `env` added to the
    environment; its output written to `log`, if given); yields the process and its base URL,
    and stops it (if it still runs) afterwards."""
    port = free_port()
    env = {**os.environ, "IGG4RD_TODAY": today, **(env or {})}
    output = log.open("wb") if log else subprocess.DEVNULL
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server, timeout_s)
        yield server, url
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
        if log:
            output.close()


@contextmanager
def streamlit_server(today: str, timeout_s: float = 60, env: dict[str, str] | None = None,
                     log: Path | None = None) -> Iterator[str]:
    """`streamlit_process`, yielding only its base URL."""
    with streamlit_process(today, timeout_s, env, log) as (_, url):
        yield url


def wait_healthy(url: str, server: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"no healthy Streamlit at {url} within {timeout_s:.0f} s")


# Run in every page before the app's own scripts (`watch_runs`): follows the app's websocket and
# keeps in `window.__igg4rdRuns` whether a rerun the browser asked for has not started yet
# (`waiting`: from a rerun_script BackMsg to the next new_session ForwardMsg) and whether a script
# run is going (`running`: from new_session to a script_finished that is not "finished early for
# a rerun", which another run follows). The protocol's field numbers: streamlit/proto.
WATCH_RUNS = """(() => {
  const STREAM = '/_stcore/stream', RERUN_SCRIPT = 11, NEW_SESSION = 4, SCRIPT_FINISHED = 6,
        FINISHED_EARLY_FOR_RERUN = 2;
  const runs = window.__igg4rdRuns = {waiting: false, running: false, asked: 0, finished: 0};
  // a protobuf message's top-level fields: [number, varint value (else null)]
  const fields = bytes => {
    const found = [];
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), number = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) { found.push([number, varint()]); continue; }
      found.push([number, null]);
      if (wire === 2) { const length = varint(); i += length; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return found;
  };
  const asBytes = data => data instanceof ArrayBuffer ? new Uint8Array(data)
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : null;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      if (!String(args[0]).includes(STREAM)) return;
      this.addEventListener('message', event => {
        const bytes = asBytes(event.data);
        for (const [number, value] of bytes ? fields(bytes) : []) {
          if (number === NEW_SESSION) { runs.waiting = false; runs.running = true; }
          if (number === SCRIPT_FINISHED && value !== FINISHED_EARLY_FOR_RERUN) {
            runs.running = false;
            runs.finished += 1;
          }
        }
      });
    }
    send(data) {
      const bytes = String(this.url).includes(STREAM) && asBytes(data);
      if (bytes && fields(bytes).some(([number]) => number === RERUN_SCRIPT)) {
        runs.waiting = true;
        runs.asked += 1;
      }
      return super.send(data);
    }
  };
})()"""

# The app at rest: no rerun asked for and not started, no run going, the frontend caught up (its
# script state, the connection, the status widget gone) and every Plotly chart holding its SVG.
AT_REST = """() => {
  const runs = window.__igg4rdRuns;
  if (!runs) throw new Error('page opened without the run watch: harness.streamlit_browser.'
                             + 'new_context or watch_runs');
  const app = document.querySelector('[data-testid="stApp"]');
  return !runs.waiting && !runs.running && !!app
      && app.dataset.testScriptState === 'notRunning'
      && app.dataset.testConnectionState === 'CONNECTED'
      && !document.querySelector('[data-testid="stStatusWidget"]')
      && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
           .every(e => e.querySelector('.main-svg'));
}"""


def watch_runs(context) -> None:
    """Follow the app's script runs in every page of a browser context (for `settle`)."""
    context.add_init_script(WATCH_RUNS)


def new_context(browser, **options):
    """`browser.new_context(**options)`, its pages' script runs followed (for `settle`)."""
    context = browser.new_context(**options)
    watch_runs(context)
    return context


def settle(page, timeout_ms: int = 30_000) -> None:
    """Wait until every rerun the page has asked for has run to its end and every Plotly chart
    holds its SVG (the page must have been opened in a `new_context` or `watch_runs` one)."""
    page.wait_for_selector(".st-key-igg4rd-picker", timeout=timeout_ms)  # our frame, on every page
    page.wait_for_function(AT_REST, timeout=timeout_ms)


def rerun_by(page, act, timeout_ms: int = 30_000) -> None:
    """`act()` (a click, a committed field) and the rerun it asks for, run to its end. The
    frontend may send the rerun's request a moment after the act (seen after a button's click
    that follows a committed field): `settle` alone could return before it, and the next field
    typed into would be replaced by that run."""
    asked = page.evaluate("() => window.__igg4rdRuns.asked")
    act()
    page.wait_for_function("asked => window.__igg4rdRuns.asked > asked", arg=asked,
                           timeout=timeout_ms)
    settle(page, timeout_ms)


def go_to(page, title: str) -> None:
    """Open a page through the navigation, as a clinician would: the top bar (a link it has no
    room for sits in its 'N more' menu) or, on a phone, the sidebar's list (opened first)."""
    top = page.get_by_test_id("stTopNav")
    if top.is_visible():
        link = top.get_by_role("link", name=title, exact=True)
        if not link.count() or not reachable(link):  # hidden (no role) or clipped
            top.get_by_text(re.compile(r"^\d+ more$")).click()
            link = page.get_by_test_id("stTopNavDropdownLink").filter(has_text=title)
    else:
        open_sidebar(page)
        link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
    link.click()
    settle(page)


def reachable(locator) -> bool:
    """Whether a click on the element's centre reaches it (not clipped or covered)."""
    return locator.evaluate("""e => { const r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return !!hit && e.contains(hit); }""")


def open_sidebar(page) -> None:
    """Expand the sidebar (collapsed on every page at first) and wait for its slide to end."""
    expand = page.get_by_test_id("stExpandSidebarButton")
    if expand.is_visible():
        expand.click()
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
    sidebar_still(page)


def close_sidebar(page) -> None:
    """Fold the sidebar away (if open) and wait for its slide to end."""
    sidebar = page.get_by_test_id("stSidebar")
    if sidebar.get_attribute("data-collapsed") == "false":
        sidebar.hover()
        sidebar.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        expect(sidebar).to_have_attribute("data-collapsed", "true")
    sidebar_still(page)


def sidebar_still(page) -> None:
    """Wait for the sidebar's slide to end (a click during it can miss)."""
    page.wait_for_function("""() => document.querySelector('[data-testid="stSidebar"]')
                                        .getAnimations().length === 0""")


def pick_patient(page, label: str) -> None:
    """Choose a patient in the picker above every page by its shown label, and wait for the
    rerun the choice asks for (none when that patient is already chosen)."""
    picker = page.locator(".st-key-igg4rd-picker [data-testid='stSelectbox']")
    if picker.locator("input").input_value() == label:
        settle(page)
        return
    picker.click()
    rerun_by(page, lambda: page.get_by_role("option", name=label, exact=True).click())


def banner_text(page) -> str:
    """The outcome banner (the alert in the verdict's container)."""
    return page.locator('.st-key-igg4rd-verdict [data-testid="stAlert"]').first.inner_text()


# Armed before an edit: the page's own clock notes the last Enter pressed (the committing one)
# and the first moment after it that an element of the outcome banner reads the words.
_BANNER_CLOCK = """words => {
  window.igg4rdClock = {enter: null, banner: null};
  if (!window.igg4rdEnterWatched) {
    window.igg4rdEnterWatched = true;
    addEventListener('keydown', event => {
      const clock = window.igg4rdClock;
      if (event.key === 'Enter' && clock.banner === null) clock.enter = performance.now();
    }, {capture: true});
  }
  const shown = () => [...document.querySelectorAll(
      '.st-key-igg4rd-verdict [data-testid="stAlert"] *')]
    .some(element => element.textContent.trim() === words);
  window.igg4rdWatcher?.disconnect();
  window.igg4rdWatcher = new MutationObserver(() => {
    const clock = window.igg4rdClock;
    if (clock.enter !== null && clock.banner === null && shown()) {
      clock.banner = performance.now();
      window.igg4rdWatcher.disconnect();
    }
  });
  window.igg4rdWatcher.observe(document.body,
                               {childList: true, subtree: true, characterData: true});
}"""


def edit_to_banner(page, row: int, columns_right: int, old: str, new: str, banner_words: str,
                   timeout_ms: int = 10_000) -> float:
    """Replace a grid cell's value (as `type_into_grid`) and wait for the outcome banner to read
    `banner_words`; returns the seconds from the committing Enter's keydown to the banner's
    words in the page, both on the page's clock. (Playwright's own waits poll 0, 20, 50, 100,
    100, then every 500 ms: a banner drawn 0.3 s after the Enter was seen at 0.8 s.)"""
    page.evaluate(_BANNER_CLOCK, banner_words)
    type_into_grid(page, row, columns_right, old, new)
    page.wait_for_function("() => window.igg4rdClock.banner !== null", timeout=timeout_ms)
    return page.evaluate("() => (igg4rdClock.banner - igg4rdClock.enter) / 1000")


def type_into_grid(page, row: int, columns_right: int, old: str, new: str) -> None:
    """Replace the value `old` of the data editor's cell `columns_right` cells right of the
    pinned Date column, in data row `row` (0-based), with `new`: select, open with Enter, check
    the cell holds `old` (a grid redrawn a moment ago may swallow a click or a key, and the
    text would land in another cell), type, commit with Enter.
    """
    grid = page.locator('[data-testid="stDataFrame"]').first
    editor = page.locator(".gdg-input")  # the grid's overlay cell editor (input or textarea)
    for attempt in range(3):
        grid.click(position={"x": 60, "y": ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2})
        for _ in range(columns_right):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        try:
            expect(editor).to_have_value(old, timeout=2_000)
            editor.fill(new)
            expect(editor).to_have_value(new, timeout=1_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
            if attempt == 2:
                raise
    editor.press("Enter")

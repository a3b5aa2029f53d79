"""Benchmark of the first open: prints figures, asserts nothing.

The time a new visitor waits for the Assessment page, fully drawn (its title, its outcome
banner, both charts holding their SVG, and the script no longer running), beside a bare page
(a title, a banner and two plotly charts in two columns) served the same way: an `st.App`
launcher run by `streamlit run` with the same flags, from the repository (so the same
.streamlit/config.toml). Each open is a new browser context (a new session, an empty cache)
going straight to the page's URL; the Assessment page shows the demo's first patient, which is
what a visitor sees first. Timed in the page, from navigation start until the page is drawn.

1. Cold: the first session of a fresh server process (started, healthy, then opened once).
2. Warm: a new session on a server that has already served a few.

A third page tells the framework's share from the app's: the bare page's content below the
app's frame (name, demo badge, patient picker, sidebar tools, page style) as one page of an
app with the same top navigation, opened at the same deep link (/assessment) and served with
the same additions to the HTML page.

The kinds' runs are interleaved (the order rotates), so a busy moment of the shared machine
falls on all; medians and their ratios are printed, with the median moments the title, the
banner and the drawn charts first appeared.
Goal: ratio (app / bare) <= 1.35 cold, <= 1.15 warm.

Run: python bench/first_open.py [--cold 5] [--warm 10]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness.streamlit_browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    wait_healthy,
)

TODAY = "2025-06-01"
APP_PATH = "assessment"  # the Assessment page's URL path (igg4rd/ui/navigation.py)
WARM_UP_OPENS = 3  # sessions a warm server has served before it is measured
VIEWPORT = {"width": 1366, "height": 1000}
BARE_PAGE = '''
import plotly.graph_objects as go
import streamlit as st

st.title("Assessment · demo-01")
with st.container(key="igg4rd-verdict"):
    st.success("All three therapeutic goals met at the month-6 assessment",
               title="Treatment success", icon=":material/check_circle:")
left, right = st.columns(2)
for column, key in ((left, "ri"), (right, "taper")):
    column.plotly_chart(go.Figure(go.Scatter(x=list(range(12)), y=list(range(12)))), key=key)
'''
# The bare content below the app's frame, as one page of an app with the app's navigation.
FRAMED_PAGE = """
import plotly.graph_objects as go
import streamlit as st

from igg4rd.ui.style import PAGE_STYLE

st.html(PAGE_STYLE)
with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
    with st.container(gap=None):
        st.markdown("**igg4rd** · IgG4-RD remission induction")
        st.badge("Synthetic demo data: no real patient", icon=":material/science:",
                 color="blue")
    with st.container(width=320):
        st.selectbox("Patient", ["demo-01-success (synthetic)", "➕ New patient"])
st.sidebar.radio("Language · 语言", ["English", "简体中文"], horizontal=True)
st.sidebar.toggle("Review a past date")
""" + BARE_PAGE.split("import streamlit as st", 1)[1]
FRAMED_NAVIGATION = """
from pathlib import Path

import streamlit as st

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
names = ("Patients", "Patient", "Visits", "Risk", "Evidence", "Cohort")
pages = [st.Page(str(Path(__file__).with_name("framed_page.py")), title="Assessment",
                 url_path="assessment")]
pages += [st.Page(lambda: None, title=name, url_path=name.lower()) for name in names]
st.navigation(pages, position="top").run()
"""
KINDS = ("app", "bare", "framed")
NAMES = {"app": "Assessment page", "bare": "bare page", "framed": "framed bare page"}
BARE_LAUNCHER = '''
from pathlib import Path

import streamlit as st

app = st.App(Path(__file__).with_name("bare_page.py"))
'''
# The framed page as the app serves its pages: with what it adds to the HTML page (a deep link's
# server address, early hints: igg4rd/ui/server/html_page.py).
FRAMED_LAUNCHER = '''
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from igg4rd.ui.server.html_page import HtmlPage

app = st.App(Path(__file__).with_name("framed_navigation.py"), middleware=[Middleware(HtmlPage)])
'''
# Installed in every new page before its own scripts: notes, at each animation frame, when the
# title, the verdict's alert (the banner) and the second drawn chart first appear, and
# when all three are there and the script is not running (Streamlit's status widget is shown
# while a script runs). Times are performance.now(): milliseconds since navigation start.
MILESTONES = """
window.__firstOpen = {};
(function watch() {
  const seen = window.__firstOpen;
  const note = (name, present) => { if (present && seen[name] === undefined)
                                      seen[name] = performance.now(); };
  const main = document.querySelector('[data-testid="stMain"]');
  if (main) {
    const charts = [...main.querySelectorAll('[data-testid="stPlotlyChart"]')]
      .filter(chart => chart.querySelector('.main-svg')).length;
    const title = main.querySelector('h1');
    const banner = main.querySelector('.st-key-igg4rd-verdict [data-testid="stAlert"]');
    note('title', title);
    note('banner', banner);
    note('charts', charts >= 2);
    note('drawn', title && banner && charts >= 2
                  && !document.querySelector('[data-testid="stStatusWidget"]'));
  }
  if (seen.drawn === undefined) requestAnimationFrame(watch);
})();
"""
STAGES = ("title", "banner", "charts", "drawn")


@contextmanager
def serve(script: Path, timeout_s: float = 60) -> Iterator[tuple[str, float]]:
    """`streamlit run script` as harness/streamlit_browser.py starts app.py (same flags,
    same working directory, the assessment date fixed); yields the base URL and the seconds
    from process start to a healthy server, and stops it afterwards."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env={**os.environ, "IGG4RD_TODAY": TODAY}, stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server, timeout_s)
        yield url, time.perf_counter() - started
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)


def first_open(browser, url: str, timeout_ms: int = 60_000) -> dict[str, float]:
    """Open `url` in a new browser context (a new session); the milestones in ms."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(MILESTONES)
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__firstOpen && window.__firstOpen.drawn",
                               timeout=timeout_ms)
        return page.evaluate("() => window.__firstOpen")
    finally:
        context.close()


def kinds(run: int) -> list[str]:
    """Which server is measured first rotates from run to run."""
    shift = run % len(KINDS)
    return [*KINDS[shift:], *KINDS[:shift]]


def cold_runs(browser, scripts: dict[str, Path], url_paths: dict[str, str], runs: int
              ) -> tuple[dict[str, list[dict]], dict[str, list[float]]]:
    times: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    start_s: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for run in range(runs):
        for kind in kinds(run):
            with serve(scripts[kind]) as (url, healthy_s):
                time.sleep(0.5)  # let the start's own work finish: the visitor comes after
                times[kind].append(first_open(browser, f"{url}/{url_paths[kind]}"))
                start_s[kind].append(healthy_s)
        drawn = ", ".join(f"{kind} {times[kind][-1]['drawn']:.0f} ms" for kind in KINDS)
        print(f"  cold run {run + 1}/{runs}: {drawn}", flush=True)
    return times, start_s


def warm_runs(browser, scripts: dict[str, Path], url_paths: dict[str, str], runs: int
              ) -> dict[str, list[dict]]:
    times: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    with serve(scripts["app"]) as (app_url, _), serve(scripts["bare"]) as (bare_url, _), \
            serve(scripts["framed"]) as (framed_url, _):
        bases = {"app": app_url, "bare": bare_url, "framed": framed_url}
        urls = {kind: f"{bases[kind]}/{url_paths[kind]}" for kind in KINDS}
        for kind in KINDS:
            for _ in range(WARM_UP_OPENS):
                first_open(browser, urls[kind])
        for run in range(runs):
            for kind in kinds(run):
                times[kind].append(first_open(browser, urls[kind]))
    return times


def median(samples: list[dict], stage: str) -> float:
    return statistics.median(sample[stage] for sample in samples)


def report(label: str, times: dict[str, list[dict]], goal: float) -> None:
    drawn = {kind: median(times[kind], "drawn") for kind in KINDS}
    print(f"{label} (n={len(times['app'])} each, medians, ms from navigation start):")
    for kind in KINDS:
        stages = ", ".join(f"{stage} {median(times[kind], stage):5.0f}" for stage in STAGES)
        print(f"  {NAMES[kind]:17} {stages}")
    print(f"  ratio drawn: {drawn['app'] / drawn['bare']:.2f} (goal <= {goal}); "
          f"app - bare: {drawn['app'] - drawn['bare']:+.0f} ms; the frame and navigation: "
          f"framed / bare {drawn['framed'] / drawn['bare']:.2f}, the app's own: "
          f"app / framed {drawn['app'] / drawn['framed']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", type=int, default=5, help="fresh servers per kind")
    parser.add_argument("--warm", type=int, default=10, help="new sessions per kind")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Skipped: {CHROMIUM} missing")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="first-open-") as tmp, sync_playwright() as p:
        (Path(tmp) / "bare_page.py").write_text(BARE_PAGE)
        (Path(tmp) / "bare_app.py").write_text(BARE_LAUNCHER)
        (Path(tmp) / "framed_page.py").write_text(FRAMED_PAGE)
        (Path(tmp) / "framed_navigation.py").write_text(FRAMED_NAVIGATION)
        (Path(tmp) / "framed_app.py").write_text(FRAMED_LAUNCHER)
        scripts = {"app": ROOT / "app.py", "bare": Path(tmp) / "bare_app.py",
                   "framed": Path(tmp) / "framed_app.py"}
        url_paths = {"app": APP_PATH, "bare": "", "framed": APP_PATH}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with serve(scripts["bare"]) as (url, _):  # the browser's own first start
                first_open(browser, url)
            cold, start_s = cold_runs(browser, scripts, url_paths, args.cold)
            warm = warm_runs(browser, scripts, url_paths, args.warm)
        finally:
            browser.close()
    healthy = ", ".join(f"{kind} {statistics.median(start_s[kind]):.1f} s" for kind in KINDS)
    print(f"Server start to healthy (median): {healthy} (before the visitor; not counted)")
    report("Cold server, first session", cold, 1.35)
    report("Warm server, new session", warm, 1.15)


if __name__ == "__main__":
    main()

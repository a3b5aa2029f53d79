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

App and bare runs are interleaved (which one goes first alternates), so a busy moment of the
shared machine falls on both; medians and their ratios are printed, with the median moments
the title, the banner and the drawn charts first appeared.
Goal: ratio <= 1.35 cold, <= 1.15 warm.

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

from tests.e2e.streamlit_browser import (  # noqa: E402
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
BARE_LAUNCHER = '''
from pathlib import Path

import streamlit as st

app = st.App(Path(__file__).with_name("bare_page.py"))
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
    """`streamlit run script` as tests/e2e/streamlit_browser.py starts app.py (same flags,
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
    """Which server is measured first alternates from run to run."""
    return ["app", "bare"] if run % 2 == 0 else ["bare", "app"]


def cold_runs(browser, scripts: dict[str, Path], url_paths: dict[str, str], runs: int
              ) -> tuple[dict[str, list[dict]], dict[str, list[float]]]:
    times: dict[str, list[dict]] = {"app": [], "bare": []}
    start_s: dict[str, list[float]] = {"app": [], "bare": []}
    for run in range(runs):
        for kind in kinds(run):
            with serve(scripts[kind]) as (url, healthy_s):
                time.sleep(0.5)  # let the start's own work finish: the visitor comes after
                times[kind].append(first_open(browser, f"{url}/{url_paths[kind]}"))
                start_s[kind].append(healthy_s)
        print(f"  cold run {run + 1}/{runs}: app {times['app'][-1]['drawn']:.0f} ms, "
              f"bare {times['bare'][-1]['drawn']:.0f} ms", flush=True)
    return times, start_s


def warm_runs(browser, scripts: dict[str, Path], url_paths: dict[str, str], runs: int
              ) -> dict[str, list[dict]]:
    times: dict[str, list[dict]] = {"app": [], "bare": []}
    with serve(scripts["app"]) as (app_url, _), serve(scripts["bare"]) as (bare_url, _):
        urls = {"app": f"{app_url}/{url_paths['app']}", "bare": f"{bare_url}/{url_paths['bare']}"}
        for kind in ("app", "bare"):
            for _ in range(WARM_UP_OPENS):
                first_open(browser, urls[kind])
        for run in range(runs):
            for kind in kinds(run):
                times[kind].append(first_open(browser, urls[kind]))
    return times


def median(samples: list[dict], stage: str) -> float:
    return statistics.median(sample[stage] for sample in samples)


def report(label: str, times: dict[str, list[dict]], goal: float) -> None:
    app, bare = median(times["app"], "drawn"), median(times["bare"], "drawn")
    print(f"{label} (n={len(times['app'])} each, medians, ms from navigation start):")
    for kind, name in (("app", "Assessment page"), ("bare", "bare page")):
        stages = ", ".join(f"{stage} {median(times[kind], stage):5.0f}" for stage in STAGES)
        print(f"  {name:16} {stages}")
    print(f"  ratio drawn: {app / bare:.2f} (goal <= {goal}); "
          f"app - bare: {app - bare:+.0f} ms")


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
        scripts = {"app": ROOT / "app.py", "bare": Path(tmp) / "bare_app.py"}
        url_paths = {"app": APP_PATH, "bare": ""}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with serve(scripts["bare"]) as (url, _):  # the browser's own first start
                first_open(browser, url)
            cold, start_s = cold_runs(browser, scripts, url_paths, args.cold)
            warm = warm_runs(browser, scripts, url_paths, args.warm)
        finally:
            browser.close()
    print(f"Server start to healthy (median): app {statistics.median(start_s['app']):.1f} s, "
          f"bare {statistics.median(start_s['bare']):.1f} s (before the visitor; not counted)")
    report("Cold server, first session", cold, 1.35)
    report("Warm server, new session", warm, 1.15)


if __name__ == "__main__":
    main()

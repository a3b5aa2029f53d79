"""Benchmark of the clinician pages (issue 3): prints figures, asserts nothing.

1. Median server-side script time of the Assessment page for a patient with 24 visits, in
   English and in Chinese, of a bare page with one plotly chart (the framework's floor), and
   their ratio (goal <= 3); the Chinese page against the English one (goal: the language layer
   adds < 5%). Measured as AppTest run times (same harness for all scripts), the languages'
   runs interleaved.
2. Median browser-measured time from committing a visit edit in the grid to the updated outcome
   banner (goal <= 400 ms), in Debian's Chromium against a real server.

Run: python bench/pages.py [--runs 30] [--edits 12]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from harness.streamlit_browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    banner_text,
    edit_to_banner,
    new_context,
    settle,
    streamlit_server,
)
from igg4rd.language.words import OUTCOME_WORDS  # noqa: E402
from igg4rd.synthetic.patients import synthetic_population  # noqa: E402

TODAY = date(2025, 6, 1)
BARE_PAGE = """
import plotly.graph_objects as go
import streamlit as st
st.plotly_chart(go.Figure(go.Scatter(x=list(range(25)), y=list(range(25)))))
"""


def median_run_ms(at: AppTest, runs: int) -> float:
    return median_runs_ms([at], runs)[0]


def median_runs_ms(apps: list[AppTest], runs: int) -> list[float]:
    """Each app's median run time, their runs interleaved (a busy moment falls on all)."""
    for at in apps:
        at.run()  # warm-up: imports, caches
    times: list[list[float]] = [[] for _ in apps]
    for _ in range(runs):
        for at, samples in zip(apps, times, strict=True):
            start = time.perf_counter()
            at.run()
            samples.append((time.perf_counter() - start) * 1000)
            assert not at.exception, [e.value for e in at.exception]
    return [statistics.median(samples) for samples in times]


def serve_like_a_warm_server() -> None:
    """AppTest starts every run in Streamlit's legacy pages/ mode, which a real server uses
    only for its very first run; measure the steady state (st.navigation mode) instead."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def assessment_app(language: str = "en") -> AppTest:
    patient = synthetic_population(1, TODAY, n_visits=24)[0]
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["igg4rd.language"] = language
    at.session_state["igg4rd.patients"] = {patient.id: patient}
    at.session_state["igg4rd.picker"] = patient.id
    at.session_state["igg4rd.today"] = TODAY
    return at.switch_page("pages/assessment.py")


def edit_to_banner_ms(edits: int) -> list[float]:
    """Toggle demo-01's month-6 dose between 15 (failure) and 7.5 (success) mg/day."""
    from playwright.sync_api import sync_playwright

    times = []
    with streamlit_server(TODAY.isoformat()) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = new_context(browser, viewport={"width": 1366, "height": 1000}).new_page()
        page.goto(f"{url}/visits")
        settle(page)
        for i in range(edits):
            old, new, outcome = ("7.5", "15", "failure") if i % 2 == 0 else ("15", "7.5",
                                                                               "success")
            times.append(edit_to_banner(page, 2, 4, old, new, OUTCOME_WORDS[outcome]) * 1000)
            assert OUTCOME_WORDS[outcome] in banner_text(page)
            settle(page)
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--edits", type=int, default=12)
    args = parser.parse_args()
    serve_like_a_warm_server()
    assessment, chinese = median_runs_ms([assessment_app("en"), assessment_app("zh_Hans")],
                                         args.runs)
    bare = median_run_ms(AppTest.from_string(BARE_PAGE, default_timeout=60), args.runs)
    print(f"Assessment page, 24 visits: median script time {assessment:7.1f} ms (English), "
          f"{chinese:7.1f} ms (Chinese)")
    print(f"Bare page, one plotly chart: median script time {bare:7.1f} ms")
    print(f"Ratio: {assessment / bare:.2f} (goal <= 3)")
    print(f"Chinese against English: {(chinese / assessment - 1) * 100:+.1f}% (goal < 5%)")
    if Path(CHROMIUM).exists():
        times = edit_to_banner_ms(args.edits)
        print(f"Edit a visit -> updated banner (browser, n={len(times)}): median "
              f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms (goal <= 400 ms)")
    else:
        print(f"Browser figure skipped: {CHROMIUM} missing")


if __name__ == "__main__":
    main()

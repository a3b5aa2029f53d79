"""Benchmark of the clinician pages (issue 3): prints figures, asserts nothing.

1. Median server-side script time of the Assessment page for a patient with 24 visits, in
   English and in Chinese, and of a bare page with one plotly chart (the framework's floor),
   and their ratios (goal <= 2.5, issue 27); the Chinese page against the English one (goal: the
   language layer adds < 5%). The script time is Streamlit's script runner's, from the run's
   start to its end; the AppTest run time adds AppTest's own reading of what was drawn (the
   measure of earlier figures and of the goal); both ratios are printed. The three scripts'
   runs interleave, in a harness made to run like a warm server (`serve_like_a_warm_server`).
2. Median time from committing a visit edit in the grid to the updated outcome banner (goal
   <= 400 ms), in Debian's Chromium against a real server, on the page's own clock (the Enter's
   keydown to the banner's words: `harness.streamlit_browser.edit_to_banner`).

Run: python bench/pages.py [--runs 30] [--edits 12]  (--edits 0: the script times alone)
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
from igg4rd.storage.store import Store  # noqa: E402
from igg4rd.synthetic.patients import demo_patients, synthetic_population  # noqa: E402
from igg4rd.ui.session import (  # noqa: E402
    DEMO_USER,
    LANGUAGE,
    PICKER,
    STATE,
    SessionState,
)
from igg4rd.ui.session import TODAY as TODAY_KEY  # noqa: E402

TODAY = date(2025, 6, 1)
BENCH_PATIENT = "synthetic-000000"  # synthetic_population's first: 24 visits
BARE_PAGE = """
import plotly.graph_objects as go
import streamlit as st
st.plotly_chart(go.Figure(go.Scatter(x=list(range(25)), y=list(range(25)))))
"""


def median_runs_ms(apps: list[AppTest], runs: int) -> list[tuple[float, float]]:
    """Each app's median script time and median AppTest run time (the script's plus AppTest's
    own reading of what it drew), their runs interleaved (a busy moment falls on all)."""
    script_ms = time_the_script_runs()
    for at in apps:
        at.run()  # warm-up: imports, caches
        assert not at.exception, [e.value for e in at.exception]
    times: list[list[tuple[float, float]]] = [[] for _ in apps]
    for _ in range(runs):
        for at, samples in zip(apps, times, strict=True):
            start = time.perf_counter()
            at.run()
            samples.append((script_ms[-1], (time.perf_counter() - start) * 1000))
            assert not at.exception, [e.value for e in at.exception]
    return [(statistics.median(s for s, _ in samples), statistics.median(r for _, r in samples))
            for samples in times]


def time_the_script_runs() -> list[float]:
    """The milliseconds of each script run as the server spends them (Streamlit's script
    runner, from the run's start to its end), appended to the list returned."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    run_script, durations = ScriptRunner._run_script, []

    def timed(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return run_script(self, *args, **kwargs)
        finally:
            durations.append((time.perf_counter() - start) * 1000)

    ScriptRunner._run_script = timed
    return durations


def serve_like_a_warm_server() -> None:
    """Measure the steady state of a server, not AppTest's fresh start of every run: AppTest
    starts each run in Streamlit's legacy pages/ mode, which a server uses only for its very
    first run (st.navigation mode instead); it compiles every script again with a new script
    cache, where a server compiles each script once (one cache, shared); and it builds a new
    stand-in runtime (a MagicMock, whose every lookup builds more mocks) where a server has one
    runtime for its life."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test

    pages_init, cache_init, compiled = PagesManager.__init__, ScriptCache.__init__, {}
    runtime = app_test.MagicMock(spec=Runtime)
    app_test.MagicMock = lambda **_spec: runtime  # a server's one runtime, not one per run

    def init_pages(self, *args, **kwargs):
        pages_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    def init_cache(self):
        cache_init(self)
        self._cache = compiled

    PagesManager.__init__, ScriptCache.__init__ = init_pages, init_cache


def assessment_app(language: str = "en") -> AppTest:
    """The Assessment page of a patient with 24 visits, in a demo session whose own store holds
    that patient beside the demo patients (a patient the store lacks is not opened: the page
    would show another)."""
    patient = synthetic_population(1, TODAY, n_visits=24)[0]
    store = Store.open("sqlite://")[0]
    store.import_patients([*demo_patients(TODAY), patient], DEMO_USER)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state[LANGUAGE] = language
    at.session_state[STATE] = SessionState(demo_store=store)
    at.session_state[PICKER] = patient.id
    at.session_state[TODAY_KEY] = TODAY
    return at.switch_page("pages/assessment.py")


def shows_the_patient(at: AppTest, patient_id: str = BENCH_PATIENT) -> bool:
    """Whether the page drawn is that patient's assessment, with its two charts."""
    return (any(patient_id.replace("-", "\\-") in title.value for title in at.title)
            and len(at.get("plotly_chart")) == 2)


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
    english_app, chinese_app = assessment_app("en"), assessment_app("zh_Hans")
    (assessment, assessment_run), (chinese, _run), (bare, bare_run) = median_runs_ms([
        english_app, chinese_app, AppTest.from_string(BARE_PAGE, default_timeout=60)], args.runs)
    assert shows_the_patient(english_app) and shows_the_patient(chinese_app), "another page"
    print(f"Assessment page, 24 visits: median script time {assessment:7.1f} ms (English), "
          f"{chinese:7.1f} ms (Chinese); AppTest run {assessment_run:.1f} ms")
    print(f"Bare page, one plotly chart: median script time {bare:7.1f} ms; AppTest run "
          f"{bare_run:.1f} ms")
    print(f"Ratio of AppTest runs (the issue's measure): {assessment_run / bare_run:.2f} "
          f"(goal <= 2.5); of script times alone: {assessment / bare:.2f}")
    print(f"Chinese against English: {(chinese / assessment - 1) * 100:+.1f}% (goal < 5%)")
    if args.edits == 0:
        return
    if Path(CHROMIUM).exists():
        times = edit_to_banner_ms(args.edits)
        print(f"Edit a visit -> updated banner (browser, n={len(times)}): median "
              f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms (goal <= 400 ms)")
    else:
        print(f"Browser figure skipped: {CHROMIUM} missing")


if __name__ == "__main__":
    main()

"""A clinic's registry at scale (issue 27): the worklist drawn after login in Chromium, on
registries of 8 and 5,000 patients (SQLite) and, with `--postgres URL`, 50,000 (PostgreSQL),
each served by its own server in clinic mode, opened in turn (interleaved, several rounds), and
the memory each further open session costs.

For each registry: the seconds from the login's click to the worklist drawn (its first row and
the page caption), median of the rounds, and its ratio to the 8-patient registry's; then, on the
largest registry, the server's resident memory with 1 and with 4 sessions open, per session.
Goals: 5,000 within 1.5x the 8-patient time, 50,000 (PostgreSQL) within 2.5x; <= 10 MB a
session; on the largest, the seconds a search and each filter take to answer (goal: within 1 s).

Run: python bench/registry.py [--rounds 3] [--postgres postgresql+psycopg://…]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from harness.deployment import build_registry  # noqa: E402
from harness.streamlit_browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    new_context,
    settle,
    streamlit_process,
)

TODAY = "2025-06-01"
PASSWORD = "a benchmark password"
WORKLIST_ROW = ".st-key-worklist-full [data-testid='stDataFrame'] table tbody tr"
FILTER_WORDS = ("Due this week", "Overdue", "Behind target", "High risk (2+ factors) on GC alone")


def open_worklist(browser, url: str) -> float:
    """Seconds from the login's click to the worklist drawn, in a new browser context."""
    context = new_context(browser, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/patients")
    page.get_by_label("Your name").fill("Dr Bench")
    page.get_by_label("Clinic password").fill(PASSWORD)
    started = time.perf_counter()
    page.get_by_role("button", name="Log in").click()
    # checked every frame (Playwright's locator waits poll 0.5 s apart after the first 0.27 s)
    page.wait_for_function("row => document.querySelector(row) !== null && "
                           "document.body.innerText.includes('patient(s)')", arg=WORKLIST_ROW,
                           polling="raf", timeout=300_000)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def log_in(browser, url: str):
    """A new browser context logged in to the worklist: (context, page)."""
    context = new_context(browser, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{url}/patients")
    page.get_by_label("Your name").fill("Dr Bench")
    page.get_by_label("Clinic password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator(WORKLIST_ROW).first.wait_for(state="attached", timeout=300_000)
    return context, page


def answer_seconds(page, act) -> float:
    """Seconds from `act()` to the rerun it asked for drawn whole (harness `settle`)."""
    started = time.perf_counter()
    act()
    settle(page, timeout_ms=60_000)
    return time.perf_counter() - started


def search_and_filters(browser, url: str, size: int) -> dict[str, float]:
    """Seconds to answer a search for one patient's id, and each filter of the worklist (each
    chosen alone), in Chromium: the server's run plus the round trip, an upper bound of the
    server's time."""
    context, page = log_in(browser, url)
    search = page.get_by_role("textbox", name="Search")
    answers = {"search for one id": answer_seconds(
        page, lambda: (search.fill(f"p{size - 1:06d}"), search.press("Enter")))}
    answer_seconds(page, lambda: (search.fill(""), search.press("Enter")))
    for words in FILTER_WORDS:
        pill = page.get_by_role("button", name=words, exact=True)
        answers[f"filter '{words}'"] = answer_seconds(page, pill.click)
        answer_seconds(page, pill.click)  # off again
    context.close()
    return answers


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory_per_session(browser, url: str, pid: int, sessions: int = 4) -> float:
    """MB the server grows by for each further session left open (after a first one)."""
    contexts = []

    def open_one() -> None:
        contexts.append(log_in(browser, url)[0])

    open_one()
    time.sleep(2)  # a benchmark, not a test: let the server settle before reading its memory
    before = resident_mb(pid)
    for _ in range(sessions - 1):
        open_one()
    time.sleep(2)
    after = resident_mb(pid)
    for context in contexts:
        context.close()
    return (after - before) / (sessions - 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", help="a PostgreSQL URL for the 50,000-patient registry")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="igg4rd-registry-"))
    registries = {8: f"sqlite:///{work / 'r8.db'}", 5000: f"sqlite:///{work / 'r5000.db'}"}
    if args.postgres:
        registries[50_000] = args.postgres
    for size, url in registries.items():
        started = time.perf_counter()
        build_registry(url, size, TODAY)
        print(f"registry of {size:,} patients built in {time.perf_counter() - started:.1f} s")
    with ExitStack() as stack, sync_playwright() as pw:
        servers = {size: stack.enter_context(streamlit_process(TODAY, 120, {
            "IGG4RD_DATABASE_URL": url, "IGG4RD_CLINIC_PASSWORD": PASSWORD}))
            for size, url in registries.items()}  # size -> (process, base URL)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _process, url in servers.values():
            open_worklist(browser, url)  # each server's first open: its shared rows built
        times: dict[int, list[float]] = {size: [] for size in registries}
        for _round in range(args.rounds):
            for size, (_process, url) in servers.items():
                times[size].append(open_worklist(browser, url))
        base = statistics.median(times[8])
        for size, seconds in times.items():
            median = statistics.median(seconds)
            print(f"worklist after login, {size:>6,} patients: {median:.2f} s "
                  f"(min {min(seconds):.2f}, max {max(seconds):.2f}) ratio {median / base:.2f}")
        largest = max(registries)
        process, url = servers[largest]
        for what, seconds in search_and_filters(browser, url, largest).items():
            print(f"{what} ({largest:,} patients): {seconds:.2f} s")
        print(f"memory per further session ({largest:,} patients): "
              f"{memory_per_session(browser, url, process.pid):.1f} MB")
        browser.close()

if __name__ == "__main__":
    main()

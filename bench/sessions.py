"""Load benchmark (issue 4): N concurrent browser sessions against one server.

Each session opens the Visits page of a synthetic demo patient and, once a second for the
duration, edits the month-6 dose in the grid (alternating 15 and 7.5 mg/day, which flips the
outcome banner between failure and success); the interaction latency is the time from the
committed edit to the updated banner, measured in the browser. Prints p50/p95 latency, errors,
and the server's resident memory per session (growth over the idle server, divided by N).
Goal: 20 sessions, p95 <= 1 s, zero errors, <= 30 MB per session.

Run: python bench/sessions.py [--sessions 20] [--seconds 60]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright  # noqa: E402

from igg4rd.report import OUTCOME_WORDS  # noqa: E402
from tests.e2e.streamlit_browser import (CHROMIUM, CHROMIUM_ARGS, ROW_HEIGHT,  # noqa: E402
                                         streamlit_server)

TODAY = "2025-06-01"
DOSE_COLUMN = 4  # Date | Month, RI, Glucocorticoid, Dose
MONTH6_ROW = 2  # demo-01-success: visits at months 1, 3, 6, 9
RAMP_UP_S = 1.0  # visitors arrive one a second, as they would, not all in the same instant


def server_process(port: int) -> Path:
    """/proc/<pid> of the process listening on `port` (the Streamlit server)."""
    inode = _listening_inode(port)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(f"socket:[{inode}]" == str(fd.readlink()) for fd in (proc / "fd").iterdir()):
                return proc
        except OSError:
            continue
    raise RuntimeError(f"no process listens on port {port}")


def rss_mb(proc: Path) -> float:
    return int((proc / "status").read_text().split("VmRSS:")[1].split()[0]) / 1024


def cpu_seconds(proc: Path) -> float:
    """User + system CPU time the process has used."""
    fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _listening_inode(port: int) -> str:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
            return fields[9]
    raise RuntimeError(f"nothing listens on port {port}")


async def settle(page) -> None:
    await page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stPageLink"]',
                                 timeout=60_000)
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


async def edit_dose(page, dose: str) -> float:
    """Type `dose` into the month-6 dose cell (as tests/e2e's type_into_grid, asynchronously);
    returns the commit time (perf_counter)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    editor = page.locator("input.gdg-input")
    for _attempt in range(3):  # a grid redrawn a moment ago may swallow the first click
        await grid.click(position={"x": 60, "y": ROW_HEIGHT * (MONTH6_ROW + 1)
                                   + ROW_HEIGHT / 2})
        for _ in range(DOSE_COLUMN):
            await page.keyboard.press("ArrowRight")
        await page.keyboard.press("Enter")
        try:
            await editor.wait_for(timeout=2_000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; try again
            await page.keyboard.press("Escape")
    await editor.fill(dose)
    committed = time.perf_counter()
    await editor.press("Enter")
    return committed


async def session(index: int, browser, url: str, seconds: float, latencies: list[float],
                  errors: list[str]) -> None:
    """One visitor: arrive (staggered by `index`), then edit once a second for `seconds`."""
    await asyncio.sleep(index * RAMP_UP_S)
    context = await browser.new_context(viewport={"width": 1366, "height": 1500})
    page = await context.new_page()
    try:
        await page.goto(f"{url}/visits", timeout=120_000)
        await settle(page)
    except Exception as error:  # noqa: BLE001 - a session that never arrived is an error
        errors.append(f"open: {type(error).__name__}: {str(error)[:80]}")
        await context.close()
        return
    try:
        end = time.perf_counter() + seconds
        step = 0
        while time.perf_counter() < end:
            started = time.perf_counter()
            dose, outcome = ("15", "failure") if step % 2 == 0 else ("7.5", "success")
            try:
                committed = await edit_dose(page, dose)
                await page.get_by_text(OUTCOME_WORDS[outcome], exact=True).wait_for(
                    timeout=10_000)
                latencies.append(time.perf_counter() - committed)
            except Exception as error:  # noqa: BLE001 - count any failed interaction
                errors.append(f"{type(error).__name__}: {str(error)[:80]}")
            step += 1
            await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))
    finally:
        await context.close()


async def run(sessions: int, seconds: float) -> None:
    with streamlit_server(TODAY) as url:
        port = int(url.rsplit(":", 1)[1])
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
            warm = await browser.new_page()  # one run first, so imports are not counted
            await warm.goto(f"{url}/visits")
            await settle(warm)
            await warm.close()
            server = server_process(port)
            idle_mb, cpu_before, wall_before = rss_mb(server), cpu_seconds(server), time.time()
            latencies: list[float] = []
            errors: list[str] = []
            await asyncio.gather(*(session(i, browser, url, seconds, latencies, errors)
                                   for i in range(sessions)))
            loaded_mb, cpu_used = rss_mb(server), cpu_seconds(server) - cpu_before
            wall = time.time() - wall_before
            await browser.close()
    ordered = sorted(latencies) or [float("nan")]
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{sessions} sessions x {seconds:.0f} s, one edit per second each: "
          f"{len(latencies)} interactions, {len(errors)} errors")
    print(f"latency edit -> banner: p50 {statistics.median(ordered) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms (goal p95 <= 1000 ms)")
    print(f"server memory: idle {idle_mb:.0f} MB, loaded {loaded_mb:.0f} MB, "
          f"{(loaded_mb - idle_mb) / sessions:.1f} MB per session (goal <= 30 MB)")
    print(f"server CPU: {cpu_used:.1f} s in {wall:.0f} s ({cpu_used / wall * 100:.0f}% of one of "
          f"{os.cpu_count()} cores; the browser driving the sessions shares the machine), "
          f"{cpu_used / max(len(latencies), 1) * 1000:.0f} ms per interaction")
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    asyncio.run(run(args.sessions, args.seconds))


if __name__ == "__main__":
    main()

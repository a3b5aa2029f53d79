"""Load benchmark (issue 4): N concurrent browser sessions against one server.

Each session opens the Visits page of a synthetic demo patient and, once a second for the
duration, edits the month-6 dose in the grid (alternating 15 and 7.5 mg/day, which flips the
outcome banner between failure and success); the interaction latency is the time from the
committed edit to the updated banner. An interaction whose banner does not flip is an error.
Prints p50/p95 latency, errors, the server's CPU per interaction, and its resident memory per
session (growth over the idle server, divided by N).
Goal: 20 sessions, p95 <= 1 s, zero errors, <= 30 MB per session.

Two kinds of client:
- `protocol` (default): each session is a websocket client speaking the browser's own protocol
  (Streamlit's BackMsg/ForwardMsg protobufs): it sends what the browser sends when a grid cell
  is committed (a rerun with the editor's edited_rows) and reads the banner from the deltas.
  The server does exactly the work it does for Chromium, and the load generator costs little,
  so the machine's cores go to the server being measured.
- `chromium`: one Chromium page per session, typing into the grid. Twenty pages saturate a
  2-core machine by themselves; use it to cross-check a few sessions.

Run: python bench/sessions.py [--sessions 20] [--seconds 60] [--client protocol|chromium]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from igg4rd.report import OUTCOME_WORDS  # noqa: E402
from tests.e2e.streamlit_browser import (CHROMIUM, CHROMIUM_ARGS, ROW_HEIGHT,  # noqa: E402
                                         streamlit_server)

TODAY = "2025-06-01"
PAGE = "visits"
DOSE_COLUMN = 4  # Date | Month, RI, Glucocorticoid, Dose
MONTH6_ROW = 2  # demo-01-success: visits at months 1, 3, 6, 9
EDITS = (("15", "failure"), ("7.5", "success"))  # month-6 dose (mg/day) -> outcome
RAMP_UP_S = 1.0  # visitors arrive one a second, as they would, not all in the same instant
TIMEOUT_S = 10


class ProtocolClient:
    """One browser session as the server sees it: a websocket carrying protobufs."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.page_hash = ""  # the browser sends the page's script hash once it knows it
        self.editor_id = ""  # the grid's widget id (changes when the page renews the grid)

    @classmethod
    async def open(cls, url: str) -> ProtocolClient:
        socket = await websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream",
                                          subprotocols=["streamlit"], max_size=None)
        client = cls(socket)
        await client.run()
        return client

    async def run(self, widgets: tuple[WidgetState, ...] = ()) -> list[str]:
        """Ask for a script run (as the browser does on load or on a widget change) and read
        its messages until the run finishes; returns the titles of the alerts drawn."""
        message = BackMsg()
        message.rerun_script.page_name = PAGE
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.widget_states.widgets.extend(widgets)
        await self.socket.send(message.SerializeToString())
        titles: list[str] = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self.socket.recv())
            kind = forward.WhichOneof("type")
            if kind == "script_finished":
                return titles
            if kind == "page_info_changed" or forward.metadata.active_script_hash:
                self.page_hash = forward.metadata.active_script_hash or self.page_hash
            element = forward.delta.new_element if kind == "delta" else None
            if element is not None and element.WhichOneof("type") == "dataframe":
                self.editor_id = element.dataframe.id
            elif element is not None and element.WhichOneof("type") == "alert":
                titles.append(element.alert.title)
            elif element is not None and element.WhichOneof("type") == "exception":
                raise RuntimeError("the page raised an exception")

    async def edit_dose(self, dose: str) -> list[str]:
        """Commit `dose` into the month-6 row's dose cell, as the grid does."""
        edits = {"edited_rows": {str(MONTH6_ROW): {"gc_dose_mg": float(dose)}},
                 "added_rows": [], "deleted_rows": []}
        return await self.run((WidgetState(id=self.editor_id, string_value=json.dumps(edits)),))

    async def close(self) -> None:
        await self.socket.close()


async def protocol_session(index: int, url: str, seconds: float, latencies: list[float],
                           errors: list[str]) -> None:
    """One visitor: arrive (staggered by `index`), then edit once a second for `seconds`."""
    await asyncio.sleep(index * RAMP_UP_S)
    try:
        client = await asyncio.wait_for(ProtocolClient.open(url), 60)
    except Exception as error:  # noqa: BLE001 - a session that never arrived is an error
        errors.append(f"open: {type(error).__name__}: {str(error)[:80]}")
        return
    try:
        await edit_every_second(seconds, latencies, errors, lambda dose, outcome: _protocol_edit(
            client, dose, outcome))
    finally:
        await client.close()


async def _protocol_edit(client: ProtocolClient, dose: str, outcome: str) -> float:
    started = time.perf_counter()
    titles = await asyncio.wait_for(client.edit_dose(dose), TIMEOUT_S)
    if OUTCOME_WORDS[outcome] not in titles:
        raise AssertionError(f"banner not {OUTCOME_WORDS[outcome]!r}: {titles}")
    return time.perf_counter() - started


async def edit_every_second(seconds: float, latencies: list[float], errors: list[str],
                            edit) -> None:
    """Call `edit(dose, outcome)` (returning its latency) once a second for `seconds`."""
    end = time.perf_counter() + seconds
    step = 0
    while time.perf_counter() < end:
        started = time.perf_counter()
        dose, outcome = EDITS[step % 2]
        try:
            latencies.append(await edit(dose, outcome))
        except Exception as error:  # noqa: BLE001 - count any failed interaction
            errors.append(f"{type(error).__name__}: {str(error)[:80]}")
        step += 1
        await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - started)))


async def chromium_settle(page) -> None:
    await page.wait_for_selector('[data-testid="stSidebar"] [data-testid="stPageLink"]',
                                 timeout=60_000)
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


async def chromium_edit(page, dose: str, outcome: str) -> float:
    """Type `dose` into the month-6 dose cell (as tests/e2e's type_into_grid, asynchronously);
    returns the time from the committing Enter to the banner showing `outcome`."""
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
    await page.get_by_text(OUTCOME_WORDS[outcome], exact=True).wait_for(
        timeout=TIMEOUT_S * 1000)
    return time.perf_counter() - committed


async def chromium_session(index: int, browser, url: str, seconds: float,
                           latencies: list[float], errors: list[str]) -> None:
    """One visitor in its own Chromium context."""
    await asyncio.sleep(index * RAMP_UP_S)
    context = await browser.new_context(viewport={"width": 1366, "height": 1500})
    page = await context.new_page()
    try:
        try:
            await page.goto(f"{url}/{PAGE}", timeout=120_000)
            await chromium_settle(page)
        except Exception as error:  # noqa: BLE001 - a session that never arrived is an error
            errors.append(f"open: {type(error).__name__}: {str(error)[:80]}")
            return
        await edit_every_second(seconds, latencies, errors,
                                lambda dose, outcome: chromium_edit(page, dose, outcome))
    finally:
        await context.close()


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


def _listening_inode(port: int) -> str:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == "0A":
            return fields[9]
    raise RuntimeError(f"nothing listens on port {port}")


def rss_mb(proc: Path) -> float:
    return int((proc / "status").read_text().split("VmRSS:")[1].split()[0]) / 1024


def cpu_seconds(proc: Path) -> float:
    """User + system CPU time the process has used."""
    fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def load(url: str, client: str, sessions: int, seconds: float,
               latencies: list[float], errors: list[str]) -> None:
    """Warm the server with one visit, then run `sessions` visitors concurrently."""
    if client == "protocol":
        await (await ProtocolClient.open(url)).close()
        await asyncio.gather(*(protocol_session(i, url, seconds, latencies, errors)
                               for i in range(sessions)))
        return
    from playwright.async_api import async_playwright
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = await browser.new_page()
        await warm.goto(f"{url}/{PAGE}")
        await chromium_settle(warm)
        await warm.close()
        await asyncio.gather(*(chromium_session(i, browser, url, seconds, latencies, errors)
                               for i in range(sessions)))
        await browser.close()


def run(client: str, sessions: int, seconds: float) -> None:
    latencies: list[float] = []
    errors: list[str] = []
    with streamlit_server(TODAY) as url:
        server = server_process(int(url.rsplit(":", 1)[1]))
        idle_mb = rss_mb(server)
        cpu_before, wall_before = cpu_seconds(server), time.time()
        asyncio.run(load(url, client, sessions, seconds, latencies, errors))
        loaded_mb, cpu_used = rss_mb(server), cpu_seconds(server) - cpu_before
        wall = time.time() - wall_before
    ordered = sorted(latencies) or [float("nan")]
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    print(f"{sessions} sessions ({client} clients) x {seconds:.0f} s, one edit per second each: "
          f"{len(latencies)} interactions, {len(errors)} errors")
    print(f"latency edit -> banner: p50 {statistics.median(ordered) * 1000:.0f} ms, "
          f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms (goal p95 <= 1000 ms)")
    print(f"server memory: idle {idle_mb:.0f} MB, loaded {loaded_mb:.0f} MB, "
          f"{(loaded_mb - idle_mb) / sessions:.1f} MB per session (goal <= 30 MB)")
    print(f"server CPU: {cpu_used:.1f} s in {wall:.0f} s ({cpu_used / wall * 100:.0f}% of one of "
          f"{os.cpu_count()} cores), {cpu_used / max(len(latencies), 1) * 1000:.0f} ms per "
          "interaction (session starts included)")
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--client", choices=("protocol", "chromium"), default="protocol")
    args = parser.parse_args()
    run(args.client, args.sessions, args.seconds)


if __name__ == "__main__":
    main()

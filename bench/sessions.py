"""Load benchmark (issue 4): N concurrent browser sessions against one server.

Each session opens the Visits page of a synthetic demo patient and, once a second for the
duration, edits the month-6 dose in the grid (alternating 15 and 7.5 mg/day, which flips the
outcome banner between failure and success); the interaction latency is the time from the
committed edit to the updated banner. An interaction whose banner does not flip is an error.
Visitors arrive one a second and then keep in step: every second the server gets all N edits
within a few milliseconds of each other, the worst case for latency.
Prints p50/p95 latency, errors, the server's CPU per interaction, and its resident memory per
session (growth over the warm, idle server, divided by N).
Goal: 20 sessions, p95 <= 1 s, zero errors, <= 30 MB per session.

Each session is one of two kinds of client:
- protocol: a websocket client speaking the browser's own protocol (Streamlit's BackMsg and
  ForwardMsg protobufs). It sends what the browser sends when a grid cell is committed (a rerun
  with the editor's edited_rows) and reads the banner from the returned deltas: the server does
  exactly the work it does for Chromium, and the client costs little, so the machine's cores
  go to the server being measured. Its latency is the server's part.
- chromium (`--browsers`, default 1): a real page in Debian's Chromium, typing into the grid;
  its latency adds what the browser does (drawing the deltas), i.e. what a clinician sees
  while the other sessions load the server. Twenty Chromium pages would saturate a 2-core
  machine by themselves, which is why the others speak the protocol.

Run: python bench/sessions.py [--sessions 20] [--seconds 60] [--browsers 1]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from harness.streamlit_browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    edit_to_banner,
    new_context,
    settle,
    streamlit_server,
)
from igg4rd.language.words import OUTCOME_WORDS  # noqa: E402

TODAY = "2025-06-01"
PAGE = "visits"
DOSE_COLUMN = 4  # cells right of the pinned Date: Month, RI, Glucocorticoid, Dose
MONTH6_ROW = 2  # demo-01-success: visits at months 1, 3, 6, 9
EDITS = (("15", "failure"), ("7.5", "success"))  # month-6 dose (mg/day) -> outcome, in turn
RAMP_UP_S = 1.0  # visitors arrive one a second (their edits then fall in the same instant)
TIMEOUT_S = 10


class ProtocolClient:
    """One browser session as the server sees it: a websocket carrying protobufs."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.page_hash = ""  # the browser sends the page's script hash once it knows it
        self.editor_id = ""  # the grid's widget id (changes when the page renews the grid)
        self.fragment_id = ""  # the fragment the grid is drawn in: an edit reruns only that

    @classmethod
    async def open(cls, url: str) -> ProtocolClient:
        socket = await websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream",
                                          subprotocols=["streamlit"], max_size=None)
        client = cls(socket)
        await client.run()
        return client

    async def run(self, widgets: tuple[WidgetState, ...] = (), fragment_id: str = ""
                  ) -> list[str]:
        """Ask for a script run (as the browser does on load or on a widget change) and read
        its messages until the run finishes; returns the titles of the alerts drawn."""
        message = BackMsg()
        message.rerun_script.page_name = PAGE
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.fragment_id = fragment_id
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
                self.editor_id, self.fragment_id = element.dataframe.id, forward.delta.fragment_id
            elif element is not None and element.WhichOneof("type") == "alert":
                titles.append(element.alert.title)
            elif element is not None and element.WhichOneof("type") == "exception":
                raise RuntimeError("the page raised an exception")

    async def edit_dose(self, dose: str) -> list[str]:
        """Commit `dose` into the month-6 row's dose cell, as the grid does."""
        edits = {"edited_rows": {str(MONTH6_ROW): {"gc_dose_mg": float(dose)}},
                 "added_rows": [], "deleted_rows": []}
        return await self.run((WidgetState(id=self.editor_id, string_value=json.dumps(edits)),),
                              self.fragment_id)

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


class ChromiumVisitor:
    """One visitor in a Chromium page of its own. Playwright's sync API (shared with the e2e
    tests) is bound to the thread that started it, so every call runs on one worker thread."""

    def __init__(self) -> None:
        self.thread = ThreadPoolExecutor(1)
        self.playwright = self.browser = self.page = None

    async def call(self, function, *args):
        return await asyncio.get_running_loop().run_in_executor(self.thread, function, *args)

    def open(self, url: str) -> None:
        from playwright.sync_api import sync_playwright
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
        self.page = new_context(self.browser, viewport={"width": 1366, "height": 1500}).new_page()
        self.page.goto(f"{url}/{PAGE}", timeout=120_000)
        settle(self.page, timeout_ms=60_000)

    def edit(self, dose: str, outcome: str) -> float:
        old = next(other for other, _ in EDITS if other != dose)
        return edit_to_banner(self.page, MONTH6_ROW, DOSE_COLUMN, old, dose,
                              OUTCOME_WORDS[outcome], TIMEOUT_S * 1000)

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()
        if self.playwright is not None:
            self.playwright.stop()


async def chromium_session(index: int, url: str, seconds: float, latencies: list[float],
                           errors: list[str]) -> None:
    """One visitor in Chromium: arrive (staggered by `index`), then edit once a second."""
    await asyncio.sleep(index * RAMP_UP_S)
    visitor = ChromiumVisitor()
    try:
        try:
            await visitor.call(visitor.open, url)
        except Exception as error:  # noqa: BLE001 - a session that never arrived is an error
            errors.append(f"open: {type(error).__name__}: {str(error)[:80]}")
            return
        await edit_every_second(seconds, latencies, errors,
                                lambda dose, outcome: visitor.call(visitor.edit, dose, outcome))
    finally:
        await visitor.call(visitor.close)
        visitor.thread.shutdown()


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


async def load(url: str, sessions: int, browsers: int, seconds: float,
               latencies: dict[str, list[float]], errors: list[str]) -> None:
    """Run `sessions` visitors concurrently, the first `browsers` of them in Chromium."""
    await asyncio.gather(
        *(chromium_session(i, url, seconds, latencies["chromium"], errors)
          for i in range(browsers)),
        *(protocol_session(i, url, seconds, latencies["protocol"], errors)
          for i in range(browsers, sessions)))


async def warm_up(url: str) -> None:
    """One visit first: the first run's imports are the server's, not the sessions'."""
    await (await ProtocolClient.open(url)).close()


def percentiles(latencies: list[float]) -> str:
    ordered = sorted(latencies) or [float("nan")]
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms")


def run(sessions: int, browsers: int, seconds: float) -> None:
    latencies: dict[str, list[float]] = {"protocol": [], "chromium": []}
    errors: list[str] = []
    with streamlit_server(TODAY) as url:
        server = server_process(int(url.rsplit(":", 1)[1]))
        asyncio.run(warm_up(url))
        idle_mb = rss_mb(server)
        cpu_before, wall_before = cpu_seconds(server), time.time()
        asyncio.run(load(url, sessions, browsers, seconds, latencies, errors))
        loaded_mb, cpu_used = rss_mb(server), cpu_seconds(server) - cpu_before
        wall = time.time() - wall_before
    interactions = sum(map(len, latencies.values()))
    print(f"{sessions} sessions ({browsers} in Chromium) x {seconds:.0f} s, one edit per second "
          f"each: {interactions} interactions, {len(errors)} errors (goal 0)")
    print(f"latency edit -> banner, goal p95 <= 1000 ms:\n"
          f"  protocol clients (the server's part): {percentiles(latencies['protocol'])}")
    if browsers:
        print(f"  Chromium (what a clinician sees): {percentiles(latencies['chromium'])}")
    print(f"server memory: warm and idle {idle_mb:.0f} MB, loaded {loaded_mb:.0f} MB, "
          f"{(loaded_mb - idle_mb) / sessions:.1f} MB per session (goal <= 30 MB)")
    print(f"server CPU: {cpu_used:.1f} s in {wall:.0f} s ({cpu_used / wall * 100:.0f}% of one of "
          f"{os.cpu_count()} cores), {cpu_used / max(interactions, 1) * 1000:.0f} ms per "
          "interaction (session starts included)")
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--browsers", type=int, default=1,
                        help="how many of the sessions are Chromium pages (default 1)")
    args = parser.parse_args()
    run(args.sessions, min(args.browsers, args.sessions), args.seconds)


if __name__ == "__main__":
    main()

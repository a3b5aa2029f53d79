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
  its latency (on the page's clock, from the committing Enter to the banner's words) adds what
  the browser does (drawing the deltas), i.e. what a clinician sees while the other sessions
  load the server. Twenty Chromium pages would saturate a 2-core machine by themselves, which
  is why the others speak the protocol.

Clinic mode (`--clinic POSTGRES_URL`, issue 27): the two-replica recipe (nginx in front of two
clinic-mode servers on that PostgreSQL database, README 'Deployment'), a registry of
`--registry` patients built there (kept between runs); each session comes from a loopback
address of its own (nginx's affinity spreads them over the replicas), logs in, finds its own
patient on the Patients page, selects its row and opens its visits, then edits as above; the
servers' memory and CPU are the two replicas'. Goal: 40 sessions on 5,000 patients, p95 <= 1 s
in Chromium, zero errors.

Run: python bench/sessions.py [--sessions 20] [--seconds 60] [--browsers 1]
     [--clinic postgresql+psycopg://…/db --registry 5000]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from harness.deployment import build_registry, registry_id, two_replicas  # noqa: E402
from harness.streamlit_browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROW_HEIGHT,
    edit_to_banner,
    new_context,
    rerun_by,
    settle,
    streamlit_server,
)
from igg4rd.language.words import OUTCOME_WORDS  # noqa: E402
from igg4rd.storage.store import Store  # noqa: E402
from igg4rd.synthetic.patients import demo_patients  # noqa: E402

TODAY = "2025-06-01"
PAGE = "visits"
DOSE_COLUMN = 4  # cells right of the pinned Date: Month, RI, Glucocorticoid, Dose
MONTH6_ROW = 2  # demo-01-success: visits at months 1, 3, 6, 9
EDITS = (("15", "failure"), ("7.5", "success"))  # month-6 dose (mg/day) -> outcome, in turn
RAMP_UP_S = 1.0  # visitors arrive one a second (their edits then fall in the same instant)
TIMEOUT_S = 10
RERUN_FOLLOWS = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # a run stopped for another (switch_page)
CLINIC_PASSWORD = "a benchmark password"


class ProtocolClient:
    """One browser session as the server sees it: a websocket carrying protobufs."""

    def __init__(self, socket) -> None:
        self.socket = socket
        self.page = PAGE  # the page asked for by its name (url path), as on a page's first load
        self.widgets: dict[str, str] = {}  # inputs' and buttons' ids by label
        self.tables: list[str] = []  # the last run's tables' ids, in the order drawn
        self.editor_id = ""  # the grid's widget id (changes when the page renews the grid)
        self.fragment_id = ""  # the fragment the grid is drawn in: an edit reruns only that

    @classmethod
    async def open(cls, url: str, source: str | None = None) -> ProtocolClient:
        """A new session (from the loopback address `source`, if given), its page drawn."""
        socket = await websockets.connect(
            url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
            max_size=None, **({"local_addr": (source, 0)} if source else {}))
        client = cls(socket)
        await client.run()
        return client

    async def run(self, widgets: tuple[WidgetState, ...] = (), fragment_id: str = ""
                  ) -> list[str]:
        """Ask for a script run (as the browser does on load or on a widget change) and read
        its messages until the run finishes; returns the titles of the alerts drawn."""
        message = BackMsg()
        message.rerun_script.page_name = self.page
        message.rerun_script.fragment_id = fragment_id
        message.rerun_script.widget_states.widgets.extend(widgets)
        await self.socket.send(message.SerializeToString())
        titles: list[str] = []
        self.tables = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self.socket.recv())
            kind = forward.WhichOneof("type")
            if kind == "script_finished" and forward.script_finished != RERUN_FOLLOWS:
                return titles
            element = forward.delta.new_element if kind == "delta" else None
            drawn = element.WhichOneof("type") if element is not None else None
            if drawn == "dataframe":
                self.editor_id, self.fragment_id = element.dataframe.id, forward.delta.fragment_id
                self.tables.append(element.dataframe.id)
            elif drawn in ("text_input", "button"):
                self.widgets[getattr(element, drawn).label] = getattr(element, drawn).id
            elif drawn == "alert":
                titles.append(element.alert.title)
            elif drawn == "exception":
                raise RuntimeError("the page raised an exception")

    async def edit_dose(self, dose: str) -> list[str]:
        """Commit `dose` into the month-6 row's dose cell, as the grid does."""
        edits = {"edited_rows": {str(MONTH6_ROW): {"gc_dose_mg": float(dose)}},
                 "added_rows": [], "deleted_rows": []}
        return await self.run((WidgetState(id=self.editor_id, string_value=json.dumps(edits)),),
                              self.fragment_id)

    async def close(self) -> None:
        await self.socket.close()

    async def log_in_and_open(self, patient_id: str) -> None:
        """As a clinician does in clinic mode: log in, search the Patients page for their
        patient, select its row, and open its visits ('Edit visits')."""
        self.page = "patients"
        await self.run()  # a fresh server's first run (legacy pages mode) has other widget ids
        await self.run()
        name, password = (WidgetState(id=self.widgets["Your name"], string_value="Dr Bench"),
                          WidgetState(id=self.widgets["Clinic password"],
                                      string_value=CLINIC_PASSWORD))
        await self.run((name, password, WidgetState(id=self.widgets["Log in"],
                                                    trigger_value=True)))
        search = WidgetState(id=self.widgets["Search"], string_value=patient_id)
        await self.run((search,))
        row = WidgetState(id=self.tables[0], string_value=json.dumps(
            {"selection": {"rows": [0], "columns": [], "cells": []}}))
        await self.run((search, row))
        titles = await self.run((search, row, WidgetState(id=self.widgets["Edit visits"],
                                                          trigger_value=True)))
        self.page = PAGE  # where the click took the session (st.switch_page)
        if not set(titles) & set(OUTCOME_WORDS.values()):
            raise AssertionError(f"{patient_id}'s visits not drawn: {titles}")


async def protocol_session(index: int, url: str, seconds: float, latencies: list[float],
                           errors: list[str], clinic: bool = False) -> None:
    """One visitor: arrive (staggered by `index`), then edit once a second for `seconds`. In
    a clinic, from a loopback address of its own (nginx's affinity spreads them over the
    replicas), logged in, its own patient of the registry opened from the Patients page."""
    await asyncio.sleep(index * RAMP_UP_S)
    try:
        client = await asyncio.wait_for(ProtocolClient.open(
            url, source_address(index) if clinic else None), 60)
        if clinic:
            await asyncio.wait_for(client.log_in_and_open(session_patient(index)), 60)
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

    def open(self, url: str, patient_id: str | None = None) -> None:
        """The Visits page; in a clinic (`patient_id` given), after logging in, that patient
        found on the Patients page, its row selected, 'Edit visits' clicked."""
        from playwright.sync_api import sync_playwright
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM,
                                                       args=CHROMIUM_ARGS)
        self.page = new_context(self.browser, viewport={"width": 1366, "height": 1500}).new_page()
        self.page.goto(f"{url}/{'patients' if patient_id else PAGE}", timeout=120_000)
        if patient_id:
            self._log_in_and_open(patient_id)
        settle(self.page, timeout_ms=60_000)

    def _log_in_and_open(self, patient_id: str) -> None:
        page = self.page
        page.get_by_label("Your name").fill("Dr Bench")
        page.get_by_label("Clinic password").fill(CLINIC_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        search = page.get_by_role("textbox", name="Search")
        search.fill(patient_id)
        rerun_by(page, lambda: search.press("Enter"))
        grid = page.locator(".st-key-worklist-full [data-testid='stDataFrame']")
        rerun_by(page, lambda: grid.click(position={"x": 12, "y": ROW_HEIGHT * 1.5}))
        page.get_by_role("button", name="Edit visits").click()
        page.get_by_role("heading", name=f"Visits · {patient_id}").wait_for(timeout=60_000)

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
                           errors: list[str], clinic: bool = False) -> None:
    """One visitor in Chromium: arrive (staggered by `index`), then edit once a second."""
    await asyncio.sleep(index * RAMP_UP_S)
    visitor = ChromiumVisitor()
    try:
        try:
            await visitor.call(visitor.open, url, session_patient(index) if clinic else None)
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
               latencies: dict[str, list[float]], errors: list[str], clinic: bool = False
               ) -> None:
    """Run `sessions` visitors concurrently, the first `browsers` of them in Chromium."""
    await asyncio.gather(
        *(chromium_session(i, url, seconds, latencies["chromium"], errors, clinic)
          for i in range(browsers)),
        *(protocol_session(i, url, seconds, latencies["protocol"], errors, clinic)
          for i in range(browsers, sessions)))


def session_patient(index: int) -> str:
    """The registry patient session `index` edits (a copy of demo-01-success of its own)."""
    demo = [patient.id for patient in demo_patients(date.fromisoformat(TODAY))]
    return registry_id(index * len(demo) + demo.index("demo-01-success"))


def restore_session_patients(url: str, sessions: int) -> None:
    """Each session's patient as built (a clinic's edits are saved: an earlier run's last one
    would be in the record), so that every session starts from the same month-6 dose."""
    store = Store.open(url)[0]
    success = next(p for p in demo_patients(date.fromisoformat(TODAY))
                   if p.id == "demo-01-success")
    for index in range(sessions):
        patient_id = session_patient(index)
        stored = store.get(patient_id)
        built = success.model_copy(update={"id": patient_id, "synthetic": False})
        if stored.patient != built:
            store.save(built, stored.version, "bench")


def source_address(index: int) -> str:
    """A loopback address of session `index`'s own: nginx's ip_hash keys on the first three
    octets, so the sessions spread over the replicas as a clinic's many clients do."""
    return f"127.0.{index + 1}.1"


async def warm_up(url: str) -> None:
    """One visit first: the first run's imports are the server's, not the sessions'."""
    await (await ProtocolClient.open(url)).close()


def percentiles(latencies: list[float]) -> str:
    ordered = sorted(latencies) or [float("nan")]
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {ordered[-1] * 1000:.0f} ms")


@contextmanager
def served(clinic: str | None, registry: int, sessions: int
           ) -> Iterator[tuple[str, list[str]]]:
    """The URL the sessions open and the URLs of the servers behind it: one demo server; or, in
    a clinic (`clinic`: a PostgreSQL URL), the two-replica recipe on a registry of `registry`
    patients built there (README 'Deployment')."""
    if not clinic:
        with streamlit_server(TODAY) as url:
            yield url, [url]
        return
    started = time.perf_counter()
    build_registry(clinic, registry, TODAY)
    restore_session_patients(clinic, sessions)
    print(f"registry of {registry:,} patients ready in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as folder, two_replicas(
            TODAY, clinic, CLINIC_PASSWORD, Path(folder)) as (url, replicas):
        yield url, [f"http://{address}" for address in replicas]


def run(sessions: int, browsers: int, seconds: float, clinic: str | None = None,
        registry: int = 5000) -> None:
    latencies: dict[str, list[float]] = {"protocol": [], "chromium": []}
    errors: list[str] = []
    with served(clinic, registry, sessions) as (url, server_urls):
        servers = [server_process(int(server.rsplit(":", 1)[1])) for server in server_urls]
        for server in server_urls:
            asyncio.run(warm_up(server))
        idle_mb = sum(map(rss_mb, servers))
        cpu_before, wall_before = sum(map(cpu_seconds, servers)), time.time()
        asyncio.run(load(url, sessions, browsers, seconds, latencies, errors, bool(clinic)))
        loaded_mb = sum(map(rss_mb, servers))
        cpu_used = sum(map(cpu_seconds, servers)) - cpu_before
        wall = time.time() - wall_before
    interactions = sum(map(len, latencies.values()))
    where = (f"two replicas behind nginx, PostgreSQL, a registry of {registry:,} patients, each "
             "session logged in and its own patient opened from the Patients page" if clinic
             else "one demo server")
    print(f"{sessions} sessions ({browsers} in Chromium) x {seconds:.0f} s, one edit per second "
          f"each, {where}: {interactions} interactions, {len(errors)} errors (goal 0)")
    print(f"latency edit -> banner, goal p95 <= 1000 ms:\n"
          f"  protocol clients (the server's part): {percentiles(latencies['protocol'])}")
    if browsers:
        print(f"  Chromium (what a clinician sees): {percentiles(latencies['chromium'])}")
    print(f"server memory ({len(servers)} process(es)): warm and idle {idle_mb:.0f} MB, loaded "
          f"{loaded_mb:.0f} MB, {(loaded_mb - idle_mb) / sessions:.1f} MB per session "
          "(goal <= 30 MB)")
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
    parser.add_argument("--clinic", metavar="POSTGRES_URL",
                        help="run the two-replica clinic recipe (nginx, this database)")
    parser.add_argument("--registry", type=int, default=5000,
                        help="patients in the clinic's registry (default 5,000)")
    args = parser.parse_args()
    run(args.sessions, min(args.browsers, args.sessions), args.seconds, args.clinic,
        args.registry)


if __name__ == "__main__":
    main()

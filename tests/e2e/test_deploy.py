"""The reference deployment (deploy/igg4rd.nginx.conf, README 'Deployment'), run: Debian's nginx
in front of two replicas on one PostgreSQL, session affinity, the websocket upgrade, the health
check and the security headers. A clinician logs in and saves through nginx; the replica serving
them is killed; the page comes back on the other replica and nothing saved is lost. A save on one
replica shows in the other replica's worklist at its next rerun (issue 27)."""
from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

from harness.deployment import NGINX, two_replicas
from harness.streamlit_browser import (
    banner_text,
    go_to,
    new_context,
    pick_patient,
    settle,
)
from igg4rd.language.words import OUTCOME_WORDS
from igg4rd.render.worklist import STATUS_BADGES
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients
from tests.e2e.conftest import TODAY
from tests.e2e.test_clinician import wait_for_banner
from tests.e2e.test_storage import PATIENT, open_visits, raise_month6_dose
from tests.store.conftest import fresh_postgres_database

pytestmark = pytest.mark.e2e
PASSWORD = "deployment password"
HEADERS = {"content-security-policy": "frame-ancestors 'none'", "x-frame-options": "DENY",
           "x-content-type-options": "nosniff", "referrer-policy": "no-referrer"}


@pytest.fixture
def database():
    """A fresh PostgreSQL database of demo patients (skips without a server)."""
    for url in fresh_postgres_database():
        Store.open(url)[0].import_patients(demo_patients(date.fromisoformat(TODAY)), "admin")
        yield url


@pytest.fixture
def deployment(tmp_path, database):
    """(nginx URL, {replica address: its process})."""
    if not Path(NGINX).exists():
        reason = "the deployment test needs Debian's nginx (apt-get install nginx)"
        if os.environ.get("IGG4RD_CI") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    with two_replicas(TODAY, database, PASSWORD, tmp_path) as served:
        yield served


def log_in(page, url: str) -> None:
    page.get_by_label("Your name").fill("Dr A")
    page.get_by_label("Clinic password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    settle(page)


def serving(page, url: str) -> str:
    """Which replica answers this browser (nginx's X-Upstream)."""
    return page.request.get(f"{url}/_stcore/health").headers["x-upstream"]


def test_through_nginx_a_killed_replica_loses_nothing_saved(page, deployment):
    url, replicas = deployment
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    server_probes = []
    page.on("request", lambda request: server_probes.append(urlparse(request.url).path)
            if request.url.endswith("/_stcore/health") else None)
    answer = page.goto(f"{url}/visits")
    for header, words in HEADERS.items():
        assert words in answer.headers[header], header
    log_in(page, url)
    open_visits(page)
    raise_month6_dose(page)  # saved through nginx, by the replica serving this browser
    first = serving(page, url)
    replicas[first].kill()  # mid-session
    page.get_by_label("Clinic password").wait_for(timeout=60_000)  # back, on the other replica
    assert serving(page, url) != first
    log_in(page, url)  # the password login lives in the session that died (OIDC's stays)
    pick_patient(page, f"{PATIENT} (synthetic)")
    assert OUTCOME_WORDS["failure"] in banner_text(page)  # the save made before is there
    open_visits(page)
    wait_for_banner(page, "failure")
    assert violations == []  # the app works under the policy
    # opened at /visits, the frontend found the server at once (igg4rd/ui/server/html_page.py)
    assert server_probes and set(server_probes) == {"/_stcore/health"}
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as health:
        assert health.status == 200


class LoginClient:
    """A browser at the login page as the server sees it, from a source address of its own:
    Streamlit's protocol over the websocket (Chromium cannot choose its source address)."""

    def __init__(self, socket) -> None:
        self.socket, self.page_hash, self.widgets = socket, "", {}

    def run(self, widgets: tuple[WidgetState, ...] = ()) -> list[str]:
        """A script run (as the browser asks for one); the texts it drew (alerts, captions)."""
        message = BackMsg()
        message.rerun_script.page_name = "patients"
        message.rerun_script.page_script_hash = self.page_hash
        message.rerun_script.widget_states.widgets.extend(widgets)
        self.socket.send(message.SerializeToString())
        texts = []
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(self.socket.recv(timeout=60))
            if forward.WhichOneof("type") == "script_finished":
                return texts
            self.page_hash = forward.metadata.active_script_hash or self.page_hash
            if forward.WhichOneof("type") != "delta":
                continue
            element = forward.delta.new_element
            kind = element.WhichOneof("type")
            if kind in ("text_input", "button"):
                self.widgets[getattr(element, kind).label] = getattr(element, kind).id
            elif kind in ("alert", "markdown"):
                texts.append(getattr(element, kind).body)

    def log_in(self, password: str) -> str:
        """Submit the login form; what the page said: the refusal, or who is signed in."""
        said = self.run((WidgetState(id=self.widgets["Your name"], string_value="Dr B"),
                         WidgetState(id=self.widgets["Clinic password"], string_value=password),
                         WidgetState(id=self.widgets["Log in"], trigger_value=True)))
        return next(text for text in said if text.startswith(("Wrong", "Too many", "Signed")))


@contextmanager
def login_page(url: str, source: str) -> Iterator[LoginClient]:
    """The login page through nginx, opened from the loopback address `source`."""
    with connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                 source_address=(source, 0), open_timeout=30, max_size=None) as socket:
        client = LoginClient(socket)
        client.run()  # a fresh server's first run (legacy pages mode) has other widget ids
        client.run()
        yield client


def test_through_nginx_the_password_throttle_counts_each_client_address_apart(deployment):
    """Issue 23: two clients behind nginx, at 127.0.0.2 and 127.0.0.3 (nginx's
    X-Forwarded-For, trusted from the local proxy): five wrong passwords from one make it wait,
    even with the right one, while the other's count is its own and its right password logs
    it in."""
    url, _ = deployment
    with login_page(url, "127.0.0.2") as guesser, login_page(url, "127.0.0.3") as clinician:
        assert [guesser.log_in("guess") for _ in range(5)] == ["Wrong password."] * 5
        assert guesser.log_in(PASSWORD).startswith("Too many wrong passwords from your address")
        assert clinician.log_in("typo") == "Wrong password."
        assert clinician.log_in(PASSWORD) == "Signed in as Dr B."
        assert guesser.log_in(PASSWORD).startswith("Too many wrong passwords")


def worklist_row(page, patient: str) -> str:
    """The text of `patient`'s row in the worklist's accessible table."""
    row = page.locator(".st-key-worklist-full [data-testid='stDataFrame'] table tbody tr").filter(
        has_text=patient)
    row.first.wait_for(state="attached")
    return row.first.inner_text()


def test_a_save_on_one_replica_reaches_the_other_replica_s_worklist(browser, deployment):
    """Issue 27: the shared worklist rows follow the database's change counter, not a timer:
    replica B's save shows on replica A's next rerun."""
    _url, replicas = deployment
    reader_address, writer_address = (f"http://{address}" for address in replicas)
    reader, writer = (new_context(browser).new_page() for _ in range(2))
    reader.goto(f"{reader_address}/patients")
    log_in(reader, reader_address)
    before = worklist_row(reader, PATIENT)
    writer.goto(f"{writer_address}/visits")
    log_in(writer, writer_address)
    open_visits(writer)
    raise_month6_dose(writer)  # saved by the other replica
    go_to(reader, "Assessment")
    go_to(reader, "Patients")  # the reader's next reruns
    after = worklist_row(reader, PATIENT)
    assert before.startswith(f"{STATUS_BADGES['success']} "), before
    assert after.startswith(f"{STATUS_BADGES['failure']} "), after

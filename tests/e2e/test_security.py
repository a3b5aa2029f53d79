"""The gate (igg4rd/ui/server/gate.py) on a real clinic server: each attack of the adversarial
probe is tried from outside the logged-in browser and refused, while that browser goes on working.
Without the gate Streamlit 1.67 accepts each of them (docs/security.md)."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from harness.streamlit_browser import go_to, open_sidebar, settle, streamlit_server
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients
from tests.e2e.conftest import TODAY, download_registry
from tests.unit.helpers import record, visit

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"
XSRF = "2|00000000|00112233445566778899aabbccddeeff|1700000000"  # a made-up token


@pytest.fixture(scope="module")
def clinic(tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("clinic")
    database = f"sqlite:///{folder / 'clinic.db'}"
    Store.open(database)[0].import_patients(demo_patients(date.fromisoformat(TODAY)), "admin")
    env = {"IGG4RD_DATABASE_URL": database, "IGG4RD_CLINIC_PASSWORD": PASSWORD}
    log = folder / "server.log"
    with streamlit_server(TODAY, env=env, log=log) as url:
        yield url, log


def log_in(page, url: str) -> None:
    page.goto(f"{url}/patients")
    page.get_by_label("Your name").fill("Dr A")
    page.get_by_label("Clinic password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    settle(page)


def session_id_of(page, tmp_path: Path) -> str:
    """The page's session id, as an attacker sees it: in the URL of an upload."""
    record = tmp_path / "one.json"
    record.write_text(json.dumps([demo_patients(date.fromisoformat(TODAY))[0].to_record()]))
    with page.expect_request(lambda r: "/_stcore/upload_file/" in r.url) as upload:
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(record)
    return upload.value.url.split("/_stcore/upload_file/")[1].split("/")[0]


def stream(url: str) -> str:
    return url.replace("http", "ws", 1) + "/_stcore/stream"


def websocket_refused(url: str, subprotocols: list[str], origin: str | None = None) -> bool:
    """Whether the server refuses this websocket (HTTP 403 instead of the upgrade). The sync
    client: Playwright's sync API holds this thread's event loop."""
    try:
        socket = connect(stream(url), subprotocols=subprotocols, origin=origin, open_timeout=10)
    except InvalidStatus as refused:
        return refused.response.status_code == 403
    socket.close()
    return False


def put_upload(url: str, session_id: str) -> int:
    """PUT a file to `session_id` as a stranger would: a made-up XSRF pair, no login."""
    body = (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.json\"\r\n"
            b"Content-Type: application/json\r\n\r\n[]\r\n--b--\r\n")
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{session_id}/made-up", data=body, method="PUT",
        headers={"Content-Type": "multipart/form-data; boundary=b", "X-Xsrftoken": XSRF,
                 "Cookie": f"_streamlit_xsrf={XSRF}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def stranger_session(url: str) -> Iterator[str]:
    """A session opened the way the browser opens one, with no cookie (a stranger at the login
    page), its first run finished, kept connected; yields its id."""
    with connect(stream(url), subprotocols=["streamlit"], open_timeout=10) as socket:
        message = BackMsg()
        message.rerun_script.page_name = "patients"
        socket.send(message.SerializeToString())
        session_id = None
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(socket.recv(timeout=30))
            if forward.WhichOneof("type") == "new_session":
                session_id = forward.new_session.initialize.session_id
            elif forward.WhichOneof("type") == "script_finished":
                yield session_id
                return


def test_a_known_session_id_does_not_take_the_session_over(page, clinic, tmp_path):
    url, _ = clinic
    log_in(page, url)
    victim = session_id_of(page, tmp_path)
    assert websocket_refused(url, ["streamlit", "PLACEHOLDER_AUTH_TOKEN", victim])
    assert websocket_refused(url, ["streamlit", XSRF, victim])
    go_to(page, "Assessment")  # the owner was not dropped: still signed in, still working
    assert "Signed in as Dr A" in page.get_by_test_id("stSidebar").text_content()


def test_a_session_opened_without_the_cookie_is_not_taken_over(clinic):
    """Issue 23: a second cookieless client that sent the id of a session opened without the
    XSRF cookie was accepted into that same session."""
    url, _ = clinic
    with stranger_session(url) as first:
        assert websocket_refused(url, ["streamlit", "PLACEHOLDER_AUTH_TOKEN", first])
        assert websocket_refused(url, ["streamlit", XSRF, first])


def test_no_upload_without_a_login_in_that_browser(page, clinic, tmp_path):
    url, _ = clinic
    with stranger_session(url) as stranger:  # connected, at the login page
        assert put_upload(url, stranger) == 403
    log_in(page, url)
    assert put_upload(url, session_id_of(page, tmp_path)) == 403  # not from another browser


def test_downloads_are_served_only_to_a_logged_in_browser(page, clinic):
    url, _ = clinic
    log_in(page, url)
    media = download_registry(page).url
    assert "/media/" in media
    assert page.request.get(media).status == 200
    with pytest.raises(urllib.error.HTTPError) as stranger:
        urllib.request.urlopen(media, timeout=10)
    assert stranger.value.code == 403
    open_sidebar(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Log out").click()
    page.get_by_label("Clinic password").wait_for(timeout=15_000)
    assert page.request.get(media).status == 403


def test_foreign_origins_are_refused_without_calling_out(clinic):
    url, log = clinic
    assert all(websocket_refused(url, ["streamlit"], origin="http://evil.example")
               for _ in range(50))
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as health:
        assert health.status == 200
    assert "external IP" not in log.read_text()


def test_a_file_name_with_an_image_link_makes_the_browser_request_nothing(page, clinic,
                                                                        tmp_path):
    """Issue 23 (§5): 'Imported … from {file}' drew the uploaded file's name as Markdown: an
    image in it was fetched (tests/app/test_literal_text.py reads every surface)."""
    url, _ = clinic
    log_in(page, url)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    # (a browser reads http:\host\i.png as http://host/i.png; a file name holds no "/")
    name = "r ![i](http:\\127.0.0.1:9\\i.png) ![j](probe.png) **b** <img src=x.gif> $$x$$.json"
    upload = tmp_path / name
    upload.write_text(json.dumps([record([visit(1, ri=3, dose=35)],
                                         id=f"t-{uuid.uuid4().hex[:8]}")]))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(upload)
    page.get_by_role("button", name="Import all records").click()
    imported = page.get_by_test_id("stAlertContentSuccess").filter(has_text="Imported 1")
    imported.wait_for(timeout=15_000)
    settle(page)
    assert not [r for r in requested if r.endswith(("i.png", "probe.png", "x.gif"))]
    shown = imported.get_by_test_id("stMarkdownContainer").inner_text()
    assert shown.replace("\u2060", "") == f"Imported 1 patient(s) from {name}."  # word joiner
    assert not imported.locator("img, a, strong, em, .katex").count()

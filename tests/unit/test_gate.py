"""The gate's decisions (igg4rd.ui.server.gate), on ASGI scopes as the server builds them."""
from __future__ import annotations

import asyncio
import gc
import inspect
import os
from concurrent.futures import ThreadPoolExecutor

from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from igg4rd.ui.server.gate import (
    Admissions,
    browser_token,
    cookie_token,
    origin_allowed,
    reattached_session,
    refusal,
)

SECRET = os.urandom(16)


def cookie(token: bytes = SECRET) -> str:
    return generate_xsrf_token_string(token)  # a fresh random mask each time, as the server


def scope(kind: str, path: str, **headers: str) -> dict:
    return {"type": kind, "path": path, "method": "PUT" if "upload" in path else "GET",
            "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]}


def test_the_token_is_compared_unmasked():
    assert browser_token(cookie()) == browser_token(cookie()) is not None
    assert browser_token(cookie()) != browser_token(cookie(os.urandom(16)))
    assert browser_token(None) is None and browser_token("") is None
    assert cookie_token(f"a=1; _streamlit_xsrf={cookie()}; b=2") == browser_token(cookie())
    assert cookie_token("a=1") is None and cookie_token(None) is None


def test_origins_and_reattachment():
    assert origin_allowed(None, "h:1", []) and origin_allowed("http://h:1", "h:1", [])
    assert not origin_allowed("http://evil.example", "h:1", [])
    assert origin_allowed("https://proxy.example", "h:1", ["https://proxy.example"])
    assert reattached_session("streamlit, tok, abc-123") == "abc-123"
    assert reattached_session("streamlit") is None and reattached_session(None) is None


def test_a_session_belongs_to_the_browser_that_opened_it():
    admissions, mine, theirs = Admissions(), browser_token(cookie()), browser_token("other")
    assert admissions.bind("s1", mine) and admissions.bind("s1", mine)
    assert not admissions.bind("s1", theirs)
    assert admissions.may_reattach("s1", mine) and not admissions.may_reattach("s1", theirs)
    assert admissions.may_reattach("unknown", theirs)  # no such session: a fresh one starts
    assert not admissions.may_upload("s1", mine)  # bound, not admitted (not logged in)
    admissions.admit("s1")
    assert admissions.may_upload("s1", mine) and not admissions.may_upload("s1", theirs)
    assert admissions.may_fetch_media(mine) and not admissions.may_fetch_media(theirs)
    admissions.admit("s1", admitted=False)  # logged out
    assert not admissions.may_upload("s1", mine) and not admissions.may_fetch_media(mine)
    admissions.media_open = True  # demo mode: synthetic files
    assert admissions.may_fetch_media(None)


class Owner:
    """Stands for Streamlit's object of a session (the binding lives as long as it)."""


def test_a_session_opened_without_a_cookie_is_reattached_by_nobody():
    """Issue 23: a second cookieless client that sent the id was accepted (same session)."""
    admissions, first, second = Admissions(), Owner(), Owner()
    assert admissions.bind("s1", None, connection=first)
    assert not admissions.may_reattach("s1", None)  # the gate: no cookie, no reattach
    assert not admissions.may_reattach("s1", browser_token(cookie()))
    assert not admissions.bind("s1", None, connection=second)  # without the gate: the app
    assert not admissions.bind("s1", browser_token(cookie()), connection=second)
    assert admissions.bind("s1", None, connection=first)  # its own connection goes on
    admissions.admit("s1")
    assert not admissions.may_upload("s1", None)


def test_no_binding_is_dropped_while_its_session_lives():
    """Issue 23: after 50,000 sessions the oldest bindings were dropped, which reopened the
    takeover of those sessions by id."""
    admissions, owners = Admissions(exists=lambda _: True), [Owner() for _ in range(50_001)]
    for number, owner in enumerate(owners):
        admissions.bind(f"s{number}", f"token {number}", owner)
    assert len(admissions) == 50_001
    assert not admissions.may_reattach("s0", "other") and admissions.may_reattach("s0", "token 0")


def test_a_binding_ends_with_its_session():
    admissions, owner = Admissions(exists=lambda _: False), Owner()
    admissions.bind("s1", "mine", owner)
    admissions.admit("s1")
    assert len(admissions) == 1 and admissions.may_fetch_media("mine")
    del owner
    gc.collect()
    assert len(admissions) == 0 and not admissions.may_fetch_media("mine")
    assert admissions.may_reattach("s1", "theirs")  # no such session: a fresh one starts


def test_a_session_the_server_holds_but_not_bound_yet_is_not_reattached():
    """Between a session's start and its first run (or a binding made without the session's
    object): refused while Streamlit holds the session, swept once it does not."""
    alive = {"s1"}
    admissions = Admissions(exists=alive.__contains__)
    assert not admissions.may_reattach("s1", "anyone") and admissions.may_reattach("s2", "any")
    admissions.bind("s1", "mine")  # no session object (a server-less run)
    admissions.sweep()
    assert len(admissions) == 1
    alive.clear()
    admissions.sweep()
    assert len(admissions) == 0


def test_bindings_follow_streamlits_own_sessions():
    """With Streamlit's session manager: bound while connected and while kept for a
    reconnect, gone once the session is closed."""
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.script_data import ScriptData
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    class Client:
        def write_forward_msg(self, message) -> None:
            pass

    async def lifetime() -> list:
        manager = WebsocketSessionManager(MemorySessionStorage(), MemoryUploadedFileManager(
            "/upload"), ScriptCache(), None)
        admissions, client = Admissions(lambda s: manager.get_session_info(s) is not None), Client()
        session_id = manager.connect_session(client, ScriptData(__file__, False), {})
        admissions.bind(session_id, "mine", manager.get_active_session_info(session_id).session,
                        client)
        manager.disconnect_session(session_id)  # kept for a reconnect
        gc.collect()
        kept = (len(admissions), admissions.may_reattach(session_id, "theirs"))
        manager.close_session(session_id)
        gc.collect()
        return [kept, (len(admissions), admissions.may_reattach(session_id, "theirs"))]

    with ThreadPoolExecutor(1) as thread:  # a thread of its own: Playwright may hold this loop
        kept, closed = thread.submit(asyncio.run, lifetime()).result()
    assert kept == (1, False) and closed == (0, True)


def test_the_gate_reads_streamlits_sessions_where_167_keeps_them():
    from streamlit.runtime import Runtime
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    assert "self._session_mgr =" in inspect.getsource(Runtime.__init__)
    assert callable(WebsocketSessionManager.get_session_info)
    assert callable(Runtime.get_app_session) and callable(Runtime.get_client)


def test_refusals_on_server_scopes():
    admissions = Admissions(exists=lambda _: True)  # a running server holds "s1"
    token_cookie = f"_streamlit_xsrf={cookie()}"
    admissions.bind("s1", browser_token(cookie()))
    ws = "/_stcore/stream"
    assert refusal(scope("websocket", ws, host="h:1", origin="http://evil.example"),
                   admissions) == "foreign origin"
    assert refusal(scope("websocket", ws, host="h:1", sec_websocket_protocol="streamlit, x, s1"),
                   admissions) == "session bound to another browser"
    assert refusal(scope("websocket", ws, host="h:1", cookie=token_cookie,
                         sec_websocket_protocol="streamlit, x, s1"), admissions) is None
    upload = "/_stcore/upload_file/s1/f1"
    assert refusal(scope("http", upload, cookie=token_cookie), admissions)  # not admitted
    admissions.admit("s1")
    assert refusal(scope("http", upload, cookie=token_cookie), admissions) is None
    assert refusal(scope("http", upload), admissions)  # another browser
    assert refusal(scope("http", "/media/abc.json"), admissions)
    assert refusal(scope("http", "/media/abc.json", cookie=token_cookie), admissions) is None
    assert refusal(scope("http", "/_stcore/health"), admissions) is None


def test_the_frontends_fonts_are_public_and_media_files_are_not(monkeypatch):
    """Issue 23 (§7): the gate refused every path holding '/media/', the frontend's icon font
    (/static/media/…woff2) too: a fresh server's first page (before any session had run) and
    every clinic login page drew the icons' names for the life of the page."""
    from streamlit import config

    admissions = Admissions(exists=lambda _: True)
    font = "/static/media/MaterialSymbols-Rounded.nEdyypZU.woff2"
    assert refusal(scope("http", font), admissions) is None
    assert refusal(scope("http", "/media/abc.png"), admissions)
    get_option = config.get_option
    monkeypatch.setattr(config, "get_option", lambda name: "clinic" if name == (
        "server.baseUrlPath") else get_option(name))
    assert refusal(scope("http", "/clinic/media/abc.png"), admissions)
    assert refusal(scope("http", f"/clinic{font}"), admissions) is None

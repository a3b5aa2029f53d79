"""The gate's decisions (igg4rd.ui.gate), on ASGI scopes as the server builds them."""
from __future__ import annotations

import os

from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from igg4rd.ui.gate import (
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


def test_old_bindings_are_forgotten_first():
    admissions = Admissions(limit=2)
    for session in ("a", "b", "c"):
        admissions.bind(session, "t")
    assert admissions.may_reattach("a", "other") and not admissions.may_reattach("c", "other")


def test_refusals_on_server_scopes():
    admissions, token_cookie = Admissions(), f"_streamlit_xsrf={cookie()}"
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

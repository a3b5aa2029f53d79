"""The gate in front of Streamlit's own endpoints: they serve only the browser the app admitted.

What Streamlit 1.67 does on its own (read in its source and tried on a server; docs/security.md):
- a websocket opened with the subprotocols `streamlit, <anything>, <session-id>` reattaches that
  session, whoever opens it (`runtime/websocket_session_manager.py`): without `st.login` the
  session id alone, which appears in upload URLs and the server log, takes a session over;
- an upload (`/_stcore/upload_file/<session-id>/<file-id>`) is accepted for any connected
  session, before any login, and held until the session ends;
- a media file (`/media/<id>`, downloads) is served to anyone with its URL;
- a websocket with a foreign `Origin` makes the server look up its external IP over the
  internet, blocking every session while it waits (`net_util.get_external_ip`).

The one secret a browser holds and a session id does not carry is the XSRF cookie
(`_streamlit_xsrf`; its token is masked anew on every response, so the unmasked token is
compared). The app binds each session to that token on its first run, admits the session (demo
mode: at once; clinic mode: at login) and dismisses it at logout. The gate (ASGI middleware,
`app.py`) then refuses:
- a websocket from a foreign Origin, before Streamlit's own check calls out;
- a websocket reattaching a session bound to another browser;
- an upload to a session not admitted, or from another browser;
- in clinic mode, a media file to a browser with no logged-in session.
"""
from __future__ import annotations

import binascii
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

XSRF_COOKIE = "_streamlit_xsrf"
UPLOAD_PATH = "/_stcore/upload_file/"
STREAM_PATH = "/_stcore/stream"
MEDIA_PATH = "/media/"
MAX_SESSIONS = 50_000  # bindings kept (the oldest are forgotten first)


def browser_token(cookie_value: str | None) -> str | None:
    """A digest of the browser's XSRF token from its cookie value (`2|mask|masked|time`: the
    token unmasked, so that every response's fresh mask compares equal), or None."""
    if not isinstance(cookie_value, str) or not cookie_value:
        return None
    parts = cookie_value.split("|")
    try:
        if len(parts) == 4 and parts[0] == "2":
            mask, masked = binascii.a2b_hex(parts[1]), binascii.a2b_hex(parts[2])
            token = bytes(byte ^ mask[i % len(mask)] for i, byte in enumerate(masked))
        else:
            token = cookie_value.encode()
    except (binascii.Error, ZeroDivisionError):
        token = cookie_value.encode()
    return hashlib.sha256(token).hexdigest()


def cookie_token(cookie_header: str | None) -> str | None:
    """`browser_token` of the XSRF cookie in a `Cookie:` header."""
    if not cookie_header:
        return None
    cookies = SimpleCookie()
    try:
        cookies.load(cookie_header)
    except Exception:  # noqa: BLE001 - a malformed header carries no token
        return None
    morsel = cookies.get(XSRF_COOKIE)
    return browser_token(morsel.value if morsel else None)


def reattached_session(subprotocols: str | None) -> str | None:
    """The session id a websocket asks to reattach (the third subprotocol), or None."""
    entries = [entry.strip() for entry in (subprotocols or "").split(",")]
    return entries[2] if len(entries) >= 3 and entries[2] else None


def origin_allowed(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """No Origin (not a browser), the page's own origin, or one of `allowed`."""
    if not origin:
        return True
    if origin in allowed or "*" in allowed:
        return True
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()


@dataclass
class _Session:
    token: str | None
    admitted: bool = False


class Admissions:
    """Which browser each session belongs to, and which sessions are admitted. Thread-safe:
    written by the sessions' script threads, read by the server's event loop."""

    def __init__(self, limit: int = MAX_SESSIONS) -> None:
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit
        self.media_open = False  # demo mode: downloads are of synthetic data

    def bind(self, session_id: str, token: str | None) -> bool:
        """Bind a new session to its browser; for a known one, whether it is the same."""
        with self._lock:
            known = self._sessions.get(session_id)
            if known is None:
                self._sessions[session_id] = _Session(token)
                if len(self._sessions) > self._limit:
                    self._sessions.popitem(last=False)
                return True
            return known.token == token

    def admit(self, session_id: str, admitted: bool = True) -> None:
        with self._lock:
            if session_id in self._sessions:
                self._sessions[session_id].admitted = admitted

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._sessions.pop(session_id, None)

    def may_reattach(self, session_id: str, token: str | None) -> bool:
        with self._lock:
            known = self._sessions.get(session_id)
            return known is None or known.token == token

    def may_upload(self, session_id: str, token: str | None) -> bool:
        with self._lock:
            known = self._sessions.get(session_id)
            return known is not None and known.admitted and known.token == token

    def may_fetch_media(self, token: str | None) -> bool:
        if self.media_open:
            return True
        with self._lock:
            return token is not None and any(s.admitted and s.token == token
                                             for s in self._sessions.values())


ADMISSIONS = Admissions()  # one per server process


def _headers(scope: dict[str, Any]) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])}


def _allowed_origins() -> list[str]:
    from streamlit import config

    return list(config.get_option("server.corsAllowedOrigins") or [])


def refusal(scope: dict[str, Any], admissions: Admissions = ADMISSIONS) -> str | None:
    """Why the gate refuses this request (websocket or HTTP), or None to pass it on."""
    path, headers = scope.get("path", ""), _headers(scope)
    token = cookie_token(headers.get("cookie"))
    if scope["type"] == "websocket" and path.endswith(STREAM_PATH):
        if not origin_allowed(headers.get("origin"), headers.get("host"), _allowed_origins()):
            return "foreign origin"
        session_id = reattached_session(headers.get("sec-websocket-protocol"))
        if session_id and not admissions.may_reattach(session_id, token):
            return "session bound to another browser"
    elif scope["type"] == "http" and UPLOAD_PATH in path:
        session_id = path.split(UPLOAD_PATH, 1)[1].split("/", 1)[0]
        if not admissions.may_upload(session_id, token):
            return "uploads need an admitted session in this browser"
    elif (scope["type"] == "http" and MEDIA_PATH in path
          and not admissions.may_fetch_media(token)):
        return "files are served to logged-in browsers only"
    return None


class Gate:
    """Pure ASGI middleware (it must see websockets as well as HTTP)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        reason = refusal(scope) if scope["type"] in ("http", "websocket") else None
        if reason is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008, "reason": reason})
        else:
            body = f"Refused: {reason}.".encode()
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

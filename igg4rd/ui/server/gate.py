"""The gate in front of Streamlit's own endpoints: they serve only the browser the app admitted.

What Streamlit 1.67 does on its own (read in its source and tried on a server; docs/security.md):
- a websocket opened with the subprotocols `streamlit, <anything>, <session-id>` reattaches that
  session, whoever opens it (`runtime/websocket_session_manager.py`): without `st.login` the
  session id alone, which appears in upload URLs and the server log, takes a session over;
- an upload (`/_stcore/upload_file/<session-id>/<file-id>`) is accepted for any connected
  session, before any login, and held until the session ends;
- a media file (`/media/<id>`, downloads) is served to anyone with its URL (the frontend's
  fonts, under `/static/media/`, are not media files: refusing them drew icons' names);
- a websocket with a foreign `Origin` makes the server look up its external IP over the
  internet, blocking every session while it waits (`net_util.get_external_ip`).

The one secret a browser holds and a session id does not carry is the XSRF cookie
(`_streamlit_xsrf`; its token is masked anew on every response, so the unmasked token is
compared; the browser has it before it opens the websocket: `/_stcore/health` sets it). The
app binds each session to that token on its first run, admits the session (demo mode: at once;
clinic mode: at login) and dismisses it at logout. A session opened without the cookie (not a
browser) is bound to its first connection instead, and no other may reattach it. A binding ends
with its session: it is dropped when Streamlit has let go of the session object (closed,
logged out, or expired after a disconnect), never earlier, so the number of bindings is the
number of sessions the server holds. The gate (ASGI middleware, `app.py`) then refuses:
- a websocket from a foreign Origin, before Streamlit's own check calls out;
- a websocket reattaching a session bound to another browser, bound to no browser (opened
  without the cookie), or not bound yet (before its first run);
- an upload to a session not admitted, or from another browser;
- in clinic mode, a media file to a browser with no logged-in session.
"""
from __future__ import annotations

import binascii
import hashlib
import threading
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

XSRF_COOKIE = "_streamlit_xsrf"
UPLOAD_PATH = "/_stcore/upload_file/"
STREAM_PATH = "/_stcore/stream"
MEDIA_PATH = "media/"  # Streamlit's media route, below the server's base URL path


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
    if not origin or origin in allowed or "*" in allowed:
        return True
    return bool(host and urlsplit(origin).netloc.lower() == host.lower())


@dataclass
class _Session:
    token: str | None
    connection: Any = None  # without a token: a weak reference to the connection it opened on
    admitted: bool = False
    ended: weakref.finalize | None = None  # drops the binding when the session object goes


def session_exists(session_id: str) -> bool:
    """Whether Streamlit holds this session: connected, or disconnected and kept for a
    reconnect. Call it on the server's event loop (the session manager's own thread), as the
    gate does; False without a running server."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    runtime = Runtime.instance()
    manager = getattr(runtime, "_session_mgr", None)  # Streamlit 1.67: tests/unit/test_gate.py
    if manager is None:
        return runtime.is_active_session(session_id)
    return manager.get_session_info(session_id) is not None


def session_objects(session_id: str) -> tuple[Any, Any]:
    """Streamlit's object for a connected session and for its connection (Runtime's
    thread-safe lookups), or (None, None) without a server or a connection (AppTest runs each
    run under a stand-in runtime of its own, whose objects are not the session's)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.app_session import AppSession

    if not Runtime.exists():
        return None, None
    runtime = Runtime.instance()
    session = runtime.get_app_session(session_id)
    if not isinstance(session, AppSession):
        return None, None
    return session, runtime.get_client(session_id)


def _same_connection(known: Any, connection: Any) -> bool:
    if known is None:
        return connection is None
    return connection is not None and known() is connection


class Admissions:
    """Which browser each session belongs to, and which sessions are admitted. Thread-safe:
    written by the sessions' script threads, read by the server's event loop.

    A binding lasts as long as its session: `bind` is given Streamlit's object for the session
    and the binding is dropped when that object is collected (Streamlit has closed the session
    or let it expire). A binding made without that object (no server, or a session that
    disconnected during its first run) is dropped by the gate once Streamlit no longer holds
    the session (`sweep`). Nothing else is dropped, however many sessions there are."""

    def __init__(self, exists: Callable[[str], bool] = session_exists) -> None:
        self._sessions: dict[str, _Session] = {}
        self._ended: deque[str] = deque()  # appended by the garbage collector, drained here
        self._unowned: set[str] = set()
        self._lock = threading.Lock()
        self._exists = exists
        self.media_open = False  # demo mode: downloads are of synthetic data

    def __len__(self) -> int:
        with self._lock:
            self._drain()
            return len(self._sessions)

    def _drain(self) -> None:
        """Drop the bindings of sessions that ended (the lock held)."""
        while self._ended:
            session_id = self._ended.popleft()
            self._sessions.pop(session_id, None)
            self._unowned.discard(session_id)

    def bind(self, session_id: str, token: str | None, owner: Any = None,
             connection: Any = None) -> bool:
        """Bind a new session to its browser (`token`; without one, to the `connection` it
        opened on) for as long as `owner` (Streamlit's object for the session) lives; for a
        known session, whether this run comes from the same browser (or connection)."""
        with self._lock:
            self._drain()
            known = self._sessions.get(session_id)
            if known is None:
                session = _Session(token, weakref.ref(connection)
                                   if token is None and connection is not None else None)
                if owner is not None:
                    session.ended = weakref.finalize(owner, self._ended.append, session_id)
                    session.ended.atexit = False
                else:
                    self._unowned.add(session_id)
                self._sessions[session_id] = session
                return True
            if token is None or known.token is None:
                return token is None and known.token is None and _same_connection(
                    known.connection, connection)
            return known.token == token

    def admit(self, session_id: str, admitted: bool = True) -> None:
        with self._lock:
            if session_id in self._sessions:
                self._sessions[session_id].admitted = admitted

    def forget(self, session_id: str) -> None:
        with self._lock:
            session = self._sessions.pop(session_id, None)
            self._unowned.discard(session_id)
        if session is not None and session.ended is not None:
            session.ended.detach()

    def sweep(self) -> None:
        """Drop the bindings made without the session's object whose session Streamlit no
        longer holds (on the server's event loop: `exists`)."""
        with self._lock:
            self._drain()
            unowned = list(self._unowned)
        for session_id in unowned:
            if not self._exists(session_id):
                self.forget(session_id)

    def may_reattach(self, session_id: str, token: str | None) -> bool:
        """Whether a websocket may ask for this session: its own browser's, or an id the server
        does not hold (a fresh session starts). A session opened without a token, or not bound
        yet (before its first run), is reattached by nobody."""
        with self._lock:
            self._drain()
            known = self._sessions.get(session_id)
        if known is None:
            return not self._exists(session_id)
        return known.token is not None and known.token == token

    def may_upload(self, session_id: str, token: str | None) -> bool:
        with self._lock:
            self._drain()
            known = self._sessions.get(session_id)
            return (known is not None and known.admitted and known.token is not None
                    and known.token == token)

    def may_fetch_media(self, token: str | None) -> bool:
        if self.media_open:
            return True
        with self._lock:
            self._drain()
            return token is not None and any(s.admitted and s.token == token
                                             for s in self._sessions.values())


ADMISSIONS = Admissions()  # one per server process


def _headers(scope: dict[str, Any]) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])}


def _allowed_origins() -> list[str]:
    from streamlit import config

    return list(config.get_option("server.corsAllowedOrigins") or [])


def _media_prefix() -> str:
    """Where Streamlit serves media files: `/media/`, below `server.baseUrlPath` if set. Only
    there: the frontend's own fonts are under `/static/media/` and are public."""
    from streamlit import config
    from streamlit.url_util import make_url_path

    return make_url_path(config.get_option("server.baseUrlPath") or "", MEDIA_PATH)


def refusal(scope: dict[str, Any], admissions: Admissions = ADMISSIONS) -> str | None:
    """Why the gate refuses this request (websocket or HTTP), or None to pass it on."""
    path, headers = scope.get("path", ""), _headers(scope)
    token = cookie_token(headers.get("cookie"))
    if scope["type"] == "websocket" and path.endswith(STREAM_PATH):
        if not origin_allowed(headers.get("origin"), headers.get("host"), _allowed_origins()):
            return "foreign origin"
        admissions.sweep()
        session_id = reattached_session(headers.get("sec-websocket-protocol"))
        if session_id and not admissions.may_reattach(session_id, token):
            return "session bound to another browser"
    elif scope["type"] == "http" and UPLOAD_PATH in path:
        session_id = path.split(UPLOAD_PATH, 1)[1].split("/", 1)[0]
        if not admissions.may_upload(session_id, token):
            return "uploads need an admitted session in this browser"
    elif (scope["type"] == "http" and path.startswith(_media_prefix())
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

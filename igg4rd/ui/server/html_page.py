"""What the server adds to the HTML page it sends, so that a new visitor's first open is fast
(bench/first_open.py).

1. Early hints: a `Link` header asking the browser to fetch and compile, at once, the few
   script chunks of Streamlit's frontend that our pages always need. The frontend loads an
   element's code only when the first element of its kind arrives: the plotly chunk (4.7 MB)
   would be requested ~1 s after navigation and compiled after that, and the picker's chunks
   delay the page's title. The chunk names carry a content hash, so they are looked up in the
   installed Streamlit's static folder when the server starts.
2. The server's address for a deep link: opened at `/assessment`, Streamlit's frontend first
   asks `/assessment/_stcore/health` (a 404), waits, and only then finds the server one level
   up (~150 ms of the first open). A small script in the page's head tells it where the server
   is (`window.__streamlit.BACKEND_BASE_URL`, read by the frontend when it starts) when the
   last part of the path is one of the app's pages; any prefix a proxy adds stays in the path.
   A Content-Security-Policy must allow the script by its hash (deploy/igg4rd.nginx.conf).
3. The icon font preloaded: Streamlit draws its icons (the sidebar's arrow, an alert's check
   mark, a button's symbol) as words that the Material Symbols font turns into glyphs. The
   browser fetches a font only when text first needs it, so the download would start with the
   first icon; `font-display: block` (Streamlit's CSS) then hides the words for at most 3 s,
   and a font that takes longer, or fails, shows them ("keyboard_double_arrow_right" over the
   labels). A `<link rel=preload>` in the head, beside the one Streamlit has for its text font,
   starts the download with the page, before the script chunks: it is there before the first
   icon is drawn (tests/e2e/test_first_screen.py, on a cold server).
"""
from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import streamlit

from igg4rd.ui.navigation import PAGE_URL_PATHS

STATIC = Path(streamlit.__file__).parent / "static"
# the chunks of the elements on every page: plotly charts, the patient picker, the sidebar toggle,
# the page style (st.html) and the Assessment page's metrics
CHUNKS = ("PlotlyChart", "Selectbox", "useMenuTrigger", "useSyncComboBoxEnterTargetFocus",
          "Checkbox", "Html", "purify.es", "Metric", "numbro")
BASE_URL_SCRIPT = (
    "(()=>{const pages=PAGES;const parts=location.pathname.replace(/\\/+$/,'').split('/');"
    "if(!window.__streamlit&&parts.length>1&&pages.includes(parts[parts.length-1])){"
    "parts.pop();window.__streamlit={BACKEND_BASE_URL:location.origin+parts.join('/')};}})();"
).replace("PAGES", json.dumps(sorted(PAGE_URL_PATHS), separators=(",", ":")))
ICON_FONT = "MaterialSymbols-Rounded"  # static/media/MaterialSymbols-Rounded.<hash>.woff2
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]


def font_preload(static: Path = STATIC) -> bytes:
    """The head's `<link rel=preload>` of the icon font, relative to the page as Streamlit's
    own links are (so a proxy's path prefix stays), `crossorigin` as a font is fetched."""
    return b"".join(
        f'<link rel="preload" href="./{path.relative_to(static).as_posix()}" as="font" '
        f'type="font/woff2" crossorigin>'.encode()
        for path in sorted((static / "static" / "media").glob(f"{ICON_FONT}.*.woff2")))


def link_header(static: Path = STATIC) -> bytes:
    """The `Link` header value: one `rel=modulepreload` per chunk found (none if not found)."""
    found = [path for name in CHUNKS for path in sorted((static / "static" / "js").glob(
        f"{name}.*.js"))]
    return ", ".join(f"</{path.relative_to(static).as_posix()}>; rel=modulepreload"
                     for path in found).encode()


def script_hash() -> str:
    """The base-URL script's Content-Security-Policy source expression."""
    digest = hashlib.sha256(BASE_URL_SCRIPT.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def with_base_url_script(html: bytes, after: bytes = b"") -> bytes:
    """The page with the base-URL script first in its head, then `after` (the font preload;
    unchanged if it has no head)."""
    return html.replace(b"<head>", b"<head><script>" + BASE_URL_SCRIPT.encode() + b"</script>"
                        + after, 1)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    return next((v for k, v in headers if k.lower() == name), None)


class HtmlPage:
    """ASGI middleware: the `Link` header on every text/html response, and the base-URL script
    and the icon font's preload in its body. A browser's page request (it accepts text/html)
    asks for no compression here (the page is 5 kB), so that the body can be rewritten;
    everything else passes untouched."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app
        self.header = link_header()
        self.font_preload = font_preload()

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_headers = list(scope.get("headers", []))
        if b"text/html" in (_header(request_headers, b"accept") or b""):
            scope = {**scope, "headers": [(k, v) for k, v in request_headers
                                          if k.lower() != b"accept-encoding"]}
        rewrite = scope.get("method") == "GET"  # a HEAD's empty body says nothing of the page
        start: Message | None = None
        body = b""

        async def send_page(message: Message) -> None:
            nonlocal start, body
            if message["type"] == "http.response.start":
                content_type = _header(list(message.get("headers", [])), b"content-type")
                if (content_type or b"").startswith(b"text/html"):
                    start = message
                    return
            if start is None:
                await send(message)
                return
            body += message.get("body", b"")
            if not message.get("more_body"):
                await self._send_page(start, body, send, rewrite)

        await self.app(scope, receive, send_page)

    async def _send_page(self, start: Message, body: bytes, send: Callable, rewrite: bool
                         ) -> None:
        headers = list(start.get("headers", []))
        if rewrite and start["status"] == 200 and _header(headers, b"content-encoding") is None:
            body = with_base_url_script(body, self.font_preload)
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
        if self.header:
            headers.append((b"link", self.header))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})

"""Early hints for the browser: every HTML page the server sends carries a `Link` header asking
the browser to fetch and compile, at once, the few script chunks of Streamlit's frontend that
our pages always need, so that they are ready when the first chart or picker arrives.

Streamlit's frontend loads an element's code only when the first element of its kind arrives:
the plotly chunk (4.7 MB) is requested ~1 s after navigation and compiled after that, and the
picker's chunks delay the page's title (bench/first_open.py). The chunk names carry a content
hash, so they are looked up in the installed Streamlit's static folder when the server starts.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import streamlit

STATIC = Path(streamlit.__file__).parent / "static"
# the chunks of the elements on every page: plotly charts, the patient picker, the sidebar toggle,
# the page style (st.html) and the Assessment page's metrics
CHUNKS = ("PlotlyChart", "Selectbox", "useMenuTrigger", "useSyncComboBoxEnterTargetFocus",
          "Checkbox", "Html", "purify.es", "Metric", "numbro")
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]


def link_header(static: Path = STATIC) -> bytes:
    """The `Link` header value: one `rel=modulepreload` per chunk found (none if not found)."""
    found = [path for name in CHUNKS for path in sorted((static / "static" / "js").glob(
        f"{name}.*.js"))]
    return ", ".join(f"</{path.relative_to(static).as_posix()}>; rel=modulepreload"
                     for path in found).encode()


class ChunkHints:
    """ASGI middleware adding the `Link` header to every text/html response."""

    def __init__(self, app: Callable[..., Awaitable[None]]):
        self.app = app
        self.header = link_header()

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http" or not self.header:
            await self.app(scope, receive, send)
            return

        async def send_with_hints(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if any(k.lower() == b"content-type" and v.startswith(b"text/html")
                       for k, v in headers):
                    message = {**message, "headers": [*headers, (b"link", self.header)]}
            await send(message)

        await self.app(scope, receive, send_with_hints)

"""The icon font is preloaded with the page (igg4rd/ui/server/html_page.py, issue 23 §7): the
file the installed Streamlit's CSS declares, fetched as a font. In the browser, on a cold server:
tests/e2e/test_first_screen.py."""
from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

from igg4rd.ui.server.html_page import BASE_URL_SCRIPT, STATIC, HtmlPage, font_preload

PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body></body></html>"


def declared_icon_font() -> tuple[str, str]:
    """(the icon font's URL from the page, its font-display) as Streamlit's CSS declares it."""
    css = "".join(path.read_text() for path in (STATIC / "static" / "css").glob("index.*.css"))
    face = re.search(r"@font-face\{font-family:Material Symbols Rounded;[^}]*\}", css)
    assert face, "Streamlit's CSS no longer declares the icon font"
    url = re.search(r"url\(\.\./media/([^)]+)\)", face[0])[1]
    return f"./static/media/{url}", re.search(r"font-display:(\w+)", face[0])[1]


def test_the_preloaded_font_is_the_one_streamlits_css_uses():
    url, display = declared_icon_font()
    assert font_preload() == (f'<link rel="preload" href="{url}" as="font" type="font/woff2" '
                              f'crossorigin>').encode()
    assert display == "block"  # its words hidden while it loads (at most 3 s)


def test_the_page_carries_the_preload_in_its_head():
    sent: list[dict] = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html")]})
        await send({"type": "http.response.body", "body": PAGE})

    async def record(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    with ThreadPoolExecutor(1) as thread:  # Playwright may hold this thread's event loop
        thread.submit(asyncio.run, HtmlPage(app)(scope, None, record)).result()
    page = sent[1]["body"]
    head = page.split(b"</head>")[0]
    assert head.startswith(b"<!DOCTYPE html><html><head><script>" + BASE_URL_SCRIPT.encode())
    assert font_preload() in head

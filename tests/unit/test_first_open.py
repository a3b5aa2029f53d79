"""What makes the first open fast (bench/first_open.py): the pages' imports made with the server,
and the early hints for the browser's script chunks."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from igg4rd.ui.chunk_hints import CHUNKS, ChunkHints, link_header
from igg4rd.ui.preload import page_imports


def test_preload_covers_what_the_pages_import():
    names = page_imports()
    assert {"igg4rd.render.pdf", "igg4rd.ui.navigation", "igg4rd.cohort.analysis",
            "pandas"} <= set(names)


def test_every_hinted_chunk_exists_in_the_installed_streamlit():
    """A Streamlit upgrade that renames a chunk fails here, not silently in the browser."""
    header = link_header().decode()
    assert all(f"/static/js/{name}." in header for name in CHUNKS)
    assert header.count("rel=modulepreload") == len(CHUNKS)


def respond(content_type: bytes) -> list[dict]:
    sent: list[dict] = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type)]})
        await send({"type": "http.response.body", "body": b""})

    async def send(message):
        sent.append(message)

    # in a thread of its own: a browser test earlier in the same process may hold this
    # thread's event loop (Playwright's sync API)
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, ChunkHints(app)({"type": "http", "path": "/"}, None,
                                                   send)).result()
    return sent


def test_hints_go_with_html_pages_only():
    assert (b"link", link_header()) in respond(b"text/html; charset=utf-8")[0]["headers"]
    assert all(name != b"link" for name, _ in respond(b"application/json")[0]["headers"])

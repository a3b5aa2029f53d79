"""What makes the first open fast (bench/first_open.py): the pages' imports made with the server,
the early hints for the browser's script chunks, and the server's address for a deep link."""
from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from igg4rd.ui.navigation import PAGE_URL_PATHS
from igg4rd.ui.server.html_page import (
    BASE_URL_SCRIPT,
    CHUNKS,
    HtmlPage,
    link_header,
    script_hash,
)
from igg4rd.ui.server.preload import page_imports

ROOT = Path(__file__).resolve().parents[2]
PAGE = b"<!DOCTYPE html><html><head><title>Streamlit</title></head><body></body></html>"


def test_preload_covers_what_the_pages_import():
    names = page_imports()
    assert {"igg4rd.render.pdf", "igg4rd.ui.navigation", "igg4rd.cohort.analysis",
            "pandas"} <= set(names)


def test_preload_covers_what_a_function_imports_when_first_called():
    """rules/risk.py imports scipy.stats inside exact_interval (a second of a cold server's
    first Assessment page), and cohort/stats.py statsmodels inside its regression."""
    assert {"scipy.stats", "statsmodels.api"} <= set(page_imports())


def test_every_hinted_chunk_exists_in_the_installed_streamlit():
    """A Streamlit upgrade that renames a chunk fails here, not silently in the browser."""
    header = link_header().decode()
    assert all(f"/static/js/{name}." in header for name in CHUNKS)
    assert header.count("rel=modulepreload") == len(CHUNKS)


def respond(content_type: bytes, body: bytes = PAGE, status: int = 200,
            headers: tuple[tuple[bytes, bytes], ...] = (), request_headers=(),
            method: str = "GET", length: int | None = None) -> tuple[list[dict], list]:
    """What the middleware sends for an app answering so (in two body parts), and the request
    headers the app saw."""
    sent: list[dict] = []
    seen: list = []

    async def app(scope, receive, send):
        seen.extend(scope["headers"])
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", content_type),
                                (b"content-length", str(len(body) if length is None
                                                         else length).encode()), *headers]})
        half = len(body) // 2
        await send({"type": "http.response.body", "body": body[:half], "more_body": True})
        await send({"type": "http.response.body", "body": body[half:]})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": "/", "headers": list(request_headers)}
    # in a thread of its own: a browser test earlier in the same process may hold this
    # thread's event loop (Playwright's sync API)
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, HtmlPage(app)(scope, None, send)).result()
    return sent, seen


def body_of(sent: list[dict]) -> bytes:
    return b"".join(message.get("body", b"") for message in sent[1:])


def test_hints_and_script_go_with_html_pages_only():
    sent, _ = respond(b"text/html; charset=utf-8")
    headers = dict(sent[0]["headers"])
    assert headers[b"link"] == link_header()
    page = body_of(sent)
    assert page.startswith(b"<!DOCTYPE html><html><head><script>" + BASE_URL_SCRIPT.encode())
    assert page.endswith(PAGE[len(b"<!DOCTYPE html><html><head>"):])
    assert int(headers[b"content-length"]) == len(page)

    sent, _ = respond(b"application/json", b'{"a": 1}')
    assert all(name != b"link" for name, _ in sent[0]["headers"])
    assert body_of(sent) == b'{"a": 1}'


def test_a_compressed_or_unchanged_page_is_passed_as_it_came():
    gzipped = b"\x1f\x8b compressed <head> bytes"
    sent, _ = respond(b"text/html", gzipped, headers=((b"content-encoding", b"gzip"),))
    assert body_of(sent) == gzipped
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(gzipped)).encode()
    sent, _ = respond(b"text/html", b"", status=304)
    assert body_of(sent) == b""
    sent, _ = respond(b"text/html", b"", method="HEAD", length=len(PAGE))
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(PAGE)).encode()
    assert b"link" in dict(sent[0]["headers"])


def test_a_page_request_asks_for_no_compression_and_others_keep_theirs():
    gzip = (b"accept-encoding", b"gzip, deflate")
    _, seen = respond(b"text/html", request_headers=[(b"accept", b"text/html,*/*"), gzip])
    assert gzip not in seen
    _, seen = respond(b"application/json", request_headers=[(b"accept", b"*/*"), gzip])
    assert gzip in seen


def test_the_script_knows_every_page_and_the_proxy_allows_it():
    linked = {"patients", "assessment", "patient", "visits", "risk", "evidence", "cohort"}
    assert set(PAGE_URL_PATHS) == linked
    assert all(f'"{name}"' in BASE_URL_SCRIPT for name in linked)
    assert script_hash() in (ROOT / "deploy" / "igg4rd.nginx.conf").read_text()


def _distribution(requirement: str) -> str:
    return re.split(r"[\s\[=<>;~!]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_preload_imports_only_what_a_runtime_install_has():
    """The server imports all of this when it starts: a module only the tests install (imported
    inside a package function, say) would stop a clinic's server from starting."""
    required = {_distribution(line) for line in (ROOT / "requirements.txt").read_text()
                .splitlines() if line.strip() and not line.startswith("#")}
    required |= {_distribution(dependency) for name in list(required)
                 for dependency in metadata.requires(name) or () if "extra ==" not in dependency}
    providers = metadata.packages_distributions()
    roots = {name.split(".")[0] for name in page_imports()} - set(sys.stdlib_module_names)
    for root in roots - {"igg4rd"}:
        assert {_distribution(d) for d in providers[root]} & required, root


def test_the_start_is_frozen_out_of_the_collectors_sight():
    """After preload() the objects the start made are in the permanent generation, so a full
    collection under load walks only what the sessions made since (bench/sessions.py)."""
    script = ("import gc; from igg4rd.ui.server.preload import preload; preload(); "
              "print(gc.get_freeze_count(), len(gc.get_objects()))")
    frozen, walked = map(int, subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True,
                                             capture_output=True, text=True).stdout.split())
    assert frozen > 100_000 and walked < frozen / 10

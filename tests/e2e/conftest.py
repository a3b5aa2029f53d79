"""Browser fixtures: Debian's Chromium (skipped with a reason when absent, unless CI requires
it), one Streamlit server per test module, screenshots under test-artifacts/."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.streamlit_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    rerun_by,
    streamlit_server,
    watch_runs,
)

TODAY = "2025-06-01"  # the assessment date the server judges by (IGG4RD_TODAY)
ARTIFACTS = ROOT / "test-artifacts" / "e2e"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("IGG4RD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and IGG4RD_REQUIRE_BROWSER=1 requires the browser tests")
        pytest.skip(f"browser tests skipped: {reason}")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1366, "height": 1500}}


@pytest.fixture
def context(context):
    """pytest-playwright's browser context, its pages' script runs followed (for `settle`)."""
    watch_runs(context)
    return context


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with streamlit_server(TODAY) as url:
        yield url


@pytest.fixture
def shoot(page):
    """Save a screenshot of the (tall) viewport as test-artifacts/e2e/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def save(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path))
        return path

    return save



def download_registry(page):
    """The Patients page's registry export as JSON, prepared (unless it was, for the registry
    as it stands) then downloaded (issue 27), as a Playwright Download."""
    prepare = page.get_by_role("button", name="Prepare the export")
    ready = page.get_by_role("button", name="Download the registry (JSON)")
    prepare.or_(ready).first.wait_for()
    if prepare.is_visible():
        rerun_by(page, prepare.click)
    with page.expect_download() as download:
        ready.click()
    return download.value

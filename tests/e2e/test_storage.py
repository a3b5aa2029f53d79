"""Storage through real servers and browsers: demo sessions never see each other's edits; two
server processes on one PostgreSQL database (a multi-replica deployment) share saves."""
from __future__ import annotations

from datetime import date

import pytest

from harness.streamlit_browser import (
    banner_text,
    go_to,
    new_context,
    pick_patient,
    settle,
    streamlit_server,
    type_into_grid,
)
from igg4rd.language.words import OUTCOME_WORDS
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients
from tests.e2e.conftest import ARTIFACTS, TODAY
from tests.e2e.test_clinician import DOSE_COLUMN, wait_for_banner
from tests.store.conftest import fresh_postgres_database

PATIENT = "demo-01-success"  # month-6 dose 7.5 mg/day (third visit row): success
PASSWORD = "e2e clinic password"


def open_visits(page, url: str | None = None) -> None:
    """The visit table of PATIENT; from `url` as a new session, else through the sidebar (a
    reload would start a new session and log a clinician out)."""
    if url:
        page.goto(f"{url}/visits")
        settle(page)
    else:
        go_to(page, "Visits")
    pick_patient(page, f"{PATIENT} (synthetic)")


def save_screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def raise_month6_dose(page) -> None:
    type_into_grid(page, row=2, columns_right=DOSE_COLUMN, old="7.5", new="15")
    wait_for_banner(page, "failure")


def test_demo_sessions_never_see_each_others_edits(browser, app_url):
    first, second = new_context(browser), new_context(browser)
    editor, visitor = first.new_page(), second.new_page()
    open_visits(editor, app_url)
    raise_month6_dose(editor)
    open_visits(visitor, app_url)
    assert OUTCOME_WORDS["success"] in banner_text(visitor)
    visitor.reload()
    settle(visitor)
    pick_patient(visitor, f"{PATIENT} (synthetic)")
    assert OUTCOME_WORDS["success"] in banner_text(visitor)
    save_screenshot(editor, "isolation-editor")
    save_screenshot(visitor, "isolation-visitor")
    first.close()
    second.close()


@pytest.fixture
def shared_postgres():
    """A fresh PostgreSQL database holding the demo patients (skips without a server)."""
    for url in fresh_postgres_database():
        Store.open(url)[0].import_patients(demo_patients(date.fromisoformat(TODAY)), "admin")
        yield url


def log_in(page, url: str, name: str) -> None:
    page.goto(f"{url}/assessment")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Clinic password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    settle(page)


def test_a_save_through_one_server_is_seen_through_another(browser, shared_postgres):
    env = {"IGG4RD_DATABASE_URL": shared_postgres, "IGG4RD_CLINIC_PASSWORD": PASSWORD}
    with streamlit_server(TODAY, env=env) as one, streamlit_server(TODAY, env=env) as two:
        first, second = new_context(browser).new_page(), new_context(browser).new_page()
        log_in(first, one, "Dr A")
        open_visits(first)
        raise_month6_dose(first)
        log_in(second, two, "Dr B")
        pick_patient(second, f"{PATIENT} (synthetic)")
        assert OUTCOME_WORDS["failure"] in banner_text(second)
        save_screenshot(second, "replica-two-sees-replica-one")
    trail = Store.open(shared_postgres)[0].audit_trail(PATIENT)
    assert [(e.user, e.action) for e in trail] == [("admin", "import"), ("Dr A", "update")]


def test_a_stale_edit_is_refused_and_reload_shows_the_colleagues_version(browser, tmp_path):
    """Two clinicians on one clinic database: the second edit of the same patient is refused
    with a reload button; after the reload the table, the banner and the notices all show the
    first clinician's save (the grid is a fragment; the reload reruns the whole app)."""
    database = f"sqlite:///{tmp_path / 'clinic.db'}"
    Store.open(database)[0].import_patients(demo_patients(date.fromisoformat(TODAY)), "admin")
    env = {"IGG4RD_DATABASE_URL": database, "IGG4RD_CLINIC_PASSWORD": PASSWORD}
    with streamlit_server(TODAY, env=env) as url:
        first, second = new_context(browser).new_page(), new_context(browser).new_page()
        log_in(first, url, "Dr A")
        open_visits(first)
        log_in(second, url, "Dr B")
        pick_patient(second, f"{PATIENT} (synthetic)")  # B opens the patient (version 1)
        raise_month6_dose(first)
        open_visits(second)
        refusal = second.get_by_text("was changed by Dr A (version 2)")
        assert refusal.count() == 1  # a warning above the page tells B
        type_into_grid(second, row=2, columns_right=DOSE_COLUMN, old="7.5", new="10")
        second.get_by_text("Not saved.").wait_for(timeout=10_000)
        assert OUTCOME_WORDS["success"] in banner_text(second)  # nothing of B's was saved
        save_screenshot(second, "conflict-refused")
        second.get_by_role("button", name="Reload the saved version").click()
        wait_for_banner(second, "failure")
        settle(second)
        assert refusal.count() == 0  # neither the refusal nor the stale warning
        type_into_grid(second, row=2, columns_right=DOSE_COLUMN, old="15", new="10")
        wait_for_banner(second, "success")
    trail = Store.open(database)[0].audit_trail(PATIENT)
    assert [(e.user, e.action) for e in trail] == [("admin", "import"), ("Dr A", "update"),
                                                   ("Dr B", "update")]

"""The Patients page (registry, archive, audit trail, import/export) and clinic mode: login
gate, a persistent database shared by sessions, refused stale saves."""
from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from igg4rd.render.palette import STATUS_LOOK
from igg4rd.storage.exchange import export_csv, export_json
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients
from igg4rd.ui.auth import login_throttle
from igg4rd.ui.session import DEMO_USER, PICKER_ALL, STATE, SessionState
from tests.app.conftest import (
    ROOT,
    TODAY,
    banner,
    clicked,
    open_page,
    problems,
    texts,
    unescaped,
)

PASSWORD = "correct horse battery staple"


def registry_ids(at: AppTest) -> list[str]:
    return at.dataframe[0].value["id"].tolist()


def select_patient(at: AppTest, patient_id: str) -> AppTest:
    return select_row(at, registry_ids(at).index(patient_id))


def select_row(at: AppTest, row: int) -> AppTest:
    at.session_state["patients.worklist-full"] = {"selection": {"rows": [row], "columns": [],
                                                        "cells": []}}
    return at.run()


def test_the_worklist_puts_what_needs_doing_first(app):
    """demo-08 is behind target: it heads the list; the bookkeeping moved to the audit view."""
    at = open_page(app, "patients")
    assert not at.exception
    ids = registry_ids(at)
    assert len(ids) == 8 and ids[0] == "demo-08-behind-target"
    table = at.dataframe[0].value.set_index("id")
    assert table.loc["demo-08-behind-target", "status"] == "▼ Behind target"
    assert table.loc["demo-08-behind-target", "why"].startswith("maintenance projected")
    assert table.loc["demo-08-behind-target", "next step"].endswith("(passed)") or \
        " mg/day by " in table.loc["demo-08-behind-target", "next step"]
    assert table.loc["demo-03-relapse", "status"] == "✖ Failure"
    assert table.loc["demo-03-relapse", "why"] == (
        "relapse during GC tapering; failure of GC tapering to maintenance")
    assert table.loc["demo-03-relapse", "risk stratum"] == "2"
    assert table.loc["demo-05-pending", "status"] == "● On track"
    assert {"version", "changed by"}.isdisjoint(table.columns)  # in the audit view now
    at.text_input[0].set_value("on track").run()
    assert registry_ids(at) == ["demo-05-pending"]


def test_each_worklist_holds_only_its_columns_with_the_status_coloured(app):
    """The desktop's table and the phone's hold only the columns they show (a Styler formats
    every cell it holds, every run), and each row's status is drawn in its status's colour."""
    at = open_page(app, "patients")
    full, phone = at.dataframe
    assert list(phone.value.columns) == ["status", "next step", "id"]
    assert list(full.value.columns) == ["status", "id", "next step", "next visit",
                                        "month of stage", "month-6 visit", "risk stratum",
                                        "regimen", "why"]
    behind = registry_ids(at).index("demo-08-behind-target")
    colour = STATUS_LOOK["behind_target"].colour
    for table in (full, phone):
        styles = table.proto.arrow_data.styler.styles
        assert re.search(rf"_row{behind}_col0\b[^{{]*{{ color: {colour}", styles), styles


@pytest.mark.parametrize(("chosen", "expected"), [
    (["Behind target"], ["demo-08-behind-target"]),
    (["High risk (2+ factors) on GC alone"], ["demo-03-relapse", "demo-04-persistently-active"]),
])
def test_worklist_filters(app, chosen, expected):
    at = open_page(app, "patients")
    at.get("button_group")[0].set_value(chosen).run()
    assert sorted(registry_ids(at)) == expected


def test_archive_hides_a_patient_and_restore_brings_it_back(app):
    at = select_patient(open_page(app, "patients"), "demo-01-success")
    assert "Audit trail" in texts(at)
    next(b for b in at.button if b.label == "Archive").click().run()
    assert "demo-01-success" not in registry_ids(at)
    assert "demo-01-success" not in at.selectbox(key="igg4rd.picker.en").options
    at.toggle[0].set_value(True).run()
    row = registry_ids(at).index("demo-01-success")
    at = select_row(at, row)
    next(b for b in at.button if b.label == "Restore").click().run()
    at.toggle[0].set_value(False).run()
    assert "demo-01-success" in registry_ids(at)
    at = select_row(at, registry_ids(at).index("demo-01-success"))
    assert at.dataframe[1].value["action"].tolist() == ["restore", "archive", "import"]


def test_edit_appears_in_the_audit_trail(app):
    at = open_page(app, "visits", "demo-01-success")
    at.session_state["visits.demo-01-success.table.0"] = {
        "edited_rows": {2: {"gc_dose_mg": 15.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at = select_patient(open_page(at, "patients"), "demo-01-success")
    trail = at.dataframe[1].value
    assert trail["action"].tolist() == ["update", "import"]
    assert ": dose 7.5 → 15 mg/day prednisone" in trail["changes"].iloc[0]
    assert trail["who"].iloc[0] == "demo visitor"


def test_import_is_all_or_nothing_with_every_problem_reported(app):
    at = open_page(app, "patients")
    records = [p.to_record() for p in demo_patients(TODAY)]
    for record in records:
        record["id"] = record["id"].replace("demo", "imported")
    records[1]["baseline"]["igg4"] = 9
    at.file_uploader[0].set_value(("bad.json", json.dumps(records).encode(), "application/json"))
    at.run()
    next(b for b in at.button if b.label == "Import all records").click().run()
    shown = problems(at)[0]
    assert "Nothing imported" in shown and "baseline.igg4 = 9" in shown
    assert len(registry_ids(at)) == 8
    good = [r for i, r in enumerate(records) if i != 1]
    at.file_uploader[0].set_value(("good.json", json.dumps(good).encode(), "application/json"))
    at.run()
    next(b for b in at.button if b.label == "Import all records").click().run()
    assert "Imported 7 patient(s)" in at.success[0].value
    assert len(registry_ids(at)) == 15


def test_exports_are_made_on_request_archived_patients_marked(app, media):
    """Issue 27: an export is prepared when asked (with its progress), then downloaded; its
    file is published at a media URL only when the download is clicked."""
    at = open_page(app, "patients")
    select_patient(at, "demo-04-persistently-active")
    next(b for b in at.button if b.label == "Archive").click().run()
    assert not at.get("download_button")
    for fmt in ("JSON", "CSV (one row per visit)"):
        at.radio(key="patients.export_format").set_value(
            "json" if fmt == "JSON" else "csv").run()
        next(b for b in at.button if b.label == "Prepare the export").click().run()
        [button] = at.get("download_button")
        assert button.proto.label == f"Download the registry ({fmt})"
        assert not button.proto.url and button.proto.deferred_file_id
        content = clicked(media, button).content.decode()
        if fmt == "JSON":
            records = json.loads(content)
            assert len(records) == len(demo_patients(TODAY))
            assert [r["id"] for r in records if r.get("archived")] == [
                "demo-04-persistently-active"]
        else:
            assert content.splitlines()[0].split(",").count("archived") == 1
    select_patient(at, "demo-05-pending")
    next(b for b in at.button if b.label == "Archive").click().run()  # the registry changed
    assert not at.get("download_button")  # an export of the registry as it was is not offered


@pytest.fixture
def clinic(monkeypatch, tmp_path):
    """Clinic mode on a SQLite file holding the demo patients; returns a session factory."""
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    Store.open(url)[0].import_patients(demo_patients(TODAY), "admin")
    monkeypatch.setenv("IGG4RD_TODAY", TODAY.isoformat())
    monkeypatch.setenv("IGG4RD_DATABASE_URL", url)
    login_throttle.clear()  # one count per process: start each test with none

    def session() -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
        at.secrets["clinic"] = {"password": PASSWORD}
        return at

    return session


def log_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.run()
    at.text_input(key="login.name").set_value(name)
    at.text_input(key="login.password").set_value(password)
    return at.button[0].click().run()


def test_clinic_mode_shows_nothing_before_login(clinic):
    at = clinic().run()
    assert "clinic login" in texts(at)
    assert not at.selectbox and not at.get("plotly_chart")
    assert "demo-01" not in texts(at)
    at = log_in(at, "Dr A", "wrong")
    assert "Wrong password" in at.error[0].value
    assert not at.selectbox


def test_after_five_wrong_passwords_even_the_right_one_waits(clinic):
    at = clinic()
    for _ in range(5):
        at = log_in(at, "Dr A", "guess")
        assert "Wrong password" in at.error[0].value
    at = log_in(at, "Dr A")
    assert "Too many wrong passwords" in at.error[0].value
    assert not at.selectbox and "demo-01" not in texts(at)


def test_clinic_mode_after_login_shows_the_stored_patients(clinic):
    at = log_in(clinic(), "Dr A")
    assert not at.exception
    assert banner(open_page(at, "assessment", "demo-03-relapse")) == "failure"
    assert "Synthetic demo data" not in texts(at)


def test_two_clinicians_second_stale_save_is_refused_with_a_reload(clinic):
    first, second = log_in(clinic(), "Dr A"), log_in(clinic(), "Dr B")
    for at in (first, second):
        open_page(at, "visits", "demo-01-success")
    first.session_state["visits.demo-01-success.table.0"] = {
        "edited_rows": {2: {"gc_dose_mg": 15.0}}, "added_rows": [], "deleted_rows": []}
    first.run()
    assert banner(first) == "failure"
    second.session_state["visits.demo-01-success.table.0"] = {
        "edited_rows": {0: {"ri": 4}}, "added_rows": [], "deleted_rows": []}
    second.run()
    assert any("changed by Dr A" in e.value for e in second.error)
    assert banner(second) == "success"  # the stale copy, not silently merged
    reload = next(b for b in second.button if b.label.startswith("Reload the saved version"))
    reload.click().run()
    assert banner(open_page(second, "visits", "demo-01-success")) == "failure"


def test_a_database_without_a_login_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("IGG4RD_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30).run()
    assert "cannot start" in at.error[0].value and not at.selectbox


def test_export_matches_the_library(app):
    patients = demo_patients(TODAY)
    assert json.loads(export_json(patients))[0]["id"] == "demo-01-success"
    assert export_csv(patients).startswith("id,")


def test_a_login_name_must_be_plain_words(clinic):
    at = log_in(clinic(), "![x](https://example.org/p.png)")
    assert "Enter your name" in at.error[0].value
    assert not at.selectbox


def test_user_text_is_shown_literally_not_as_markdown():
    from igg4rd.ui.text import plain

    assert plain("![x](https://e.org/p.png) Dr_A: 5$") == (  # a word joiner: never a link
        "\\!\\[x\\]\\(https\u2060\\:\\/\\/e\\.org\\/p\\.png\\) Dr\\_A\\: 5\\$")
    assert plain("line\n# heading") == "line \\# heading"


OIDC = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "igg4rd", "client_secret": "secret",
        "server_metadata_url": "https://login.example/.well-known/openid-configuration"}


def oidc_database(tmp_path) -> str:
    """The clinic database of `oidc_session`."""
    return f"sqlite:///{tmp_path / 'oidc.db'}"


def oidc_session(monkeypatch, tmp_path, user: dict) -> AppTest:
    """A clinic session signed in by single sign-on as `user`, on the demo patients."""
    url = oidc_database(tmp_path)
    Store.open(url)[0].import_patients(demo_patients(TODAY), "admin")
    monkeypatch.setenv("IGG4RD_TODAY", TODAY.isoformat())
    monkeypatch.setenv("IGG4RD_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.secrets["auth"] = OIDC
    at.user = user
    return at.run()


def test_oidc_login_gate_shows_only_the_sign_in_button(monkeypatch, tmp_path):
    at = oidc_session(monkeypatch, tmp_path, {"is_logged_in": False})
    assert "single sign-on" in at.button[0].label
    assert not at.selectbox and "demo-01" not in texts(at)


def test_oidc_user_sees_the_registry_and_is_named_in_the_audit_trail(monkeypatch, tmp_path):
    at = oidc_session(monkeypatch, tmp_path, {"is_logged_in": True, "email": "dr.a@clinic.org"})
    assert not at.exception
    sidebar = unescaped(" ".join(c.value for c in at.sidebar.caption))
    assert "Signed in as dr.a@clinic.org." in sidebar
    at = open_page(at, "visits", "demo-01-success")
    at.session_state["visits.demo-01-success.table.0"] = {
        "edited_rows": {2: {"gc_dose_mg": 15.0}}, "added_rows": [], "deleted_rows": []}
    at.run()
    trail = Store.open(f"sqlite:///{tmp_path / 'oidc.db'}")[0].audit_trail("demo-01-success")
    assert trail[-1].user == "dr.a@clinic.org"


def test_a_database_newer_than_the_code_is_named_not_a_traceback(clinic, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Store.open(url)[0].import_patients(demo_patients(TODAY)[:1], "admin")
    with create_engine(url).begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    monkeypatch.setenv("IGG4RD_DATABASE_URL", url)
    at = clinic().run()
    assert not at.exception
    assert "cannot be opened" in problems(at)[0] and "newer than this igg4rd" in problems(at)[0]
    assert not at.selectbox and not at.text_input  # no login form, no page


@pytest.mark.parametrize("button,page_title", [("Open assessment", "Assessment"),
                                               ("Edit visits", "Visits")])
def test_a_large_registry_s_patient_opens_from_its_row(app, button, page_title):
    """Above PICKER_ALL the picker lists only the patients this session opened: a patient
    found on the Patients page and opened from its row is one of them (it was not: the picker
    fell back to 'New patient')."""
    demo = demo_patients(TODAY)
    store = Store.open("sqlite://")[0]
    store.import_patients([*demo, *(demo[i % len(demo)].model_copy(update={"id": f"p{i:04d}"})
                                    for i in range(PICKER_ALL))], DEMO_USER)
    app.session_state[STATE] = SessionState(demo_store=store)
    at = open_page(app, "patients")
    at.text_input(key="patients.search").set_value("p0150").run()
    at = select_patient(at, "p0150")
    next(b for b in at.button if b.label == button).click().run()
    assert not at.exception
    assert at.selectbox(key="igg4rd.picker.en").value == "p0150"
    assert at.title[0].value.startswith(page_title) and "p0150" in at.title[0].value

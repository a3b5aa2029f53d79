"""The clinic's own settings and the hospital record number (issue 24 §4), through the pages:
the hospital and each laboratory value's unit are set once on the Evidence page, the forms start
in that unit, a value that looks like another unit offers a one-click switch; the record number
is asked in clinic mode only."""
from __future__ import annotations

import os

from igg4rd.rules.model import parse_patient
from igg4rd.storage.store import Store
from tests.app.conftest import TODAY, open_page, problems
from tests.app.test_editing import PENDING, add, entry_key, fill_visit_form
from tests.app.test_registry import clinic, log_in  # noqa: F401  (a fixture)
from tests.unit.helpers import record, visit


def test_the_clinic_s_unit_is_where_the_forms_start(app):
    at = open_page(app, "evidence")
    at.selectbox(key="clinic.unit.igg4").select("g/L")
    at.text_input(key="clinic.hospital").input("PUMCH")
    at = next(b for b in at.button if b.label == "Save the clinic's settings").click().run()
    settings = at.session_state["igg4rd.session"].demo_store
    from igg4rd.storage.clinic_settings import load_settings
    assert load_settings(settings.engine).unit("igg4") == "g/L"
    at = open_page(at, "visits", PENDING)
    assert at.selectbox(key=entry_key("igg4.unit")).value == "g/L"
    fill_visit_form(at, TODAY, None, "30")
    at.text_input(key=entry_key("igg4.value")).input("8,2").run()
    at = add(at)
    stored = at.session_state["igg4rd.session"].patients[PENDING].visits[-1]
    assert stored.igg4 == 8200


def test_a_value_that_looks_like_another_unit_offers_the_switch(app):
    at = open_page(app, "visits", PENDING)
    at.text_input(key=entry_key("igg4.value")).input("8,2").run()
    switch = next(b for b in at.button if b.label == "Read it as g/L")
    at = switch.click().run()
    assert at.selectbox(key=entry_key("igg4.unit")).value == "g/L"
    assert not any("plausible" in p for p in problems(at))


def test_the_record_number_is_asked_in_clinic_mode_only(app, clinic):  # noqa: F811
    demo = open_page(app, "patient", PENDING)
    assert not [t for t in demo.text_input if t.label == "Hospital record number"]
    session = clinic()
    store = Store.open(os.environ["IGG4RD_DATABASE_URL"])[0]
    store.import_patients([parse_patient(record([visit(1, 8, 30)], id="real-1"))], "admin")
    at = open_page(log_in(session, "Dr A"), "patient", "real-1")
    field = next(t for t in at.text_input if t.label == "Hospital record number")
    field.input("0012345").run()
    at = next(b for b in at.button if b.label == "Save patient").click().run()
    assert store.get("real-1").patient.record_number == "0012345"  # read back from the database
    at = open_page(at, "patient", PENDING)  # a synthetic demo record: never asked
    assert not [t for t in at.text_input if t.label == "Hospital record number"]


def test_a_demo_refuses_records_with_a_hospital_record_number(app):
    import json

    at = open_page(app, "patients")
    numbered = record([visit(1, 8, 30)], id="imp-numbered", record_number="0012345")
    at.file_uploader[0].set_value(("n.json", json.dumps([numbered]).encode(),
                                   "application/json")).run()
    at = next(b for b in at.button if b.label == "Import all records").click().run()
    assert any("belongs to clinic mode" in p for p in problems(at))
    assert at.session_state["igg4rd.session"].demo_store.version_of("imp-numbered") is None

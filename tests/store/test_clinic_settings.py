"""The clinic's settings and the hospital record number in the store (issue 24 §4): the
settings survive a restart and every replica reads the same; the record number round-trips
through the store, JSON and CSV, and is its own indexed column."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from igg4rd.rules.model import RecordError, parse_patient
from igg4rd.storage.clinic_settings import (
    ClinicSettings,
    SettingsError,
    load_settings,
    save_settings,
)
from igg4rd.storage.exchange import export_csv, export_json, load_records
from igg4rd.storage.store import Store, patients_table
from tests.unit.helpers import record, visit


def test_settings_survive_a_restart_and_are_shared(database_url):
    first, _ = Store.open(database_url)
    assert load_settings(first.engine) == ClinicSettings()
    settings = ClinicSettings("PUMCH", "Rheumatology", {"igg4": "g/L"})
    save_settings(first.engine, settings, "Dr A")
    first.engine.dispose()  # a restart
    again, _ = Store.open(database_url)  # another replica, the same database
    assert load_settings(again.engine) == settings
    assert load_settings(again.engine).unit("igg4") == "g/L"
    assert load_settings(again.engine).unit("crp") == "mg/L"  # never set: canonical


def test_a_unit_a_quantity_does_not_have_is_refused(database_url):
    store, _ = Store.open(database_url)
    with pytest.raises(SettingsError):
        save_settings(store.engine, ClinicSettings(lab_units={"igg4": "mmol/L"}), "Dr A")
    assert load_settings(store.engine) == ClinicSettings()


def test_a_stored_setting_this_igg4rd_cannot_read_gives_the_defaults(database_url):
    """A value that is not JSON (written by hand, or by another version) is not a crash."""
    from sqlalchemy import update

    from igg4rd.storage.clinic_settings import table

    store, _ = Store.open(database_url)
    save_settings(store.engine, ClinicSettings("PUMCH"), "Dr A")
    with store.engine.begin() as connection:
        connection.execute(update(table).where(table.c.name == "hospital").values(value="{"))
    assert load_settings(store.engine) == ClinicSettings()


def test_the_record_number_round_trips(database_url):
    patient = parse_patient(record([visit(1, 8, 30)], id="rn-1", record_number="0012345"))
    store, _ = Store.open(database_url)
    store.import_patients([patient], "test")
    assert store.get("rn-1").patient.record_number == "0012345"
    with store.engine.connect() as connection:
        assert connection.execute(select(patients_table.c.record_number)).scalar() == "0012345"
    assert load_records(export_json([patient]), "json")[0] == patient
    assert load_records(export_csv([patient]), "csv")[0] == patient
    assert json.loads(export_json([patient]))[0]["record_number"] == "0012345"


def test_a_synthetic_record_never_holds_a_record_number():
    with pytest.raises(RecordError, match="synthetic"):
        parse_patient(record([], synthetic=True, record_number="0012345"))

"""The patient store on SQLite and PostgreSQL: atomic validated saves, versions, audit, archive."""
from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlalchemy import text

from igg4rd.rules.model import RecordError
from igg4rd.storage.store import (
    ConflictError,
    NotFoundError,
    Store,
    create_engine_for,
    migrate,
    record_changes,
)
from igg4rd.synthetic.patients import demo_patients

TODAY = date(2026, 11, 25)


@pytest.fixture
def store(database_url: str) -> Store:
    return Store.open(database_url)[0]


@pytest.fixture
def patients():
    return demo_patients(TODAY)


def test_open_creates_the_schema_then_finds_it_current(database_url):
    assert Store.open(database_url)[1] == "empty"
    assert Store.open(database_url)[1] is None


def test_an_older_database_is_upgraded_and_keeps_its_patients(database_url, patients):
    engine = create_engine_for(database_url)
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO patients (id, version, record, updated_at, updated_by) "
            "VALUES (:id, 1, :record, CURRENT_TIMESTAMP, 'old')"),
            {"id": patients[0].id, "record": patients[0].to_json()})
    engine.dispose()
    store, upgraded_from = Store.open(database_url)
    assert upgraded_from == "0001"
    stored = store.get(patients[0].id)
    assert stored.patient == patients[0] and stored.archived is False


def test_save_load_and_update_with_versions(store, patients):
    assert store.save(patients[0], None, "dr-a") == 1
    loaded = store.get(patients[0].id)
    assert loaded.patient == patients[0] and loaded.version == 1 and loaded.updated_by == "dr-a"
    edited = loaded.patient.model_copy(deep=True)
    edited.visits[0].gc_dose_mg = 25.0
    assert store.save(edited, 1, "dr-b") == 2
    assert store.get(patients[0].id).patient.visits[0].gc_dose_mg == 25.0


def test_second_save_of_the_same_version_is_refused_not_overwritten(store, patients):
    store.save(patients[0], None, "dr-a")
    first, second = (store.get(patients[0].id).patient.model_copy(deep=True) for _ in range(2))
    first.visits[0].ri = 4
    second.visits[0].ri = 9
    store.save(first, 1, "dr-a")
    with pytest.raises(ConflictError, match="changed by dr-a .* reload"):
        store.save(second, 1, "dr-b")
    assert store.get(patients[0].id).patient.visits[0].ri == 4


def test_a_save_that_changes_nothing_writes_nothing(store, patients):
    """An edit to the value already stored (7,5 typed over 7.5) or an untouched form saved: no
    new version for a colleague's copy to conflict with, no audit row naming no change, the
    registry's change counter unmoved."""
    store.save(patients[0], None, "dr-a")
    count = store.change_count()
    same = store.get(patients[0].id).patient.model_copy(deep=True)
    same.visits[0].gc_dose_mg = float(same.visits[0].gc_dose_mg)
    assert store.save(same, 1, "dr-b") == 1
    assert store.save(same, 1, "dr-b", source={"kind": "paste", "name": "lab"}) == 1
    assert [e.version for e in store.audit_trail(patients[0].id)] == [1]
    assert store.get(patients[0].id).updated_by == "dr-a" and store.change_count() == count
    edited = same.model_copy(deep=True)
    edited.visits[0].ri = 9
    assert store.save(edited, 1, "dr-b") == 2
    with pytest.raises(ConflictError, match="changed by dr-b"):
        store.save(same, 1, "dr-a")  # unchanged from what it loaded, but not from what is stored


def test_new_patient_with_an_existing_id_is_refused(store, patients):
    store.save(patients[0], None, "dr-a")
    with pytest.raises(ConflictError, match="already exists"):
        store.save(patients[0], None, "dr-b")


def test_invalid_record_is_refused_whole_and_nothing_is_written(store, patients):
    record = patients[0].to_record()
    record["visits"][1]["gc_dose_mg"] = -10
    with pytest.raises(RecordError, match=r"visits\[1\].gc_dose_mg"):
        store.save(record, None, "dr-a")
    assert store.list_patients(include_archived=True) == []
    assert store.audit_trail(patients[0].id) == []


def test_audit_trail_records_who_when_and_what(store, patients):
    store.save(patients[0], None, "dr-a")
    edited = patients[0].model_copy(deep=True)
    edited.visits[0].gc_dose_mg = 25.0
    store.save(edited, 1, "dr-b")
    trail = store.audit_trail(patients[0].id)
    assert [(e.version, e.user, e.action) for e in trail] == [(1, "dr-a", "create"),
                                                              (2, "dr-b", "update")]
    visit_date = patients[0].visits[0].date.isoformat()
    assert trail[1].changes == [f"visits[{visit_date}].gc_dose_mg: 30.0 → 25.0"]
    assert trail[1].at >= trail[0].at


def test_archive_is_a_recoverable_soft_delete(store, patients):
    store.save(patients[0], None, "dr-a")
    assert store.set_archived(patients[0].id, True, 1, "dr-a") == 2
    assert store.list_patients() == []
    assert store.list_patients(include_archived=True)[0].archived
    store.set_archived(patients[0].id, False, 2, "dr-a")
    assert [s.patient.id for s in store.list_patients()] == [patients[0].id]
    assert [e.action for e in store.audit_trail(patients[0].id)] == ["create", "archive",
                                                                     "restore"]


def test_the_active_patients_stream_in_batches_as_listed(store, patients):
    store.import_patients(patients, "admin", archived={patients[1].id})
    streamed = store.active_patients(batch=2)
    assert list(streamed) == [s.patient for s in store.list_patients()]
    assert patients[1] not in list(store.active_patients())


def test_unknown_patient(store):
    with pytest.raises(NotFoundError):
        store.get("nobody")
    with pytest.raises(NotFoundError):
        store.set_archived("nobody", True, 1, "dr-a")


def test_import_is_all_or_nothing(store, patients):
    store.save(patients[3], None, "dr-a")
    with pytest.raises(ConflictError):
        store.import_patients(patients, "admin")
    assert [s.patient.id for s in store.list_patients()] == [patients[3].id]
    assert store.import_patients(patients[:3], "admin") == 3
    assert len(store.list_patients()) == 4


def test_two_replicas_see_each_others_saves(database_url, patients):
    one, two = Store.open(database_url)[0], Store.open(database_url)[0]
    one.save(patients[0], None, "dr-a")
    assert two.get(patients[0].id).patient == patients[0]
    edited = patients[0].model_copy(deep=True)
    edited.sites = ["lung"]
    two.save(edited, 1, "dr-b")
    with pytest.raises(ConflictError):
        one.save(patients[0], 1, "dr-a")


def test_record_changes_names_added_and_removed_fields():
    old = {"id": "x", "visits": [{"date": "2024-01-01", "ri": 3}]}
    new = {"id": "x", "visits": [{"date": "2024-01-01", "ri": 4}, {"date": "2024-02-01"}],
           "sex": "female"}
    assert record_changes(old, new) == ['sex: null → "female"',
                                        "visits[2024-01-01].ri: 3 → 4",
                                        'visits[2024-02-01].date: null → "2024-02-01"']
    assert record_changes(new, new) == []


def test_stored_record_is_the_interchange_json(store, patients):
    store.save(patients[1], None, "dr-a")
    with store.engine.connect() as connection:
        raw = connection.execute(text("SELECT record FROM patients")).scalar_one()
    assert json.loads(raw)["format"] == "igg4rd.patient/1"


def test_private_stores_opened_at_once_by_many_sessions_each_get_their_own_schema():
    """Demo visitors arriving together: each session thread opens (migrates) its own in-memory
    store at the same moment (Alembic's migration context is a module global)."""
    barrier = threading.Barrier(8)

    def open_private_store(_: int) -> list[str]:
        barrier.wait()
        store = Store.open("sqlite://")[0]
        return [stored.patient.id for stored in store.list_patients()]

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(open_private_store, range(8))) == [[]] * 8


def test_the_password_throttle_holds_across_replicas_and_restarts(database_url):
    """Two replicas (two engines on one database) see one count; a restart (a new engine)
    forgets none of it. On PostgreSQL an advisory lock makes check and count one step."""
    from concurrent.futures import ThreadPoolExecutor

    from igg4rd.storage.login_throttle import LoginThrottle

    replicas = [LoginThrottle(Store.open(database_url)[0].engine, 5, 60) for _ in range(2)]
    with ThreadPoolExecutor(8) as pool:
        waits = list(pool.map(lambda i: replicas[i % 2].attempt("bot", 1000.0), range(24)))
    assert waits.count(0) == 5
    restarted = LoginThrottle(Store.open(database_url)[0].engine, 5, 60)
    assert restarted.attempt("bot", 1030.0) == 30  # the first try (t=1000) leaves at 1060

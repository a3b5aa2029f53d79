"""Refusals, not tracebacks, and exact round trips (the adversarial probe's storage findings):
each ends in a clear refusal (exit 2 on the command line) with the database unchanged."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, insert, text

from igg4rd.storage.exchange import ImportRefused, export_csv, export_json, load_records
from igg4rd.storage.store import ConflictError, Store, patients_table
from igg4rd.synthetic.patients import demo_patients
from tests.store.conftest import fresh_postgres_database

PATIENTS = demo_patients(date(2026, 11, 25))


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "igg4rd", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def refused(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and done.stdout == ""
    return done.stderr


HUGE = "1" + "0" * 5000


def test_a_5000_digit_integer_is_refused_by_assess_and_import(tmp_path, database_url):
    record = json.dumps(PATIENTS[0].to_record()).replace('"age_years": 54', f'"age_years": {HUGE}')
    assert HUGE in record
    path = tmp_path / "huge.json"
    path.write_text(record)
    assert "not valid JSON" in refused(run("assess", str(path)))
    path.write_text(f"[{record}]")
    assert "not valid JSON" in refused(run("import", str(path), "--database", database_url))
    assert Store.open(database_url)[0].list_patients() == []


def test_a_csv_cell_longer_than_the_field_limit_is_refused(tmp_path, database_url):
    lines = export_csv(PATIENTS[:1]).splitlines()
    lines[1] = lines[1].replace("demo-01-success", "x" * 140_000, 1)
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n")
    assert "not readable as CSV" in refused(run("import", str(path), "--database", database_url))
    assert Store.open(database_url)[0].list_patients() == []


def test_a_database_newer_than_the_code_is_refused_unchanged(tmp_path):
    url = f"sqlite:///{tmp_path / 'newer.db'}"
    Store.open(url)[0].import_patients(PATIENTS[:2], "admin")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    path = tmp_path / "more.json"
    path.write_text(export_json(PATIENTS[2:3]))
    for args in (("export", "--database", url), ("import", str(path), "--database", url)):
        assert "newer than this igg4rd" in refused(run(*args))
    with engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert version == "9999"
        assert connection.execute(text("SELECT count(*) FROM patients")).scalar() == 2


def test_credentials_are_never_printed():
    url = "postgresql+psycopg://someone:SECRET-PW@127.0.0.1:1/nowhere"
    stderr = refused(run("export", "--database", url))
    assert "SECRET-PW" not in stderr and "someone:***@127.0.0.1:1/nowhere" in stderr


def test_an_import_racing_another_on_the_same_ids_is_refused(monkeypatch, tmp_path):
    """The existence check passes for both; the second insert meets the first's row."""
    url = f"sqlite:///{tmp_path / 'race.db'}"
    store = Store.open(url)[0]
    store.import_patients(PATIENTS[:1], "first")
    monkeypatch.setattr("igg4rd.storage.store._existing", lambda connection, ids: [])
    monkeypatch.setattr("igg4rd.storage.store._stored_row", lambda connection, pid: None)
    with pytest.raises(ConflictError, match="already in the registry"):
        store.import_patients(PATIENTS[:2], "second")
    monkeypatch.undo()
    assert [s.patient.id for s in store.list_patients()] == [PATIENTS[0].id]


@pytest.fixture
def postgres_url():
    yield from fresh_postgres_database()


def wait_until(condition: Callable[[], bool], timeout_s: float = 30) -> None:
    """Poll `condition` until it holds (a state another thread or server reaches)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the awaited state was not reached"
        time.sleep(0.01)


def test_a_new_patient_created_twice_at_once_is_refused_on_postgresql(postgres_url):
    """Two clinicians create the same id: the second transaction passes the existence check
    (the first's row is not committed), then its insert waits on the first's uncommitted row
    (pg_blocking_pids names the holder) and, once that commits, meets it (IntegrityError):
    a refusal, not a traceback."""
    url = postgres_url
    store = Store.open(url)[0]
    holder = create_engine(url)
    outcome: list[object] = []
    watcher = create_engine(url, isolation_level="AUTOCOMMIT")  # each look a fresh snapshot
    with holder.connect() as connection, watcher.connect() as observer:
        holder_pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        connection.commit()
        transaction = connection.begin()
        connection.execute(insert(patients_table).values(
            id=PATIENTS[0].id, version=1, record=json.dumps(PATIENTS[0].to_record()),
            updated_at=date.today(), updated_by="first", archived=False))

        def second() -> None:
            try:
                outcome.append(store.save(PATIENTS[0], None, "second"))
            except ConflictError as conflict:
                outcome.append(conflict)

        thread = threading.Thread(target=second)
        thread.start()
        blocked = text("SELECT count(*) FROM pg_stat_activity "
                       "WHERE :holder = ANY(pg_blocking_pids(pid))")
        wait_until(lambda: observer.execute(blocked, {"holder": holder_pid}).scalar_one() > 0)
        transaction.commit()
        thread.join(30)
    assert isinstance(outcome[0], ConflictError) and "already exists" in str(outcome[0])


def _registry(url: str) -> list[tuple[dict, bool]]:
    return [(s.patient.to_record(), s.archived)
            for s in Store.open(url)[0].list_patients(include_archived=True)]


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_export_reimports_to_the_identical_registry_archived_included(database_url, tmp_path,
                                                                        fmt):
    store = Store.open(database_url)[0]
    store.import_patients(PATIENTS, "admin")
    archived = store.get(PATIENTS[3].id)
    store.set_archived(PATIENTS[3].id, True, archived.version, "admin")
    exported = run("export", "--database", database_url, "--format", fmt, "--include-archived")
    path = tmp_path / f"registry.{fmt}"
    path.write_text(exported.stdout)
    second = f"sqlite:///{tmp_path / 'second.db'}"
    assert run("import", str(path), "--database", second).returncode == 0
    assert _registry(second) == _registry(database_url)
    assert dict((r["id"], a) for r, a in _registry(second))[PATIENTS[3].id] is True


def test_minus_zero_survives_the_csv_round_trip():
    record = PATIENTS[0].to_record()
    record["baseline"]["crp"] = -0.0
    patient = load_records(json.dumps(record), "json")[0]
    text_out = export_csv([patient])
    assert "'-0.0" not in text_out
    assert load_records(text_out, "csv") == [patient]


def test_csv_with_a_byte_order_mark_is_read_by_the_command_line(tmp_path, database_url):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + export_csv(PATIENTS[:2]).encode())
    assert run("import", str(path), "--database", database_url).returncode == 0
    assert len(Store.open(database_url)[0].list_patients()) == 2


def test_a_duplicated_header_is_refused_not_half_read():
    lines = export_csv(PATIENTS[:1]).splitlines()
    lines[0] = lines[0].replace("visit_esr", "visit_crp", 1)
    with pytest.raises(ImportRefused, match="columns named twice: \\['visit_crp'\\]"):
        load_records("\n".join(lines), "csv")


def test_a_date_more_than_a_year_ahead_is_refused():
    record = PATIENTS[0].to_record()
    record["visits"][0]["date"] = (date.today() + timedelta(days=400)).isoformat()
    with pytest.raises(ImportRefused, match="more than a year in the future"):
        load_records(json.dumps(record), "json")


def test_a_hostile_file_is_bounded(monkeypatch):
    """1.6 million empty objects (4.9 MB): refused by the record limit before any validation;
    a file of bad records lists the first 50 problems and counts the rest."""
    with pytest.raises(ImportRefused) as refusal:
        load_records("[" + ",".join(["{}"] * 1_630_000) + "]", "json")
    assert len(refusal.value.problems) == 1 and "more than 100,000 records" in str(refusal.value)
    with pytest.raises(ImportRefused) as refusal:
        load_records("[" + ",".join(["{}"] * 5_000) + "]", "json")
    assert len(refusal.value.problems) == 51 and refusal.value.problems[-1].startswith("… and ")


def test_the_record_limit_is_configurable(tmp_path):
    path = tmp_path / "four.json"
    path.write_text(export_json(PATIENTS[:4]))
    stderr = refused(run("cohort", str(path), "--json", env={"IGG4RD_IMPORT_LIMIT": "3"}))
    assert "more than 3 records" in stderr and "IGG4RD_IMPORT_LIMIT" in stderr



def test_an_unreadable_record_limit_is_refused_in_words(tmp_path):
    path = tmp_path / "four.json"
    path.write_text(export_json(PATIENTS[:4]))
    stderr = refused(run("cohort", str(path), "--json", env={"IGG4RD_IMPORT_LIMIT": "lots"}))
    assert "IGG4RD_IMPORT_LIMIT" in stderr and "'lots'" in stderr and "Traceback" not in stderr

"""`python -m igg4rd import/export` against SQLite and PostgreSQL, run as subprocesses."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from igg4rd.storage.exchange import export_json
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients

PATIENTS = demo_patients(date(2026, 11, 25))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "igg4rd", *args], capture_output=True,
                          text=True, timeout=120)


def test_import_then_export_reimports_to_the_identical_registry(database_url, tmp_path: Path):
    source = tmp_path / "registry.json"
    source.write_text(export_json(PATIENTS))
    done = run("import", str(source), "--database", database_url)
    assert done.returncode == 0, done.stderr
    exported = run("export", "--database", database_url, "--format", "json").stdout
    again = tmp_path / "again.json"
    again.write_text(exported)
    second = f"sqlite:///{tmp_path / 'second.db'}"
    assert run("import", str(again), "--database", second).returncode == 0
    assert run("export", "--database", second, "--format", "json").stdout == exported
    assert json.loads(exported) == json.loads(export_json(PATIENTS))


def test_a_bad_record_refuses_the_whole_import(database_url, tmp_path: Path):
    records = [p.to_record() for p in PATIENTS]
    records[4]["baseline"]["igg4"] = 9
    records[5]["treatment"]["regimen"] = "steroids"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(records))
    done = run("import", str(source), "--database", database_url)
    assert done.returncode == 2
    assert "record 5 (id demo-05-pending): baseline.igg4 = 9" in done.stderr
    assert "record 6 (id demo-06-insufficient-data): treatment.regimen" in done.stderr
    assert Store.open(database_url)[0].list_patients() == []


def test_importing_existing_ids_names_them_and_changes_nothing(database_url, tmp_path: Path):
    Store.open(database_url)[0].save(PATIENTS[2], None, "dr-a")
    source = tmp_path / "all.json"
    source.write_text(export_json(PATIENTS))
    done = run("import", str(source), "--database", database_url)
    assert done.returncode == 2 and "already in the registry: demo-03-relapse" in done.stderr
    assert len(Store.open(database_url)[0].list_patients()) == 1


def test_csv_export_and_import(database_url, tmp_path: Path):
    Store.open(database_url)[0].import_patients(PATIENTS, "admin")
    csv_file = tmp_path / "registry.csv"
    csv_file.write_text(run("export", "--database", database_url, "--format", "csv").stdout)
    second = f"sqlite:///{tmp_path / 'from-csv.db'}"
    assert run("import", str(csv_file), "--database", second).returncode == 0
    assert [s.patient for s in Store.open(second)[0].list_patients()] == PATIENTS

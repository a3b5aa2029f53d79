"""Laboratory results in the store and on the command line (issue 25): one audited save naming its
source, or nothing; the clinic's window and remembered test names kept in the clinic database;
`python -m igg4rd labs` and `labs-export`, SQLite and PostgreSQL."""
from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from igg4rd.render.audit import ACTION_WORDS, change_words
from igg4rd.storage.clinic_settings import (
    ClinicSettings,
    SettingsError,
    load_settings,
    save_settings,
)
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients

TODAY = date.today()
PATIENT = demo_patients(TODAY)[0]  # the command line judges against the calendar's today
LAST = max(v.date for v in PATIENT.visits)


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "igg4rd", *args], capture_output=True,
                          text=True, timeout=120)


def stored(url: str):
    store, _ = Store.open(url)
    store.import_patients([PATIENT], "admin")
    return store


def results_file(tmp_path: Path, lines: str, name: str = "lab.csv") -> Path:
    path = tmp_path / name
    path.write_text("patient,date,test,value,unit\n" + lines, encoding="utf-8")
    return path


def test_a_save_from_the_laboratory_names_its_source_in_the_audit(database_url):
    store = stored(database_url)
    record = PATIENT.to_record()
    record["lab_results"] = [{"date": (LAST + timedelta(days=20)).isoformat(), "esr": 12.0}]
    store.save(record, 1, "dr-a", action="labs",
               source={"kind": "fhir", "name": "results.json"})
    entry = store.audit_trail(PATIENT.id)[-1]
    assert entry.action == "labs" and ACTION_WORDS["labs"] == "laboratory results brought in"
    words = [change_words(change, PATIENT) for change in entry.changes]
    day = (LAST + timedelta(days=20)).isoformat()
    assert words == ["From the laboratory file results.json",
                     f"Laboratory results of {day} added",
                     f"Laboratory results of {day}: ESR not recorded → 12 mm/h"]
    assert change_words('source: null → {"kind": "paste"}') == \
        "From text pasted from the laboratory system"


def test_the_window_and_the_test_names_are_kept(database_url):
    store, _ = Store.open(database_url)
    settings = ClinicSettings(lab_window_days=5).with_test_names({"Sed Rate (W)": "esr",
                                                                  "葡萄糖": ""})
    save_settings(store.engine, settings, "dr-a")
    again = load_settings(store.engine)
    assert again.lab_window_days == 5
    assert again.test_names == {"sedratew": "esr", "葡萄糖": ""}
    for wrong in (ClinicSettings(lab_window_days=31), ClinicSettings(test_names={"x": "sugar"})):
        with pytest.raises(SettingsError):
            save_settings(store.engine, wrong, "dr-a")


def test_the_command_line_previews_imports_and_audits(database_url, tmp_path: Path):
    store = stored(database_url)
    source = results_file(tmp_path, f"{PATIENT.id},{LAST},IgG4亚类,\"8,2\",g/L\n"
                                    f"{PATIENT.id},{LAST},血沉,13,mm/h\n"
                                    f"{PATIENT.id},{LAST},CRP,<0.5,mg/L\n")
    dry = run("labs", str(source), "--patient", PATIENT.id, "--database", database_url,
              "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "8.2 g/L → 8200 mg/L: differs from the recorded value" in dry.stdout
    assert "recorded" in dry.stdout and "kept" in dry.stdout
    assert "below the laboratory's measurable range" in dry.stdout
    assert "nothing to import" in dry.stdout  # the conflict is kept, ESR already recorded
    assert store.get(PATIENT.id).version == 1
    done = run("labs", str(source), "--patient", PATIENT.id, "--database", database_url,
               "--replace-conflicting")
    assert done.returncode == 0, done.stderr
    assert f"IgG4 8200 mg/L from laboratory file lab.csv, {LAST}" in done.stdout
    again = store.get(PATIENT.id)
    assert again.version == 2 and next(v for v in again.patient.visits
                                       if v.date == LAST).igg4 == 8200
    assert store.audit_trail(PATIENT.id)[-1].action == "labs"


def test_an_unusual_value_refuses_the_import_unless_accepted(database_url, tmp_path: Path):
    store = stored(database_url)
    later = TODAY + timedelta(days=40)
    source = results_file(tmp_path, f"{PATIENT.id},{later},ESR,20,mm/h\n")
    refused = run("labs", str(source), "--patient", PATIENT.id, "--database", database_url)
    assert refused.returncode == 2 and "after today" in refused.stderr
    assert store.get(PATIENT.id).version == 1
    accepted = run("labs", str(source), "--patient", PATIENT.id, "--database", database_url,
                   "--accept-unusual")
    assert accepted.returncode == 0, accepted.stderr
    assert store.get(PATIENT.id).patient.lab_results[0].esr == 20


@pytest.mark.parametrize(("content", "words"), [
    ('{"resourceType": "Bundle"', "not valid JSON"),
    ('{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": '
     '{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": '
     '"http://loinc.org", "code": "2469-5"}]}, "subject": {"reference": "Patient/other"}, '
     '"effectiveDateTime": "2025-01-01", "valueQuantity": {"value": 800, "unit": "mg/L"}}}]}',
     "another patient"),
])
def test_a_bad_file_exits_2_and_changes_nothing(database_url, tmp_path: Path, content, words):
    store = stored(database_url)
    source = tmp_path / "bad.json"
    source.write_text(content)
    done = run("labs", str(source), "--patient", PATIENT.id, "--database", database_url)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
    assert store.get(PATIENT.id).version == 1


def test_the_fhir_export_imports_back_unchanged(database_url, tmp_path: Path):
    stored(database_url)
    exported = run("labs-export", "--patient", PATIENT.id, "--database", database_url)
    assert exported.returncode == 0, exported.stderr
    bundle = json.loads(exported.stdout)
    assert bundle["resourceType"] == "Bundle" and bundle["entry"]
    path = tmp_path / "export.json"
    path.write_text(exported.stdout)
    back = run("labs", str(path), "--patient", PATIENT.id, "--database", database_url)
    assert back.returncode == 0 and "nothing to import" in back.stdout
    assert f"{len(bundle['entry'])} result(s): {len(bundle['entry'])} already recorded" \
        in back.stdout
    assert run("labs-export", "--patient", "nobody", "--database",
               database_url).returncode == 2

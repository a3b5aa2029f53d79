"""Import and export: JSON and CSV round trips, all-or-nothing imports, formula neutralising."""
from __future__ import annotations

import csv
import io
import json
import os
from datetime import date

import pytest

from igg4rd.storage.exchange import (
    CSV_COLUMNS,
    FORMULA_PREFIXES,
    ImportRefused,
    export_csv,
    export_json,
    load_records,
    neutralise,
    read_records,
)
from igg4rd.synthetic.patients import demo_patients

PATIENTS = demo_patients(date(2026, 11, 25))


def refused(data, fmt) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        load_records(data, fmt)
    return caught.value.problems


@pytest.mark.parametrize("fmt,export", [("json", export_json), ("csv", export_csv)])
def test_export_reimports_to_identical_patients(fmt, export):
    assert load_records(export(PATIENTS), fmt) == PATIENTS


def test_csv_has_one_row_per_visit_and_one_for_a_patient_without_visits():
    no_visits = PATIENTS[0].model_copy(update={"visits": []})
    rows = list(csv.DictReader(io.StringIO(export_csv([PATIENTS[1], no_visits]))))
    assert len(rows) == len(PATIENTS[1].visits) + 1
    assert rows[-1]["visit_date"] == ""
    assert list(rows[0]) == CSV_COLUMNS


def test_every_bad_record_is_reported_and_nothing_returned():
    records = [p.to_record() for p in PATIENTS[:3]]
    records[0]["visits"][0]["gc_dose_mg"] = "thirty"
    records[2]["sites"] = ["spleen"]
    problems = refused(json.dumps(records), "json")
    assert any(p.startswith("record 1 (id demo-01-success): visits[0].gc_dose_mg") for p in
               problems)
    assert any(p.startswith("record 3 (id demo-03-relapse): sites[0]") for p in problems)


def test_duplicate_ids_are_refused():
    assert "appears twice" in refused(export_json([PATIENTS[0], PATIENTS[0]]), "json")[0]


def test_unknown_csv_columns_are_refused():
    text = export_csv(PATIENTS[:1]).replace("visit_esr", "visit_esr_mm")
    assert refused(text, "csv") == ["unknown columns ['visit_esr_mm']"]


def test_wrong_cell_types_name_row_and_column():
    rows = export_csv(PATIENTS[:1]).splitlines()
    header = rows[0].split(",")
    cells = rows[1].split(",")
    cells[header.index("visit_ri")] = "six"
    problems = refused("\n".join([rows[0], ",".join(cells)]), "csv")
    assert problems[0].startswith("row 2: visit_ri = 'six'")


def test_formula_injection_in_a_csv_is_refused():
    rows = export_csv(PATIENTS[:1]).splitlines()
    header, cells = rows[0].split(","), rows[1].split(",")
    cells[header.index("sex")] = '"=HYPERLINK(""http://evil"",""x"")"'
    problems = refused("\n".join([rows[0], ",".join(cells)]), "csv")
    assert any("sex" in p and "formula" in p for p in problems)


def test_ten_megabytes_of_junk_is_refused_cleanly():
    junk = os.urandom(10 * 1024 * 1024)
    assert refused(junk, "csv")[0].startswith("not UTF-8")
    assert refused(b"x" * 10_000_000, "json")[0].startswith("not valid JSON")
    assert refused(("a,b\n" + "1,2\n" * 1000).encode(), "csv")[0].startswith("unknown columns")


def test_json_that_is_not_a_list_of_records():
    assert refused("42", "json") == ["expected a JSON list of igg4rd.patient/1 records"]
    assert refused("[1]", "json") == ["record 1: not a JSON object"]


def test_exported_csv_never_holds_a_live_formula():
    for row in csv.reader(io.StringIO(export_csv(PATIENTS))):
        assert not any(cell.startswith(FORMULA_PREFIXES) for cell in row)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1"])
def test_neutralise_formula_cells(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("demo-01") == "demo-01"


def test_a_refused_file_is_not_held_once_its_first_problem_is_known():
    """From the first bad record on, nothing more is yielded: a consumer keeping what it reads
    (an import) holds only the records before it, and still hears the first problems."""
    records = [{**p.to_record(), "id": f"p{i:05d}"} for i, p in
               enumerate(PATIENTS * (2500 // len(PATIENTS) + 1))][:2500]
    records[1]["sex"] = "robot"
    records[2000]["treatment"]["regimen"] = "x"
    kept = []
    with pytest.raises(ImportRefused) as caught:
        for patient in read_records(json.dumps(records), "json"):
            kept.append(patient)
    assert [p.id for p in kept] == ["p00000"]
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "record 2 (id p00001)", "record 2001 (id p02000)"]

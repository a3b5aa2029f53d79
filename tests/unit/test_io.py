"""Import and export: JSON and CSV round trips, all-or-nothing imports, formula neutralising."""
from __future__ import annotations

import csv
import io
import json
import os
import tracemalloc
from datetime import date

import pytest

from igg4rd.storage import exchange
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


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_refused_file_yields_nothing_and_names_its_first_problems(fmt):
    """Every record is checked before any is yielded: a consumer keeping what it reads (an
    import) never holds a record of a refused file, and hears every problem."""
    patients = [p.model_copy(update={"id": f"p{i:05d}"}) for i, p in
                enumerate(PATIENTS * (2500 // len(PATIENTS) + 1))][:2500]
    if fmt == "json":
        records = json.loads(export_json(patients))
        records[1]["sex"] = "robot"
        records[2000]["treatment"]["regimen"] = "x"
        text = json.dumps(records)
    else:
        text = _csv_with(export_csv(patients), {1: {"sex": "robot"},
                                                2000: {"treatment_regimen": "x"}})
    kept = []
    with pytest.raises(ImportRefused) as caught:
        for patient in read_records(text, fmt):
            kept.append(patient)
    assert kept == []
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "record 2 (id p00001)", "record 2001 (id p02000)"]


def _csv_with(text: str, changes: dict[int, dict[str, str]]) -> str:
    """The CSV export with the cells of the patients at these indexes (their every row) changed."""
    rows = list(csv.DictReader(io.StringIO(text)))
    ids = list(dict.fromkeys(row["id"] for row in rows))
    for index, cells in changes.items():
        for row in rows:
            if row["id"] == ids[index]:
                row.update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_a_refused_json_file_is_streamed_not_held(tmp_path, monkeypatch):
    """Issue 27: a refusal in bounded memory. The file is read a chunk at a time and checked
    record by record: the peak of what Python allocates stays a small part of the file."""
    monkeypatch.setattr(exchange, "READ_CHUNK_BYTES", 64 * 1024)
    records = [{**p.to_record(), "id": f"p{i:05d}"} for i, p in
               enumerate(PATIENTS * (3000 // len(PATIENTS) + 1))][:3000]
    records[-2]["sex"] = "robot"
    path = tmp_path / "long.json"
    path.write_text(json.dumps(records))
    del records
    with path.open("rb") as stream:
        tracemalloc.start()
        with pytest.raises(ImportRefused) as caught:
            load_records(stream, "json")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert caught.value.problems == ['record 2999 (id p02998): sex = "robot": Input should be '
                                     "'male' or 'female'"]
    assert peak < path.stat().st_size / 4, (peak, path.stat().st_size)


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_json_read_in_chunks_of_any_size_is_the_same_records(chunk, monkeypatch):
    """A chunk may end inside a record, a string, a multi-byte character or a number."""
    monkeypatch.setattr(exchange, "READ_CHUNK_BYTES", chunk)
    text = export_json(PATIENTS[:3])
    assert load_records(io.BytesIO(("\ufeff" + text).encode()), "json") == PATIENTS[:3]
    assert [p.id for p in load_records(io.BytesIO(text.replace("[", " [ ", 1).encode()),
                                       "json")] == [p.id for p in PATIENTS[:3]]


@pytest.mark.parametrize("data,problem", [
    (b"[1 2]", "not valid JSON: expected ',' or ']' at character 4"),
    (b'[{"id": "a"}] x', "not valid JSON: extra text after the records at character 15"),
    (b'[{"id": tru}]', "not valid JSON: Expecting value (character 9)"),
    (b"[" * 100_000, "not valid JSON: maximum recursion depth exceeded"),
    (b'[{"id": "\xff"}]', "not UTF-8 text"),
])
def test_json_that_cannot_be_read_says_where(data, problem):
    assert refused(data, "json")[-1].startswith(problem)  # after any record's own problems


def test_a_record_longer_than_the_limit_is_refused_without_reading_on(monkeypatch):
    monkeypatch.setattr(exchange, "MAX_RECORD_CHARS", 1000)
    monkeypatch.setattr(exchange, "READ_CHUNK_BYTES", 100)
    data = b'[{"id": "' + b"x" * 5000 + b'"}]'
    assert refused(data, "json") == [
        "not valid JSON: a record longer than 1,000 characters at character 2"]

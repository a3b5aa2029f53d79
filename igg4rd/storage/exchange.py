"""Import and export of patient records: a JSON list of `igg4rd.patient/1`, or CSV (one row per
visit; a patient without visits has one row with empty visit columns).

CSV columns: the patient's fields by name (`id`, `sex`, ... `mikulicz`), `baseline_<field>`,
`treatment_<field>`, `visit_<field>` (see `CSV_COLUMNS`); lists are `;`-separated, RI breakdowns
are JSON. Imports validate every record first and return all of them or refuse all, with every
problem named. Exported cells that a spreadsheet would run as a formula are neutralised.
"""
from __future__ import annotations

import csv
import gc
import io
import json
import types
from collections.abc import Iterator
from datetime import date
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from igg4rd.rules.model import (
    Baseline,
    Patient,
    RecordError,
    Treatment,
    Visit,
    parse_patient,
    read_json,
)
from igg4rd.rules.responder_index import RIBreakdown

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NESTED = ("format", "baseline", "treatment", "visits")


class ImportRefused(ValueError):
    """Nothing was imported; `problems` lists every bad record or row."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(problems[:5]))
        self.problems = problems


def _kind(annotation: Any) -> type:
    """The CSV cell kind of a model field: bool, int, float, list, RIBreakdown, date or str."""
    args = set(get_args(annotation)) if get_origin(annotation) in (Union, types.UnionType) \
        else {annotation}
    for kind in (bool, int, float, RIBreakdown, date):
        if kind in args or any(getattr(a, "__origin__", None) is kind for a in args):
            return kind
    return list if any(get_origin(a) is list for a in args) else str


def _columns(prefix: str, model: type[BaseModel], skip: tuple[str, ...] = ()
             ) -> dict[str, tuple[str, type]]:
    return {f"{prefix}{name}": (name, _kind(field.annotation))
            for name, field in model.model_fields.items() if name not in skip}


PATIENT_COLUMNS = _columns("", Patient, NESTED)
BASELINE_COLUMNS = _columns("baseline_", Baseline)
TREATMENT_COLUMNS = _columns("treatment_", Treatment)
VISIT_COLUMNS = _columns("visit_", Visit)
CSV_COLUMNS = [*PATIENT_COLUMNS, *BASELINE_COLUMNS, *TREATMENT_COLUMNS, *VISIT_COLUMNS]


def _cell(value: Any, kind: type) -> str:
    if value is None:
        return ""
    if kind is list:
        return ";".join(value)
    if kind is RIBreakdown:
        return json.dumps(value, separators=(",", ":"))
    if kind is bool:
        return "true" if value else "false"
    return str(value)


def neutralise(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) with '."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def _cells(record: dict[str, Any], columns: dict[str, tuple[str, type]]) -> dict[str, str]:
    return {col: neutralise(_cell(record.get(name), kind)) for col, (name, kind) in columns.items()}


def export_csv(patients: list[Patient]) -> str:
    """One row per visit, columns `CSV_COLUMNS`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for patient in patients:
        record = patient.to_record()
        fixed = {**_cells(record, PATIENT_COLUMNS), **_cells(record["baseline"], BASELINE_COLUMNS),
                 **_cells(record["treatment"], TREATMENT_COLUMNS)}
        for visit in record.get("visits") or [{}]:
            writer.writerow({**fixed, **_cells(visit, VISIT_COLUMNS)})
    return out.getvalue()


def export_json(patients: list[Patient]) -> str:
    """A JSON list of `igg4rd.patient/1` records."""
    return json.dumps([p.to_record() for p in patients], indent=2) + "\n"


def _parse_cell(text: str, kind: type) -> Any:
    if kind is list:
        return [part.strip() for part in text.split(";") if part.strip()]
    if kind is RIBreakdown:
        return json.loads(text)
    if kind is bool:
        if text.lower() not in ("true", "false"):
            raise ValueError("expected true or false")
        return text.lower() == "true"
    if kind is int:
        return int(text)
    if kind is float:
        return float(text)
    if text.startswith(FORMULA_PREFIXES):
        raise ValueError("looks like a spreadsheet formula")
    return text


def _read_fields(row: dict[str, str], columns: dict[str, tuple[str, type]], line: int,
                 problems: list[str]) -> dict[str, Any]:
    fields = {}
    for column, (name, kind) in columns.items():
        text = (row.get(column) or "").strip()
        if not text:
            continue
        try:
            fields[name] = _parse_cell(text, kind)
        except ValueError as exc:
            problems.append(f"row {line}: {column} = {text[:40]!r}: {exc}")
    return fields


def _csv_records(text: str, problems: list[str]) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    unknown = sorted(set(reader.fieldnames or []) - set(CSV_COLUMNS))
    if unknown or not reader.fieldnames:
        problems.append(f"unknown columns {unknown}" if unknown else "no header row")
        return []
    records: dict[str, dict[str, Any]] = {}
    for line, row in enumerate(reader, start=2):
        if None in row:
            problems.append(f"row {line}: more cells than columns")
            continue
        fixed = {**_read_fields(row, PATIENT_COLUMNS, line, problems),
                 "baseline": _read_fields(row, BASELINE_COLUMNS, line, problems),
                 "treatment": _read_fields(row, TREATMENT_COLUMNS, line, problems)}
        visit = _read_fields(row, VISIT_COLUMNS, line, problems)
        record = records.setdefault(str(fixed.get("id", f"row {line}")), {**fixed, "visits": []})
        if {k: v for k, v in record.items() if k != "visits"} != fixed:
            problems.append(f"row {line}: patient fields differ from this id's first row")
        if visit:
            record["visits"].append(visit)
    return list(records.values())


def _json_records(text: str, problems: list[str]) -> list[Any]:
    try:
        data = read_json(text)
    except ValueError as exc:
        problems.append(f"not valid JSON: {exc}")
        return []
    if isinstance(data, dict):
        return [data]
    if not isinstance(data, list):
        problems.append("expected a JSON list of igg4rd.patient/1 records")
        return []
    return data


def read_records(data: bytes | str, fmt: str) -> Iterator[Patient]:
    """Every record of a JSON or CSV export, validated, one at a time (the parsed text is let go
    record by record). If any record is bad, `ImportRefused` names every problem after the last
    record: a consumer keeping what it read must drop it then."""
    problems: list[str] = []
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise ImportRefused([f"not UTF-8 text: {exc}"]) from None
    raw = _csv_records(text, problems) if fmt == "csv" else _json_records(text, problems)
    del text
    seen: set[str] = set()
    for index in range(len(raw)):
        record, raw[index] = raw[index], None
        patient = _validated(record, index, problems)
        if patient is None:
            continue
        if patient.id in seen:
            problems.append(f"record {index + 1} (id {patient.id}): id {patient.id} appears twice")
        seen.add(patient.id)
        yield patient
    if problems:
        raise ImportRefused(problems)


def _validated(record: Any, index: int, problems: list[str]) -> Patient | None:
    """The record as a `Patient`, or None with its problems added."""
    label = f"record {index + 1}" + (f" (id {record.get('id')})"
                                     if isinstance(record, dict) else "")
    if not isinstance(record, dict):
        problems.append(f"{label}: not a JSON object")
        return None
    try:
        return parse_patient(record)
    except RecordError as exc:
        problems.extend(f"{label}: {p}" for p in exc.problems)
        return None


def load_records(data: bytes | str, fmt: str) -> list[Patient]:
    """Every record of a JSON or CSV export, validated; `ImportRefused` if any is bad."""
    collecting = gc.isenabled()
    gc.disable()  # many small objects are made and kept: no full-heap collections meanwhile
    try:
        return list(read_records(data, fmt))
    finally:
        if collecting:
            gc.enable()

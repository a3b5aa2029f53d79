"""The visit log as a table (pandas, no Streamlit): rows out of a patient, a patient out of rows.

Rows are judged as a whole patient by `parse_patient`; each problem is pointed at by row number
and column, never dropped. Fields the table does not show (IgE, eosinophil count, an RI
breakdown) are carried over from the visit a row came from.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

import pandas as pd

from igg4rd.rules.dates import months_between
from igg4rd.rules.model import Patient, parse_patient

SOURCE = "source"  # hidden column: index of the stored visit a row came from
EDITABLE = ("date", "ri", "gc_drug", "gc_dose_mg", "relapse", "relapse_sites", "esr", "crp",
            "igg", "igg4", "eosinophils_pct")
DERIVED = ("month", "prednisone_mg")
COLUMN_LABELS = {
    "date": "Date", "month": "Month", "ri": "RI", "gc_drug": "Glucocorticoid",
    "gc_dose_mg": "Dose (mg/d)", "prednisone_mg": "Pred. eq. (mg/d)",
    "relapse": "Relapse", "relapse_sites": "Relapse sites", "esr": "ESR (mm/h)",
    "crp": "CRP (mg/L)", "igg": "IgG (g/L)", "igg4": "IgG4 (mg/L)",
    "eosinophils_pct": "Eosinophils (%)",
}
COLUMN_ORDER = ("date", "month", "ri", "gc_drug", "gc_dose_mg", "prednisone_mg", "relapse",
                "relapse_sites", "esr", "crp", "igg", "igg4", "eosinophils_pct")
_DTYPES = {"ri": "Int64", "relapse": "boolean", SOURCE: "Int64",  # nullable: rows added empty
           **{name: "Float64" for name in ("month", "gc_dose_mg", "prednisone_mg", "esr", "crp",
                                           "igg", "igg4", "eosinophils_pct")}}
_VISIT_PATH = re.compile(r"^visits\[(\d+)\]\.?(\w*) = (.*)$", re.DOTALL)


def visit_frame(patient: Patient) -> pd.DataFrame:
    """One row per visit in date order, with the month since start and the prednisone dose."""
    start = patient.treatment.start_date
    rows = [{
        "date": v.date, "month": round(months_between(start, v.date), 1), "ri": v.ri,
        "gc_drug": v.gc_drug, "gc_dose_mg": v.gc_dose_mg,
        "prednisone_mg": patient.visit_prednisone_mg(v), "relapse": v.relapse,
        "relapse_sites": list(v.relapse_sites), "esr": v.esr, "crp": v.crp, "igg": v.igg,
        "igg4": v.igg4, "eosinophils_pct": v.eosinophils_pct, SOURCE: i,
    } for i, v in sorted(enumerate(patient.visits), key=lambda iv: iv[1].date)]
    columns = [*COLUMN_ORDER, SOURCE]
    return pd.DataFrame({name: pd.Series([row[name] for row in rows], dtype=_DTYPES.get(name))
                         for name in columns}, columns=columns)


def _plain(value: Any) -> Any:
    """A table cell as a plain Python value (None for empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _plain(value.item())
    return value


def _row_record(row: dict[str, Any], stored: list[dict[str, Any]]) -> dict[str, Any]:
    values = {name: _plain(row.get(name)) for name in EDITABLE}
    values["relapse"] = bool(values["relapse"])
    values["relapse_sites"] = list(values["relapse_sites"] or [])
    if isinstance(values["ri"], float) and values["ri"].is_integer():
        values["ri"] = int(values["ri"])
    source = _plain(row.get(SOURCE))
    carried = dict(stored[source]) if source is not None else {}
    if carried.get("ri") != values["ri"]:
        carried.pop("ri_breakdown", None)  # a retyped total replaces its breakdown
    carried.update(values)
    return {k: v for k, v in carried.items() if v is not None or k == "date"}


def patient_with_rows(patient: Patient, frame: pd.DataFrame) -> Patient:
    """The patient with its visits replaced by the table's rows (RecordError if invalid)."""
    record = patient.to_record()
    stored = record.get("visits", [])
    record["visits"] = [_row_record(row, stored) for row in frame.to_dict("records")]
    return parse_patient(record)


def patient_with_visit(patient: Patient, visit: dict[str, Any]) -> Patient:
    """The patient with one more visit (a record in canonical units; RecordError if invalid)."""
    record = patient.to_record()
    record["visits"] = [*record.get("visits", []), visit]
    return parse_patient(record)


def row_problem(problem: str) -> str:
    """'visits[2].ri = -1: reason' as 'Row 3, RI: -1: reason' (rows count from 1)."""
    match = _VISIT_PATH.match(problem)
    if not match:
        return problem
    index, field, rest = match.groups()
    if not field:
        return f"Row {int(index) + 1}: {rest.removeprefix('{…}: ')}"
    return f"Row {int(index) + 1}, {COLUMN_LABELS.get(field, field)}: {rest}"

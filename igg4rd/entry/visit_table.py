"""The visit log as a table (pandas, no Streamlit): rows out of a patient, and the table's edits,
parsed strictly, into a patient.

Numbers are shown and edited as text: a browser's number cell reads 7,5 as 75 and 1e308 as 1308,
so the table sends what was typed and `parsing` reads it exactly or refuses it. The edits (the
editor's state: edited, added and deleted rows, as the browser sent them) are parsed cell by cell,
then judged as a whole patient by `parse_patient`; every problem names its row and column, and
nothing is saved while one remains. Fields the table does not show (IgE, eosinophil count, an RI
breakdown) are carried over from the visit a row came from; a retyped RI total drops its
breakdown.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from igg4rd.language.formats import date_text, number, with_unit
from igg4rd.language.i18n import N_, Words, _
from igg4rd.rules.codes import Glucocorticoid
from igg4rd.rules.dates import months_between
from igg4rd.rules.labs import LAB_VALUES, LABS
from igg4rd.rules.model import Patient, RecordError, Visit, parse_patient, typed_totals_above_form
from igg4rd.rules.parsing import (
    EntryError,
    number_text,
    parse_bool,
    parse_choice,
    parse_choices,
    parse_date,
    parse_number,
)
from igg4rd.rules.problems import Problem, reason, shown_value
from igg4rd.rules.sites import SITES

SOURCE = "source"  # hidden column: index of the stored visit a row came from
TABLE_LABS = tuple(lab.code for lab in LAB_VALUES if lab.in_visit_table)
TYPED_NUMBERS = ("ri", "gc_dose_mg", *TABLE_LABS)  # edited as text, parsed here
EDITABLE = ("date", "ri", "gc_drug", "gc_dose_mg", "relapse", "relapse_sites", *TABLE_LABS)
COLUMN_WORDS = Words({  # the other columns' headers, each read in the language of the run
    "date": N_("Date"), "month": N_("Month"), "ri": N_("RI"), "gc_drug": N_("Glucocorticoid"),
    "gc_dose_mg": N_("Dose (mg/d)"), "prednisone_mg": N_("Pred. eq. (mg/d)"),
    "relapse": N_("Relapse"), "relapse_sites": N_("Relapse sites"),
})
COLUMN_ORDER = ("date", "month", "ri", "gc_drug", "gc_dose_mg", "prednisone_mg", "relapse",
                "relapse_sites", *TABLE_LABS)


def column_label(name: str) -> str:
    """A visit field's words in the language of the run: a laboratory value's name with its
    unit ('ESR (mm/h)', from the registry), else the column's header."""
    if name in LABS:
        return with_unit(_(LABS[name].label), LABS[name].canonical)
    return COLUMN_WORDS.get(name, name)


_DTYPES: dict[str, Any] = {  # the other columns hold objects (dates, lists)
    "relapse": "boolean", SOURCE: "Int64", "month": "Float64", "prednisone_mg": "Float64",
    **dict.fromkeys(TYPED_NUMBERS, "str")}
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "date": lambda value: (day := parse_date(value)) and day.isoformat(),
    "ri": lambda value: parse_number(value, integer=True),
    "gc_drug": lambda value: parse_choice(value, [g.value for g in Glucocorticoid]),
    "gc_dose_mg": parse_number,
    "relapse": lambda value: False if value is None else parse_bool(value),
    "relapse_sites": lambda value: parse_choices(value, [s.value for s in SITES]),
    **{lab: parse_number for lab in TABLE_LABS},
}


def visit_frame(patient: Patient) -> pd.DataFrame:
    """One row per visit in date order, with the month since start and the prednisone dose."""
    start = patient.treatment.start_date
    rows = [{
        "date": v.date, "month": round(months_between(start, v.date), 1),
        "gc_drug": v.gc_drug, "prednisone_mg": patient.visit_prednisone_mg(v),
        "relapse": v.relapse, "relapse_sites": list(v.relapse_sites), SOURCE: i,
        **{name: number_text(getattr(v, name)) for name in TYPED_NUMBERS},
    } for i, v in sorted(enumerate(patient.visits), key=lambda iv: iv[1].date)]
    columns = [*COLUMN_ORDER, SOURCE]
    return pd.DataFrame({name: pd.array([row[name] for row in rows],
                                        dtype=_DTYPES.get(name, object))
                         for name in columns}, columns=columns, copy=False)


def _row_name(position: int, row: Mapping[str, Any]) -> str:
    """'Row 3 (2026-06-01)': the table's row as the clinician sees it (rows count from 1)."""
    if row.get("date"):
        return _("Row {number} ({day})").format(number=position + 1, day=row["date"])
    return _("Row {number}").format(number=position + 1)


def _with_changes(row: dict[str, Any], changes: Any, name: str, problems: list[str]
                  ) -> dict[str, Any]:
    """`row` with the browser's `changes` parsed into it; each refused cell is a problem."""
    out = dict(row)
    if not isinstance(changes, Mapping):
        problems.append(_("{row}: the edit could not be read").format(row=name))
        return out
    for column, raw in changes.items():
        if column not in EDITABLE:
            problems.append(_("{row}: the column {column} cannot be edited").format(
                row=name, column=repr(column)))
            continue
        try:
            value = _PARSERS[column](raw)
        except EntryError as error:
            problems.append(_("{row}, {column}: {problem}; not saved").format(
                row=name, column=column_label(column), problem=error))
            continue
        if column == "ri" and value != out.get("ri"):
            out.pop("ri_breakdown", None)  # a retyped total replaces its breakdown
        out[column] = value
    return {k: v for k, v in out.items() if v is not None or k == "date"}


def _positions(values: Any, count: int, no_such_row: str, problems: list[str]) -> set[int]:
    """The valid row positions of `values`; each other value is a problem (`no_such_row`, a
    message with a {value} placeholder)."""
    positions = set()
    for value in values or ():
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < count:
            positions.add(value)
        else:
            problems.append(no_such_row.format(value=repr(value)))
    return positions


class TableError(ValueError):
    """The table's edits cannot be saved; `lines` names every refused cell and every invalid
    row, by the row the clinician sees, in the language of the run."""

    def __init__(self, lines: list[str]):
        super().__init__("; ".join(lines))
        self.lines = lines


def patient_with_edits(patient: Patient, shown: pd.DataFrame, edits: Mapping[str, Any]
                       ) -> Patient:
    """The patient with the table's edits applied (`edits`: the editor's state, as the browser
    sent it; `shown`: the rows it was drawn from); `TableError` otherwise."""
    record = patient.to_record()
    stored = record.get("visits", [])
    rows = [dict(stored[int(source)]) for source in shown[SOURCE]]
    names = [_row_name(i, row) for i, row in enumerate(rows)]
    problems: list[str] = []
    edited = edits.get("edited_rows") or {}
    for position in _positions(list(edited), len(rows), _("Edited row {value}: no such row"),
                               problems):
        rows[position] = _with_changes(rows[position], edited[position], names[position],
                                       problems)
    deleted = _positions(edits.get("deleted_rows"), len(rows),
                         _("Deleted row {value}: no such row"), problems)
    for added in edits.get("added_rows") or []:
        names.append(_("New row {number}").format(number=len(names) - len(shown) + 1))
        rows.append(_with_changes({"date": None}, added, names[-1], problems))
    if problems:
        raise TableError(problems)
    kept = [i for i in range(len(rows)) if i not in deleted]
    record["visits"] = [rows[i] for i in kept]
    kept_names = [names[i] for i in kept]
    try:
        updated = parse_patient(record)
    except RecordError as error:
        raise TableError([_named(problem, kept_names) for problem in error.problems]) from None
    above = typed_totals_above_form(patient, updated)
    if above:
        raise TableError([_named(problem, kept_names) for problem in above])
    return updated


def deleted_visits(patient: Patient, shown: pd.DataFrame, edits: Mapping[str, Any]
                   ) -> list[Visit]:
    """The stored visits the table's edits delete (rows it does not know are left to
    `patient_with_edits` to refuse)."""
    sources = list(shown[SOURCE])
    return [patient.visits[int(sources[row])] for row in edits.get("deleted_rows") or ()
            if isinstance(row, int) and not isinstance(row, bool) and 0 <= row < len(sources)]


def visit_summary(patient: Patient, visit: Visit) -> str:
    """A visit named for a question about it: its date, dose and RI."""
    dose = patient.visit_prednisone_mg(visit)
    return _("Visit of {day}: dose {dose}, RI {ri}").format(
        day=date_text(visit.date),
        dose=_("{dose} mg/day").format(dose=number(dose)) if dose is not None
        else _("not recorded"),
        ri=visit.ri if visit.ri is not None else _("not assessed"))


def patient_with_visit(patient: Patient, visit: dict[str, Any]) -> Patient:
    """The patient with one more visit (a record in canonical units; RecordError if invalid)."""
    record = patient.to_record()
    record["visits"] = [*record.get("visits", []), visit]
    return parse_patient(record)


def _named(problem: Problem, names: list[str]) -> str:
    """A problem of the visits said by the row the clinician sees: 'Row 3 (2026-06-01), RI: -1:
    must be at least 0'; another problem in its words."""
    visit = problem.visit
    if visit is None:
        return reason(problem)
    index, field = visit
    name = names[index] if index < len(names) else _("Row {number}").format(number=index + 1)
    if problem.code == "visit_before_start":
        return _("{row}: the date {day} is before the treatment start {start}").format(
            row=name, day=date_text(date.fromisoformat(problem.params["day"])),
            start=date_text(date.fromisoformat(problem.params["start"])))
    if problem.code == "visit_twice":
        return _("{row}: the date {day} is recorded twice").format(
            row=name, day=date_text(date.fromisoformat(problem.params["day"])))
    if field is None:
        return _("{row}: {problem}").format(row=name, problem=reason(problem))
    if field == "date" and problem.about_nothing_given():
        return _("{row}: the visit date is missing").format(row=name)
    return _("{row}, {column}: {problem}").format(
        row=name, column=column_label(field),
        problem=_("{value}: {reason}").format(value=shown_value(problem), reason=reason(problem)))


def row_problem(problem: Problem) -> str:
    """A problem of the patient with one more visit, pointing at the visits by row number."""
    return _named(problem, [])

"""Import and export of patient records: a JSON list of `igg4rd.patient/1`, or CSV (one row per
visit; a patient without visits has one row with empty visit columns).

CSV columns: the patient's fields by name (`id`, `sex`, ... `mikulicz`, `lab_results`),
`baseline_<field>`, `treatment_<field>`, `visit_<field>` (see `CSV_COLUMNS`); lists are
`;`-separated, RI breakdowns and the laboratory-only entries are JSON. Imports validate every
record first and return all of them or refuse all, with every problem named. Exported cells that
a spreadsheet would run as a formula are neutralised. The problems are worded in the language of
the run (the Patients page's; the command line never sets one, so it prints them in English).
"""
from __future__ import annotations

import codecs
import csv
import gc
import io
import json
import os
import re
import types
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, BinaryIO, Union, get_args, get_origin

from pydantic import BaseModel

from igg4rd.language.i18n import _
from igg4rd.rules.model import (
    Baseline,
    LabResult,
    Patient,
    RecordError,
    Treatment,
    Visit,
    parse_patient,
    read_json,
)
from igg4rd.rules.parsing import EntryError, parse_bool, parse_number
from igg4rd.rules.problems import lines
from igg4rd.rules.responder_index import RIBreakdown
from igg4rd.storage.config import ENV_IMPORT_LIMIT, import_limit

if TYPE_CHECKING:
    from igg4rd.storage.store import Store

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ARCHIVED = "archived"  # registry exports only: not a field of the patient record
MAX_PROBLEMS_SHOWN = 50
READ_PROGRESS_EVERY = 1000  # records between two progress reports of a long read
EXPORT_PROGRESS_EVERY = 1000  # patients between two progress reports of an export
READ_CHUNK_BYTES = 1 << 20  # a JSON file is read this much at a time
MAX_RECORD_CHARS = 16 << 20  # a longer record is refused (a chunk never grows past it)
_NOT_WHITE_SPACE = re.compile(r"[^ \t\n\r]")
ReadProgress = Callable[[int, int | None], None]  # records done, of a total (None: checking)
ExportSource = bytes | str | BinaryIO
NESTED = ("format", "baseline", "treatment", "visits")


class ImportRefused(ValueError):
    """Nothing was imported; `problems` lists every bad record or row."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(problems[:5]))
        self.problems = problems


def _kind(annotation: Any) -> type:
    """The CSV cell kind of a model field: bool, int, float, list, RIBreakdown, date or str;
    the laboratory-only entries (`list[LabResult]`) are one JSON cell, LabResult."""
    if annotation == list[LabResult]:
        return LabResult
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
CSV_COLUMNS = [*PATIENT_COLUMNS, ARCHIVED, *BASELINE_COLUMNS, *TREATMENT_COLUMNS,
               *VISIT_COLUMNS]


def _cell(value: Any, kind: type) -> str:
    if value is None:
        return ""
    if kind is list:
        return ";".join(value)
    if kind in (RIBreakdown, LabResult):
        return json.dumps(value, separators=(",", ":"))
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return str(value + 0.0)  # -0.0 is 0.0: a number cell never starts with a sign
    if kind is str:
        return neutralise(str(value))
    return str(value)


def neutralise(cell: str) -> str:
    """Prefix a text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) with '."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell


def _cells(record: dict[str, Any], columns: dict[str, tuple[str, type]]) -> dict[str, str]:
    return {col: _cell(record.get(name), kind) for col, (name, kind) in columns.items()}


def export_csv(patients: list[Patient], archived: Collection[str] = (),
               progress: Callable[[int], None] | None = None) -> str:
    """One row per visit, columns `CSV_COLUMNS` (`archived` true for the `archived` ids);
    `progress(n)` every `EXPORT_PROGRESS_EVERY` patients written."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for done, patient in enumerate(patients, start=1):
        _exported(done, progress)
        record = patient.to_record()
        fixed = {**_cells(record, PATIENT_COLUMNS), **_cells(record["baseline"], BASELINE_COLUMNS),
                 **_cells(record["treatment"], TREATMENT_COLUMNS),
                 ARCHIVED: _cell(patient.id in archived, bool)}
        for visit in record.get("visits") or [{}]:
            writer.writerow({**fixed, **_cells(visit, VISIT_COLUMNS)})
    return out.getvalue()


def export_json(patients: list[Patient], archived: Collection[str] = (),
                progress: Callable[[int], None] | None = None) -> str:
    """A JSON list of `igg4rd.patient/1` records; an archived patient's (id in `archived`)
    carries `"archived": true`, so that an import restores it archived. `progress(n)` every
    `EXPORT_PROGRESS_EVERY` patients."""
    records = []
    for done, patient in enumerate(patients, start=1):
        _exported(done, progress)
        records.append({**patient.to_record(),
                        **({ARCHIVED: True} if patient.id in archived else {})})
    return json.dumps(records, indent=2) + "\n"


def registry_export(store: Store, fmt: str, include_archived: bool = True,
                    progress: Callable[[int, int], None] | None = None) -> str:
    """The registry as a JSON or CSV export ('json', 'csv'), archived patients marked when they
    are included; `progress(n, total)` every `EXPORT_PROGRESS_EVERY` patients."""
    stored = store.list_patients(include_archived=include_archived)
    patients, archived = [s.patient for s in stored], {s.patient.id for s in stored if s.archived}
    write = export_csv if fmt == "csv" else export_json
    return write(patients, archived,
                 None if progress is None else lambda done: progress(done, len(patients)))


def _exported(done: int, progress: Callable[[int], None] | None) -> None:
    if progress and done % EXPORT_PROGRESS_EVERY == 0:
        progress(done)


def _parse_cell(text: str, kind: type) -> Any:
    if kind is list:
        return [part.strip() for part in text.split(";") if part.strip()]
    if kind in (RIBreakdown, LabResult):
        return read_json(text)
    if kind is bool:
        return parse_bool(text)
    if kind in (int, float):
        return parse_number(text, integer=kind is int)
    if text.startswith(FORMULA_PREFIXES):
        raise ValueError(_("looks like a spreadsheet formula"))
    return text


def _read_fields(row: dict[str, str], columns: dict[str, tuple[str, type]], line: int,
                 problems: Problems) -> dict[str, Any]:
    fields = {}
    for column, (name, kind) in columns.items():
        text = (row.get(column) or "").strip()
        if not text:
            continue
        try:
            fields[name] = _parse_cell(text, kind)
        except ValueError as exc:
            problems.append(_("row {row}: {column} = {value}: {reason}").format(
                row=line, column=column, value=repr(text[:40]), reason=exc))
    return fields


def _header_problem(fieldnames: Sequence[str] | None) -> str | None:
    if not fieldnames:
        return _("no header row")
    unknown = sorted(set(fieldnames) - set(CSV_COLUMNS))
    if unknown:
        return _("unknown columns {columns}").format(columns=unknown)
    repeated = sorted({name for name in fieldnames if fieldnames.count(name) > 1})
    return _("columns named twice: {columns}").format(columns=repeated) if repeated else None


def _csv_records(text: str, problems: Problems, limit: int) -> list[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(text))
    records: dict[str, dict[str, Any]] = {}
    try:
        header = _header_problem(reader.fieldnames)
        if header:
            problems.append(header)
            return []
        for line, row in enumerate(reader, start=2):
            if problems.full or len(records) > limit:
                break
            if None in row:
                problems.append(_("row {row}: more cells than columns").format(row=line))
                continue
            fixed = {**_read_fields(row, PATIENT_COLUMNS, line, problems),
                     "baseline": _read_fields(row, BASELINE_COLUMNS, line, problems),
                     "treatment": _read_fields(row, TREATMENT_COLUMNS, line, problems)}
            if archived := (row.get(ARCHIVED) or "").strip():
                fixed[ARCHIVED] = archived
            visit = _read_fields(row, VISIT_COLUMNS, line, problems)
            record = records.setdefault(str(fixed.get("id", f"row {line}")),
                                        {**fixed, "visits": []})
            if {k: v for k, v in record.items() if k != "visits"} != fixed:
                problems.append(_("row {row}: patient fields differ from this id's first "
                                  "row").format(row=line))
            if visit:
                record["visits"].append(visit)
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
        problems.append(_("row {row}: not readable as CSV: {error}").format(
            row=reader.line_num, error=exc))
    return list(records.values())


def _json_items(stream: BinaryIO, problems: Problems) -> Iterator[Any]:
    """The records of a JSON export as the stream is read: a list's items, or the one object.
    Memory holds one record and a chunk of the text, never the parsed document (the standard
    library's decoder resumed at each item; its recursion limit bounds the nesting). Text that is
    not UTF-8 or not valid JSON, or a record longer than `MAX_RECORD_CHARS`, ends the records
    with a problem."""
    text = _ChunkedText(stream)
    try:
        if text.peek() != "[":
            value = text.value()
            text.expect_end()
            if isinstance(value, dict):
                yield value
            else:
                problems.append(_("expected a JSON list of igg4rd.patient/1 records"))
            return
        text.at += 1  # the list's opening bracket
        more = text.peek() != "]"
        if not more:
            text.at += 1
        while more:
            yield text.value()
            more = text.another()
        text.expect_end()
    except UnicodeDecodeError as exc:
        problems.append(_("not UTF-8 text: {error}").format(error=exc))
    except (ValueError, RecursionError) as exc:
        problems.append(_("not valid JSON: {error}").format(error=exc))


class _ChunkedText:
    """A UTF-8 stream's JSON text, read a chunk at a time as values are decoded from it."""

    def __init__(self, stream: BinaryIO):
        self.stream, self.decode = stream, codecs.getincrementaldecoder("utf-8-sig")()
        self.text, self.at, self.read, self.ended = "", 0, 0, False
        self.decoder = json.JSONDecoder()

    def _more(self) -> bool:
        """Read the next chunk (what was decoded already is let go); False at the end."""
        if self.ended:
            return False
        chunk = self.stream.read(READ_CHUNK_BYTES)
        self.ended, self.read = not chunk, self.read + self.at
        self.text, self.at = self.text[self.at:] + self.decode.decode(chunk, final=self.ended), 0
        return True

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the text)."""
        while True:
            found = _NOT_WHITE_SPACE.search(self.text, self.at)
            self.at = found.start() if found else len(self.text)
            if found or not self._more():
                return self.text[self.at:self.at + 1]

    def another(self) -> bool:
        """After a list's item: True at a comma (another item follows), False at the closing
        bracket."""
        found = self.peek()
        if found not in (",", "]"):
            raise ValueError(_("expected ',' or ']' at character {at}").format(at=self._offset()))
        self.at += 1
        return found == ","

    def value(self) -> Any:
        """The next JSON value: decoded again with more text while it runs into the end of the
        text read so far (up to `MAX_RECORD_CHARS`)."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.at)
                if end < len(self.text) or self.ended:  # a number may go on in the next chunk
                    self.at = end
                    return value
            except json.JSONDecodeError as exc:
                if self.ended or not self._cut_off(exc):
                    raise ValueError(_("{problem} (character {at})").format(
                        problem=exc.msg, at=f"{self.read + exc.pos + 1:,}")) from None
            if len(self.text) - self.at > MAX_RECORD_CHARS:
                raise ValueError(_("a record longer than {count} characters at character "
                                   "{at}").format(count=f"{MAX_RECORD_CHARS:,}",
                                                  at=self._offset()))
            self._more()

    def _cut_off(self, error: json.JSONDecodeError) -> bool:
        """Whether the decoder's error may be the end of the text read so far (a string, an
        escape or a delimiter still to come), not a mistake in the text."""
        return error.msg.startswith("Unterminated string") or error.pos >= len(self.text) - 8

    def expect_end(self) -> None:
        if self.peek():
            raise ValueError(_("extra text after the records at character {at}").format(
                at=self._offset()))

    def _offset(self) -> str:
        """Where the text is, in characters from its start."""
        return f"{self.read + self.at + 1:,}"


class Problems(list):
    """The problems of a file: the first `shown` are kept, the rest only counted, and reading
    stops early once that many are known (a hostile file cannot make the work unbounded)."""

    def __init__(self, shown: int = MAX_PROBLEMS_SHOWN):
        super().__init__()
        self.shown, self.more = shown, 0

    @property
    def full(self) -> bool:
        return len(self) >= self.shown

    def append(self, problem: str) -> None:
        if self.full:
            self.more += 1
        else:
            super().append(problem)

    def extend(self, problems) -> None:
        for problem in problems:
            self.append(problem)

    def listed(self) -> list[str]:
        return [*self, *([_("… and {count} more problem(s)").format(count=self.more)]
                         if self.more else [])]


def read_records(data: ExportSource, fmt: str, archived: set[str] | None = None,
                 limit: int | None = None, progress: ReadProgress | None = None
                 ) -> Iterator[Patient]:
    """Every record of a JSON or CSV export (bytes, text, or a seekable binary stream), validated,
    one at a time, in two passes: the first checks every record, holding one at a time and the
    ids; only a file without a problem is read again and its records yielded. A JSON file is
    streamed, never held whole (CSV rows are grouped by patient first). An export's
    `"archived": true` (CSV: `archived` column) adds the id to `archived`. More than `limit`
    records (default: `config.import_limit`) are refused as that alone. If any record is bad,
    `ImportRefused` lists the first 50 problems (and counts the records not checked after
    them); nothing is yielded.
    `progress(n, total)` is called every `READ_PROGRESS_EVERY` records: `total` is None while
    checking."""
    problems = Problems()
    if limit is None:
        limit = import_limit(os.environ)
    records = _record_source(data, fmt, problems, limit)
    total = _checked(records(), problems, limit, progress)
    if problems:
        raise ImportRefused(problems.listed())
    for index, record in enumerate(records()):
        if progress and index and index % READ_PROGRESS_EVERY == 0:
            progress(index, total)
        patient = _validated(record, index, problems, archived)
        if patient is None:  # the file changed between the two passes
            break
        yield patient
    if problems:
        raise ImportRefused(problems.listed())


def _record_source(data: ExportSource, fmt: str, problems: Problems, limit: int
                   ) -> Callable[[], Iterator[Any]]:
    """A new pass over the file's raw records each time it is called."""
    stream = (io.BytesIO(data.encode()) if isinstance(data, str)
              else io.BytesIO(data) if isinstance(data, bytes) else data)
    if fmt == "json":
        start = stream.tell()

        def json_pass() -> Iterator[Any]:
            stream.seek(start)
            return _json_items(stream, problems)
        return json_pass
    try:
        text = stream.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(_("not UTF-8 text: {error}").format(error=exc))
        return lambda: iter(())
    rows = _csv_records(text, problems, limit)
    return lambda: iter(rows)


def _checked(records: Iterator[Any], problems: Problems, limit: int,
             progress: ReadProgress | None) -> int:
    """The first pass: every record validated (none kept; ids once each), the problems added;
    the count of records. Past `limit` records, that is the only problem."""
    seen: set[str] = set()
    count = 0
    for count, record in enumerate(records, start=1):
        if count > limit:
            raise ImportRefused([_("more than {limit} records: split the file (the limit is set "
                                   "by {variable})").format(limit=f"{limit:,}",
                                                            variable=ENV_IMPORT_LIMIT)])
        if problems.full:
            problems.more += 1
            continue
        if progress and count % READ_PROGRESS_EVERY == 0:
            progress(count, None)
        patient = _validated(record, count - 1, problems, None)
        if patient is not None and patient.id in seen:
            problems.append(_("record {number} (id {patient_id}): id {patient_id} appears "
                              "twice").format(number=count, patient_id=patient.id))
        elif patient is not None:
            seen.add(patient.id)
    return count


def _validated(record: Any, index: int, problems: Problems, archived: set[str] | None
               ) -> Patient | None:
    """The record as a `Patient` (its export-only `archived` flag taken out), or None with its
    problems added."""
    if not isinstance(record, dict):
        problems.append(_("record {number}: not a JSON object").format(number=index + 1))
        return None
    label = _("record {number} (id {patient_id})").format(number=index + 1,
                                                          patient_id=record.get("id"))
    flag = record.get(ARCHIVED, False)
    try:
        is_archived = flag if isinstance(flag, bool) else parse_bool(flag)
        patient = parse_patient({k: v for k, v in record.items() if k != ARCHIVED})
    except (RecordError, EntryError) as exc:
        said = lines(exc.problems) if isinstance(exc, RecordError) else [f"archived: {exc}"]
        problems.extend(_("{record}: {problem}").format(record=label, problem=p) for p in said)
        return None
    if is_archived and archived is not None:
        archived.add(patient.id)
    return patient


def load_records(data: ExportSource, fmt: str, archived: set[str] | None = None,
                 limit: int | None = None, progress: ReadProgress | None = None
                 ) -> list[Patient]:
    """Every record of a JSON or CSV export, validated; `ImportRefused` if any is bad."""
    collecting = gc.isenabled()
    gc.disable()  # many small objects are made and kept: no full-heap collections meanwhile
    try:
        return list(read_records(data, fmt, archived, limit, progress))
    finally:
        if collecting:
            gc.enable()

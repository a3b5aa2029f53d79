"""Laboratory results from the laboratory system (issue 25), without Streamlit: read from a FHIR R4
Bundle of Observations, the laboratory's table (CSV or a spreadsheet, in long form) or text
pasted from its screen; matched to the patient and to the baseline or visit of the same date
(or the nearest within the clinic's window), else kept as a laboratory-only entry; previewed
result by result; applied as one change of the record.

Every laboratory value, its names, units, UCUM and LOINC codes and plausible range come from
the registry (`rules.labs`); a value is stored in its canonical unit and checked by the record
itself, as a typed value is. What cannot be imported is said, result by result, never dropped:
a unit that cannot be converted, a value only bounded ("<0.5": the record holds measured numbers,
and 0.5 alone would claim a measurement), a cancelled or erroneous Observation, another
patient's result, two different values for one test on one day. A value that differs from the
one recorded is a conflict: the recorded one is kept unless the clinician takes the file's.
"""
from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from itertools import islice
from typing import Any

from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import N_, Words, _
from igg4rd.rules.labs import (
    LABS,
    code_for_loinc,
    codes_named,
    name_key,
    plausibility_problem,
    to_canonical,
    unit_named,
)
from igg4rd.rules.model import (
    FUTURE_LIMIT,
    LabResult,
    Patient,
    RecordError,
    Scored,
    parse_patient,
    read_json,
)
from igg4rd.rules.parsing import TYPED_DATE, EntryError, parse_number

MAX_RESULTS = 100_000  # results read from one input; more are refused (bounded work)
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
# issue 25: any other status (entered-in-error, cancelled, registered: no result yet, …) is
# never imported
IMPORTED_STATUSES = ("final", "amended", "corrected", "preliminary")


class Kind(StrEnum):
    """Where the results come from."""

    FHIR = "fhir"
    TABLE = "table"
    PASTE = "paste"


class Status(StrEnum):
    """What the import does with a result."""

    NEW = "new"  # stored
    SAME = "same"  # already recorded with this value
    CONFLICT = "conflict"  # a different value is recorded: the clinician chooses
    DUPLICATE = "duplicate"  # the same result again in the input: counted once
    REFUSED = "refused"  # cannot be imported (the reason is said)
    NOT_USED = "not used"  # a test igg4rd does not record
    UNKNOWN_NAME = "unknown name"  # a test name to name once (then remembered)
    OTHER_PATIENT = "other patient"


STATUS_WORDS = Words({
    Status.NEW: N_("new"), Status.SAME: N_("already recorded"),
    Status.CONFLICT: N_("differs from the recorded value"),
    Status.DUPLICATE: N_("repeated in the input: counted once"),
    Status.REFUSED: N_("refused"), Status.NOT_USED: N_("not used: igg4rd does not record it"),
    Status.UNKNOWN_NAME: N_("unknown test name: name it to import it"),
    Status.OTHER_PATIENT: N_("another patient's"),
})


class Place(StrEnum):
    """The observation a result belongs to."""

    BASELINE = "baseline"
    VISIT = "visit"
    LAB_ONLY = "lab only"


@dataclass(frozen=True, order=True)
class Target:
    day: date
    place: Place

    def words(self) -> str:
        day = date_text(self.day)
        return {Place.BASELINE: _("baseline of {day}"), Place.VISIT: _("visit of {day}"),
                Place.LAB_ONLY: _("laboratory-only entry of {day}")}[self.place].format(day=day)


@dataclass(frozen=True)
class Reading:
    """One result as the input gives it: where (entry, row or line), the test as named, the
    date, the value and unit as written; once understood, the registry's code and unit and the
    value in that unit; the patient the input names (its ids; empty when it names none); why it
    cannot be imported, if so."""

    where: str
    name: str
    day: date | None
    given: str
    code: str | None = None
    unit: str | None = None
    value: float | None = None
    reference: str = ""
    patient: tuple[str, ...] = ()
    refused: str | None = None
    not_used: bool = False
    unknown_name: bool = False

    @property
    def canonical(self) -> float | None:
        """The value in the registry's unit, without a float's noise (1.1 mg/dL is 11 mg/L, not
        11.000000000000002): ten significant digits, beyond any laboratory's."""
        if self.code is None or self.unit is None or self.value is None:
            return None
        return float(f"{to_canonical(self.code, self.value, self.unit):.10g}")

    def conversion(self) -> str:
        """'8.2 g/L → 8,200 mg/L' (converted), '8,200 mg/L' (in the canonical unit), or the
        value as given."""
        canonical = self.canonical
        if canonical is None or self.code is None or self.value is None:
            return self.given
        lab = LABS[self.code]
        stored = f"{number(canonical)} {lab.canonical}"
        if self.unit == lab.canonical:
            return stored
        return f"{number(self.value)} {self.unit} → {stored}"


@dataclass
class Input:
    """The results of one input: its file's name (None: text pasted into the page), its kind,
    what was read, the lines not read (pasted text), the resources not used (FHIR), and why
    nothing could be read at all (`problem`)."""

    name: str | None
    kind: Kind
    readings: list[Reading] = field(default_factory=list)
    problem: str | None = None
    unread: list[str] = field(default_factory=list)
    other_resources: dict[str, int] = field(default_factory=dict)

    def source(self) -> dict[str, str]:
        """Where the values came from, for the audit trail (a file's kind and name; pasted
        text's kind)."""
        return {"kind": self.kind.value, **({"name": self.name} if self.name else {})}


# -- values and units as written ------------------------------------------------------------

COMPARATORS = {"<": "<", "<=": "≤", "≤": "≤", ">": ">", ">=": "≥", "≥": "≥", "＜": "<",
               "＞": ">", "≦": "≤", "≧": "≥"}
FLAGS = {"↑", "↓", "h", "l", "hh", "ll", "*", "**", "高", "低", "偏高", "偏低", "+", "-", "阳性",
         "阴性", "a", "n"}
_VALUE = re.compile(r"(?P<cmp><=|>=|[<>≤≥＜＞≦≧])?\s*(?P<number>[0-9]+(?:[.,][0-9]+)?)"
                    r"(?P<rest>.*)")
_RANGE = re.compile(r"[<>≤≥＜＞]?=?\s*[0-9]+(?:[.,][0-9]+)?\s*(?:(?:-|–|—|~|～|－|--|至|to)+\s*"
                    r"[0-9]+(?:[.,][0-9]+)?)?")
_TIME = re.compile(r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?![0-9])")


def _flag(token: str) -> bool:
    return token.strip().casefold() in FLAGS


def _strip_flags(text: str) -> str:
    """A cell without the laboratory's high/low marks ('8.2↑', '8.2 H')."""
    parts = text.replace("↑", " ").replace("↓", " ").split()
    while len(parts) > 1 and _flag(parts[-1]):
        parts.pop()
    return " ".join(parts)


def _understood(reading: Reading, codes: tuple[str, ...], value_text: str,
                unit_text: str | None) -> Reading:
    """`reading` with its code, unit and value understood from the registry's `codes` (more
    than one: the unit tells them apart), the value as written (a comparator refused) and the
    unit as written; or refused, saying why."""
    text = _strip_flags(value_text)
    match = _VALUE.fullmatch(text)
    if match is None:
        return replace(reading, code=codes[0], refused=_("{value} is not a number").format(
            value=repr(text[:40])))
    rest = match["rest"].strip()
    unit_text = unit_text if unit_text else (rest if rest and not _flag(rest) else None)
    if match["cmp"]:
        shown = f"{COMPARATORS[match['cmp']]}{match['number']}"
        side = _("below") if COMPARATORS[match["cmp"]] in "<≤" else _("above")
        return replace(reading, code=codes[0], refused=_(
            "{value} is {side} the laboratory's measurable range: the record holds measured "
            "numbers, and {number} alone would claim a measurement; not imported").format(
            value=shown, side=side, number=match["number"]))
    try:  # read exactly: a decimal comma is a decimal point
        value = parse_number(match["number"])
    except EntryError as error:
        return replace(reading, code=codes[0], refused=str(error))
    assert value is not None  # digits: never blank
    return _with_unit(reading, codes, value, unit_text)


def _with_unit(reading: Reading, codes: tuple[str, ...], value: float,
               unit_text: str | None) -> Reading:
    """The reading with its code and registry unit, or refused naming the unit."""
    first = LABS[codes[0]]
    if unit_text is None or not unit_text.strip():
        if len(codes) == 1 and len(first.units) == 1:
            return _plausible(replace(reading, code=codes[0], unit=first.canonical, value=value))
        return replace(reading, code=codes[0], value=value, refused=_(
            "no unit: {test} is reported in {units}").format(
            test=_(first.label), units=", ".join(first.units)))
    for code in codes:
        unit = unit_named(code, unit_text)
        if unit is not None:
            return _plausible(replace(reading, code=code, unit=unit, value=value))
    known = [unit for code in codes for unit in LABS[code].units]
    return replace(reading, code=codes[0], value=value, refused=_(
        "the unit {unit} cannot be converted for {test} (its units: {units})").format(
        unit=repr(unit_text.strip()[:40]), test=_(first.label), units=", ".join(known)))


def _plausible(reading: Reading) -> Reading:
    """Refused when implausible in the canonical unit, as a typed value is (`rules.model`): the
    likely unit mix-up named."""
    canonical = reading.canonical
    problem = (plausibility_problem(reading.code, canonical)
               if canonical is not None and reading.code is not None else None)
    return replace(reading, refused=problem) if problem else reading


def _codes(name: str, test_names: Mapping[str, str]) -> tuple[str, ...] | None:
    """The registry's codes a test name means: the registry's names first, then the clinic's;
    () for a name the clinic said is none of them; None for a name never named."""
    codes = codes_named(name)
    if codes:
        return codes
    named = test_names.get(name_key(name))
    if named is None:
        return None
    return (named,) if named in LABS else ()


def _named(reading: Reading, name: str, value_text: str, unit_text: str | None,
           test_names: Mapping[str, str]) -> Reading:
    codes = _codes(name, test_names)
    if codes is None:
        return replace(reading, unknown_name=True)
    if not codes:
        return replace(reading, not_used=True)
    return _understood(reading, codes, value_text, unit_text)


def _day_of(text: Any) -> date | None:
    """A date as a laboratory writes it, year first, a time after it ignored: 2026-12-06,
    2026/12/6 08:30, 2026年12月6日, or a spreadsheet's date; None if there is none."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    match = TYPED_DATE.search(str(text or ""))
    if match is None:
        return None
    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def decoded(data: bytes | str) -> str:
    """Text from a file: UTF-8 (a byte-order mark skipped), else GB18030 (a Chinese
    spreadsheet's export); `ValueError` when it is neither."""
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    for encoding in ("utf-8-sig", "gb18030"):
        with suppress(UnicodeDecodeError):
            return data.decode(encoding)
    raise ValueError(_("not readable as text (UTF-8 or GB18030)"))


# -- FHIR -------------------------------------------------------------------------------------

KEPT = ("resourceType", "id", "status", "code", "subject")  # what is read of an Observation


def _trimmed(resource: dict[str, Any]) -> dict[str, Any]:
    """The elements of an Observation igg4rd reads (its code, subject, status, date, value,
    reference range, absent-data reason), validated by the library; the rest (narrative, meta,
    performer, …) is not read."""
    return {key: value for key, value in resource.items()
            if key in KEPT or key.startswith(("effective", "value", "referenceRange",
                                              "dataAbsentReason", "_effective", "_value"))}


class _Validated:
    """fhir.resources models of what repeats across a Bundle's Observations (the code, the
    subject, the reference range), each distinct one validated once."""

    def __init__(self) -> None:
        from fhir.resources.R4B.codeableconcept import CodeableConcept
        from fhir.resources.R4B.observation import ObservationReferenceRange
        from fhir.resources.R4B.reference import Reference
        from pydantic import BaseModel

        self.models: dict[str, type[BaseModel]] = {
            "code": CodeableConcept, "subject": Reference,
            "referenceRange": ObservationReferenceRange}
        self.seen: dict[tuple[str, str], Any] = {}

    def __call__(self, resource: dict[str, Any]) -> dict[str, Any]:
        out = dict(resource)
        for name, model in self.models.items():
            value = out.get(name)
            if value is None:
                continue
            key = (name, repr(value))  # the same text, the same element
            if key not in self.seen:
                self.seen[key] = ([model.model_validate(item) for item in value]
                                  if isinstance(value, list) else model.model_validate(value))
            out[name] = self.seen[key]
        return out


def _first_error(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    return str(error).splitlines()[0]


def read_fhir(data: bytes | str, name: str, test_names: Mapping[str, str] | None = None
              ) -> Input:
    """The Observations of a FHIR R4 Bundle (collection, searchset, transaction, …) or of one
    Observation, each parsed with fhir.resources (R4B models: R4's Observation and Bundle),
    read against the registry's LOINC codes and UCUM units; other resources counted, Patients
    read for their identifiers."""
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.observation import Observation
    from pydantic import ValidationError

    result = Input(name, Kind.FHIR)
    try:
        raw = read_json(decoded(data))
    except ValueError as error:
        result.problem = _("not a FHIR Bundle: not valid JSON ({error})").format(error=error)
        return result
    if isinstance(raw, dict) and raw.get("resourceType") == "Observation":
        raw = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": raw}]}
    if not isinstance(raw, dict) or raw.get("resourceType") != "Bundle":
        kind = raw.get("resourceType") if isinstance(raw, dict) else type(raw).__name__
        result.problem = _("not a FHIR Bundle (the file holds {kind})").format(
            kind=repr(kind))
        return result
    entries = raw.get("entry") or []
    try:
        Bundle.model_validate({**raw, "entry": []})
        if not isinstance(entries, list):
            raise ValueError(_("entry is not a list"))
    except (ValidationError, ValueError) as error:
        result.problem = _("not a valid FHIR Bundle: {error}").format(error=_first_error(error))
        return result
    if len(entries) > MAX_RESULTS:
        result.problem = _("more than {limit} entries: split the file").format(
            limit=number(MAX_RESULTS))
        return result
    patients = _bundle_patients(entries)
    validated = _Validated()
    for index, entry in enumerate(entries, start=1):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        where = _("entry {number}").format(number=index)
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if kind != "Observation":
            if kind != "Patient":
                result.other_resources[str(kind)] = result.other_resources.get(str(kind), 0) + 1
            continue
        assert isinstance(resource, dict)  # its resourceType is read from it: a dict
        try:
            observation = Observation.model_validate(validated(_trimmed(resource)))
        except (ValidationError, ValueError, TypeError) as error:
            result.readings.append(Reading(where, _("(unreadable)"), None, "", refused=_(
                "not a valid FHIR Observation: {error}").format(error=_first_error(error))))
            continue
        result.readings.append(_observation(observation, where, patients, test_names or {}))
    return result


def _bundle_patients(entries: list[Any]) -> dict[str, tuple[str, ...]]:
    """Each Patient of the Bundle by its references (fullUrl, Patient/id): its id and
    identifier values (a hospital record number)."""
    from fhir.resources.R4B.patient import Patient as FhirPatient
    from pydantic import ValidationError

    found: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") != "Patient":
            continue
        try:
            patient = FhirPatient.model_validate(
                {k: v for k, v in resource.items() if k in ("resourceType", "id", "identifier")})
        except (ValidationError, ValueError, TypeError):
            continue
        ids = tuple(i for i in [patient.id, *(x.value for x in patient.identifier or [])] if i)
        for reference in (entry.get("fullUrl"), f"Patient/{patient.id}" if patient.id else None):
            if reference:
                found[reference] = ids
    return found


def _subject(observation: Any, patients: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    subject = observation.subject
    if subject is None:
        return ()
    ids: list[str] = []
    if subject.reference:
        ids += patients.get(subject.reference, ())
        if subject.reference.startswith("Patient/"):
            ids.append(subject.reference.removeprefix("Patient/"))
        elif not ids:
            ids.append(subject.reference)
    if subject.identifier is not None and subject.identifier.value:
        ids.append(subject.identifier.value)
    return tuple(dict.fromkeys(ids))


def _observation_name(observation: Any, test_names: Mapping[str, str]
                      ) -> tuple[str, tuple[str, ...]]:
    """The test as the Observation names it (LOINC code and display) and the registry codes it
    reports: by its LOINC code (a LOINC code the registry does not hold: none), else, without
    one, by its names (the registry's, then the clinic's)."""
    concept = observation.code
    codings = (concept.coding if concept else None) or []
    names = [n for n in [concept.text if concept else None, *(c.display for c in codings)] if n]
    loinc = [c for c in codings if c.system == LOINC and c.code]
    for coding in loinc:
        if code := code_for_loinc(coding.code):
            return f"{coding.code} {coding.display or LABS[code].label}", (code,)
    if loinc:
        return " ".join(dict.fromkeys([loinc[0].code, *names[:1]])), ()
    for name in names:
        if codes := _codes(name, test_names):
            return name, codes
    return (names[0] if names else ", ".join(c.code for c in codings if c.code)
            or _("(no code)")), ()


def _reference_range(observation: Any) -> str:
    if not observation.referenceRange:
        return ""
    first = observation.referenceRange[0]
    if first.text:
        return first.text
    low, high = first.low, first.high
    unit = (high or low).unit if (high or low) else ""
    bounds = "–".join(str(q.value) if q and q.value is not None else "" for q in (low, high))
    return f"{bounds} {unit or ''}".strip()


def _observation(observation: Any, where: str, patients: Mapping[str, tuple[str, ...]],
                 test_names: Mapping[str, str]) -> Reading:
    name, codes = _observation_name(observation, test_names)
    day = observation.effectiveDateTime or (observation.effectivePeriod.start
                                            if observation.effectivePeriod else None) \
        or observation.effectiveInstant
    day = day.date() if isinstance(day, datetime) else day if isinstance(day, date) else None
    quantity = observation.valueQuantity
    given = (f"{quantity.comparator or ''}{quantity.value} "
             f"{quantity.unit or quantity.code or ''}".strip()
             if quantity is not None and quantity.value is not None
             else observation.valueString or "")
    reading = Reading(where, name, day, given, reference=_reference_range(observation),
                      patient=_subject(observation, patients))
    if not codes:
        return replace(reading, not_used=True)
    status = str(observation.status)
    if status not in IMPORTED_STATUSES:
        return replace(reading, code=codes[0], refused=_(
            "status {status}: never imported").format(status=repr(status)))
    if day is None:
        return replace(reading, code=codes[0], refused=_(
            "no date of the result (effectiveDateTime or effectivePeriod, with the day)"))
    if quantity is not None:
        if quantity.value is None:
            return replace(reading, code=codes[0], refused=_("no value"))
        if quantity.comparator:
            return _understood(reading, codes, f"{quantity.comparator}{quantity.value}", None)
        unit = quantity.code if quantity.system == UCUM and quantity.code else quantity.unit
        return _with_unit(reading, codes, float(quantity.value), unit)
    if observation.valueString:
        return _understood(reading, codes, observation.valueString, None)
    if observation.valueInteger is not None:
        return _with_unit(reading, codes, float(observation.valueInteger), None)
    absent = observation.dataAbsentReason
    reason = (absent.text or next((c.display or c.code for c in absent.coding or []), "")
              if absent else "")
    return replace(reading, code=codes[0], refused=(
        _("no value: {reason}").format(reason=reason) if reason else
        _("no numeric value (valueQuantity)")))


# -- the laboratory's table -----------------------------------------------------------------

# a column's heading as laboratories write it (English and Chinese), by what it holds
HEADINGS = {
    "patient": ("patient", "patient id", "patientid", "patient_id", "mrn", "record number",
                "medical record number", "患者", "患者编号", "患者id", "病历号", "住院号",
                "门诊号", "病案号", "登记号", "id号"),
    "date": ("date", "collected", "collection date", "collection time", "result date",
             "report date", "sample date", "specimen date", "日期", "采样日期", "采样时间",
             "采集时间", "采集日期", "报告日期", "报告时间", "检验日期", "送检日期", "检测日期"),
    "test": ("test", "test name", "item", "analyte", "name", "项目", "项目名称", "检验项目",
             "检测项目", "中文名称", "检验项目名称"),
    "value": ("value", "result", "结果", "检验结果", "测定值", "结果值", "检测结果"),
    "unit": ("unit", "units", "单位"),
    "range": ("range", "reference range", "reference", "ref range", "normal range",
              "reference interval", "参考范围", "参考值", "参考区间"),
}
_HEADING_OF = {name_key(words): column for column, headings in HEADINGS.items()
               for words in headings}
HEADER_ROWS = 20  # a header is looked for in the first rows (a title may come first)
ROWS_READ = MAX_RESULTS + HEADER_ROWS + 1  # at most: one more than a table may hold is refused


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            column = _HEADING_OF.get(name_key(str(cell or "")))
            if column and column not in columns:
                columns[column] = position
        if {"test", "value"} <= set(columns):
            return index, columns
    return None


def _table_rows(data: bytes | str) -> list[list[list[Any]]]:
    """The rows of a spreadsheet (.xlsx, its first sheet), or of CSV text as read with each
    separator a laboratory uses (comma, semicolon, tab: the one whose heading row is found is
    taken); CSV text may be UTF-8, with or without a byte-order mark, or GB18030."""
    if isinstance(data, bytes) and data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ValueError(_("not a readable spreadsheet: {error}").format(
                error=str(error).splitlines()[0] if str(error) else type(error).__name__)) \
                from None
        try:
            cells = book.worksheets[0].iter_rows(values_only=True)
            return [[list(row) for row in islice(cells, ROWS_READ)]]
        finally:
            book.close()
    text = decoded(data)
    try:
        return [list(islice(csv.reader(io.StringIO(text), delimiter=delimiter), ROWS_READ))
                for delimiter in (",", ";", "\t")]
    except csv.Error as error:
        raise ValueError(_("not readable as CSV: {error}").format(error=error)) from None


def _cell(row: list[Any], columns: Mapping[str, int], column: str) -> Any:
    position = columns.get(column)
    if position is None or position >= len(row):
        return None
    value = row[position]
    return value.strip() if isinstance(value, str) else value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(data: bytes | str, name: str, test_names: Mapping[str, str] | None = None
               ) -> Input:
    """A laboratory's table in long form: one result a row, with its patient (optional), date,
    test, value, unit and reference range (optional); headings in English or Chinese."""
    result = Input(name, Kind.TABLE)
    try:
        tables = _table_rows(data)
    except ValueError as error:
        result.problem = str(error)
        return result
    headed = [(found, rows) for rows in tables if (found := _header(rows)) is not None]
    if not headed:
        result.problem = _("no heading row naming the test and the value (e.g. test, value, "
                           "unit, date; 项目, 结果, 单位, 日期) in the first {rows} rows").format(
            rows=HEADER_ROWS)
        return result
    (start, columns), rows = max(headed, key=lambda h: len(h[0][1]))
    if "date" not in columns:
        result.problem = _("no date column (date, collected, 日期, 采样时间, …)")
        return result
    if len(rows) - start - 1 > MAX_RESULTS:
        result.problem = _("more than {limit} rows: split the file").format(
            limit=number(MAX_RESULTS))
        return result
    for line, row in enumerate(rows[start + 1:], start=start + 2):
        test = _text(_cell(row, columns, "test"))
        value = _text(_cell(row, columns, "value"))
        if not test and not value:
            continue  # an empty row
        unit = _text(_cell(row, columns, "unit"))
        day = _day_of(_cell(row, columns, "date"))
        patient = _text(_cell(row, columns, "patient"))
        reading = Reading(_("row {number}").format(number=line), test or _("(no test name)"),
                          day, f"{value} {unit}".strip(),
                          reference=_text(_cell(row, columns, "range")),
                          patient=(patient,) if patient else ())
        if not test:
            result.readings.append(replace(reading, refused=_("no test name")))
            continue
        reading = _named(reading, test, value, unit, test_names or {})
        if day is None and reading.refused is None and not (reading.not_used
                                                            or reading.unknown_name):
            reading = replace(reading, refused=_("no date: {value} is not a date").format(
                value=repr(_text(_cell(row, columns, "date"))[:40])))
        result.readings.append(reading)
    return result


# -- pasted text ----------------------------------------------------------------------------

def _tokens(line: str) -> list[str]:
    """A pasted line's cells: tab-separated, else separated by two or more spaces, else by
    spaces; a comparator standing alone joined to the number after it ('< 0.5')."""
    if "\t" in line:
        cells = [cell.strip() for cell in line.split("\t") if cell.strip()]
    else:
        cells = [cell for cell in re.split(r"\s{2,}|\u3000", line.strip()) if cell]
        cells = cells if len(cells) > 1 else line.split()
    joined: list[str] = []
    for cell in cells:
        if joined and joined[-1] in COMPARATORS:
            joined[-1] += cell
        else:
            joined.append(cell)
    return joined


def _result_line(tokens: list[str]) -> tuple[str, str, str | None, str] | None:
    """(name, value, unit, reference range) of a pasted result line, or None: a name (a row
    number before it dropped), then a value (with or without its unit and a high/low mark),
    then the unit and the range in either order."""
    if tokens and re.fullmatch(r"[0-9]+\.?", tokens[0]) and len(tokens) > 2:
        tokens = tokens[1:]  # a row number
    for index in range(1, len(tokens)):
        cell = _strip_flags(tokens[index])
        match = _VALUE.fullmatch(cell)
        if match is None or match["rest"].strip().startswith(("-", "–", "~", "～", ":", "/")):
            continue
        name = " ".join(tokens[:index])
        if not re.search(r"[^\W\d_]", name):
            return None
        glued = match["rest"].strip()
        unit, ranges = None, []
        for token in (t for t in tokens[index + 1:] if not _flag(t)):
            if unit is None and not glued and not _RANGE.fullmatch(token.strip()):
                unit = token
            else:
                ranges.append(token)
        return name, cell, unit, " ".join(ranges)
    return None


def read_paste(text: str, test_names: Mapping[str, str] | None = None,
               day: date | None = None) -> Input:
    """Text copied from the laboratory system's screen: one result a line (name, value, unit,
    range; tabs or spaces; English or Chinese names). A line holding a date (a report's or a
    sample's) dates the results after it; results before any such line take `day`. Lines that
    are not results are listed as not read."""
    result = Input(None, Kind.PASTE)
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        result.problem = _("nothing was pasted")
        return result
    if len(lines) > MAX_RESULTS:
        result.problem = _("more than {limit} lines: paste fewer").format(
            limit=number(MAX_RESULTS))
        return result
    current = day
    for number_, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        found = TYPED_DATE.search(line)
        line_day = _day_of(line) if found else None
        rest = _TIME.sub(" ", line[:found.start()] + " " + line[found.end():]) if found else line
        parsed = _result_line(_tokens(rest))
        if parsed is None:
            if line_day is not None:
                current = line_day
            else:
                result.unread.append(_("line {number}: {text}").format(
                    number=number_, text=line.strip()[:80]))
            continue
        name, value, unit, reference = parsed
        when = line_day or current
        reading = Reading(_("line {number}").format(number=number_), name, when,
                          f"{value} {unit or ''}".strip(), reference=reference)
        reading = _named(reading, name, value, unit, test_names or {})
        if when is None and reading.refused is None and not (reading.not_used
                                                             or reading.unknown_name):
            reading = replace(reading, refused=_("no date: give the date of these results"))
        result.readings.append(reading)
    if not result.readings:
        result.problem = _("no result line found (a line reads: name, value, unit, range)")
    return result


def read_file(data: bytes, name: str, test_names: Mapping[str, str] | None = None) -> Input:
    """A file by its kind: a FHIR Bundle (.json), the laboratory's table (.csv, .tsv, .xlsx) or
    saved pasted text (.txt, with `read_paste`'s rules; its results need a date line)."""
    lower = name.lower()
    if lower.endswith(".json") or (not lower.endswith((".csv", ".tsv", ".xlsx", ".txt"))
                                   and data.lstrip()[:1] in (b"{", b"[")):
        return read_fhir(data, name, test_names)
    if lower.endswith(".txt"):
        try:
            text = decoded(data)
        except ValueError as error:
            return Input(name, Kind.PASTE, problem=str(error))
        read = read_paste(text, test_names)
        read.name = name
        return read
    return read_table(data, name, test_names)


# -- matching and the preview ---------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    """One result in the preview: what the import does with it, where it goes, the value
    recorded there (SAME, CONFLICT), and a note (why refused, how far from the visit)."""

    reading: Reading
    status: Status
    target: Target | None = None
    recorded: float | None = None
    note: str = ""

    @property
    def key(self) -> str:
        """A conflict's name, for the clinician's choice."""
        target = self.target
        return f"{self.reading.code}@{target.place.value}:{target.day.isoformat()}" \
            if target else ""

    def recorded_text(self) -> str:
        return (f"{number(self.recorded)} {LABS[self.reading.code].canonical}"
                if self.recorded is not None and self.reading.code else "")


@dataclass
class Preview:
    """Every result of an input for one patient, and what importing them does."""

    patient: Patient
    input: Input
    window_days: int
    results: list[Result]
    problem: str | None = None

    def counted(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def conflicts(self) -> list[Result]:
        return [r for r in self.results if r.status == Status.CONFLICT]

    @property
    def unknown_names(self) -> list[str]:
        return list(dict.fromkeys(r.reading.name for r in self.results
                                  if r.status == Status.UNKNOWN_NAME))

    def to_import(self, take_file: Iterable[str] = ()) -> list[Result]:
        """The results stored: the new ones, and each conflict whose key is in `take_file`."""
        taken = set(take_file)
        return [r for r in self.results if r.status == Status.NEW
                or r.status == Status.CONFLICT and r.key in taken]

    def apply(self, take_file: Iterable[str] = ()) -> Patient:
        """The patient with the results imported (the recorded value kept in a conflict unless
        its key is in `take_file`); `RecordError` if the record would not be valid."""
        record = self.patient.to_record()
        visits = {v["date"]: v for v in record.get("visits", [])}
        lab_only = {e["date"]: e for e in record.get("lab_results", [])}
        for result in self.to_import(take_file):
            target, code = result.target, result.reading.code
            assert target is not None  # a new or conflicting result has its place (`_compared`)
            day = target.day.isoformat()
            if target.place == Place.BASELINE:
                observation = record["baseline"]
            elif target.place == Place.VISIT:
                observation = visits[day]
            else:
                observation = lab_only.setdefault(day, {"date": day})
            observation[code] = result.reading.canonical
        if lab_only:
            record["lab_results"] = [lab_only[day] for day in sorted(lab_only)]
        return parse_patient(record)


def _observations(patient: Patient) -> list[tuple[Target, Scored]]:
    """The baseline and the visits, by date (a visit wins a date the baseline shares)."""
    baseline = patient.baseline
    found: dict[date, tuple[Target, Scored]] = {
        baseline.date: (Target(baseline.date, Place.BASELINE), baseline)}
    for visit in patient.visits:
        found[visit.date] = (Target(visit.date, Place.VISIT), visit)
    return [found[day] for day in sorted(found)]


def _nearest(day: date, observations: list[tuple[Target, Scored]], window: int
             ) -> tuple[Target, Scored] | None:
    """The observation of `day`, else the nearest within `window` days (of two as near, the
    later: a result is drawn for the visit after it), else None."""
    best = None
    for target, observation in observations:
        distance = abs((target.day - day).days)
        if distance <= window and (best is None or distance <= best[0]):
            best = (distance, target, observation)
    return (best[1], best[2]) if best else None


def _usable(reading: Reading) -> tuple[str, date, float]:
    """The code, date and canonical value of a result `preview` matches: understood, dated and
    not refused (the readers refuse a result without a date, a unit or a value)."""
    code, day, value = reading.code, reading.day, reading.canonical
    assert code is not None and day is not None and value is not None, reading.where
    return code, day, value


def _belongs(reading: Reading, patient: Patient) -> bool:
    """Whether the result is of `patient`: it names no patient, or names the patient's id or
    the hospital's record number."""
    ids = {patient.id, *([patient.record_number] if patient.record_number else [])}
    return not reading.patient or any(name.strip() in ids for name in reading.patient)


def preview(patient: Patient, read: Input, window_days: int) -> Preview:
    """What importing the results of `read` into `patient` would do, result by result."""
    results: list[Result] = []
    if read.problem:
        return Preview(patient, read, window_days, [], read.problem)
    usable: list[Reading] = []
    for reading in read.readings:
        if not _belongs(reading, patient):
            results.append(Result(reading, Status.OTHER_PATIENT, note=_(
                "of patient {patient}").format(patient=", ".join(reading.patient))))
        elif reading.refused:
            results.append(Result(reading, Status.REFUSED, note=reading.refused))
        elif reading.day is not None and reading.day > date.today() + FUTURE_LIMIT:
            results.append(Result(reading, Status.REFUSED, note=_(
                "{day}: more than a year in the future: check the year").format(
                day=date_text(reading.day))))
        elif reading.unknown_name:
            results.append(Result(reading, Status.UNKNOWN_NAME))
        elif reading.not_used or reading.code is None:
            results.append(Result(reading, Status.NOT_USED))
        else:
            usable.append(reading)
    problem = None
    others = [r for r in results if r.status == Status.OTHER_PATIENT]
    if others and len(others) == len(read.readings):
        names = list(dict.fromkeys(n for r in others for n in r.reading.patient))
        problem = _("every result is of another patient ({patients}), not {patient}: nothing "
                    "can be imported").format(patients=", ".join(names[:3]) + (
                        ", …" if len(names) > 3 else ""), patient=patient.id)
    results += _matched(patient, usable, window_days)
    order = {id(r): i for i, r in enumerate(read.readings)}
    results.sort(key=lambda r: order.get(id(r.reading), 0))
    return Preview(patient, read, window_days, results, problem)


def _matched(patient: Patient, readings: list[Reading], window: int) -> list[Result]:
    """Each understood result with its status: duplicates counted once, two values for one test
    on one day refused, each result at the observation of its date or the nearest within the
    window (the nearest result of a test wins an observation; the others stay laboratory-only
    entries of their own dates), compared with what is recorded."""
    results: list[Result] = []
    by_day: dict[tuple[str, date], list[Reading]] = {}
    for reading in readings:
        code, day, _value = _usable(reading)
        by_day.setdefault((code, day), []).append(reading)
    single: list[Reading] = []
    for (code, day), same_day in by_day.items():
        values = list(dict.fromkeys(_usable(r)[2] for r in same_day))
        if len(values) > 1:
            unit = LABS[code].canonical
            note = _("the input gives {count} values of {test} on {day} ({values}): none is "
                     "imported; check the laboratory's report").format(
                count=len(values), test=_(LABS[code].label), day=date_text(day),
                values=", ".join(f"{number(v)} {unit}" for v in values))
            results += [Result(r, Status.REFUSED, note=note) for r in same_day]
            continue
        single.append(same_day[0])
        results += [Result(r, Status.DUPLICATE, note=_("as {where}").format(
            where=same_day[0].where)) for r in same_day[1:]]
    observations = _observations(patient)
    claims: dict[tuple[Target, str], list[tuple[int, date, Reading, Scored]]] = {}
    entries = {entry.date: entry for entry in patient.lab_results}
    for reading in single:
        code, day, _value = _usable(reading)
        found = _nearest(day, observations, window)
        if found is None:
            results.append(_lab_only(entries, reading))
            continue
        target, observation = found
        claims.setdefault((target, code), []).append(
            (abs((target.day - day).days), day, reading, observation))
    for (target, code), claimed in claims.items():
        claimed.sort(key=lambda c: (c[0], -c[1].toordinal()))
        distance, _day, reading, observation = claimed[0]
        results.append(_compared(reading, target, getattr(observation, code), distance))
        results += [replace(_lab_only(entries, other), note=_(
            "a nearer result of the same test goes to the {target}").format(
            target=target.words())) for _distance, _day, other, _observation in claimed[1:]]
    return results


def _lab_only(entries: Mapping[date, LabResult], reading: Reading) -> Result:
    code, day, _value = _usable(reading)
    target = Target(day, Place.LAB_ONLY)
    entry = entries.get(day)
    return _compared(reading, target, getattr(entry, code) if entry else None, 0)


def _compared(reading: Reading, target: Target, recorded: float | None, distance: int
              ) -> Result:
    note = _("{days} day(s) from it").format(days=distance) if distance else ""
    if recorded is None:
        return Result(reading, Status.NEW, target, note=note)
    if math.isclose(recorded, _usable(reading)[2], rel_tol=1e-9, abs_tol=1e-12):
        return Result(reading, Status.SAME, target, recorded, note)
    return Result(reading, Status.CONFLICT, target, recorded, note)


def summary(preview: Preview) -> str:
    """'12 results: 6 new, 2 already recorded, …' (statuses with none left out)."""
    parts = [f"{preview.counted(status)} {STATUS_WORDS[status]}" for status in Status
             if preview.counted(status)]
    return _("{count} result(s): {parts}").format(count=len(preview.results),
                                                  parts=_("; ").join(parts))


def imported_lines(results: Iterable[Result], source: str) -> list[str]:
    """Each stored value in words: 'IgG4 8,200 mg/L from laboratory file x.json, 2026-12-06
    (visit of 2026-12-06)'."""
    lines: list[str] = []
    for r in results:
        code, day, value = _usable(r.reading)
        assert r.target is not None  # an imported result has its place (`Preview.to_import`)
        lines.append(_("{test} {value} {unit} from {source}, {day} ({target})").format(
            test=_(LABS[code].label), value=number(value), unit=LABS[code].canonical,
            source=source, day=date_text(day), target=r.target.words()))
    return lines


def source_words(read: Input) -> str:
    """'laboratory file x.json' or 'text pasted from the laboratory system'."""
    return (_("laboratory file {name}").format(name=read.name) if read.name else
            _("text pasted from the laboratory system"))


def rows(preview: Preview) -> Iterator[dict[str, str]]:
    """The preview as table rows (the columns' codes; their headings are the page's)."""
    for result in preview.results:
        reading = result.reading
        yield {"where": reading.where, "date": date_text(reading.day) if reading.day else "",
               "test": (_(LABS[reading.code].label) if reading.code and not reading.not_used
                        else "") or reading.name,
               "as given": reading.given, "stored as": reading.conversion()
               if reading.canonical is not None else "",
               "goes to": result.target.words() if result.target else "",
               "what happens": _("{status}: {note}").format(
                   status=STATUS_WORDS[result.status], note=result.note)
               if result.note else STATUS_WORDS[result.status],
               "recorded": result.recorded_text(),
               "reference range": reading.reference}


__all__ = ["Input", "Kind", "Place", "Preview", "Reading", "RecordError", "Result", "Status",
           "Target", "imported_lines", "preview", "read_file", "read_fhir", "read_paste",
           "read_table", "rows", "source_words", "summary"]

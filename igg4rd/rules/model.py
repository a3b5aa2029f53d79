"""The patient record `igg4rd.patient/1` (docs/interchange.md): validation, JSON in and out.

Numbers are in canonical units (paper, Table 1; see `units`). Unknown keys, impossible values
and implausible laboratory values are refused with messages naming the field and the value.
Codes (sex, sites, regimen, drugs) are the `StrEnum`s of `codes`; a record gives their values.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import from_json

from igg4rd.rules.codes import Diagnosis, Glucocorticoid, Immunosuppressant, Regimen, Sex, Site
from igg4rd.rules.labs import LABS
from igg4rd.rules.problems import Problem, from_validation, invalid, lines
from igg4rd.rules.responder_index import RI_MAX, RIBreakdown, form_maximum
from igg4rd.rules.units import prednisone_equivalent

FORMAT: Final = "igg4rd.patient/1"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits (\d takes full-width ones)
FUTURE_LIMIT = timedelta(days=366)  # a date further ahead than this is a typo


def _iso_date(value: Any) -> date:
    """A record's date: a date, or its YYYY-MM-DD text naming a day of the calendar."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:  # 2024-02-30, month 13: in the record's words, not Python's
            raise invalid("not_a_date") from None
    else:
        raise invalid("not_a_date")
    if day > date.today() + FUTURE_LIMIT:
        raise invalid("far_future")
    return day


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
_CONFIG = ConfigDict(extra="forbid", strict=True, validate_assignment=True, allow_inf_nan=False)


# Code fields take the enum's value from a record (strict mode alone would ask for the member).
SexCode = Annotated[Sex, Strict(False)]
DiagnosisCode = Annotated[Diagnosis, Strict(False)]
SiteCode = Annotated[Site, Strict(False)]
RegimenCode = Annotated[Regimen, Strict(False)]
GlucocorticoidCode = Annotated[Glucocorticoid, Strict(False)]
ImmunosuppressantCode = Annotated[Immunosuppressant, Strict(False)]


def _lab(quantity: str) -> Any:
    """A laboratory value within its plausible canonical range (`labs.LABS`); a value
    outside is refused with the likely unit mix-up named (`problems.reason`)."""
    low, high = LABS[quantity].plausible
    return Field(default=None, ge=low, le=high)


class Labs(BaseModel):
    """Laboratory values in canonical units; None means not measured."""

    model_config = _CONFIG
    eosinophils_pct: float | None = _lab("eosinophils_pct")
    eosinophils_count: float | None = _lab("eosinophils_count")
    esr: float | None = _lab("esr")
    crp: float | None = _lab("crp")
    igg: float | None = _lab("igg")
    igg4: float | None = _lab("igg4")
    ige: float | None = _lab("ige")


class Scored(Labs):
    """A dated observation with an RI, typed as a total or scored item by item."""

    date: IsoDate
    ri: int | None = Field(default=None, ge=0, le=RI_MAX)
    ri_breakdown: RIBreakdown | None = None

    @model_validator(mode="after")
    def _ri_matches_breakdown(self) -> Scored:
        if self.ri_breakdown is None:
            return self
        total = self.ri_breakdown.total
        if self.ri is None:
            object.__setattr__(self, "ri", total)
        elif self.ri != total:
            raise invalid("ri_differs_from_form", ri=self.ri, total=total)
        return self


class Baseline(Scored):
    """Baseline assessment at diagnosis (paper, Table 1)."""


class Treatment(BaseModel):
    """Remission-induction regimen (paper, 'Treatment regimens')."""

    model_config = _CONFIG
    start_date: IsoDate
    regimen: RegimenCode
    glucocorticoid: GlucocorticoidCode = Glucocorticoid.PREDNISONE
    initial_dose_mg: float | None = Field(default=None, gt=0, le=1000)
    initial_weeks: float | None = Field(default=None, ge=0, le=52)
    immunosuppressants: list[ImmunosuppressantCode] = Field(default_factory=list)

    @model_validator(mode="after")
    def _regimen_matches_immunosuppressants(self) -> Treatment:
        if self.regimen == Regimen.GC and self.immunosuppressants:
            raise invalid("immunosuppressants_on_gc",
                          immunosuppressants=[str(drug) for drug in self.immunosuppressants])
        return self

    @property
    def initial_dose_prednisone_mg(self) -> float | None:
        if self.initial_dose_mg is None:
            return None
        return prednisone_equivalent(self.glucocorticoid, self.initial_dose_mg)


class Visit(Scored):
    """A follow-up visit (paper: months 1, 3, 6, then every 3-6 months)."""

    gc_drug: GlucocorticoidCode | None = None
    gc_dose_mg: float | None = Field(default=None, ge=0, le=2000)
    relapse: bool = False
    relapse_sites: list[SiteCode] = Field(default_factory=list)

    @model_validator(mode="after")
    def _relapse_sites_need_relapse(self) -> Visit:
        if self.relapse_sites and not self.relapse:
            raise invalid("relapse_sites_without_relapse",
                          sites=[str(site) for site in self.relapse_sites])
        return self


class LabResult(Labs):
    """Laboratory values measured on a date without a visit (a laboratory-only entry, brought in
    from the laboratory system): shown in the laboratory trends, never read by a rule (the dose
    in effect, the RI, the goals, the schedule and the status read the visits only)."""

    date: IsoDate

    @model_validator(mode="after")
    def _holds_a_value(self) -> LabResult:
        if all(getattr(self, code) is None for code in LABS):
            raise invalid("empty_lab_entry")
        return self


class Patient(BaseModel):
    """One patient's record in the interchange format `igg4rd.patient/1`."""

    model_config = _CONFIG
    format: Literal["igg4rd.patient/1"] = FORMAT
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")  # a pseudonym, never a name
    synthetic: bool = False
    sex: SexCode | None = None
    age_years: int | None = Field(default=None, ge=0, le=120)
    weight_kg: float | None = Field(default=None, gt=0, le=400)
    diagnosis: DiagnosisCode | None = None
    disease_duration_months: float | None = Field(default=None, ge=0, le=1200)
    allergy_history: bool | None = None
    sites: list[SiteCode] = Field(default_factory=list)
    mikulicz: bool | None = None
    # the hospital's medical record number: clinic mode only, never in a synthetic record
    record_number: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9./-]{0,39}$")
    baseline: Baseline
    treatment: Treatment
    visits: list[Visit] = Field(default_factory=list)
    # laboratory-only entries (docs/interchange.md); absent from a record without any
    lab_results: list[LabResult] = Field(default_factory=list, exclude_if=lambda v: not v)

    @field_validator("sites")
    @classmethod
    def _distinct_sites(cls, sites: list[Site]) -> list[Site]:
        """Each site once, in Table 1's order (the order they were listed carries nothing)."""
        repeated = sorted({s for s in sites if sites.count(s) > 1})
        if repeated:
            raise invalid("sites_twice", sites=[str(site) for site in repeated])
        return sorted(sites, key=list(Site).index)

    @model_validator(mode="after")
    def _no_record_number_in_synthetic_data(self) -> Patient:
        if self.synthetic and self.record_number:
            raise invalid("synthetic_record_number")
        return self

    @model_validator(mode="after")
    def _visits_after_start(self) -> Patient:
        start = self.treatment.start_date
        seen: set[date] = set()
        for i, visit in enumerate(self.visits):
            # the visit's index is a parameter: a page points at the visit by it
            if visit.date < start:
                raise invalid("visit_before_start", index=i, day=visit.date.isoformat(),
                              start=start.isoformat())
            if visit.date in seen:
                raise invalid("visit_twice", index=i, day=visit.date.isoformat())
            seen.add(visit.date)
        return self

    @model_validator(mode="after")
    def _one_lab_entry_a_date(self) -> Patient:
        seen: set[date] = set()
        for i, entry in enumerate(self.lab_results):
            if entry.date in seen:
                raise invalid("lab_entry_twice", index=i, day=entry.date.isoformat())
            seen.add(entry.date)
        return self

    def visit_prednisone_mg(self, visit: Visit) -> float | None:
        """A visit's dose as prednisone equivalent (paper, Fig. 2c legend)."""
        if visit.gc_dose_mg is None:
            return None
        return prednisone_equivalent(visit.gc_drug or self.treatment.glucocorticoid,
                                     visit.gc_dose_mg)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=True)

    def to_record(self) -> dict[str, Any]:
        return json.loads(self.model_dump_json(exclude_none=True))


def typed_totals_above_form(before: Patient | None, after: Patient) -> list[Problem]:
    """Each RI total typed into `after` (new or changed since `before`, without its scored form)
    above the most the 2012 form can give for the observation's sites (`form_maximum`): a form
    refuses it (an RI of 80 for 3 sites is a typo)."""
    old: dict[date | None, int | None] = {None: before.baseline.ri} if before else {}
    old.update({v.date: v.ri for v in before.visits} if before else {})
    observations: list[tuple[tuple[str | int, ...], date | None, Scored, list[Site]]] = [
        (("baseline",), None, after.baseline, [])]
    observations += [(("visits", i), v.date, v, v.relapse_sites)
                     for i, v in enumerate(after.visits)]
    problems = []
    for path, day, seen, relapse_sites in observations:
        if seen.ri is None or seen.ri_breakdown is not None or old.get(day, -1) == seen.ri:
            continue
        sites = {*after.sites, *relapse_sites}
        if seen.ri > (maximum := form_maximum(sites)):
            problems.append(Problem((*path, "ri"), "above_form", seen.ri,
                                    {"maximum": maximum, "count": len(sites)}))
    return problems


class RecordError(ValueError):
    """A record that failed validation; `problems` says what and where, as values."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(lines(problems)))
        self.problems = problems


def read_json(data: str | bytes) -> Any:
    """JSON text as Python values (pydantic's parser: fast, and bounded: a number too long or
    nesting too deep is a `ValueError` naming where, as is any syntax error). A UTF-8 byte-order
    mark (Excel's "UTF-8") is skipped."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    return from_json(text)


def parse_patient(data: dict[str, Any] | str | bytes) -> Patient:
    """A validated `Patient` from a record (dict) or its JSON text; `RecordError` otherwise."""
    try:
        return Patient.model_validate(data if isinstance(data, dict) else read_json(data))
    except ValidationError as exc:
        raise RecordError(from_validation(exc)) from None
    except ValueError as exc:
        raise RecordError([Problem((), "not_json", params={"error": str(exc)})]) from None

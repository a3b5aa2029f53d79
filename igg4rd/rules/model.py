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

from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import N_, _
from igg4rd.language.words import SITE_LABELS
from igg4rd.rules.codes import (
    Diagnosis,
    Glucocorticoid,
    Immunosuppressant,
    Regimen,
    Sex,
    Site,
)
from igg4rd.rules.responder_index import RI_MAX, RIBreakdown, form_maximum
from igg4rd.rules.units import QUANTITIES, plausibility_problem, prednisone_equivalent

FORMAT: Final = "igg4rd.patient/1"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


FUTURE_LIMIT = timedelta(days=366)  # a date further ahead than this is a typo


def _iso_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        day = date.fromisoformat(value)  # refuses 2024-02-30
    else:
        raise ValueError(_("not a date in YYYY-MM-DD form"))
    if day > date.today() + FUTURE_LIMIT:
        raise ValueError(_("more than a year in the future: check the year"))
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
    """A laboratory value within its plausible canonical range (`units.QUANTITIES`); a value
    outside is refused by `describe_errors` with the likely unit mix-up named."""
    low, high = QUANTITIES[quantity].plausible
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
            raise ValueError(_("ri = {ri} differs from its breakdown's total {total}").format(
                ri=self.ri, total=total))
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
            raise ValueError(_("regimen = 'gc' (GC monotherapy) but immunosuppressants = "
                               "{immunosuppressants}; use regimen 'gc+im'").format(
                immunosuppressants=self.immunosuppressants))
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
            raise ValueError(_("relapse sites ({sites}) are given but no relapse is recorded "
                               "(relapse = false)").format(
                sites=", ".join(SITE_LABELS[site] for site in self.relapse_sites)))
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
    baseline: Baseline
    treatment: Treatment
    visits: list[Visit] = Field(default_factory=list)

    @field_validator("sites")
    @classmethod
    def _distinct_sites(cls, sites: list[Site]) -> list[Site]:
        """Each site once, in Table 1's order (the order they were listed carries nothing)."""
        repeated = sorted({s for s in sites if sites.count(s) > 1})
        if repeated:
            raise ValueError(_("sites listed twice: {sites}").format(sites=repeated))
        return sorted(sites, key=list(Site).index)

    @model_validator(mode="after")
    def _visits_after_start(self) -> Patient:
        start = self.treatment.start_date
        seen: set[date] = set()
        for i, visit in enumerate(self.visits):
            # a message starts with the visit's path (entry.visit_table names the row from it)
            if visit.date < start:
                raise ValueError(_("visits[{index}].date = {day} is before "
                                   "treatment.start_date = {start}").format(
                    index=i, day=date_text(visit.date), start=date_text(start)))
            if visit.date in seen:
                raise ValueError(_("visits[{index}].date = {day} is recorded twice").format(
                    index=i, day=date_text(visit.date)))
            seen.add(visit.date)
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


def typed_totals_above_form(before: Patient | None, after: Patient) -> list[str]:
    """Each RI total typed into `after` (new or changed since `before`, without its scored form)
    above the most the 2012 form can give for the observation's sites (`form_maximum`), as a
    problem `path = value: reason`: a form refuses it (an RI of 80 for 3 sites is a typo)."""
    old: dict[date | None, int | None] = {None: before.baseline.ri} if before else {}
    old.update({v.date: v.ri for v in before.visits} if before else {})
    observations = [("baseline", None, after.baseline, ())] + [
        (f"visits[{i}]", v.date, v, v.relapse_sites) for i, v in enumerate(after.visits)]
    problems = []
    for path, day, seen, relapse_sites in observations:
        if seen.ri is None or seen.ri_breakdown is not None or old.get(day, -1) == seen.ri:
            continue
        sites = {*after.sites, *relapse_sites}
        if seen.ri > (maximum := form_maximum(sites)):
            problems.append(f"{path}.ri = {seen.ri}: " + _(
                "above {maximum}, the most the 2012 form can give for {count} recorded site(s) "
                "and 'other' (each up to 4, doubled when urgent, plus the IgG4 item)").format(
                maximum=maximum, count=len(sites)))
    return problems


class RecordError(ValueError):
    """A record that failed validation; `problems` names each field and value."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _location(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif not str(part).startswith("function-"):
            path += f".{part}" if path else str(part)
    return path


def _implausible_lab(item: Any) -> bool:
    """A laboratory value outside its plausible range (`_lab`)."""
    return (item["type"] in ("greater_than_equal", "less_than_equal") and bool(item["loc"])
            and item["loc"][-1] in QUANTITIES)


# pydantic's problems a form or a file commonly has, in a clinician's words (and the catalog's);
# a problem not listed keeps pydantic's own message
PYDANTIC_REASONS = {
    "missing": N_("required"),
    "greater_than": N_("must be more than {gt}"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be at most {le}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "enum": N_("Input should be {expected}"),
    "literal_error": N_("Input should be {expected}"),
    "int_type": N_("Input should be a valid integer"),
    "int_from_float": N_("Input should be a valid integer, got a number with a fractional part"),
    "float_type": N_("Input should be a valid number"),
    "finite_number": N_("Input should be a finite number"),
    "bool_type": N_("Input should be a valid boolean"),
    "string_type": N_("Input should be a valid string"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
}
REQUIRED = PYDANTIC_REASONS["missing"]
WHOLE = "{…}"  # a problem's value when it is a whole object (a visit, the baseline), not one field
ID_RULE = N_("letters A–Z, digits, '.', '_' and '-' only, at most 100 (a pseudonym, never the "
             "patient's name)")


def _reason(item: Any) -> str:
    """The reason for a problem in the language of the run: the patient id's rule, a listed
    problem in a clinician's words, else pydantic's own message."""
    if item["type"] == "string_pattern_mismatch" and tuple(item["loc"]) == ("id",):
        return _(ID_RULE) if item["input"] else _(REQUIRED)
    message = item["msg"].removeprefix("Value error, ")
    template = PYDANTIC_REASONS.get(item["type"])
    if template is None:
        return message
    try:
        return _(template).format(**{name: _bound(value)
                                      for name, value in item.get("ctx", {}).items()})
    except (KeyError, IndexError, ValueError):
        return message


def _bound(value: Any) -> Any:
    """A limit as the language of the run writes numbers (0, not 0.0); anything else as is."""
    return number(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else value


def describe_errors(error: ValidationError) -> list[str]:
    """One line per problem: `field = value: reason`."""
    problems = []
    for item in error.errors(include_url=False):
        where = _location(item["loc"])
        reason = _reason(item)
        if item["type"] == "extra_forbidden":
            reason = _("unknown field (check its spelling)")
        elif _implausible_lab(item):
            reason = plausibility_problem(str(item["loc"][-1]), item["input"]) or reason
        if where and not reason.startswith(where):
            value = item.get("input")
            shown = (json.dumps(value, default=str, ensure_ascii=False)
                     if not isinstance(value, dict) else WHOLE)
            problems.append(f"{where} = {shown}: {reason}")
        else:
            problems.append(reason)
    return problems


# `describe_errors`' 'path = value: reason'; a quoted value (what was typed) may hold ': '
PROBLEM = re.compile(r'(?P<path>.*?) = (?P<value>"(?:[^"\\]|\\.)*"|.*?): (?P<reason>.*)',
                     re.DOTALL)


def at_field(label: str, value: str, reason: str) -> str:
    """A problem as shown at its field: the reason alone where it names the value (a lab's
    plausibility) or there is none ('required'), else '{label} {value}: {reason}' ('Age (years)
    200: must be at most 120')."""
    typed = value.strip('"')
    if value in ("null", WHOLE) or not typed or re.search(
            rf"(?<![\w.]){re.escape(typed)}(?![\w.])", reason):
        return reason
    return _("{field} {value}: {reason}").format(field=label, value=value, reason=reason)


def read_json(data: str | bytes) -> Any:
    """JSON text as Python values (pydantic's parser: fast, and bounded: a number too long or
    nesting too deep is a `ValueError` naming where, as is any syntax error). A UTF-8 byte-order
    mark (Excel's "UTF-8") is skipped."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    return from_json(text)


def parse_patient(data: dict[str, Any] | str | bytes) -> Patient:
    """A validated `Patient` from a record (dict) or its JSON text; `RecordError` otherwise."""
    try:
        if isinstance(data, dict):
            return Patient.model_validate(data)
        return Patient.model_validate(read_json(data))
    except ValidationError as exc:
        raise RecordError(describe_errors(exc)) from None
    except ValueError as exc:
        raise RecordError([_("not valid JSON: {error}").format(error=exc)]) from None

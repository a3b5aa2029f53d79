"""The patient form: demographics, sites, baseline labs and RI, regimen
(docs/clinical-rules.md §1, §6).

Fields write into a draft record (`igg4rd.patient/1`); the page validates the draft as a whole
with `parse_patient` and shows each problem at its field. Drafts survive page switches
(`persist_state="session"`) until saved or discarded, and are per patient.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from igg4rd.language.formats import listing, number
from igg4rd.language.i18n import N_, Words, _
from igg4rd.language.words import GLUCOCORTICOID_NAMES, REGIMEN_LONG, SITE_LABELS, YES_NO
from igg4rd.render.patient_text import initial_dose_text
from igg4rd.rules import evidence
from igg4rd.rules.codes import Immunosuppressant
from igg4rd.rules.labs import LAB_VALUES
from igg4rd.rules.model import Patient
from igg4rd.rules.problems import Problem, at_field, line
from igg4rd.rules.responder_index import RIBreakdown, suggest_igg4_item
from igg4rd.rules.sites import suggests_mikulicz
from igg4rd.rules.thresholds import Thresholds
from igg4rd.rules.units import GLUCOCORTICOIDS
from igg4rd.storage.clinic_settings import ClinicSettings
from igg4rd.ui.inputs import PERSIST, TypedDate, TypedNumber, lab_input, typed_date, typed_number
from igg4rd.ui.ri_calculator import Suggestion, ri_calculator
from igg4rd.ui.text import plain

# the choices' words as the form shows them (the codes, in lower case)
SEX_CHOICES = Words({"male": N_("male"), "female": N_("female"), None: N_("Not recorded")})
DIAGNOSIS_CHOICES = Words({"definite": N_("definite"), "probable": N_("probable"),
                           "possible": N_("possible"), None: N_("Not recorded")})
IMMUNOSUPPRESSANTS = [str(drug) for drug in Immunosuppressant]


class Slots:
    """Where each field's validation problems are drawn (a container right under the field)."""

    def __init__(self) -> None:
        self.by_path: dict[str, DeltaGenerator] = {}
        self.labels: dict[str, str] = {}
        self.flagged: list[str] = []  # labels of the fields whose problems were drawn

    def here(self, *paths: str, label: str | None = None) -> None:
        box = st.container()
        for path in paths:
            self.by_path[path] = box
            if label:
                self.labels[path] = label

    def show(self, problems: list[Problem], complain_if_empty: bool) -> list[str]:
        """Draw each problem under its field, as plain text (it quotes what was typed); returns
        the words of those without a field. A required field left empty is only a problem once
        the user tries to save."""
        unplaced = []
        for problem in problems:
            if not complain_if_empty and problem.about_nothing_given():
                continue
            box = self.by_path.get(problem.where)
            if box is None:
                unplaced.append(line(problem))
                continue
            label = self.labels.get(problem.where, problem.where)
            box.error(plain(at_field(label, problem)), icon=":material/error:")
            self.flagged.append(label)
        return unplaced


class PatientForm:
    """Draws the fields of one patient's form and collects the draft record."""

    def __init__(self, patient_key: str, stored: Patient | None, thresholds: Thresholds,
                 clinic: ClinicSettings, record_number: bool):
        self.prefix = f"patient.{patient_key}"
        self.clinic, self.with_record_number = clinic, record_number
        self.stored = stored.to_record() if stored else {}
        self.thresholds = thresholds
        self.slots = Slots()
        self.typed_problems: list[Problem] = []  # what could not be read, at its field

    def typed(self, path: str, label: str, typed: TypedNumber | TypedDate) -> Any:
        """A typed value, its field named `label`; one that cannot be read is a problem there."""
        self.slots.here(path, label=label)
        if typed.error:
            self.typed_problems.append(Problem(tuple(path.split(".")), "unreadable", typed.text,
                                               {"reason": typed.error}))
        return typed.value

    def date(self, label: str, path: str, name: str, help: str | None = None) -> str | None:
        """A date field for `path` of the record (ISO text), starting from its stored date."""
        day = self.typed(path, label, typed_date(label, self.key(name),
                                                 _date(self.old(*path.split("."))), help=help))
        return day.isoformat() if day else None

    def number(self, label: str, path: str, name: str, *, integer: bool = False,
               help: str | None = None) -> float | int | None:
        """A number field for `path` of the record, starting from its stored value."""
        return self.typed(path, label, typed_number(label, self.key(name),
                                                    self.old(*path.split(".")), integer=integer,
                                                    help=help))

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    def old(self, *path: str) -> Any:
        """The stored value at `path` (numbers as float, as the number inputs need)."""
        value: Any = self.stored
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def draw(self) -> dict[str, Any]:
        """All sections; returns the draft record."""
        record: dict[str, Any] = {"format": "igg4rd.patient/1", **self.identity(), **self.sites()}
        record["baseline"] = self.baseline(record["sites"])
        record["treatment"] = self.treatment(record.get("weight_kg"))
        if not record["baseline"].get("date"):
            record["baseline"]["date"] = record["treatment"]["start_date"]
        record["visits"] = self.stored.get("visits", [])
        if self.stored.get("synthetic"):
            record["synthetic"] = True
        return _without_none(record)

    def identity(self) -> dict[str, Any]:
        st.subheader(_("Demographics and history"))
        cols = st.columns(4)
        with cols[0]:
            pid = st.text_input(_("Patient ID (no names)"), value=self.old("id") or "",
                                key=self.key("id"), disabled=bool(self.stored),
                                help=_("A pseudonymous identifier; never a name."), **PERSIST)
            self.slots.here("id", label=_("Patient ID"))
        sex = _choice(cols[1], _("Sex"), ["male", "female", None], self.old("sex"),
                      self.key("sex"), SEX_CHOICES)
        with cols[2]:
            age = self.number(_("Age (years)"), "age_years", "age", integer=True)
        with cols[3]:
            weight = self.number(_("Weight (kg)"), "weight_kg", "weight")
        cols = st.columns(4)
        diagnosis = _choice(cols[0], _("Diagnosis (2011 comprehensive criteria)"),
                            ["definite", "probable", "possible", None], self.old("diagnosis"),
                            self.key("diagnosis"), DIAGNOSIS_CHOICES)
        with cols[1]:
            duration = self.number(_("Disease duration (months)"), "disease_duration_months",
                                   "duration")
        allergy = _choice(cols[2], _("Allergy history"), [True, False, None],
                          self.old("allergy_history"), self.key("allergy"), YES_NO)
        identity = {"id": pid.strip(), "sex": sex, "age_years": age, "weight_kg": weight,
                    "diagnosis": diagnosis, "disease_duration_months": duration,
                    "allergy_history": allergy}
        if self.with_record_number and not self.stored.get("synthetic"):  # never in a demo
            with cols[3]:
                number = st.text_input(_("Hospital record number"),
                                       value=self.old("record_number") or "",
                                       key=self.key("record_number"), max_chars=40,
                                       help=_("The hospital's medical record number (optional): "
                                              "on the report, and to match laboratory results."),
                                       **PERSIST)
                self.slots.here("record_number", label=_("Hospital record number"))
            identity["record_number"] = number.strip() or None
        elif self.stored.get("record_number"):
            identity["record_number"] = self.stored["record_number"]
        return identity

    def sites(self) -> dict[str, Any]:
        st.subheader(_("Involved sites"))
        before = set(self.old("sites") or [])
        cols = st.columns(3)
        chosen = [site for i, (site, label) in enumerate(SITE_LABELS.items())
                  if cols[i % 3].checkbox(label, value=site in before,
                                          key=self.key(f"site.{site}"), **PERSIST)]
        self.slots.here("sites", label=_("Involved sites"))
        st.caption(_("{count} site(s) involved.").format(count=len(chosen)))
        mikulicz = _choice(st, _("Mikulicz's disease (clinical judgement)"), [True, False, None],
                           self.old("mikulicz"), self.key("mikulicz"), YES_NO)
        if suggests_mikulicz(chosen) and mikulicz is not True:
            st.info(_("Lacrimal and salivary glands are both involved: consider whether this is "
                      "Mikulicz's disease (symmetrical swelling of the gland pairs). It is your "
                      "judgement, not derived from the sites."), icon=":material/lightbulb:")
        return {"sites": chosen, "mikulicz": mikulicz}

    def baseline(self, sites: list[str]) -> dict[str, Any]:
        st.subheader(_("Baseline (at diagnosis)"))
        with st.columns(3)[0]:
            day = self.date(_("Baseline date"), "baseline.date", "baseline.date",
                            help=_("At diagnosis; blank: the treatment start. Year first: "
                                   "2024-03-04."))
        labs = {}
        cols = st.columns(3)
        for i, lab in enumerate(LAB_VALUES):
            with cols[i % 3]:
                labs[lab.code] = self.typed(f"baseline.{lab.code}", _(lab.label), lab_input(
                    lab.code, self.key(f"baseline.{lab.code}"), self.old("baseline", lab.code),
                    self.clinic.unit(lab.code)))
        return {"date": day, **labs, **self.baseline_ri(sites, labs["igg4"])}

    def baseline_ri(self, sites: list[str], igg4: float | None) -> dict[str, Any]:
        stored_breakdown = self.old("baseline", "ri_breakdown")
        use_calculator = st.toggle(_("Score the baseline RI with the RI calculator"),
                                   value=stored_breakdown is not None,
                                   key=self.key("ri.scored"), **PERSIST)
        if not use_calculator:
            with st.columns(3)[0]:
                ri = self.number(_("Baseline RI (IgG4-RD Responder Index, total)"),
                                 "baseline.ri", "baseline.ri", integer=True)
                self.slots.here("baseline.ri", "baseline", label=_("Baseline RI"))
            return {"ri": ri}
        uln = self.thresholds.igg4_uln_mg_l
        grade = suggest_igg4_item(igg4, None, uln, on_treatment=False)
        suggestion = None if grade is None or igg4 is None else Suggestion(grade, _(
            "from IgG4 {igg4} mg/L, against the upper limit {uln} mg/L").format(
            igg4=number(igg4), uln=number(uln)))
        scored = ri_calculator(self.key("ri"), sites,
                               RIBreakdown.model_validate(stored_breakdown)
                               if stored_breakdown else None, suggestion)
        self.slots.here("baseline.ri", "baseline", label=_("Baseline RI"))
        if scored.breakdown is None:
            self.typed_problems.append(Problem(("baseline", "ri"), "grade_every_item", None,
                                               {"items": listing(scored.ungraded)}))
            return {}
        return {"ri": scored.breakdown.total, "ri_breakdown": scored.breakdown.model_dump()}

    def treatment(self, weight_kg: float | None) -> dict[str, Any]:
        st.subheader(_("Remission-induction treatment"))
        cols = list(st.columns(4))
        with cols[0]:
            start = self.date(_("Treatment start date"), "treatment.start_date", "start")
        regimen = _choice(cols[1], _("Regimen"), list(REGIMEN_LONG),
                          self.old("treatment", "regimen") or "gc", self.key("regimen"),
                          REGIMEN_LONG)
        with cols[2]:
            drugs = st.multiselect(_("Immunosuppressant(s)"), IMMUNOSUPPRESSANTS,
                                   default=self.old("treatment", "immunosuppressants") or [],
                                   key=self.key("im"), disabled=regimen == "gc",
                                   placeholder=_("Choose immunosuppressants"), **PERSIST)
            self.slots.here("treatment", "treatment.immunosuppressants",
                            label=_("Immunosuppressant(s)"))
        glucocorticoid = _choice(cols[3], _("Glucocorticoid"), list(GLUCOCORTICOIDS),
                                 self.old("treatment", "glucocorticoid") or "prednisone",
                                 self.key("gc"), GLUCOCORTICOID_NAMES)
        cols = st.columns([1, 2, 1])
        with cols[0]:
            dose = self.number(_("Initial dose (mg/day)"), "treatment.initial_dose_mg", "dose")
        cols[1].markdown(initial_dose_text(glucocorticoid, dose, weight_kg))
        with cols[2]:
            weeks = self.number(
                _("Initial dose held (weeks)"), "treatment.initial_weeks", "weeks",
                help=_("Protocol: {low}–{high} weeks; blank: {default} (default).").format(
                    low=number(evidence.INITIAL_WEEKS_RANGE[0]),
                    high=number(evidence.INITIAL_WEEKS_RANGE[1]),
                    default=number(self.thresholds.default_initial_weeks)))
        return {"start_date": start, "regimen": regimen,
                "glucocorticoid": glucocorticoid, "initial_dose_mg": dose,
                "initial_weeks": weeks, "immunosuppressants": drugs if regimen != "gc" else []}


def _choice(where: Any, label: str, options: list[Any], current: Any, key: str,
            names: Mapping[Any, str]) -> Any:
    """A radio (short lists) or selectbox over `options`, starting at `current`."""
    index = options.index(current) if current in options else 0
    if len(options) <= 3:
        return where.radio(label, options, index=index, format_func=names.__getitem__, key=key,
                           horizontal=True, **PERSIST)
    return where.selectbox(label, options, index=index, format_func=names.__getitem__, key=key,
                           **PERSIST)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _without_none(value: Any) -> Any:
    """The record without absent values (None means 'not measured', docs/interchange.md)."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    return value

"""Values that are possible but implausible: saved only after the clinician confirms them by name.

Impossible values are refused by the record itself (`model`); these pass it yet usually mean a
typo (400 for 40 mg/day) or a wrong date. The limits are the product's defaults, set with a margin
above the protocol (paper, 'Treatment regimens': prednisone 0.5-1.0 mg/kg/day, 30-60 mg/day,
tapered by 5 mg every 2 weeks) and above an RI change seen between two visits
(docs/clinical-rules.md §6).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from igg4rd.language.formats import date_text, number, percent
from igg4rd.language.i18n import _
from igg4rd.rules import evidence
from igg4rd.rules.model import Patient, Visit

MAX_MG_PER_DAY = 80.0  # prednisone equivalent; the protocol's highest start is 60
MAX_MG_PER_KG = 1.5  # per day; the protocol's highest is 1.0
MAX_DOSE_RATIO = 2.0  # a dose more than doubling the one before
MAX_RI_RISE = 10  # points between two assessed observations, unless a relapse is recorded


@dataclass(frozen=True)
class Unusual:
    """A possible but unusual value: the visit it belongs to (None: the patient's baseline or
    treatment), the record's field, and the sentence naming the value and the limit. A rise of
    the RI asks whether it is a relapse (`relapse_question`)."""

    day: date | None
    field: str
    text: str
    relapse_question: bool = False

    def __str__(self) -> str:
        return self.text


def _dose_warnings(day: date | None, dose_mg: float | None, weight_kg: float | None
                   ) -> list[Unusual]:
    """The dose's warnings: the initial dose (`day` None) or the dose of the visit of `day`."""
    if dose_mg is None:
        return []
    when = date_text(day) if day else None
    field = "gc_dose_mg" if day else "treatment.initial_dose_mg"
    problems = []
    if dose_mg > MAX_MG_PER_DAY:
        above = (_("Initial dose: {dose} mg/day prednisone equivalent, above {limit} mg/day (the "
                   "protocol starts at {low}-{high} mg/day)") if day is None else
                 _("Visit of {day}, dose: {dose} mg/day prednisone equivalent, above {limit} "
                   "mg/day (the protocol starts at {low}-{high} mg/day)"))
        low, high = evidence.INITIAL_DOSE_MG
        problems.append(Unusual(day, field, above.format(
            day=when, dose=number(dose_mg), limit=number(MAX_MG_PER_DAY), low=number(low),
            high=number(high))))
    if weight_kg and dose_mg / weight_kg > MAX_MG_PER_KG:
        per_kg = (_("Initial dose: {per_kg} mg/kg/day ({dose} mg/day for {weight} kg), above "
                    "{limit} mg/kg/day") if day is None else
                  _("Visit of {day}, dose: {per_kg} mg/kg/day ({dose} mg/day for {weight} kg), "
                    "above {limit} mg/kg/day"))
        problems.append(Unusual(day, field, per_kg.format(
            day=when, per_kg=number(dose_mg / weight_kg, 2), dose=number(dose_mg),
            weight=number(weight_kg), limit=number(MAX_MG_PER_KG))))
    return problems


def _date_warnings(patient: Patient, today: date) -> list[Unusual]:
    """A treatment start after today (the stage would be judged at a negative month), or a
    baseline (at diagnosis) after the treatment start: usually a mistyped year."""
    start, baseline = patient.treatment.start_date, patient.baseline.date
    problems = []
    if start > today:
        problems.append(Unusual(None, "treatment.start_date", _(
            "Treatment start {start}: the date is after today ({today})").format(
            start=date_text(start), today=date_text(today))))
    if baseline > start:
        problems.append(Unusual(None, "baseline.date", _(
            "Baseline {baseline}: after the treatment start ({start}); the baseline is the "
            "assessment at diagnosis").format(baseline=date_text(baseline),
                                              start=date_text(start))))
    return problems


def _ri_rise(visit: Visit, previous_ri: int | None, best_ri: int | None,
             baseline_ri: int | None) -> Unusual | None:
    """A rise of the RI at a visit that records no relapse: by more than `MAX_RI_RISE`, or any
    rise once the 50% decline had been reached (paper, goal 1; a relapse fails goal 3): is it a
    relapse?"""
    if visit.ri is None or previous_ri is None or visit.relapse or visit.ri <= previous_ri:
        return None
    declined = bool(baseline_ri and best_ri is not None
                    and (baseline_ri - best_ri) / baseline_ri >= evidence.RI_DECLINE_GOAL)
    if visit.ri - previous_ri <= MAX_RI_RISE and not declined:
        return None
    words = (_("Visit of {day}: the RI rises from {previous} to {ri} after the {goal} decline "
               "was reached: is this a relapse?") if declined else
             _("Visit of {day}: the RI rises from {previous} to {ri}, by more than {limit}: is "
               "this a relapse?"))
    return Unusual(visit.date, "ri", words.format(
        day=date_text(visit.date), previous=previous_ri, ri=visit.ri, limit=MAX_RI_RISE,
        goal=percent(evidence.RI_DECLINE_GOAL, 0)), relapse_question=True)


def implausible_values(patient: Patient, today: date) -> list[Unusual]:
    """Every unusual value of the record, each naming the value and the limit (in the language
    of the run)."""
    problems = _date_warnings(patient, today)
    problems += _dose_warnings(None, patient.treatment.initial_dose_prednisone_mg,
                               patient.weight_kg)
    previous_dose = patient.treatment.initial_dose_prednisone_mg
    baseline_ri = previous_ri = best_ri = patient.baseline.ri
    for visit in sorted(patient.visits, key=lambda v: v.date):
        if visit.date > today:
            problems.append(Unusual(visit.date, "date", _(
                "Visit of {day}: the date is after today ({today})").format(
                day=date_text(visit.date), today=date_text(today))))
        dose = patient.visit_prednisone_mg(visit)
        problems += _dose_warnings(visit.date, dose, patient.weight_kg)
        if dose is not None and previous_dose and dose > MAX_DOSE_RATIO * previous_dose:
            problems.append(Unusual(visit.date, "gc_dose_mg", _(
                "Visit of {day}: the dose {dose} mg/day is more than twice the one before "
                "({previous} mg/day)").format(day=date_text(visit.date), dose=number(dose),
                                              previous=number(previous_dose))))
        rise = _ri_rise(visit, previous_ri, best_ri, baseline_ri)
        problems += [rise] if rise else []
        previous_dose = dose if dose is not None else previous_dose
        if visit.ri is not None:
            previous_ri = visit.ri
            best_ri = visit.ri if best_ri is None else min(best_ri, visit.ri)
    return problems + _lab_result_warnings(patient, today)


def _lab_result_warnings(patient: Patient, today: date) -> list[Unusual]:
    """A laboratory-only entry dated after today (usually a mistyped or misread year)."""
    return [Unusual(entry.date, "lab_results.date", _(
        "Laboratory results of {day}: the date is after today ({today})").format(
        day=date_text(entry.date), today=date_text(today)))
        for entry in sorted(patient.lab_results, key=lambda e: e.date) if entry.date > today]


def new_implausible_values(before: Patient | None, after: Patient, today: date
                           ) -> list[Unusual]:
    """The unusual values `after` has that `before` (the stored record) had not: what an edit
    must be confirmed for."""
    known = {problem.text for problem in implausible_values(before, today)} if before else set()
    return [problem for problem in implausible_values(after, today) if problem.text not in known]


def unusual_in_import(patients: Iterable[Patient], today: date) -> list[str]:
    """Every unusual value of records to be imported, each named by its patient: what an import
    asks to confirm (the page) or refuses without `--accept-unusual` (the command line)."""
    return [_("{patient_id}: {problem}").format(patient_id=patient.id, problem=problem.text)
            for patient in patients for problem in implausible_values(patient, today)]

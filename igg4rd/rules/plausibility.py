"""Values that are possible but implausible: saved only after the clinician confirms them by name.

Impossible values are refused by the record itself (`model`); these pass it yet usually mean a
typo (400 for 40 mg/day) or a wrong date. The limits are the product's defaults, set with a margin
above the protocol (paper, 'Treatment regimens': prednisone 0.5-1.0 mg/kg/day, 30-60 mg/day,
tapered by 5 mg every 2 weeks) and above an RI change seen between two visits
(docs/clinical-rules.md §6).
"""
from __future__ import annotations

from datetime import date

from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import _
from igg4rd.rules.model import Patient

MAX_MG_PER_DAY = 80.0  # prednisone equivalent; the protocol's highest start is 60
MAX_MG_PER_KG = 1.5  # per day; the protocol's highest is 1.0
MAX_DOSE_RATIO = 2.0  # a dose more than doubling the one before
MAX_RI_RISE = 10  # points between two scored observations


def _dose_warnings(day: date | None, dose_mg: float | None, weight_kg: float | None
                   ) -> list[str]:
    """The dose's warnings: the initial dose (`day` None) or the dose of the visit of `day`."""
    if dose_mg is None:
        return []
    when = date_text(day) if day else None
    problems = []
    if dose_mg > MAX_MG_PER_DAY:
        above = (_("Initial dose: {dose} mg/day prednisone equivalent, above {limit} mg/day (the "
                   "protocol starts at 30-60 mg/day)") if day is None else
                 _("Visit of {day}, dose: {dose} mg/day prednisone equivalent, above {limit} "
                   "mg/day (the protocol starts at 30-60 mg/day)"))
        problems.append(above.format(day=when, dose=number(dose_mg), limit=number(MAX_MG_PER_DAY)))
    if weight_kg and dose_mg / weight_kg > MAX_MG_PER_KG:
        per_kg = (_("Initial dose: {per_kg} mg/kg/day ({dose} mg/day for {weight} kg), above "
                    "{limit} mg/kg/day") if day is None else
                  _("Visit of {day}, dose: {per_kg} mg/kg/day ({dose} mg/day for {weight} kg), "
                    "above {limit} mg/kg/day"))
        problems.append(per_kg.format(day=when, per_kg=number(dose_mg / weight_kg, 2),
                                      dose=number(dose_mg), weight=number(weight_kg),
                                      limit=number(MAX_MG_PER_KG)))
    return problems


def _date_warnings(patient: Patient, today: date) -> list[str]:
    """A treatment start after today (the stage would be judged at a negative month), or a
    baseline (at diagnosis) after the treatment start: usually a mistyped year."""
    start, baseline = patient.treatment.start_date, patient.baseline.date
    problems = []
    if start > today:
        problems.append(_("Treatment start {start}: the date is after today ({today})").format(
            start=date_text(start), today=date_text(today)))
    if baseline > start:
        problems.append(_("Baseline {baseline}: after the treatment start ({start}); the "
                          "baseline is the assessment at diagnosis").format(
            baseline=date_text(baseline), start=date_text(start)))
    return problems


def implausible_values(patient: Patient, today: date) -> list[str]:
    """Every implausible value of the record, each sentence naming the value and the limit (in
    the language of the run)."""
    problems = _date_warnings(patient, today)
    problems += _dose_warnings(None, patient.treatment.initial_dose_prednisone_mg,
                               patient.weight_kg)
    previous_dose = patient.treatment.initial_dose_prednisone_mg
    previous_ri = patient.baseline.ri
    for visit in sorted(patient.visits, key=lambda v: v.date):
        day = date_text(visit.date)
        if visit.date > today:
            problems.append(_("Visit of {day}: the date is after today ({today})").format(
                day=day, today=date_text(today)))
        dose = patient.visit_prednisone_mg(visit)
        problems += _dose_warnings(visit.date, dose, patient.weight_kg)
        if dose is not None and previous_dose and dose > MAX_DOSE_RATIO * previous_dose:
            problems.append(_("Visit of {day}: the dose {dose} mg/day is more than twice the one "
                              "before ({previous} mg/day)").format(
                day=day, dose=number(dose), previous=number(previous_dose)))
        if visit.ri is not None and previous_ri is not None and visit.ri - previous_ri > \
                MAX_RI_RISE:
            problems.append(_("Visit of {day}: the RI rises from {previous} to {ri}, by more "
                              "than {limit}").format(day=day, previous=previous_ri, ri=visit.ri,
                                                      limit=MAX_RI_RISE))
        previous_dose = dose if dose is not None else previous_dose
        previous_ri = visit.ri if visit.ri is not None else previous_ri
    return problems


def new_implausible_values(before: Patient | None, after: Patient, today: date) -> list[str]:
    """The implausible values `after` has that `before` (the stored record) had not: what an
    edit must be confirmed for."""
    known = set(implausible_values(before, today)) if before else set()
    return [problem for problem in implausible_values(after, today) if problem not in known]

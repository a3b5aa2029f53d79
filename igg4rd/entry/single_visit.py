"""One visit entered on its own (no Streamlit): a new visit, or a visit's RI rescored, and what is
wrong with it said in clinical words at its field, never as a row number or a field path."""
from __future__ import annotations

from datetime import date
from typing import Any

from igg4rd.entry.visit_table import column_label, patient_with_visit
from igg4rd.language.formats import date_text
from igg4rd.language.i18n import N_, Words, _
from igg4rd.rules.model import Patient, RecordError, parse_patient, typed_totals_above_form
from igg4rd.rules.problems import Problem, at_field, reason
from igg4rd.rules.responder_index import RIBreakdown

ENTRY_WORDS = Words({"gc_dose_mg": N_("Dose (mg/day)"), "ri_breakdown": N_("RI form")})


def visit_problems(patient: Patient, visit: dict[str, Any]) -> dict[str, str]:
    """Field → what is wrong, for a new visit (a record in canonical units); {} if it can be
    added. The date is checked first, in the clinician's words."""
    if not visit.get("date"):
        return {"date": _("Enter the visit date.")}
    day, start = date.fromisoformat(visit["date"]), patient.treatment.start_date
    if day < start:
        return {"date": _("Visit date {day} is before the treatment start {start}.").format(
            day=date_text(day), start=date_text(start))}
    if any(v.date == day for v in patient.visits):
        return {"date": _("A visit on {day} is already recorded: change it in the table "
                          "above.").format(day=date_text(day))}
    try:
        updated = patient_with_visit(patient, visit)
    except RecordError as error:
        return dict(_at_field(problem) for problem in error.problems)
    return dict(_at_field(problem) for problem in typed_totals_above_form(patient, updated))


def _at_field(problem: Problem) -> tuple[str, str]:
    """A problem of the new visit as (its field, what to say there): 'ESR 250 mm/h is above …'
    at 'esr'; a reason that does not name its value gets the field's label and the value. A
    problem of the visit as a whole is said at the entry's foot ('visit')."""
    field = problem.visit[1] if problem.visit else None
    if field is None:
        return "visit", reason(problem)
    return field, at_field(ENTRY_WORDS.get(field, column_label(field)), problem)


def with_rescored_ri(patient: Patient, day: date, breakdown: RIBreakdown) -> Patient:
    """The patient with the visit of `day` scored by `breakdown` (RecordError if that makes the
    record invalid)."""
    record = patient.to_record()
    for visit in record.get("visits", []):
        if visit["date"] == day.isoformat():
            visit.update(ri=breakdown.total, ri_breakdown=breakdown.model_dump(exclude_none=True))
    return parse_patient(record)

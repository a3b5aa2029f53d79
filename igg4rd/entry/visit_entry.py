"""One visit entered on its own (no Streamlit): a new visit, or a visit's RI rescored, and what is
wrong with it said in clinical words at its field, never as a row number or a field path."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from igg4rd.entry.visit_table import COLUMN_LABELS, patient_with_visit
from igg4rd.language.formats import date_text
from igg4rd.language.i18n import N_, Words, _
from igg4rd.rules.model import (
    PROBLEM,
    Patient,
    RecordError,
    at_field,
    parse_patient,
    typed_totals_above_form,
)
from igg4rd.rules.responder_index import RIBreakdown

FIELD_LABELS = Words({**COLUMN_LABELS.marked, "ri": N_("RI"), "gc_dose_mg": N_("Dose (mg/day)"),
                      "eosinophils_count": N_("Eosinophil count (×10⁹/L)"),
                      "ige": N_("IgE (kU/L)"), "ri_breakdown": N_("RI form")})
_VISIT_FIELD = re.compile(r"visits\[\d+\]\.?(\w*)")


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


def _at_field(problem: str) -> tuple[str, str]:
    """'visits[6].esr = 250: ESR 250 mm/h is above …' as ('esr', 'ESR 250 mm/h is above …');
    a reason that does not name its value gets the field's label and the value."""
    parts = PROBLEM.fullmatch(problem)
    visit_field = parts and _VISIT_FIELD.fullmatch(parts["path"])
    if not parts or not visit_field:
        return "visit", problem.split(": ", 1)[-1]
    field = visit_field[1] or "visit"
    return field, at_field(FIELD_LABELS.get(field, field), parts["value"], parts["reason"])


def with_rescored_ri(patient: Patient, day: date, breakdown: RIBreakdown) -> Patient:
    """The patient with the visit of `day` scored by `breakdown` (RecordError if that makes the
    record invalid)."""
    record = patient.to_record()
    for visit in record.get("visits", []):
        if visit["date"] == day.isoformat():
            visit.update(ri=breakdown.total, ri_breakdown=breakdown.model_dump(exclude_none=True))
    return parse_patient(record)

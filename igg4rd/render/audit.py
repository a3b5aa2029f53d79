"""The audit trail in clinical words: "Age: not recorded → 47 years", "Visit 2026-06-01: dose
30 → 25 mg/day prednisone", "Visit 2026-06-01 added", instead of the stored field paths.

The store keeps each change as `path: old → new` with JSON values (`storage.store`); this reads
them back for the page, with the patient's record for the drug a dose is of.
"""
from __future__ import annotations

import json
import re
from typing import Any

from igg4rd.language.words import (
    DIAGNOSIS_WORDS,
    REGIMEN_LONG,
    RI_ACTIVITY_WORDS,
    RI_ITEM_LABELS,
    SEX_WORDS,
    SITE_LABELS,
)
from igg4rd.rules.model import Patient

FIELDS: dict[str, tuple[str, str]] = {  # leaf field: (words, unit)
    "id": ("Patient ID", ""), "synthetic": ("Synthetic demo patient", ""), "sex": ("Sex", ""),
    "age_years": ("Age", "years"), "weight_kg": ("Weight", "kg"),
    "diagnosis": ("Diagnosis", ""), "disease_duration_months": ("Disease duration", "months"),
    "allergy_history": ("Allergy history", ""), "sites": ("Involved sites", ""),
    "mikulicz": ("Mikulicz's disease", ""), "archived": ("Archived", ""),
    "ri": ("RI", "points"), "eosinophils_pct": ("eosinophils", "%"),
    "eosinophils_count": ("eosinophil count", "×10⁹/L"), "esr": ("ESR", "mm/h"),
    "crp": ("CRP", "mg/L"), "igg": ("IgG", "g/L"), "igg4": ("IgG4", "mg/L"),
    "ige": ("IgE", "kU/L"), "gc_drug": ("glucocorticoid", ""), "gc_dose_mg": ("dose", "mg/day"),
    "relapse": ("relapse", ""), "relapse_sites": ("relapse sites", ""),
    "start_date": ("Treatment start", ""), "regimen": ("Regimen", ""),
    "glucocorticoid": ("Glucocorticoid", ""), "initial_dose_mg": ("Initial dose", "mg/day"),
    "initial_weeks": ("Initial dose held", "weeks"),
    "immunosuppressants": ("Immunosuppressants", ""), "activity": ("activity", ""),
    "urgent": ("urgent", ""), "damage": ("damage", ""), "review": ("review note", ""),
    "instrument": ("instrument", ""),
}
CODES = {"sex": SEX_WORDS, "diagnosis": DIAGNOSIS_WORDS, "regimen": REGIMEN_LONG,
         "activity": RI_ACTIVITY_WORDS}
AREAS = {"baseline": "Baseline", "treatment": ""}
ARCHIVING = {"archived: True": "Archived (hidden from the picker)", "archived: False": "Restored"}
_CHANGE = re.compile(r"^(?P<path>[^:]+): (?P<old>.*) → (?P<new>.*)$", re.DOTALL)
_VISIT = re.compile(r"^visits\[(?P<day>[^\]]+)\]\.?(?P<rest>.*)$")


def _read(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # an older or hand-written entry: shown as it is


def _words(field: str, value: Any) -> str:
    """A stored value in words (no unit)."""
    if value is None:
        return "not recorded"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(SITE_LABELS.get(item, str(item)) for item in value) or "none"
    if field in CODES:
        return CODES[field].get(value, str(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _label(rest: str) -> tuple[str, str, str]:
    """(words, unit, field) of a path below a visit or the record."""
    parts = rest.split(".")
    field = parts[-1]
    label, unit = FIELDS.get(field, (field, ""))
    if parts[0] == "ri_breakdown":
        item = parts[2] if len(parts) > 3 and parts[1] == "organs" else None
        where = RI_ITEM_LABELS.get(item, item) if item else "IgG4 item"
        return f"RI form, {where}: {label}" if item else f"RI form, {label}", unit, field
    area = AREAS.get(parts[0], "") if len(parts) > 1 else ""
    return (f"{area} {label}" if area else label), unit, field


def change_words(change: str, patient: Patient | None = None) -> str:
    """One stored change in clinical words (an unknown form is returned as it is)."""
    if change in ARCHIVING:
        return ARCHIVING[change]
    match = _CHANGE.match(change)
    if not match:
        return change
    old, new = _read(match["old"]), _read(match["new"])
    visit = _VISIT.match(match["path"])
    rest = visit["rest"] if visit else match["path"]
    if visit and rest == "date":
        return f"Visit {visit['day']} " + ("added" if old is None else "removed")
    label, unit, field = _label(rest)
    if field in ("gc_dose_mg", "initial_dose_mg"):
        unit = f"{unit} {_drug(patient, visit['day'] if visit else None)}".strip()
    shown = f"{_words(field, old)} → {_words(field, new)}"
    if unit and isinstance(new, int | float) and not isinstance(new, bool):
        shown += f" {unit}"
    elif unit and isinstance(old, int | float) and not isinstance(old, bool):
        shown = f"{_words(field, old)} {unit} → {_words(field, new)}"
    if visit:
        return f"Visit {visit['day']}: {label} {shown}"
    return f"{label[:1].upper()}{label[1:]}: {shown}"


def _drug(patient: Patient | None, day: str | None) -> str:
    """The glucocorticoid a dose is of: the visit's, else the regimen's."""
    if patient is None:
        return ""
    visit = next((v for v in patient.visits if v.date.isoformat() == day), None)
    return str((visit.gc_drug if visit else None) or patient.treatment.glucocorticoid)

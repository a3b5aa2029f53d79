"""The audit trail in clinical words: "Age: not recorded → 47 years", "Visit 2026-06-01: dose
30 → 25 mg/day prednisone", "Visit 2026-06-01 added", instead of the stored field paths.

The store keeps each change as `path: old → new` with JSON values (`storage.store`); this reads
them back for the page, with the patient's record for the drug a dose is of.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from igg4rd.language.formats import after_number, date_text, number
from igg4rd.language.i18n import N_, Words, _
from igg4rd.language.words import (
    DIAGNOSIS_WORDS,
    GLUCOCORTICOID_NAMES,
    REGIMEN_LONG,
    RI_ACTIVITY_WORDS,
    RI_ITEM_LABELS,
    SEX_WORDS,
    SITE_LABELS,
)
from igg4rd.rules.labs import LAB_VALUES
from igg4rd.rules.model import Patient

# leaf field: (words, unit); both marked here and read with `_` where shown
FIELDS: dict[str, tuple[str, str]] = {
    "id": (N_("Patient ID"), ""), "synthetic": (N_("Synthetic demo patient"), ""),
    "sex": (N_("Sex"), ""), "age_years": (N_("Age"), N_("years")),
    "weight_kg": (N_("Weight"), "kg"),
    "diagnosis": (N_("Diagnosis"), ""),
    "disease_duration_months": (N_("Disease duration"), N_("months")),
    "allergy_history": (N_("Allergy history"), ""), "sites": (N_("Involved sites"), ""),
    "mikulicz": (N_("Mikulicz's disease"), ""), "archived": (N_("Archived"), ""),
    "ri": ("RI", N_("points")), **{lab.code: (lab.label, lab.canonical) for lab in LAB_VALUES},
    "gc_drug": (N_("glucocorticoid"), ""),
    "gc_dose_mg": (N_("dose"), N_("mg/day")),
    "relapse": (N_("relapse"), ""), "relapse_sites": (N_("relapse sites"), ""),
    "start_date": (N_("Treatment start"), ""), "regimen": (N_("Regimen"), ""),
    "glucocorticoid": (N_("Glucocorticoid"), ""),
    "initial_dose_mg": (N_("Initial dose"), N_("mg/day")),
    "initial_weeks": (N_("Initial dose held"), N_("weeks")),
    "immunosuppressants": (N_("Immunosuppressants"), ""), "activity": (N_("activity"), ""),
    "urgent": (N_("urgent"), ""), "damage": (N_("damage"), ""),
    "review": (N_("review note"), ""), "instrument": (N_("instrument"), ""),
    "date": (N_("date"), ""), "format": (N_("format"), ""),
}
CODES: dict[str, Mapping[Any, str]] = {
    "sex": SEX_WORDS, "diagnosis": DIAGNOSIS_WORDS, "regimen": REGIMEN_LONG,
    "activity": RI_ACTIVITY_WORDS, "gc_drug": GLUCOCORTICOID_NAMES,
    "glucocorticoid": GLUCOCORTICOID_NAMES}
AREAS = {"baseline": N_("Baseline"), "treatment": ""}
ARCHIVING = Words({"archived: True": N_("Archived (hidden from the picker)"),
                   "archived: False": N_("Restored")})
# the store's audit actions (storage.store), in words
ACTION_WORDS = Words({"create": N_("create"), "update": N_("update"), "import": N_("import"),
                      "archive": N_("archive"), "restore": N_("restore"),
                      "undo": N_("undo (the version before restored)"),
                      "labs": N_("laboratory results brought in")})
_CHANGE = re.compile(r"^(?P<path>[^:]+): (?P<old>.*) → (?P<new>.*)$", re.DOTALL)
_VISIT = re.compile(r"^visits\[(?P<day>[^\]]+)\]\.?(?P<rest>.*)$")
_LAB_ONLY = re.compile(r"^lab_results\[(?P<day>[^\]]+)\]\.?(?P<rest>.*)$")


def _read(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text  # an older or hand-written entry: shown as it is


DATE_FIELDS = ("start_date", "date")  # stored as ISO text


def _words(field: str, value: Any) -> str:
    """A stored value in words (no unit)."""
    if value is None:
        return _("not recorded")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(SITE_LABELS.get(item, str(item)) for item in value) or _("none")
    if field in CODES:
        return CODES[field].get(value, str(value))
    if field in DATE_FIELDS and isinstance(value, str):
        return _day(value)
    return number(value) if isinstance(value, float) else str(value)


def _label(rest: str) -> tuple[str, str, str]:
    """(words, unit, field) of a path below a visit or the record."""
    parts = rest.split(".")
    field = parts[-1]
    label, unit = (_(words) if words else "" for words in FIELDS.get(field, (field, "")))
    if parts[0] == "ri_breakdown":
        item = parts[2] if len(parts) > 3 and parts[1] == "organs" else None
        if item:
            return (_("RI form, {item}: {field}").format(item=RI_ITEM_LABELS.get(item, item),
                                                          field=label), unit, field)
        return _("RI form, {field}").format(field=label), unit, field
    area = AREAS.get(parts[0], "") if len(parts) > 1 else ""
    return (_("{area} {field}").format(area=_(area), field=label) if area else label), unit, field


def _day(key: str) -> str:
    """A visit's key in a stored change (its ISO date) as the run's language writes a date."""
    try:
        return date_text(date.fromisoformat(key))
    except ValueError:
        return key


def change_words(change: str, patient: Patient | None = None) -> str:
    """One stored change in clinical words (an unknown form is returned as it is)."""
    if change in ARCHIVING:
        return ARCHIVING[change]
    match = _CHANGE.match(change)
    if not match:
        return change
    old, new = _read(match["old"]), _read(match["new"])
    if match["path"] == "source":
        return _source_words(new)
    if lab_only := _LAB_ONLY.match(match["path"]):
        return _lab_only_words(lab_only["day"], lab_only["rest"], old, new)
    visit = _VISIT.match(match["path"])
    rest = visit["rest"] if visit else match["path"]
    if visit and rest == "date":
        return (_("Visit {day} added") if old is None else _("Visit {day} removed")).format(
            day=_day(visit["day"]))
    label, unit, field = _label(rest)
    if field in ("gc_dose_mg", "initial_dose_mg"):
        drug = _drug(patient, visit["day"] if visit else None)
        unit = _("{unit} {drug}").format(unit=unit, drug=drug) if drug else unit
    shown = _old_to_new(field, old, new, unit)
    if visit:
        return _("Visit {day}: {field} {change}").format(day=_day(visit["day"]), field=label,
                                                         change=shown)
    return _("{field}: {change}").format(field=f"{label[:1].upper()}{label[1:]}", change=shown)


def _source_words(source: Any) -> str:
    """Where an audited change's values came from (`Store.save`'s `source`)."""
    if not isinstance(source, dict):
        return str(source)
    if not source.get("name"):
        return _("From text pasted from the laboratory system")
    return _("From the laboratory file {name}").format(name=source["name"])


def _lab_only_words(day: str, rest: str, old: Any, new: Any) -> str:
    """A change of a laboratory-only entry: 'Laboratory results of 2026-12-06: IgG4 not recorded
    → 8,200 mg/L', or the entry added or removed."""
    if rest == "date":
        return (_("Laboratory results of {day} added") if old is None else
                _("Laboratory results of {day} removed")).format(day=_day(day))
    label, unit, field = _label(rest)
    return _("Laboratory results of {day}: {field} {change}").format(
        day=_day(day), field=label, change=_old_to_new(field, old, new, unit))


def _measured(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _old_to_new(field: str, old: Any, new: Any, unit: str) -> str:
    """'30 → 25 mg/day': the unit after the new number, or after the old one when the new is
    not a number ('60.5 kg → not recorded')."""
    if unit and _measured(new):
        return f"{_words(field, old)} → {_words(field, new)}{after_number(unit)}"
    if unit and _measured(old):
        return f"{_words(field, old)}{after_number(unit)} → {_words(field, new)}"
    return f"{_words(field, old)} → {_words(field, new)}"


def _drug(patient: Patient | None, day: str | None) -> str:
    """The glucocorticoid a dose is of: the visit's, else the regimen's."""
    if patient is None:
        return ""
    visit = next((v for v in patient.visits if v.date.isoformat() == day), None)
    drug = (visit.gc_drug if visit else None) or patient.treatment.glucocorticoid
    return GLUCOCORTICOID_NAMES.get(drug, str(drug))

"""The audit trail in clinical words (igg4rd.render.audit)."""
from __future__ import annotations

import pytest

from igg4rd.render.audit import change_words
from tests.unit.helpers import patient, visit

PATIENT = patient([visit(1, 8, 30, gc_drug="methylprednisolone")])
DAY = PATIENT.visits[0].date.isoformat()


@pytest.mark.parametrize(("stored", "words"), [
    ("age_years: null → 47", "Age: not recorded → 47 years"),
    ("visits[2026-06-01].gc_dose_mg: 30.0 → 25.0",
     "Visit 2026-06-01: dose 30 → 25 mg/day prednisone"),
    (f"visits[{DAY}].gc_dose_mg: 24.0 → 20.0",
     f"Visit {DAY}: dose 24 → 20 mg/day methylprednisolone"),
    ("weight_kg: 60.5 → null", "Weight: 60.5 kg → not recorded"),
    ("baseline.igg4: 8960.0 → 9000.0", "Baseline IgG4: 8960 → 9000 mg/L"),
    ('sex: "male" → "female"', "Sex: Male → Female"),
    ('sites: ["lung"] → ["lung", "kidney"]',
     "Involved sites: Lung disease → Lung disease, Kidney involvement"),
    (f'visits[{DAY}].date: null → "{DAY}"', f"Visit {DAY} added"),
    (f'visits[{DAY}].date: "{DAY}" → null', f"Visit {DAY} removed"),
    (f"visits[{DAY}].ri_breakdown.organs.lacrimal.activity: 2 → 1",
     f"Visit {DAY}: RI form, Dacryoadenitis (lacrimal gland): activity persistent (unchanged) "
     "→ improved, still present"),
    ("lab_results[2026-12-06].igg4: null → 8200.0",
     "Laboratory results of 2026-12-06: IgG4 not recorded → 8200 mg/L"),
    ("lab_results[2026-12-06].igg4: 8200.0 → null",
     "Laboratory results of 2026-12-06: IgG4 8200 mg/L → not recorded"),
    ("archived: True", "Archived (hidden from the picker)"),
    ("something unforeseen", "something unforeseen"),
])
def test_changes_in_clinical_words(stored, words):
    assert change_words(stored, PATIENT) == words

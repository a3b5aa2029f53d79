"""The registry overview: one row per stored patient with what a clinician scans for.

Outcome and risk stratum are the domain's (`assess`); months since start follow
docs/clinical-rules.md §2.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from igg4rd.language.words import OUTCOME_SHORT, TRACK_STATUS_WORDS
from igg4rd.render.report import regimen_name
from igg4rd.rules.assessment import assess
from igg4rd.rules.dates import months_between
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import DEFAULTS, Thresholds


def registry_row(patient: Patient, as_of: date, thresholds: Thresholds = DEFAULTS
                 ) -> dict[str, Any]:
    """id, regimen, months since start, outcome, risk stratum, last visit."""
    result = assess(patient, as_of, thresholds)
    risk = result.risk
    stratum = ((risk.stratum or " or ".join(risk.possible_strata)) if risk.applies
               else "n/a (GC+IM)")
    return {
        "id": patient.id,
        "regimen": regimen_name(patient),
        "months since start": round(months_between(patient.treatment.start_date, as_of), 1),
        "outcome": OUTCOME_SHORT[result.goals.outcome] + (
            f" · {TRACK_STATUS_WORDS[result.on_track.status].lower()}" if result.on_track
            else ""),
        "risk stratum": stratum,
        "last visit": max((v.date for v in patient.visits), default=None),
    }


def matches(row: dict[str, Any], query: str) -> bool:
    """Case-insensitive search over the row's text."""
    needle = query.strip().lower()
    return not needle or any(needle in str(value).lower() for value in row.values())

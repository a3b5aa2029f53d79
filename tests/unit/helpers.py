"""Builders for test patients: a few lines per case instead of a whole record."""
from __future__ import annotations

from datetime import date
from typing import Any

from igg4rd.rules.dates import month_date
from igg4rd.rules.model import Patient

START = date(2024, 3, 4)


def visit(month: float, ri: int | None = None, dose: float | None = None,
          relapse: tuple[str, ...] | bool = (), **extra: Any) -> dict[str, Any]:
    """A visit record `month` months after START."""
    sites = list(relapse) if isinstance(relapse, tuple) else []
    return {"date": month_date(START, month).isoformat(), "ri": ri, "gc_dose_mg": dose,
            "relapse": bool(relapse), "relapse_sites": sites, **extra}


def record(visits: list[dict[str, Any]] = (), baseline_ri: int | None = 14,
           regimen: str = "gc", sites: tuple[str, ...] = ("pancreas",),
           baseline: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A patient record (dict) starting on START with 40 mg prednisone for 4 weeks."""
    return {
        "format": "igg4rd.patient/1", "id": "t-1", "sites": list(sites),
        "baseline": {"date": START.isoformat(), "ri": baseline_ri, **(baseline or {})},
        "treatment": {"start_date": START.isoformat(), "regimen": regimen,
                      "initial_dose_mg": 40, "initial_weeks": 4,
                      "immunosuppressants": ["CTX"] if regimen == "gc+im" else []},
        "visits": list(visits), **extra,
    }


def patient(visits: list[dict[str, Any]] = (), **kwargs: Any) -> Patient:
    return Patient.model_validate(record(visits, **kwargs))


def at_month(month: float) -> date:
    return month_date(START, month)

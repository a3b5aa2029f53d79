"""A cohort as a table of per-patient results: each patient judged by the same rules as a single
patient (`goals.assess_goals`, `risk.assess_risk`, `goals.failure_sites`), one row each.

No rule is restated here: the rows carry the verdicts and the baseline values the tables need.
Patients may be streamed in (any iterable): only the rows are kept.
"""
from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from igg4rd.rules.codes import FailureKind, Outcome, RiskFactor
from igg4rd.rules.goals import assess_goals, failure_sites, stage_close_date
from igg4rd.rules.labs import FIG4_LABS, LAB_VALUES
from igg4rd.rules.model import Patient
from igg4rd.rules.risk import assess_risk
from igg4rd.rules.sites import SITES
from igg4rd.rules.thresholds import DEFAULTS, Thresholds

LAB_CODES = tuple(lab.code for lab in LAB_VALUES)
MONTH6_LABS = tuple(lab.code for lab in FIG4_LABS)
FACTORS = tuple(RiskFactor)
COLUMNS = (
    "id", "regimen", "sex", "age_years", "diagnosis", "disease_duration_months",
    "allergy_history", "mikulicz", "n_sites", "baseline_ri", *LAB_CODES, "initial_dose_mg",
    "initial_weeks", *(f"site_{s}" for s in SITES),
    "outcome", "ri_met", "dose_met", "relapse_met", *FailureKind, "max_decline",
    *(f"month6_{lab}" for lab in MONTH6_LABS), *FACTORS, "stratum", "failure_sites",
)
_FLOATS = ("age_years", "disease_duration_months", "baseline_ri", *LAB_CODES, "initial_dose_mg",
           "initial_weeks", "max_decline", *(f"month6_{lab}" for lab in MONTH6_LABS))
_NULLABLE = ("allergy_history", "mikulicz", "ri_met", "dose_met", "relapse_met", *FACTORS)
Progress = Callable[[int], None]


def _code(value: Any) -> Any:
    return None if value is None else value.value


def patient_row(patient: Patient, as_of: date | None, thresholds: Thresholds = DEFAULTS
                ) -> tuple[Any, ...]:
    """One patient's values and verdicts, in `COLUMNS` order. `as_of` None: judged at the day
    the month-6 window has closed (`goals.stage_close_date`), so nobody is pending."""
    treatment, baseline = patient.treatment, patient.baseline
    goals = assess_goals(patient, as_of or stage_close_date(treatment.start_date, thresholds),
                         thresholds)
    risk = assess_risk(patient, thresholds)
    month6, sites = goals.assessment_visit, set(patient.sites)
    return (
        patient.id, treatment.regimen.value, _code(patient.sex), patient.age_years,
        _code(patient.diagnosis), patient.disease_duration_months, patient.allergy_history,
        patient.mikulicz, len(sites), baseline.ri, *(getattr(baseline, lab) for lab in LAB_CODES),
        treatment.initial_dose_prednisone_mg, treatment.initial_weeks,
        *(site in sites for site in SITES),
        goals.outcome.value, goals.ri_decline.met, goals.gc_maintenance.met,
        goals.no_relapse.met, *(kind in goals.failure_kinds for kind in FailureKind),
        goals.ri_decline.max_decline,
        *(getattr(month6, lab) if month6 else None for lab in MONTH6_LABS),
        *(factor.present for factor in risk.factors), _code(risk.stratum),
        failure_sites(goals),
    )


def results_frame(patients: Iterable[Patient], as_of: date | None,
                  thresholds: Thresholds = DEFAULTS, progress: Progress | None = None
                  ) -> pd.DataFrame:
    """One row per patient (`COLUMNS`); `progress(n)` is called every 1,000 patients."""
    rows = []
    collecting = gc.isenabled()
    gc.disable()  # millions of small objects are kept: no full-heap collections meanwhile
    try:
        for patient in patients:
            rows.append(patient_row(patient, as_of, thresholds))
            if progress and len(rows) % 1000 == 0:
                progress(len(rows))
    finally:
        if collecting:
            gc.enable()
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS)).astype({
        **dict.fromkeys(_FLOATS, float), **dict.fromkeys(_NULLABLE, "boolean"), "n_sites": int,
        **dict.fromkeys((*(f"site_{s}" for s in SITES), *FailureKind), bool)})
    frame["outcome"] = pd.Categorical(frame["outcome"], categories=[o.value for o in Outcome])
    return frame


def judged(frame: pd.DataFrame) -> np.ndarray:
    """Which rows have an outcome (success or failure): the patients the tables analyse."""
    return frame["outcome"].isin([Outcome.SUCCESS, Outcome.FAILURE]).to_numpy()

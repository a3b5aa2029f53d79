"""The vectorised cohort outcomes equal `goals.assess_goals`, patient by patient; the vectorised
risk factors equal `risk.assess_risk`. Seeded random records with relapses, missing values,
other glucocorticoids and visits on the month-6 window's edges."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pandas as pd
import pytest

from igg4rd.cohort.analysis import baseline_factors, cohort_frames, outcomes, stage_close_day
from igg4rd.language.words import SITE_LABELS
from igg4rd.rules.goals import assess_goals
from igg4rd.rules.model import Patient
from igg4rd.rules.risk import assess_risk

START = date(2024, 3, 4)
EDGE_DAYS = (150, 152, 153, 167, 168, 182, 183, 197, 198, 212, 213, 214, 215)
DRUGS = ("prednisone", "methylprednisolone", "dexamethasone", None)
KINDS = ("persistently_active", "relapse", "taper_failure")


def _maybe(rng: random.Random, value, missing: float = 0.15):
    return None if rng.random() < missing else value


def random_record(rng: random.Random, i: int) -> dict:
    days = sorted(rng.sample(range(1, 400), rng.randint(0, 5))
                  + rng.sample(EDGE_DAYS, rng.randint(0, 3)))
    visits = []
    for day in dict.fromkeys(days):
        relapse = rng.random() < 0.12
        visits.append({
            "date": (START + timedelta(days=day)).isoformat(),
            "ri": _maybe(rng, rng.randint(0, 24)),
            "gc_drug": rng.choice(DRUGS),
            "gc_dose_mg": _maybe(rng, rng.choice([2.0, 5.0, 7.5, 8.0, 10.0, 12.5, 15.0, 30.0])),
            "relapse": relapse,
            "relapse_sites": [rng.choice(sorted(SITE_LABELS))] if relapse and rng.random() < .7
            else [],
        })
    rng.shuffle(visits)  # visits may come in any order
    eos_pct = _maybe(rng, round(rng.uniform(0, 12), 1), 0.3)
    return {
        "id": f"r-{i}", "sites": rng.sample(sorted(SITE_LABELS), rng.randint(0, 7)),
        "baseline": {"date": START.isoformat(), "ri": rng.choice([None, 0, 1, 8, 14, 19, 25]),
                     "eosinophils_pct": eos_pct,
                     "eosinophils_count": _maybe(rng, round(rng.uniform(0, 1.2), 2), 0.5)},
        "treatment": {"start_date": START.isoformat(), "regimen": rng.choice(["gc", "gc+im"]),
                      "glucocorticoid": rng.choice(DRUGS[:3]), "initial_dose_mg": 40},
        "visits": visits,
    }


def _met(value) -> bool | None:
    return None if value is pd.NA else bool(value)


@pytest.fixture(scope="module")
def population() -> list[Patient]:
    rng = random.Random(20240304)
    return [Patient.model_validate(random_record(rng, i)) for i in range(600)]


@pytest.mark.parametrize("offset", [0, 120, 152, 182, 183, 200, 213, 214, 400, None])
def test_vectorised_outcomes_equal_assess_goals(population, offset):
    as_of = None if offset is None else START + timedelta(days=offset)
    result = outcomes(cohort_frames(population), as_of)
    judged_at = as_of or START + timedelta(days=stage_close_day())
    for i, patient in enumerate(population):
        goals = assess_goals(patient, judged_at)
        row = result.iloc[i]
        assert row["outcome"] == goals.outcome, patient.id
        assert tuple(k for k in KINDS if row[k]) == goals.failure_kinds, patient.id
        for column, goal in (("ri_met", goals.ri_decline), ("dose_met", goals.gc_maintenance),
                             ("relapse_met", goals.no_relapse)):
            assert _met(row[column]) == goal.met, (patient.id, column)


def test_population_covers_every_outcome_and_kind(population):
    result = outcomes(cohort_frames(population), START + timedelta(days=400))
    assert set(result["outcome"]) == {"success", "failure", "insufficient_data"}
    assert all(result[k].any() for k in KINDS)
    assert set(outcomes(cohort_frames(population), START + timedelta(days=100))["outcome"]) >= {
        "pending", "failure"}


def test_stage_close_is_the_first_day_past_month_7():
    assert stage_close_day() == 214


def test_vectorised_risk_factors_equal_assess_risk(population):
    factors = baseline_factors(cohort_frames(population).patients)
    for i, patient in enumerate(population):
        risk = assess_risk(patient)
        row = factors.iloc[i]
        for factor in risk.factors:
            assert _met(row[factor.name]) == factor.present
        assert (None if isinstance(row["stratum"], float) else row["stratum"]) == risk.stratum


def test_empty_cohort_has_no_outcomes():
    assert outcomes(cohort_frames([]), START).empty


def test_patients_can_be_streamed_into_the_columns():
    from igg4rd.cohort.analysis import cohort_frames
    from igg4rd.synthetic.patients import iter_synthetic_population, synthetic_population

    today = date(2026, 11, 1)
    held = cohort_frames(synthetic_population(30, today))
    streamed = cohort_frames(iter_synthetic_population(30, today))
    assert held.patients.equals(streamed.patients) and held.visits.equals(streamed.visits)

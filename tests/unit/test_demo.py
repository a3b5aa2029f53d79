"""Synthetic demo patients cover every outcome and risk stratum, and say they are synthetic."""
from __future__ import annotations

from datetime import date

import pytest

from igg4rd.rules.assessment import assess
from igg4rd.synthetic.patients import demo_patients, synthetic_population

TODAYS = [date(2026, 11, 25), date(2027, 2, 28), date(2025, 1, 1)]


@pytest.mark.parametrize("today", TODAYS)
def test_demo_covers_every_outcome_and_failure_kind(today):
    results = [assess(p, today) for p in demo_patients(today)]
    outcomes = {r.goals.outcome for r in results}
    kinds = {k for r in results for k in r.goals.failure_kinds}
    assert outcomes == {"success", "failure", "pending", "insufficient_data"}
    assert kinds == {"persistently_active", "relapse", "taper_failure"}


@pytest.mark.parametrize("today", TODAYS)
def test_demo_covers_every_risk_stratum_on_monotherapy_and_combination(today):
    results = [assess(p, today).risk for p in demo_patients(today)]
    assert {r.stratum for r in results if r.applies} >= {"0", "1", "2", "3-4"}
    assert any(not r.applies for r in results)
    assert any(r.stratum is None and r.applies for r in results)  # missing data: a range


def test_demo_is_synthetic_and_reproducible():
    today = TODAYS[0]
    first, second = demo_patients(today), demo_patients(today)
    assert first == second
    assert all(p.synthetic for p in first)


def test_population_has_the_requested_visits():
    population = synthetic_population(20, TODAYS[0], n_visits=8)
    assert len(population) == 20
    assert all(len(p.visits) == 8 and p.synthetic for p in population)

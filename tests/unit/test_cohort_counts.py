"""The cohort's counts are the per-patient verdicts: every table counts what `assess_goals` and
`assess_risk` decided for each patient. Seeded random records with relapses, missing values, other
glucocorticoids and visits on the month-6 window's edges."""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from igg4rd.cohort.analysis import analyse
from igg4rd.language.words import SITE_LABELS
from igg4rd.rules.goals import assess_goals, failure_sites, stage_close_date
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


@pytest.fixture(scope="module")
def population() -> list[Patient]:
    rng = random.Random(20240304)
    return [Patient.model_validate(random_record(rng, i)) for i in range(600)]


def _verdicts(population: list[Patient], as_of: date | None) -> list:
    return [assess_goals(p, as_of or stage_close_date(p.treatment.start_date))
            for p in population]


@pytest.mark.parametrize("offset", [0, 120, 152, 182, 183, 200, 213, 214, 400, None])
def test_the_cohort_counts_the_per_patient_verdicts(population, offset):
    as_of = None if offset is None else START + timedelta(days=offset)
    analysis = analyse(population, as_of)
    verdicts = _verdicts(population, as_of)
    expected = Counter(goals.outcome for goals in verdicts)
    assert {k: analysis.counts.get(k, 0) for k in expected} == dict(expected)
    judged = [(p, g) for p, g in zip(population, verdicts, strict=True)
              if g.outcome in ("success", "failure")]
    t2 = analysis.frame("table2").set_index("row")
    for regimen in ("gc", "gc+im"):
        mine = [g for p, g in judged if p.treatment.regimen == regimen]
        failed = sum(g.outcome == "failure" for g in mine)
        shown = t2.loc["failure", f"{regimen}:shown"]
        assert shown.startswith(f"{failed} (") if mine else shown == "no patients", regimen
        for row, kind in (("relapse", "relapse"), ("taper_failure", "taper_failure"),
                          ("ri_reduction_below_50", "persistently_active")):
            count = sum(kind in g.failure_kinds for g in mine)
            shown = t2.loc[row, f"{regimen}:shown"]
            assert shown.startswith(f"{count} (") if mine else shown == "no patients", row


def test_failure_organs_are_the_per_patient_failure_sites(population):
    as_of = START + timedelta(days=400)
    fig3b = analyse(population, as_of).frame("fig3b").set_index("row")
    verdicts = _verdicts(population, as_of)
    for regimen in ("gc", "gc+im"):
        counted = Counter(site for p, g in zip(population, verdicts, strict=True)
                          if p.treatment.regimen == regimen for site in failure_sites(g)
                          if site in p.sites)
        assert {s: int(fig3b.loc[s, f"{regimen}:failed"]) for s in fig3b.index
                if fig3b.loc[s, f"{regimen}:failed"]} == dict(counted)


def test_fig3c_counts_the_per_patient_strata(population):
    as_of = START + timedelta(days=400)
    analysis = analyse(population, as_of)
    expected = Counter()
    for patient, goals in zip(population, _verdicts(population, as_of), strict=True):
        risk = assess_risk(patient)
        if risk.applies and risk.stratum and goals.outcome in ("success", "failure"):
            expected[risk.stratum] += 1
    fig3c = analysis.frame("fig3c").set_index("row")
    assert {s: int(fig3c.loc[s, "cohort:patients"]) for s in fig3c.index} == {
        s: expected[s] for s in ("0", "1", "2", "3-4")}


def test_population_covers_every_outcome_and_kind(population):
    verdicts = _verdicts(population, START + timedelta(days=400))
    assert {g.outcome for g in verdicts} == {"success", "failure", "insufficient_data"}
    assert {k for g in verdicts for k in g.failure_kinds} == set(KINDS)


def test_stage_close_is_the_first_day_past_month_7():
    assert (stage_close_date(START) - START).days == 214


def test_patients_can_be_streamed_in():
    from igg4rd.synthetic.patients import iter_synthetic_population, synthetic_population

    today = date(2026, 11, 1)
    held = analyse(synthetic_population(30, today), today)
    streamed = analyse(iter_synthetic_population(30, today), today)
    assert held.results.equals(streamed.results)
    assert held.frame("table3").equals(streamed.frame("table3"))

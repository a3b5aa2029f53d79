"""Synthetic demo patients (seeded, reproducible). SYNTHETIC: no real patient is described.

`demo_patients` gives one patient per outcome (success, each failure kind, pending, insufficient
data) and per GC-monotherapy risk stratum (Fig. 3c: 0, 1, 2, 3-4), one on GC + IM and one pending
but behind the protocol's taper (goal 2 at risk), dated
relative to `today` so that 'pending' stays pending. `synthetic_population` makes many random
patients for benchmarks.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from igg4rd.rules.dates import month_date
from igg4rd.rules.model import Baseline, Patient, Treatment, Visit
from igg4rd.rules.sites import SITES

VisitPlan = tuple[float, int | None, float | None, tuple[str, ...]]  # month, RI, dose, relapse


@dataclass(frozen=True)
class DemoPlan:
    """The story of one synthetic patient: baseline and planned visits."""

    id: str
    months_ago: float
    sites: tuple[str, ...]
    baseline_ri: int
    eosinophils_pct: float | None
    visits: tuple[VisitPlan, ...]
    regimen: str = "gc"
    glucocorticoid: str = "prednisone"
    initial_dose_mg: float = 40.0
    immunosuppressants: tuple[str, ...] = ()
    sex: str = "male"
    age_years: int = 54
    weight_kg: float = 65.0
    mikulicz: bool | None = None


DEMO_PLANS: tuple[DemoPlan, ...] = (
    DemoPlan("demo-01-success", 9, ("pancreas", "bile_duct"), 12, 2.1,
             ((1, 5, 30, ()), (3, 3, 20, ()), (6, 2, 7.5, ()), (9, 2, 5, ()))),
    DemoPlan("demo-02-taper-failure", 8, ("pancreas", "retroperitoneum", "kidney"), 20, 3.0,
             ((1, 9, 35, ()), (3, 6, 25, ()), (6, 5, 15, ())), sex="female", age_years=61),
    DemoPlan("demo-03-relapse", 8, ("lacrimal", "salivary", "lymph_nodes"), 14, 7.4,
             ((1, 6, 30, ()), (3, 11, 30, ("lacrimal",)), (6, 6, 15, ())), mikulicz=True),
    DemoPlan("demo-04-persistently-active", 7.5,
             ("lacrimal", "salivary", "lung", "lymph_nodes", "sinus"), 22, 9.1,
             ((1, 18, 40, ()), (3, 16, 32, ()), (6, 14, 16, ())),
             glucocorticoid="methylprednisolone", mikulicz=True, weight_kg=72.0),
    DemoPlan("demo-05-pending", 2.2, ("lacrimal", "salivary", "pancreas"), 15, 3.8,
             ((1, 7, 35, ()),), sex="female", age_years=47, weight_kg=58.0, mikulicz=True),
    DemoPlan("demo-06-insufficient-data", 11, ("retroperitoneum", "aorta"), 10, None,
             ((1, 6, 30, ()), (3, 4, 20, ()), (9, 3, 7.5, ())), age_years=66),
    DemoPlan("demo-07-combination", 10,
             ("lacrimal", "salivary", "pancreas", "bile_duct", "lymph_nodes", "lung"), 24, 6.5,
             ((1, 10, 35, ()), (3, 6, 20, ()), (6, 3, 10, ()), (9, 3, 7.5, ())),
             regimen="gc+im", immunosuppressants=("CTX",), initial_dose_mg=50.0, mikulicz=True,
             weight_kg=78.0),
    DemoPlan("demo-08-behind-target", 4.5, ("pancreas", "bile_duct", "lymph_nodes"), 16, 2.6,
             ((1, 9, 35, ()), (3, 8, 35, ())), sex="female", age_years=58, weight_kg=62.0),
)


def _labs(rng: random.Random, activity: float) -> dict[str, float]:
    """Plausible labs scaled by disease activity (0 quiet .. 1 as at baseline)."""
    return {
        "esr": round(5 + 40 * activity * rng.uniform(0.6, 1.4)),
        "crp": round(0.5 + 8 * activity * rng.uniform(0.5, 1.5), 2),
        "igg": round(12 + 10 * activity * rng.uniform(0.7, 1.3), 2),
        "igg4": round(800 + 9000 * activity * rng.uniform(0.6, 1.4)),
    }


def build_patient(plan: DemoPlan, today: date, rng: random.Random) -> Patient:
    """A synthetic `Patient` following `plan`, its start `plan.months_ago` before `today`."""
    start = month_date(today, -plan.months_ago)
    baseline = Baseline(date=start, ri=plan.baseline_ri, eosinophils_pct=plan.eosinophils_pct,
                        eosinophils_count=None if plan.eosinophils_pct is None
                        else round(plan.eosinophils_pct * 0.07, 2),
                        ige=round(rng.uniform(100, 900), 1), **_labs(rng, 1.0))
    visits = [
        Visit(date=month_date(start, month), ri=ri, gc_dose_mg=dose, relapse=bool(relapse),
              relapse_sites=list(relapse), eosinophils_pct=round(rng.uniform(1, 4), 1),
              **_labs(rng, (ri or 0) / plan.baseline_ri))
        for month, ri, dose, relapse in plan.visits
        if month_date(start, month) <= today
    ]
    return Patient(
        id=plan.id, synthetic=True, sex=plan.sex, age_years=plan.age_years,
        weight_kg=plan.weight_kg, diagnosis="definite", disease_duration_months=12,
        allergy_history=rng.random() < 0.5, sites=list(plan.sites), mikulicz=plan.mikulicz,
        baseline=baseline,
        treatment=Treatment(start_date=start, regimen=plan.regimen,
                            glucocorticoid=plan.glucocorticoid,
                            initial_dose_mg=plan.initial_dose_mg, initial_weeks=4,
                            immunosuppressants=list(plan.immunosuppressants)),
        visits=visits)


def demo_patients(today: date, seed: int = 2024) -> list[Patient]:
    """The curated synthetic demo patients, dated relative to `today`."""
    rng = random.Random(seed)
    return [build_patient(plan, today, rng) for plan in DEMO_PLANS]


def random_plan(rng: random.Random, index: int, n_visits: int) -> DemoPlan:
    """A random synthetic patient plan: protocol-like taper, RI falling, rare relapse."""
    sites = tuple(rng.sample(sorted(SITES), rng.randint(1, 6)))
    baseline_ri = rng.randint(6, 26)
    months = [1, 3, 6, *range(9, 9 + 3 * (n_visits - 3), 3)][:n_visits]
    relapse_at = rng.choice([None] * 6 + [3])
    regimen = rng.choice(["gc", "gc+im"])
    dose = 40.0
    plans = []
    for month in months:
        dose = max(dose - rng.choice([5, 10, 10, 15]), rng.choice([5.0, 7.5, 10.0, 12.5]))
        relapse = (rng.choice(sites),) if month == relapse_at else ()
        plans.append((month, max(0, round(baseline_ri * rng.uniform(0.1, 0.7))), dose, relapse))
    return DemoPlan(f"synthetic-{index:06d}", months[-1] + 0.5, sites, baseline_ri,
                    round(rng.uniform(0.5, 12), 1), tuple(plans),
                    regimen=regimen, immunosuppressants=("MMF",) if regimen == "gc+im" else ())


def iter_synthetic_population(n: int, today: date, n_visits: int = 8, seed: int = 7
                              ) -> Iterator[Patient]:
    """`n` random synthetic patients with `n_visits` visits each, made one at a time."""
    rng = random.Random(seed)
    for i in range(n):
        yield build_patient(random_plan(rng, i, n_visits), today, rng)


def synthetic_population(n: int, today: date, n_visits: int = 8, seed: int = 7
                         ) -> list[Patient]:
    """`n` random synthetic patients with `n_visits` visits each (benchmarks, load tests)."""
    return list(iter_synthetic_population(n, today, n_visits, seed))

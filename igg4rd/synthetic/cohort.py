"""A SYNTHETIC demo cohort whose counts reproduce the paper's (no real patient is described).

215 patients, 77 on GC monotherapy and 138 on GC + IM, with every count the paper prints or that
its figures determine (`evidence`): Table 2's outcome rows and binary baseline rows, Table 3's
derived counts (risk factors, RI quartiles, organ groups, sites, sex, allergy, disease duration),
the Fig. 3c strata on the patients with complete risk data, Fig. 3b's organ-level failures and
Table 1's site counts. The joint assignment of these facts to patients is an integer feasibility
problem (scipy's HiGHS `milp`); the rest (ages, laboratory values, visit dates) is drawn from a
seeded generator around the published medians. Each patient's outcome comes from its visits
through `goals.assess_goals`; tests check the counts.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date
from itertools import product
from statistics import NormalDist

import numpy as np

from igg4rd.rules import evidence
from igg4rd.rules.dates import month_date
from igg4rd.rules.model import Baseline, Patient, Treatment, Visit
from igg4rd.rules.responder_index import OrganItem, RIBreakdown
from igg4rd.rules.sites import SITES

Kind = str  # "success" | "relapse" | "relapse_taper" | "active_taper"
EOS = (True, False, None)
GROUPS = ("1_2", "3_4", "5_plus")
GROUP_SITES = {"1_2": (1, 2), "3_4": (3, 4), "5_plus": (5, 8)}
RI_RANGES = ((4, 10), (11, 14), (15, 18), (19, 28))  # cohort RI quartiles 10, 14, 18 (Table 1)
KINDS = {  # failure kinds per regimen (Table 2; 3 persistently active, all failing tapering)
    "gc": {"active_taper": 2, "relapse_taper": 6, "relapse": 8},
    "gc+im": {"active_taper": 1, "relapse_taper": 8, "relapse": 1},
}
# Eosinophil data by regimen, (failures, successes): with eosinophilia, without, not measured.
EOS_CELLS = {"gc": ((10, 11), (5, 40), (1, 10)), "gc+im": ((4, 37), (6, 81), (0, 10))}
_OTHER_SITES = ("kidney", "prostate", "skin", "aorta", "orbit", "mediastinum", "liver",
                "thyroid", "cns")
_TABLE2_SITES = ("salivary", "pancreas", "bile_duct", "retroperitoneum", "lung", "sinus",
                 "lymph_nodes")
ORGAN_FAILURES = {"gc": evidence.ORGAN_FAILURE_GC, "gc+im": evidence.ORGAN_FAILURE_GC_IM}


def _index(regimen: str) -> int:
    return 0 if regimen == "gc" else 1


def _site_total(regimen: str, site: str) -> int:
    """Patients with `site` on `regimen`: Table 2, or Table 1 split by regimen size."""
    if site in evidence.TABLE2_BASELINE:
        return evidence.TABLE2_BASELINE[site][_index(regimen)].events
    total = evidence.TABLE1_COUNTS[site].events
    gc = round(total * evidence.FAILURE_GC.total / evidence.COHORT_N)
    return gc if regimen == "gc" else total - gc


def _solve(a_eq: list[dict[int, float]], b_eq: list[float], a_ub: list[dict[int, float]],
           b_ub: list[float], size: int, upper: float = np.inf) -> np.ndarray:
    """A non-negative integer solution (each <= `upper`) of sparse constraints (HiGHS)."""
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix

    def matrix(rows: list[dict[int, float]]) -> csr_matrix:
        cells = [(i, j, v) for i, r in enumerate(rows) for j, v in r.items()]
        i, j, v = zip(*cells, strict=True) if cells else ((), (), ())
        return csr_matrix((v, (i, j)), shape=(len(rows), size))

    constraints = [LinearConstraint(matrix(a_eq), b_eq, b_eq)]
    if a_ub:
        constraints.append(LinearConstraint(matrix(a_ub), -np.inf, b_ub))
    result = milp(np.zeros(size), constraints=constraints, integrality=np.ones(size),
                  bounds=Bounds(0, upper))
    if result.x is None:
        raise RuntimeError(f"demo cohort constraints are infeasible: {result.message}")
    return np.round(result.x).astype(int)


@dataclass(frozen=True)
class Profile:
    """The facts of one synthetic patient fixed by the published counts."""

    regimen: str
    failed: bool
    eosinophilia: bool | None
    ri_quartile: int
    organ_group: str
    dacryoadenitis: bool


def _risk_profiles(regimen: str) -> list[Profile]:
    """Patients' (eosinophilia, RI quartile, organ group, dacryoadenitis, failure): the
    Table 3 derived counts and, on GC, the Fig. 3c strata (complete data) hold together."""
    cells = list(product(EOS, range(1, 5), GROUPS, (True, False), (True, False)))
    a_eq, b_eq, a_ub, b_ub = [], [], [], []

    def constrain(pick, total: int) -> None:
        a_eq.append({i: 1.0 for i, cell in enumerate(cells) if pick(*cell)})
        b_eq.append(total)

    r = _index(regimen)
    for failed in (True, False):
        for eos, counts in zip(EOS, EOS_CELLS[regimen], strict=True):
            constrain(lambda e, q, g, d, f, eos=eos, failed=failed: e is eos and f == failed,
                      counts[0 if failed else 1])
        groups = evidence.TABLE3_DERIVED_GROUPS
        for q, (k, n) in enumerate(groups["ri_quartile"][r], start=1):
            constrain(lambda e, qq, g, d, f, q=q, failed=failed: qq == q and f == failed,
                      k if failed else n - k)
        for group, (k, n) in zip(GROUPS, groups["organs"][r], strict=True):
            constrain(lambda e, q, g, d, f, group=group, failed=failed: g == group and f == failed,
                      k if failed else n - k)
        k, n, k0, n0 = evidence.TABLE3_DERIVED_COUNTS["lacrimal"][r]
        constrain(lambda e, q, g, d, f, failed=failed: d and f == failed, k if failed else n - k)
        if regimen == "gc":
            for stratum, share in evidence.RISK_STRATA_COMPLETE_DATA.items():
                constrain(lambda e, q, g, d, f, stratum=stratum, failed=failed:
                          e is not None and f == failed and _stratum(e, q, g, d) == stratum,
                          share.events if failed else share.total - share.events)
    if regimen == "gc":  # unknown eosinophils with three other factors would be stratified
        a_ub.append({i: 1.0 for i, (e, q, g, d, f) in enumerate(cells)
                     if e is None and (q == 4) + (g == "5_plus") + d >= 3})
        b_ub.append(0)
    counts = _solve(a_eq, b_eq, a_ub, b_ub, len(cells))
    return [Profile(regimen, f, e, q, g, d)
            for (e, q, g, d, f), n in zip(cells, counts, strict=True) for _ in range(n)]


def _stratum(eos: bool, quartile: int, group: str, dacryo: bool) -> str:
    count = int(eos) + (quartile == 4) + (group == "5_plus") + int(dacryo)
    return "3-4" if count >= 3 else str(count)


def _sites_and_failures(profiles: list[Profile], males: list[bool], regimen: str
                        ) -> tuple[list[list[str]], list[bool], list[list[str]]]:
    """Sites, Mikulicz and failure organs per patient: Table 1/2 site counts, Table 3 derived
    failures per site and for Mikulicz, Fig. 3b failures per organ, group sizes per patient."""
    n, s = len(profiles), len(SITES)
    size = 2 * n * s + n  # x[p, site], y[p, site] (failed in the organ), m[p] (Mikulicz)

    def x(p: int, j: int) -> int:
        return p * s + j

    def y(p: int, j: int) -> int:
        return n * s + p * s + j

    a_eq, b_eq, a_ub, b_ub = [], [], [], []

    def row(entries: dict[int, float]) -> dict[int, float]:
        return entries

    r = _index(regimen)
    lacrimal = SITES.index("lacrimal")
    for p, prof in enumerate(profiles):
        low, high = GROUP_SITES[prof.organ_group]
        every = {x(p, j): 1.0 for j in range(s)}
        a_ub += [row(every), row({i: -1.0 for i in every})]
        b_ub += [high, -low]
        a_eq.append(row({x(p, lacrimal): 1.0}))
        b_eq.append(float(prof.dacryoadenitis))
        for j in range(s):  # failure organs are involved organs of failed patients
            a_ub.append(row({y(p, j): 1.0, x(p, j): -1.0}))
            b_ub.append(0)
            if not prof.failed:
                a_eq.append(row({y(p, j): 1.0}))
                b_eq.append(0)
        if prof.failed:
            a_ub.append(row({y(p, j): -1.0 for j in range(s)}))
            b_ub.append(-1)
        if not males[p]:
            a_eq.append(row({x(p, SITES.index("prostate")): 1.0}))
            b_eq.append(0)
        mikulicz = 2 * n * s + p  # Mikulicz needs lacrimal or salivary glands
        a_ub.append(row({mikulicz: 1.0, x(p, lacrimal): -1.0, x(p, SITES.index("salivary")): -1}))
        b_ub.append(0)
    failed = [p for p, prof in enumerate(profiles) if prof.failed]
    for j, site in enumerate(SITES):
        if site != "lacrimal":
            a_eq.append(row({x(p, j): 1.0 for p in range(n)}))
            b_eq.append(_site_total(regimen, site))
        if site in evidence.TABLE3_DERIVED_COUNTS:
            a_eq.append(row({x(p, j): 1.0 for p in failed}))
            b_eq.append(evidence.TABLE3_DERIVED_COUNTS[site][r][0])
        if site in ORGAN_FAILURES[regimen]:
            a_eq.append(row({y(p, j): 1.0 for p in failed}))
            b_eq.append(ORGAN_FAILURES[regimen][site].events)
    k, with_n, _, _ = evidence.TABLE3_DERIVED_COUNTS["mikulicz"][r]
    a_eq += [row({2 * n * s + p: 1.0 for p in range(n)}), row({2 * n * s + p: 1.0 for p in failed})]
    b_eq += [with_n, k]
    solution = _solve(a_eq, b_eq, a_ub, b_ub, size, upper=1)
    sites = [[SITES[j] for j in range(s) if solution[x(p, j)]] for p in range(n)]
    organs = [[SITES[j] for j in range(s) if solution[y(p, j)]] for p in range(n)]
    return sites, [bool(solution[2 * n * s + p]) for p in range(n)], organs


def _flags(rng: random.Random, failed: list[bool], with_failed: int, with_total: int
           ) -> list[bool]:
    """True for `with_failed` failed and `with_total - with_failed` other patients."""
    out = [False] * len(failed)
    for want, group in ((with_failed, [i for i, f in enumerate(failed) if f]),
                        (with_total - with_failed, [i for i, f in enumerate(failed) if not f])):
        for i in rng.sample(group, want):
            out[i] = True
    return out


def _at(spread: evidence.MedianIQR, z: float, digits: int, low: float, high: float) -> float:
    """The log-normal value `z` standard deviations from the published median (its spread from
    the IQR), kept within [low, high]."""
    sigma = math.log(spread.q3 / spread.q1) / 1.349
    return min(high, max(low, round(spread.median * math.exp(z * sigma), digits)))


def _lognormal(rng: random.Random, spread: evidence.MedianIQR, digits: int, low: float,
               high: float) -> float:
    """A random value around the published median and IQR (log-normal), within [low, high]."""
    return _at(spread, rng.gauss(0, 1), digits, low, high)


def _ranks(rng: random.Random, failed: list[bool]) -> list[float]:
    """Evenly spread quantiles within each outcome group, shuffled (month-6 serology)."""
    ranks = [0.0] * len(failed)
    for outcome in (True, False):
        members = [i for i, f in enumerate(failed) if f == outcome]
        spread = [(j + 0.5) / len(members) for j in range(len(members))]
        rng.shuffle(spread)
        for i, rank in zip(members, spread, strict=True):
            ranks[i] = rank
    return ranks


def _ri_value(rng: random.Random, quartile: int, position: int) -> int:
    """An RI in the quartile's range; the first patients of each take its top value, so the
    cohort's quartiles fall on 10, 14 and 18 (Table 1)."""
    low, high = RI_RANGES[quartile - 1]
    return high if position < 12 else rng.randint(low, high)


@dataclass(frozen=True)
class _Story:
    kind: Kind
    sites: tuple[str, ...]
    failure_organs: tuple[str, ...]
    rank: float  # the month-6 serology's quantile within the outcome group (0-1)


def _visits(rng: random.Random, start: date, today: date, base_ri: int, story: _Story
            ) -> list[Visit]:
    """Visits at months 1, 3, 6, 9, 12 telling the story's outcome (clinical-spec §3)."""
    failed = story.kind != "success"
    serology = {k: evidence.MONTH6_SEROLOGY[k][0 if failed else 1] for k in ("esr", "crp",
                                                                              "igg4")}
    month6_igg = evidence.MedianIQR(14, 11, 17, "g/L", "demo: comparable (Fig. 4c)")
    active_ri = base_ri // 2 + 1
    plans = {  # month: (RI, dose mg/day prednisone, relapse)
        "success": ((1, base_ri * 4 // 10, 30), (3, base_ri * 3 // 10, 20),
                    (6, base_ri * 2 // 10, rng.choice([5.0, 7.5, 10.0]))),
        "relapse": ((1, base_ri * 4 // 10, 30), (3, base_ri * 7 // 10, 30),
                    (6, base_ri * 4 // 10, 10.0)),
        "relapse_taper": ((1, base_ri * 4 // 10, 30), (3, base_ri * 7 // 10, 30),
                          (6, base_ri * 5 // 10, rng.choice([15.0, 20.0]))),
        "active_taper": ((1, max(active_ri, base_ri - 1), 35), (3, max(active_ri, base_ri - 2), 25),
                         (6, active_ri, 15.0)),
    }[story.kind]
    visits = []
    for month, ri, dose in (*plans, (9, plans[-1][1], 7.5), (12, plans[-1][1], 5.0)):
        day = month_date(start, month)
        if day > today:
            break
        relapse = month == 3 and story.kind.startswith("relapse")
        z = NormalDist().inv_cdf(story.rank)
        labs = ({"esr": _at(serology["esr"], z, 0, 1, 150),
                 "crp": _at(serology["crp"], z, 2, 0.1, 300),
                 "igg": _at(month6_igg, NormalDist().inv_cdf(1 - story.rank), 2, 5, 80),
                 "igg4": _at(serology["igg4"], z, 0, 60, 150_000)} if month == 6 else {})
        breakdown = (_persistent_breakdown(active_ri, story.failure_organs)
                     if month == 6 and story.kind == "active_taper" else None)
        visits.append(Visit(date=day, ri=None if breakdown else ri, ri_breakdown=breakdown,
                            gc_dose_mg=dose, relapse=relapse,
                            relapse_sites=list(story.failure_organs) if relapse else [], **labs))
    return visits


def _persistent_breakdown(total: int, organs: tuple[str, ...]) -> RIBreakdown:
    """An RI form totalling at least `total`, the failure organs persistent (activity 2)."""
    items = {site: OrganItem(activity=2) for site in organs}
    rest = total - 2 * len(organs)
    igg4 = min(3, max(rest, 0))
    rest -= igg4
    for name in ("constitutional", "other"):
        if rest > 0:
            score = min(rest, 6)
            items[name] = OrganItem(activity=score if score <= 3 else (score + 1) // 2,
                                    urgent=score > 3)
            rest -= items[name].score
    return RIBreakdown(organs=items, igg4=igg4)


def _regimen_patients(regimen: str, today: date, rng: random.Random, first_id: int,
                      diagnoses: list[str]) -> list[Patient]:
    profiles = _risk_profiles(regimen)
    rng.shuffle(profiles)
    failed = [p.failed for p in profiles]
    r = _index(regimen)
    flags = {name: _flags(rng, failed, evidence.TABLE3_DERIVED_COUNTS[name][r][0],
                          evidence.TABLE3_DERIVED_COUNTS[name][r][1])
             for name in ("male", "allergy_history")}
    long_k, long_n = ((9, 43), (3, 70))[r]  # disease duration >= 12 months (Table 3, derived)
    long_duration = _flags(rng, failed, long_k, long_n)
    sites, mikulicz, organs = _sites_and_failures(profiles, flags["male"], regimen)
    kinds = [kind for kind, count in KINDS[regimen].items() for _ in range(count)]
    rng.shuffle(kinds)
    failed_kinds = iter(kinds)
    k, n, k0, n0 = evidence.TABLE3_DERIVED_COUNTS["allergy_history"][r]
    allergy_unknown = set(rng.sample([i for i, f in enumerate(failed)
                                      if not f and not flags["allergy_history"][i]],
                                     len(profiles) - n - n0))
    quartile_seen = [0, 0, 0, 0]
    ranks = _ranks(rng, failed)
    patients = []
    for i, prof in enumerate(profiles):
        kind = next(failed_kinds) if prof.failed else "success"
        base_ri = _ri_value(rng, prof.ri_quartile, quartile_seen[prof.ri_quartile - 1])
        quartile_seen[prof.ri_quartile - 1] += 1
        start = month_date(today, -rng.uniform(13, 60))
        story = _Story(kind, tuple(sites[i]), tuple(organs[i]), ranks[i])
        patients.append(_patient(f"cohort-{first_id + i:03d}", prof, story, base_ri, start, today,
                                 rng, male=flags["male"][i],
                                 allergy=None if i in allergy_unknown
                                 else flags["allergy_history"][i],
                                 long_duration=long_duration[i], mikulicz=mikulicz[i],
                                 diagnosis=diagnoses[first_id - 1 + i]))
    return patients


def _eosinophils(rng: random.Random, eosinophilia: bool | None) -> float | None:
    if eosinophilia is None:
        return None
    return round(rng.uniform(5.5, 16) if eosinophilia else rng.uniform(0.3, 4.9), 1)


def _patient(pid: str, prof: Profile, story: _Story, base_ri: int, start: date, today: date,
             rng: random.Random, *, male: bool, allergy: bool | None, long_duration: bool,
             mikulicz: bool, diagnosis: str) -> Patient:
    medians = evidence.TABLE1_MEDIANS
    eos = _eosinophils(rng, prof.eosinophilia)
    baseline = Baseline(
        date=start, ri=base_ri, eosinophils_pct=eos,
        eosinophils_count=None if eos is None else round(eos * 0.07, 2),
        esr=_lognormal(rng, medians["esr"], 0, 1, 150),
        crp=_lognormal(rng, medians["crp"], 2, 0.1, 300),
        igg=_lognormal(rng, medians["igg"], 2, 5, 80),
        igg4=_lognormal(rng, medians["igg4"], 0, 200, 150_000),
        ige=_lognormal(rng, medians["ige"], 1, 2, 20_000))
    immunosuppressants = [rng.choice(["CTX"] * 67 + ["MMF"] * 47 + ["MTX"] * 12 + ["AZA"] * 6)
                          ] if prof.regimen == "gc+im" else []
    return Patient(
        id=pid, synthetic=True, sex="male" if male else "female",
        age_years=min(83, max(9, round(rng.gauss(54, 12)))),
        weight_kg=round(rng.uniform(50, 85), 1),
        diagnosis=diagnosis,
        disease_duration_months=(rng.choice([12, 18, 24, 36, 48, 60, 120]) if long_duration
                                 else rng.choice([1, 2, 3, 4, 6, 8, 10])),
        allergy_history=allergy, sites=list(story.sites), mikulicz=mikulicz, baseline=baseline,
        treatment=Treatment(start_date=start, regimen=prof.regimen, glucocorticoid="prednisone",
                            initial_dose_mg=float(rng.choice([30, 35, 40, 40, 40, 45, 50, 60])),
                            initial_weeks=float(rng.choice([2, 3, 4, 4])),
                            immunosuppressants=immunosuppressants),
        visits=_visits(rng, start, today, base_ri, story))


def demo_cohort(today: date, seed: int = 215) -> list[Patient]:
    """The synthetic 215-patient cohort reproducing the paper's counts, dated before `today`."""
    rng = random.Random(seed)
    diagnoses = [d.removeprefix("diagnosis_") for d, share in evidence.TABLE1_COUNTS.items()
                 if d.startswith("diagnosis_") for _ in range(share.events)]
    rng.shuffle(diagnoses)
    gc = _regimen_patients("gc", today, rng, 1, diagnoses)
    return gc + _regimen_patients("gc+im", today, rng, len(gc) + 1, diagnoses)

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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, product

import numpy as np

from igg4rd.rules import evidence
from igg4rd.rules.codes import Site
from igg4rd.rules.dates import month_date
from igg4rd.rules.model import Baseline, Patient, Treatment, Visit
from igg4rd.rules.responder_index import MAX_ACTIVITY, OrganItem, RIBreakdown
from igg4rd.rules.risk import stratum_for
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


def _index(regimen: str) -> int:
    return 0 if regimen == "gc" else 1


def _site_total(regimen: str, site: str) -> int:
    """Patients with `site` on `regimen`: Table 2, or Table 1 split by regimen size."""
    if site in evidence.TABLE2_BASELINE:
        count = evidence.TABLE2_BASELINE[site][_index(regimen)]
        assert isinstance(count, evidence.Proportion)  # a site's row counts patients
        return count.events
    total = evidence.TABLE1_COUNTS[site].events
    gc = round(total * evidence.FAILURE_GC.total / evidence.COHORT_N)
    return gc if regimen == "gc" else total - gc


def _solve(a_eq: list[dict[int, float]], b_eq: Sequence[float], a_ub: list[dict[int, float]],
           b_ub: Sequence[float], size: int, upper: float = np.inf) -> np.ndarray:
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
    result = milp(np.zeros(size), constraints=constraints, integrality=np.ones(size, dtype=int),
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
        for eos, cell_counts in zip(EOS, EOS_CELLS[regimen], strict=True):
            constrain(lambda e, q, g, d, f, eos=eos, failed=failed: e is eos and f == failed,
                      cell_counts[0 if failed else 1])
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
    """A profile's Fig. 3c stratum by the rules' grouping (`risk.stratum_for`)."""
    return stratum_for(int(eos) + (quartile == 4) + (group == "5_plus") + int(dacryo)).value


def _sites_and_failures(profiles: list[Profile], males: list[bool], regimen: str
                        ) -> tuple[list[list[Site]], list[bool], list[list[Site]]]:
    """Sites, Mikulicz and failure organs per patient: Table 1/2 site counts, Table 3 derived
    failures per site and for Mikulicz, Fig. 3b failures per organ, group sizes per patient."""
    n, s = len(profiles), len(SITES)
    size = 2 * n * s + n  # x[p, site], y[p, site] (failed in the organ), m[p] (Mikulicz)

    def x(p: int, j: int) -> int:
        return p * s + j

    def y(p: int, j: int) -> int:
        return n * s + p * s + j

    a_eq, b_eq, a_ub, b_ub = [], [], [], []
    r = _index(regimen)
    lacrimal = SITES.index("lacrimal")
    for p, prof in enumerate(profiles):
        low, high = GROUP_SITES[prof.organ_group]
        every = {x(p, j): 1.0 for j in range(s)}
        a_ub += [every, {i: -1.0 for i in every}]
        b_ub += [high, -low]
        a_eq.append({x(p, lacrimal): 1.0})
        b_eq.append(float(prof.dacryoadenitis))
        for j in range(s):  # failure organs are involved organs of failed patients
            a_ub.append({y(p, j): 1.0, x(p, j): -1.0})
            b_ub.append(0)
            if not prof.failed:
                a_eq.append({y(p, j): 1.0})
                b_eq.append(0)
        if prof.failed:
            a_ub.append({y(p, j): -1.0 for j in range(s)})
            b_ub.append(-1)
        if not males[p]:
            a_eq.append({x(p, SITES.index("prostate")): 1.0})
            b_eq.append(0)
        mikulicz = 2 * n * s + p  # Mikulicz needs lacrimal or salivary glands
        a_ub.append({mikulicz: 1.0, x(p, lacrimal): -1.0, x(p, SITES.index("salivary")): -1})
        b_ub.append(0)
    failed = [p for p, prof in enumerate(profiles) if prof.failed]
    for j, site in enumerate(SITES):
        if site != "lacrimal":
            a_eq.append({x(p, j): 1.0 for p in range(n)})
            b_eq.append(_site_total(regimen, site))
        if site in evidence.TABLE3_DERIVED_COUNTS:
            a_eq.append({x(p, j): 1.0 for p in failed})
            b_eq.append(evidence.TABLE3_DERIVED_COUNTS[site][r][0])
        if site in evidence.ORGAN_FAILURE[regimen]:
            a_eq.append({y(p, j): 1.0 for p in failed})
            b_eq.append(evidence.ORGAN_FAILURE[regimen][site].events)
    k, with_n, _, _ = evidence.TABLE3_DERIVED_COUNTS["mikulicz"][r]
    a_eq += [{2 * n * s + p: 1.0 for p in range(n)}, {2 * n * s + p: 1.0 for p in failed}]
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


def _between(low: float, high: float, t: float) -> float:
    """The value a fraction `t` of the way from `low` to `high` (log scale when both > 0)."""
    return low * (high / low) ** t if low > 0 else low + (high - low) * t


def _median_iqr(published: object) -> evidence.MedianIQR:
    """A published median (IQR) from a table whose rows also hold counts and p values."""
    assert isinstance(published, evidence.MedianIQR), published
    return published


def quartile_values(n: int, spread: evidence.MedianIQR, low: float, high: float,
                    digits: int, spacing: float = 1.0) -> list[float]:
    """`n` increasing values whose quartiles are the published median and IQR under any usual
    definition (linear interpolation; SPSS's weighted average, as the paper used): the values at
    and beside each quartile's position equal it, the others are spaced between the quartiles
    (and `low`, `high` at the ends); `spacing` > 1 crowds them towards the lower one."""
    anchors = {0: low, n - 1: high}
    for p, target in ((0.25, spread.q1), (0.5, spread.median), (0.75, spread.q3)):
        positions = (p * (n - 1), p * (n + 1) - 1)
        first, last = math.floor(min(positions)), math.ceil(max(positions))
        for i in range(max(0, first), min(n - 1, last) + 1):
            anchors[i] = target
    fixed = sorted(anchors)
    values = [0.0] * n
    for a, b in zip(fixed, fixed[1:], strict=False):
        for i in range(a, b + 1):
            values[i] = round(_between(anchors[a], anchors[b], ((i - a) / (b - a)) ** spacing),
                              digits)
    return values


def quartile_group_values(rng: random.Random, sizes: list[int],
                          ranges: tuple[tuple[float, float], ...]) -> list[list[float]]:
    """Values for four quartile groups of the given sizes such that the quartiles of all the
    values (`cohort.tables`: linear interpolation) put exactly `sizes[g]` values in group g:
    each group spread over its range and, where a quartile falls inside a group, the group's
    values from there on tied to its top value."""
    flat = [round(_between(low, high, (j + 0.5) / n), 2)
            for n, (low, high) in zip(sizes, ranges, strict=True) for j in range(n)]
    for boundary, p in zip(accumulate(sizes), (0.25, 0.5, 0.75), strict=False):
        position = math.floor(p * (len(flat) - 1))
        if position > boundary - 1:
            raise ValueError(f"group sizes {sizes} are too far from quartiles")
        flat[position:boundary] = [flat[boundary - 1]] * (boundary - position)
    starts = accumulate(sizes, initial=0)
    groups = [flat[start:start + size] for start, size in zip(starts, sizes, strict=False)]
    for group in groups:
        rng.shuffle(group)
    return groups


def _groups(rng: random.Random, failed: list[bool], counts: tuple[tuple[int, int], ...]
            ) -> list[int | None]:
    """A group per patient: group g holds counts[g] = (k failed, n patients); the rest None
    (not measured)."""
    pools = {outcome: [i for i, f in enumerate(failed) if f == outcome]
             for outcome in (True, False)}
    for pool in pools.values():
        rng.shuffle(pool)
    out: list[int | None] = [None] * len(failed)
    for g, (k, n) in enumerate(counts):
        for outcome, count in ((True, k), (False, n - k)):
            for _ in range(count):
                out[pools[outcome].pop()] = g
    return out


def _binary_groups(counts: tuple[int, int, int, int]) -> tuple[tuple[int, int], ...]:
    """(k with, n with, k without, n without) as groups: 0 without, 1 with."""
    k, n, k0, n0 = counts
    return (k0, n0), (k, n)


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
    month6_labs: dict[str, float]  # from the outcome group's pool (`_month6_pools`)


MONTH6_IGG = evidence.MedianIQR(14, 11, 17, "g/L", "demo: comparable (Fig. 4c)")
# `quartile_values` spacing (failed, succeeded) under which the Mann-Whitney p prints as Fig. 4's
# (0.0056, 0.0033, 0.0047): found by a grid search over spacings 0.3-4.
MONTH6_SPACING = {"esr": (0.7, 1.0), "crp": (1.7, 2.1), "igg4": (1.8, 2.7)}
MONTH6_LIMITS = {"esr": (1, 150, 0), "crp": (0.1, 300, 2), "igg4": (60, 150_000, 0)}


def _month6_pools(rng: random.Random) -> dict[bool, list[dict[str, float]]]:
    """Month-6 ESR, CRP and IgG4 per failed and succeeded patient, whose medians and IQRs are
    Fig. 4's (ESR, CRP and IgG4 rising together; IgG comparable between the groups)."""
    pools = {}
    for failed, share in ((True, evidence.FAILURE_OVERALL.events),
                          (False, evidence.COHORT_N - evidence.FAILURE_OVERALL.events)):
        group = 0 if failed else 1
        columns = {key: quartile_values(share, _median_iqr(evidence.MONTH6_SEROLOGY[key][group]),
                                        *MONTH6_LIMITS[key], MONTH6_SPACING[key][group])
                   for key in MONTH6_LIMITS}
        columns["igg"] = quartile_values(share, MONTH6_IGG, 5, 80, 2)
        rng.shuffle(columns["igg"])
        rows = [dict(zip(columns, values, strict=True))
                for values in zip(*columns.values(), strict=True)]
        rng.shuffle(rows)
        pools[failed] = rows
    return pools


def _visits(rng: random.Random, start: date, today: date, base_ri: int, story: _Story
            ) -> list[Visit]:
    """Visits at months 1, 3, 6, 9, 12 telling the story's outcome (docs/clinical-rules.md §3)."""
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
        labs = story.month6_labs if month == 6 else {}
        breakdown = (_persistent_breakdown(active_ri, story.failure_organs)
                     if month == 6 and story.kind == "active_taper" else None)
        visits.append(Visit(date=day, ri=None if breakdown else ri, ri_breakdown=breakdown,
                            gc_dose_mg=dose, relapse=relapse,
                            relapse_sites=list(story.failure_organs) if relapse else [], **labs))
    return visits


def _persistent_breakdown(total: int, organs: tuple[str, ...]) -> RIBreakdown:
    """A month-6 RI form (2012 grades) totalling at least `total`: the failure organs
    persistent (2, urgent if more is needed), the IgG4 item, and an 'other' site."""
    rest = total - 2 * len(organs)
    igg4 = min(MAX_ACTIVITY, max(rest, 0))
    rest -= igg4
    other = min(rest, 2 * MAX_ACTIVITY)
    items = ({"other": OrganItem(activity=(other + 1) // 2 if other > MAX_ACTIVITY else other,
                                 urgent=other > MAX_ACTIVITY)} if other > 0 else {})
    rest -= items["other"].score if items else 0
    urgent = rest > 0
    return RIBreakdown(organs={**{site: OrganItem(activity=2, urgent=urgent) for site in organs},
                               **items}, igg4=igg4)


IGG4_BAND_RANGES = ((300, 4000), (4100, 13400), (13600, 26900), (27100, 80000))  # mg/L
IGG_RANGES = ((8.0, 15.0), (15.2, 19.0), (19.2, 23.5), (24.0, 45.0))  # g/L, Table 3 medians
IGE_RANGES = ((20.0, 130.0), (135.0, 350.0), (360.0, 750.0), (800.0, 3000.0))  # kU/L


@dataclass(frozen=True)
class _Pools:
    """Values drawn for the whole cohort, handed out patient by patient: month-6 serology by
    outcome (Fig. 4), baseline IgG and IgE by quartile group (Table 3)."""

    month6: dict[bool, list[dict[str, float]]]
    igg: list[list[float]]
    ige: list[list[float]]


def _pools(rng: random.Random) -> _Pools:
    groups = evidence.TABLE3_DERIVED_GROUPS

    def sizes(name: str) -> list[int]:
        return [sum(regimen[g][1] for regimen in groups[name]) for g in range(4)]

    return _Pools(_month6_pools(rng), quartile_group_values(rng, sizes("igg_quartile"), IGG_RANGES),
                  quartile_group_values(rng, sizes("ige_quartile"), IGE_RANGES))


def _baseline_labs(rng: random.Random, groups: dict[str, int | None], pools: _Pools
                   ) -> dict[str, float | None]:
    """ESR, CRP, IgG, IgG4, IgE in the patient's Table 3 groups (elevated or not against the
    default cut-offs, quartile group, IgG4 × ULN band); None where the group is None."""
    esr, crp = groups["esr_elevated"], groups["crp_elevated"]
    band, igg, ige = groups["igg4_band"], groups["igg_quartile"], groups["ige_quartile"]
    return {
        "esr": None if esr is None else rng.randint(21, 110) if esr else rng.randint(2, 20),
        "crp": None if crp is None else round(rng.uniform(3.1, 45) if crp
                                              else rng.uniform(0.2, 3.0), 2),
        "igg": None if igg is None else pools.igg[igg].pop(),
        "igg4": None if band is None else round(_between(*IGG4_BAND_RANGES[band], rng.random())),
        "ige": None if ige is None else pools.ige[ige].pop(),
    }


def _table3_groups(rng: random.Random, failed: list[bool], r: int) -> dict[str, list[int | None]]:
    """Each patient's group for the Table 3 rows built from derived counts (not risk factors)."""
    counts, groups = evidence.TABLE3_DERIVED_COUNTS, evidence.TABLE3_DERIVED_GROUPS
    out = {name: _groups(rng, failed, _binary_groups(counts[name][r]))
           for name in ("esr_elevated", "crp_elevated", "tapered_before_week_4")}
    out.update({name: _groups(rng, failed, groups[name][r])
                for name in ("igg4_band", "igg_quartile", "ige_quartile")})
    return out


def _initial_doses(rng: random.Random, regimen: str, n: int) -> list[float]:
    """Initial doses with Table 2's median (IQR) for the regimen, in 5 mg steps, shuffled:
    independent of the outcome, as the paper found (Table 3: OR 1.03 and 0.97 per mg)."""
    spread = _median_iqr(evidence.TABLE2_BASELINE["initial_dose_mg"][_index(regimen)])
    doses = [5.0 * round(d / 5) for d in quartile_values(n, spread, 30, 60, 0)]
    rng.shuffle(doses)
    return doses


def _initial_weeks(rng: random.Random, tapered_early: int | None) -> float | None:
    if tapered_early is None:
        return None
    return rng.choice([2.0, 3.0]) if tapered_early else evidence.INITIAL_WEEKS_RANGE[1]


def _regimen_patients(regimen: str, today: date, rng: random.Random, first_id: int,
                      diagnoses: list[str], pools: _Pools) -> list[Patient]:
    profiles = _risk_profiles(regimen)
    rng.shuffle(profiles)
    failed = [p.failed for p in profiles]
    r = _index(regimen)
    table3 = _table3_groups(rng, failed, r)
    doses = _initial_doses(rng, regimen, len(profiles))
    flags = {name: _flags(rng, failed, *evidence.TABLE3_DERIVED_COUNTS[name][r][:2])
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
    patients = []
    for i, prof in enumerate(profiles):
        kind = next(failed_kinds) if prof.failed else "success"
        base_ri = _ri_value(rng, prof.ri_quartile, quartile_seen[prof.ri_quartile - 1])
        quartile_seen[prof.ri_quartile - 1] += 1
        start = month_date(today, -rng.uniform(13, 60))
        story = _Story(kind, tuple(sites[i]), tuple(organs[i]), pools.month6[prof.failed].pop())
        groups = {name: values[i] for name, values in table3.items()}
        patients.append(_patient(f"cohort-{first_id + i:03d}", prof, story, base_ri, start, today,
                                 rng, labs=_baseline_labs(rng, groups, pools),
                                 initial_dose=doses[i],
                                 initial_weeks=_initial_weeks(rng, groups["tapered_before_week_4"]),
                                 male=flags["male"][i],
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
             rng: random.Random, *, labs: dict[str, float | None], initial_dose: float,
             initial_weeks: float | None, male: bool, allergy: bool | None, long_duration: bool,
             mikulicz: bool, diagnosis: str) -> Patient:
    eos = _eosinophils(rng, prof.eosinophilia)
    baseline = Baseline(date=start, ri=base_ri, eosinophils_pct=eos,
                        eosinophils_count=None if eos is None else round(eos * 0.07, 2), **labs)
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
                            initial_dose_mg=initial_dose, initial_weeks=initial_weeks,
                            immunosuppressants=immunosuppressants),
        visits=_visits(rng, start, today, base_ri, story))


def demo_cohort(today: date, seed: int = 215) -> list[Patient]:
    """The synthetic 215-patient cohort reproducing the paper's counts, dated before `today`."""
    rng = random.Random(seed)
    diagnoses = [d.removeprefix("diagnosis_") for d, share in evidence.TABLE1_COUNTS.items()
                 if d.startswith("diagnosis_") for _ in range(share.events)]
    rng.shuffle(diagnoses)
    pools = _pools(rng)
    gc = _regimen_patients("gc", today, rng, 1, diagnoses, pools)
    return gc + _regimen_patients("gc+im", today, rng, len(gc) + 1, diagnoses, pools)

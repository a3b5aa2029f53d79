"""Cohort analytics: the paper's analysis on a clinic's own patients, beside the published figures.

From patient records: per-patient outcomes (vectorised twin of `goals.assess_goals`) and
- Table 1 analog: n (%) for categorical, median (Q1, Q3) for continuous baseline values;
- Table 2 analog: by regimen, two-sided Fisher exact p for binary rows (reproduces the printed
  p-values), chi-square for multi-level rows (organs 1-2 / 3-4 / >= 5), Mann-Whitney U for
  continuous rows, and the outcome rows;
- Table 3 analog: univariate logistic regression per regimen (statsmodels Logit), OR with Wald
  95% CI and p; an empty cell gives NA with the reason, as the paper's footnote b;
- Fig. 3b analog: organ-level failure incidence; Fig. 3c analog: failure by number of risk
  factors on GC monotherapy, exact (Clopper-Pearson) intervals, Fisher p for 0-1 vs 2-4;
- Fig. 4 analog: month-6 ESR, CRP, IgG, IgG4 by outcome with Mann-Whitney p.
Only patients with an outcome (success or failure) as of the assessment date are analysed; the
pending and insufficient-data patients are counted, not dropped silently.

Tables are wide DataFrames, one row per factor (column `row`, the key used by the page and the
command line); per-regimen columns are named `<regimen>:<field>` (`gc:or`, `gc+im:shown`).
"""
from __future__ import annotations

import gc
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from operator import attrgetter
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
import pandas as pd

from igg4rd.language.words import REGIMEN_LABELS, SITE_LABELS
from igg4rd.rules import evidence
from igg4rd.rules.dates import DAYS_PER_MONTH, month_date
from igg4rd.rules.model import Patient
from igg4rd.rules.responder_index import RIBreakdown
from igg4rd.rules.risk import exact_interval, stratum_for
from igg4rd.rules.thresholds import DEFAULTS, Thresholds
from igg4rd.rules.units import prednisone_equivalent

REGIMENS = ("gc", "gc+im")
SITES = tuple(SITE_LABELS)
STRATA = ("0", "1", "2", "3-4")
Z95 = NormalDist().inv_cdf(0.975)
Progress = Callable[[float, str], None]

_PATIENT_COLUMNS = ("id", "regimen", "start", "sex", "age_years", "diagnosis",
                    "disease_duration_months", "allergy_history", "mikulicz", "n_sites",
                    "baseline_ri", "eosinophils_pct", "eosinophils_count", "esr", "crp", "igg",
                    "igg4", "ige", "initial_dose_mg", "initial_weeks",
                    *(f"site_{s}" for s in SITES))


# -- Records to columns --------------------------------------------------------------------------
@dataclass(frozen=True)
class CohortFrames:
    """A cohort as columns: `patients` (one row each, index = position) and `visits` (one row
    per visit; `pid` = patient position, `day` = days since treatment start, `dose_mg` =
    prednisone equivalent, `active_sites` = organs scored persistent or worse in the RI form)."""

    patients: pd.DataFrame
    visits: pd.DataFrame


def _active_sites(breakdown: RIBreakdown) -> tuple[str, ...]:
    """Organs scored persistent or worse (activity >= 2) on an RI form."""
    return tuple(k for k, item in breakdown.organs.items()
                 if k in SITE_LABELS and item.activity >= 2)


_VISIT_FIELDS = ("date", "ri", "gc_dose_mg", "gc_drug", "relapse", "esr", "crp", "igg", "igg4",
                 "relapse_sites", "ri_breakdown")


def _visit_frame(visits: list[tuple], counts: list[int], starts: np.ndarray,
                 glucocorticoids: list[str]) -> pd.DataFrame:
    """Visit columns from (`_VISIT_FIELDS`) tuples; doses as prednisone equivalents through
    `units.prednisone_equivalent`, drug by drug (the visit's, else the treatment's)."""
    v = pd.DataFrame(visits, columns=list(_VISIT_FIELDS))
    pid = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    ordinals = np.fromiter(map(date.toordinal, v["date"]), dtype=np.int64, count=len(v))
    drug = v["gc_drug"].where(v["gc_drug"].notna(), pd.Series(
        np.repeat(np.array(glucocorticoids, dtype=object), counts), index=v.index))
    raw = v["gc_dose_mg"].to_numpy(float, na_value=np.nan)
    dose = np.full(len(v), np.nan)
    for name, rows in drug.groupby(drug).indices.items():
        dose[rows] = prednisone_equivalent(name, raw[rows])
    return pd.DataFrame({
        "pid": pid, "day": ordinals - starts[pid], "ri": v["ri"].astype(float), "dose_mg": dose,
        "relapse": v["relapse"].astype(bool),
        **{lab: v[lab].astype(float) for lab in ("esr", "crp", "igg", "igg4")},
        "relapse_sites": v["relapse_sites"],
        "active_sites": [() if b is None else _active_sites(b) for b in v["ri_breakdown"]],
    })


def cohort_frames(patients: Iterable[Patient]) -> CohortFrames:
    """The patients' values as columns (one Python pass; everything after it is vectorised).
    Any iterable will do: patients streamed in are never all held at once."""
    rows, visits, counts, sites = [], [], [], []
    visit_values = attrgetter(*_VISIT_FIELDS)
    collecting = gc.isenabled()
    gc.disable()  # the pass allocates and keeps many objects: no full-heap collections meanwhile
    try:
        for p in patients:
            b, t = p.baseline, p.treatment
            rows.append((p.id, t.regimen, t.start_date.toordinal(), p.sex, p.age_years,
                         p.diagnosis, p.disease_duration_months, p.allergy_history, p.mikulicz,
                         len(p.sites), b.ri, b.eosinophils_pct, b.eosinophils_count, b.esr, b.crp,
                         b.igg, b.igg4, b.ige, t.initial_dose_prednisone_mg, t.initial_weeks,
                         t.glucocorticoid))
            sites.append(p.sites)
            visits.extend(map(visit_values, p.visits))
            counts.append(len(p.visits))
    finally:
        if collecting:
            gc.enable()
    frame = pd.DataFrame(rows, columns=[*_PATIENT_COLUMNS[:20], "glucocorticoid"])
    visit_frame = _visit_frame(visits, counts, frame["start"].to_numpy(np.int64),
                               list(frame.pop("glucocorticoid")))
    for column in _PATIENT_COLUMNS[4:20]:
        if column not in ("diagnosis", "allergy_history", "mikulicz", "n_sites"):
            frame[column] = frame[column].astype(float)
    for column in ("allergy_history", "mikulicz"):
        frame[column] = frame[column].astype("boolean")
    site_flags = np.zeros((len(rows), len(SITES)), dtype=bool)
    site_index = {s: i for i, s in enumerate(SITES)}
    site_flags[np.repeat(np.arange(len(rows)), [len(x) for x in sites]),
               [site_index[s] for s in chain.from_iterable(sites)]] = True
    frame[[f"site_{s}" for s in SITES]] = site_flags
    return CohortFrames(frame, visit_frame)


# -- Outcomes (vectorised twin of goals.assess_goals) --------------------------------------------
def stage_close_day(thresholds: Thresholds = DEFAULTS) -> int:
    """First day after the start on which the month-6 window has closed (month > window end)."""
    day = int(thresholds.window_end_month * DAYS_PER_MONTH)
    while day / DAYS_PER_MONTH <= thresholds.window_end_month:
        day += 1
    return day


def _nullable(values: np.ndarray, known: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(values.astype(bool), ~known.astype(bool))


def outcomes(frames: CohortFrames, as_of: date | None = None,
             thresholds: Thresholds = DEFAULTS) -> pd.DataFrame:
    """Per-patient outcome, goals and failure kinds as of `as_of` (None: at each patient's
    stage end, the first day after the month-6 window, so nobody is pending).

    This mirrors `goals.assess_goals` rule for rule, vectorised over the cohort (visits after
    `as_of` ignored; month-6 visit = closest to month 6 in the window, earliest on a tie; the
    stage ends at that visit, or at the window's end without one; maximum RI decline over the
    stage; a relapse in the stage fails at once). It is tested against `assess_goals` patient by
    patient (tests/unit/test_cohort_outcomes.py): change both together.
    """
    pts, v = frames.patients, frames.visits
    n = len(pts)
    start = pts["start"].to_numpy(np.int64)
    if as_of is None:
        as_of_day = np.full(n, stage_close_day(thresholds), dtype=np.int64)
    else:
        as_of_day = as_of.toordinal() - start
    pid, day = v["pid"].to_numpy(), v["day"].to_numpy()
    known = day <= as_of_day[pid]
    month = day / DAYS_PER_MONTH
    window = known & (month >= thresholds.window_start_month) & (
        month <= thresholds.window_end_month)
    candidates = np.flatnonzero(window)
    gap = np.abs(month[candidates] - evidence.STAGE_MONTHS)
    candidates = candidates[np.lexsort((day[candidates], gap, pid[candidates]))]
    first = np.ones(len(candidates), dtype=bool)
    first[1:] = pid[candidates][1:] != pid[candidates][:-1]
    month6 = np.full(n, -1, dtype=np.int64)  # visit row of the month-6 visit; -1: none
    month6[pid[candidates[first]]] = candidates[first]
    has6 = month6 >= 0

    def at_month6(column: str) -> np.ndarray:
        return np.append(v[column].to_numpy(float), np.nan)[month6]

    months_as_of = as_of_day / DAYS_PER_MONTH
    month6_month = at_month6("day") / DAYS_PER_MONTH
    judged = has6 & (months_as_of >= evidence.STAGE_MONTHS
                     + np.abs(month6_month - evidence.STAGE_MONTHS))  # goals.final_month
    closed = months_as_of > thresholds.window_end_month
    default_end = (month_date(date(2000, 1, 1), thresholds.window_end_month)
                   - date(2000, 1, 1)).days
    stage_end = np.where(has6, at_month6("day"), default_end).astype(np.int64)
    in_stage = known & (day <= stage_end[pid])

    ri = v["ri"].to_numpy(float)
    scored = in_stage & ~np.isnan(ri)
    best = np.full(n, np.inf)
    np.minimum.at(best, pid[scored], ri[scored])
    best[np.isinf(best)] = np.nan
    base = pts["baseline_ri"].to_numpy(float)
    ri_known = (base > 0) & ~np.isnan(best)
    reached = ri_known & (base - best >= evidence.RI_DECLINE_GOAL * base)
    ri_failed = ri_known & ~reached & judged & ~np.isnan(at_month6("ri"))
    dose = np.where(judged, at_month6("dose_mg"), np.nan)
    dose_known = ~np.isnan(dose)
    relapsed = np.zeros(n, dtype=bool)
    relapsed[pid[in_stage & v["relapse"].to_numpy(bool)]] = True
    relapse_known = relapsed | judged | closed

    failure = ri_failed | (dose_known & (dose > thresholds.maintenance_ceiling_mg)) | relapsed
    success = ~failure & judged & reached & dose_known
    outcome = np.where(failure, "failure", np.where(success, "success", np.where(
        closed, "insufficient_data", "pending")))
    with np.errstate(invalid="ignore", divide="ignore"):
        decline = np.where(ri_known, (base - best) / base, np.nan)
    return pd.DataFrame({
        "outcome": pd.Categorical(outcome, categories=["success", "failure", "pending",
                                                        "insufficient_data"]),
        "ri_met": _nullable(reached, reached | ri_failed),
        "dose_met": _nullable(dose <= thresholds.maintenance_ceiling_mg, dose_known),
        "relapse_met": _nullable(~relapsed, relapse_known),
        "persistently_active": ri_failed,
        "relapse": relapsed,
        "taper_failure": dose_known & (dose > thresholds.maintenance_ceiling_mg),
        "max_decline": decline,
        "as_of_day": as_of_day,
        "month6_day": np.where(has6, stage_end, np.nan),
        "stage_end_day": stage_end,
        **{f"month6_{lab}": at_month6(lab) for lab in ("esr", "crp", "igg", "igg4")},
    }, index=pts.index)


def failure_sites(frames: CohortFrames, result: pd.DataFrame) -> pd.DataFrame:
    """Organs in which failed patients failed (Fig. 3a/3b): relapse sites recorded in the stage,
    and, for persistently active disease, the organs scored persistent or worse on the month-6
    RI form. Columns pid, site (distinct pairs)."""
    v = frames.visits
    pid = v["pid"].to_numpy()
    in_stage = ((v["day"].to_numpy() <= result["stage_end_day"].to_numpy()[pid])
                & (v["day"].to_numpy() <= result["as_of_day"].to_numpy()[pid]))
    relapses = v.loc[in_stage & v["relapse"].to_numpy(), ["pid", "relapse_sites"]]
    active = v.loc[v["day"].to_numpy() == result["month6_day"].to_numpy()[pid],
                   ["pid", "active_sites"]]
    active = active[result["persistently_active"].to_numpy()[active["pid"].to_numpy()]]
    pairs = pd.concat([relapses.explode("relapse_sites").set_axis(["pid", "site"], axis=1),
                       active.explode("active_sites").set_axis(["pid", "site"], axis=1)])
    pairs = pairs.dropna()
    pairs = pairs[(result["outcome"].to_numpy()[pairs["pid"].to_numpy(int)] == "failure")]
    return pairs.drop_duplicates().reset_index(drop=True)


# -- Baseline factors ----------------------------------------------------------------------------
def _quartile_group(values: pd.Series) -> tuple[pd.Series, tuple[float, ...]]:
    """Quartile group 1-4 by the cohort's quartiles (Q1: <= 25th percentile ...)."""
    cuts = tuple(float(c) for c in values.quantile([0.25, 0.5, 0.75]))
    group = 1 + sum((values > c).astype(int) for c in cuts)
    return group.where(values.notna()), cuts


def baseline_factors(pts: pd.DataFrame, thresholds: Thresholds = DEFAULTS) -> pd.DataFrame:
    """Derived baseline factors of Tables 1-3 and the four risk factors (`risk.risk_factors`,
    vectorised; tested against it). Quartile groups use the given patients' quartiles."""
    t = thresholds
    f = pd.DataFrame(index=pts.index)
    f["regimen"] = pts["regimen"]
    f["male"] = pts["sex"].map({"male": True, "female": False}).astype("boolean")
    n_sites = pts["n_sites"]
    f["organ_group"] = np.select([n_sites.between(1, 2), n_sites.between(3, 4), n_sites >= 5],
                                 ["1_2", "3_4", "5_plus"], default=None)
    f["disease_duration_12m"] = (pts["disease_duration_months"] >= 12).astype("boolean").where(
        pts["disease_duration_months"].notna())
    pct, count = pts["eosinophils_pct"], pts["eosinophils_count"]
    eos = (pct > t.eosinophilia_pct) | (count > t.eosinophilia_count)
    f["eosinophilia"] = eos.astype("boolean").where(pct.notna() | count.notna())
    for column, cut in (("esr", t.esr_elevated), ("crp", t.crp_elevated)):
        f[f"{column}_elevated"] = (pts[column] > cut).astype("boolean").where(pts[column].notna())
    f["high_baseline_ri"] = (pts["baseline_ri"] >= t.high_baseline_ri).astype("boolean").where(
        pts["baseline_ri"].notna())
    sites_known = n_sites > 0  # no site recorded: not recorded (risk.risk_factors)
    f["five_or_more_sites"] = (n_sites >= t.many_sites).astype("boolean").where(sites_known)
    f["dacryoadenitis"] = pts["site_lacrimal"].astype("boolean").where(sites_known)
    risk = f[["eosinophilia", "high_baseline_ri", "five_or_more_sites", "dacryoadenitis"]]
    low = risk.fillna(False).sum(axis=1).astype(int)
    high = low + risk.isna().sum(axis=1)
    strata = {n: stratum_for(n) for n in range(5)}
    f["risk_low"], f["risk_high"] = low, high
    f["stratum"] = low.map(strata).where(low.map(strata) == high.map(strata))
    ratio = pts["igg4"] / t.igg4_uln_mg_l
    bands = evidence.IGG4_ULN_BANDS
    f["igg4_band"] = pd.Series(np.select(
        [ratio <= bands[0], ratio <= bands[1], ratio <= bands[2], ratio > bands[2]],
        ["le3", "3_10", "10_20", "gt20"], default=None), index=pts.index)
    for column, source in (("igg_q", "igg"), ("ige_q", "ige"), ("ri_q", "baseline_ri")):
        f[column], _ = _quartile_group(pts[source])
    f["tapered_before_week_4"] = (pts["initial_weeks"] < 4).astype("boolean").where(
        pts["initial_weeks"].notna())
    return f


# -- Formatting ----------------------------------------------------------------------------------
def _num(value: float) -> str:
    return f"{round(float(value), 2):g}"


def _count(k: int, n: int) -> str:
    return f"{k} ({100 * k / n:.1f}%)" if n else "no patients"


def _median_iqr(values: pd.Series) -> str:
    values = values.dropna()
    if values.empty:
        return "no values"
    q1, med, q3 = values.quantile([0.25, 0.5, 0.75])
    return f"{_num(med)} ({_num(q1)}, {_num(q3)})"


def _published(item: evidence.Proportion | evidence.MedianIQR | None) -> str:
    if item is None:
        return ""
    if isinstance(item, evidence.Proportion):
        return _count(item.events, item.total)
    return f"{_num(item.median)} ({_num(item.q1)}, {_num(item.q3)})"


def _p(p: float | None) -> str:
    if p is None or np.isnan(p):
        return "NA"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


# -- Rows ----------------------------------------------------------------------------------------
Kind = Literal["binary", "level", "continuous"]


@dataclass(frozen=True)
class Row:
    """One row of a table: `column` of the analysed frame; `level` for a category's level."""

    key: str
    label: str
    kind: Kind
    column: str
    level: str | None = None
    unit: str = ""


_SITE_ROWS = tuple(Row(s, SITE_LABELS[s], "binary", f"site_{s}") for s in SITES)
BASELINE_ROWS: tuple[Row, ...] = (
    Row("male", "Male sex", "binary", "male"),
    Row("age_years", "Age (years)", "continuous", "age_years", unit="years"),
    *(Row(f"diagnosis_{d}", f"Diagnosis: {d}", "level", "diagnosis", d)
      for d in ("definite", "probable", "possible")),
    Row("disease_duration_months", "Disease duration (months)", "continuous",
        "disease_duration_months", unit="months"),
    Row("baseline_ri", "IgG4-RD RI", "continuous", "baseline_ri"),
    Row("allergy_history", "Allergy history", "binary", "allergy_history"),
    Row("organs_1_2", "Organs involved: 1-2", "level", "organ_group", "1_2"),
    Row("organs_3_4", "Organs involved: 3-4", "level", "organ_group", "3_4"),
    Row("organs_5_plus", "Organs involved: ≥ 5", "level", "organ_group", "5_plus"),
    Row("mikulicz", "Mikulicz's disease", "binary", "mikulicz"),
    *_SITE_ROWS,
    Row("eosinophils_pct", "Eosinophils (%)", "continuous", "eosinophils_pct", unit="%"),
    Row("esr", "ESR (mm/h)", "continuous", "esr", unit="mm/h"),
    Row("crp", "CRP (mg/L)", "continuous", "crp", unit="mg/L"),
    Row("igg", "IgG (g/L)", "continuous", "igg", unit="g/L"),
    Row("igg4", "IgG4 (mg/L)", "continuous", "igg4", unit="mg/L"),
    Row("ige", "IgE (kU/L)", "continuous", "ige", unit="kU/L"),
    Row("initial_dose_mg", "Initial GC dose (mg/day prednisone)", "continuous",
        "initial_dose_mg", unit="mg/day"),
)
OUTCOME_ROWS = (  # Table 2, "Outcomes at month 6": (key, label, column)
    ("ri_reduction_below_50", "RI reduction < 50% (maximum during the stage)",
     "persistently_active"),
    ("relapse", "Relapse", "relapse"),
    ("taper_failure", "Failure of GC tapering", "taper_failure"),
    ("failure", "Failure of remission induction", "failed"),
)


def _present(data: pd.DataFrame, row: Row) -> pd.Series:
    """The row's yes/no per patient (NA where not recorded)."""
    column = data[row.column]
    if row.kind == "level":
        return (column == row.level).astype("boolean").where(column.notna())
    return column.astype("boolean")


def _binary_summary(present: pd.Series) -> tuple[int, int]:
    known = present.dropna()
    return int(known.sum()), len(known)


# -- Table 1 -------------------------------------------------------------------------------------
def table1(data: pd.DataFrame) -> pd.DataFrame:
    """Table 1 analog: n (%) of patients with the value recorded, or median (Q1, Q3)."""
    rows = []
    for row in BASELINE_ROWS:
        if row.kind == "continuous":
            values = data[row.column]
            shown, recorded = _median_iqr(values), int(values.notna().sum())
            published = _published(evidence.TABLE1_MEDIANS.get(row.key))
        else:
            k, recorded = _binary_summary(_present(data, row))
            shown = _count(k, recorded) if recorded else "not recorded"
            published = _published(evidence.TABLE1_COUNTS.get(row.key))
        rows.append({"row": row.key, "label": row.label, "value": shown, "recorded": recorded,
                     "missing": len(data) - recorded, "published": published})
    return pd.DataFrame(rows)


# -- Table 2 -------------------------------------------------------------------------------------
def fisher_p(k1: int, n1: int, k2: int, n2: int) -> float | None:
    """Two-sided Fisher exact p for k1/n1 vs k2/n2 (Table 2's binary rows); None if a group
    is empty."""
    from scipy.stats import fisher_exact

    if not n1 or not n2:
        return None
    return float(fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue)


def mann_whitney_p(x: pd.Series, y: pd.Series) -> float | None:
    """Two-sided Mann-Whitney U p (continuous rows, Fig. 4); None without values in a group."""
    from scipy.stats import mannwhitneyu

    x, y = x.dropna().to_numpy(float), y.dropna().to_numpy(float)
    if not len(x) or not len(y):
        return None
    if np.unique(np.r_[x, y]).size == 1:
        return 1.0
    return float(mannwhitneyu(x, y, alternative="two-sided").pvalue)


def chi_square_p(table: np.ndarray) -> float | None:
    """Pearson chi-square p of a contingency table (multi-level rows), empty margins dropped."""
    from scipy.stats import chi2_contingency

    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(table.shape) < 2:
        return None
    return float(chi2_contingency(table, correction=False).pvalue)


def _why_no_p(counts: dict[str, int]) -> str:
    empty = [REGIMEN_LABELS[r] for r in REGIMENS if not counts[r]]
    return f"no recorded values on {' and '.join(empty)}" if empty else "all values equal"


def _table2_baseline_row(data: pd.DataFrame, row: Row, groups: dict[str, pd.Index]) -> dict:
    out: dict[str, Any] = {"row": row.key, "label": row.label}
    recorded = {}
    if row.kind == "continuous":
        values = {r: data.loc[groups[r], row.column] for r in REGIMENS}
        for r in REGIMENS:
            out[f"{r}:shown"], recorded[r] = _median_iqr(values[r]), int(values[r].notna().sum())
        p, test = mann_whitney_p(values["gc"], values["gc+im"]), "Mann-Whitney U"
    else:
        present = _present(data, row)
        summary = {r: _binary_summary(present[groups[r]]) for r in REGIMENS}
        for r in REGIMENS:
            k, n = summary[r]
            out[f"{r}:shown"], recorded[r] = (_count(k, n) if n else "not recorded"), n
        if row.kind == "level":
            levels = pd.crosstab(data["regimen"], data[row.column]).reindex(REGIMENS, fill_value=0)
            p, test = chi_square_p(levels.to_numpy()), "chi-square"
        else:
            p, test = fisher_p(*summary["gc"], *summary["gc+im"]), "Fisher exact (two-sided)"
    published = evidence.TABLE2_BASELINE.get(row.key)
    out.update({f"{r}:recorded": recorded[r] for r in REGIMENS})
    out.update({"p": p, "p_shown": _p(p), "test": test,
                "note": "" if p is not None else _why_no_p(recorded)})
    out.update(_published_table2(published))
    return out


def _published_table2(published: tuple | None) -> dict[str, str]:
    if published is None:
        return {"published:gc": "", "published:gc+im": "", "published:p": ""}
    gc, gc_im, p = published
    return {"published:gc": _published(gc), "published:gc+im": _published(gc_im),
            "published:p": f"{p:g}"}


def table2(data: pd.DataFrame) -> pd.DataFrame:
    """Table 2 analog: baseline rows and month-6 outcomes by regimen, with p-values."""
    groups = {r: data.index[data["regimen"] == r] for r in REGIMENS}
    rows = [_table2_baseline_row(data, row, groups) for row in BASELINE_ROWS]
    for key, label, column in OUTCOME_ROWS:
        out: dict[str, Any] = {"row": key, "label": label}
        summary = {r: (int(data.loc[groups[r], column].sum()), len(groups[r])) for r in REGIMENS}
        for r in REGIMENS:
            out[f"{r}:shown"] = _count(*summary[r])
            out[f"{r}:recorded"] = summary[r][1]
        p = fisher_p(*summary["gc"], *summary["gc+im"])
        out.update({"p": p, "p_shown": _p(p), "test": "Fisher exact (two-sided)",
                    "note": "" if p is not None else _why_no_p({r: summary[r][1]
                                                                 for r in REGIMENS})})
        gc, gc_im, printed = evidence.TABLE2_OUTCOMES[key]
        out.update(_published_table2((gc, gc_im, printed)))
        rows.append(out)
    return pd.DataFrame(rows)


# -- Table 3 -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Factor:
    """A Table 3 factor: binary, continuous, or levels (reference first) of a category."""

    key: str
    label: str
    kind: Kind
    column: str
    levels: tuple[tuple[str, Any, str], ...] = ()  # (row key, value, label)


def _quartile_levels(name: str, label: str) -> tuple[tuple[str, Any, str], ...]:
    ordinals = ("First", "Second", "Third", "Fourth")
    return tuple((f"{name}_q{i}", i, f"{ordinals[i - 1]} quartile") for i in range(1, 5))


TABLE3_FACTORS: tuple[Factor, ...] = (
    Factor("male", "Male sex", "binary", "male"),
    Factor("age_years", "Age (continuous, per year)", "continuous", "age_years"),
    Factor("disease_duration_12m", "Disease duration ≥ 12 months", "binary",
           "disease_duration_12m"),
    Factor("allergy_history", "Allergy history", "binary", "allergy_history"),
    Factor("eosinophilia", "Eosinophilia", "binary", "eosinophilia"),
    Factor("esr_elevated", "Elevation of ESR", "binary", "esr_elevated"),
    Factor("crp_elevated", "Elevation of CRP", "binary", "crp_elevated"),
    Factor("igg", "IgG", "level", "igg_q", _quartile_levels("igg", "IgG")),
    Factor("igg4", "IgG4 (× upper limit of normal)", "level", "igg4_band", (
        ("igg4_uln_le3", "le3", "IgG4 ≤ 3 × ULN"), ("igg4_uln_3_10", "3_10", "3-10 × ULN"),
        ("igg4_uln_10_20", "10_20", "10-20 × ULN"), ("igg4_uln_gt20", "gt20", "> 20 × ULN"))),
    Factor("ige", "IgE", "level", "ige_q", _quartile_levels("ige", "IgE")),
    Factor("ri", "IgG4-RD RI", "level", "ri_q", _quartile_levels("ri", "RI")),
    Factor("organs", "Number of organs involved", "level", "organ_group", (
        ("organs_1_2", "1_2", "1-2"), ("organs_3_4", "3_4", "3-4"),
        ("organs_5_plus", "5_plus", "≥ 5"))),
    Factor("mikulicz", "Mikulicz's disease", "binary", "mikulicz"),
    *(Factor(s, SITE_LABELS[s], "binary", f"site_{s}")
      for s in ("lacrimal", "salivary", "pancreas", "bile_duct", "retroperitoneum", "lung")),
    Factor("initial_dose_mg", "Initial GC dose (per mg/day prednisone)", "continuous",
           "initial_dose_mg"),
    Factor("tapered_before_week_4", "GC tapered before week 4", "binary",
           "tapered_before_week_4"),
)


@dataclass(frozen=True)
class OddsRatioResult:
    """An odds ratio with its Wald 95% interval and p, or why there is none."""

    odds_ratio: float | None = None
    low: float | None = None
    high: float | None = None
    p: float | None = None
    note: str = ""

    @property
    def shown(self) -> str:
        if self.odds_ratio is None:
            return f"NA ({self.note})" if self.note else "NA"
        return f"{_num(self.odds_ratio)} ({_num(self.low)}-{_num(self.high)}), p {_p(self.p)}"


def logistic_or(y: np.ndarray, x: np.ndarray) -> list[OddsRatioResult]:
    """Univariate logistic regression (statsmodels Logit) of failure `y` on the columns of `x`:
    one OR per column with Wald 95% CI and p (Table 3). Non-convergence or perfect separation
    gives NA with the reason."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import (
        ConvergenceWarning,
        PerfectSeparationError,
        PerfectSeparationWarning,
    )

    with warnings.catch_warnings():
        warnings.simplefilter("error", (ConvergenceWarning, PerfectSeparationWarning))
        warnings.simplefilter("ignore", RuntimeWarning)
        try:
            fit = sm.Logit(y, sm.add_constant(x, has_constant="add")).fit(disp=0, maxiter=50)
        except (ConvergenceWarning, PerfectSeparationWarning, PerfectSeparationError,
                np.linalg.LinAlgError):
            return [OddsRatioResult(note="perfect separation: no finite odds ratio")] * x.shape[1]
    params, bse, pvalues = (np.asarray(a)[1:] for a in (fit.params, fit.bse, fit.pvalues))
    if not np.all(np.isfinite(bse)):
        return [OddsRatioResult(note="no finite standard error")] * x.shape[1]
    return [OddsRatioResult(float(np.exp(b)), float(np.exp(b - Z95 * s)),
                            float(np.exp(b + Z95 * s)), float(p))
            for b, s, p in zip(params, bse, pvalues, strict=True)]


def _empty_cell(failed: pd.Series, name: str) -> str:
    k, n = int(failed.sum()), len(failed)
    if n == 0:
        return f"no patients {name}"
    if k == 0:
        return f"0% failure {name}"
    return f"100% failure {name}" if k == n else ""


def _factor_results(failed: pd.Series, values: pd.Series, factor: Factor
                    ) -> dict[str, OddsRatioResult]:
    """Row key -> result for one factor within one regimen."""
    known = values.notna()
    y, values = failed[known].astype(float), values[known]
    overall = ""
    if not known.any():
        overall = "no patients with a recorded value"
    elif y.sum() in (0, len(y)):
        overall = f"{'no' if y.sum() == 0 else 'only'} failures: nothing to compare"
    if factor.kind == "continuous":
        if overall:
            return {factor.key: OddsRatioResult(note=overall)}
        if values.nunique() < 2:
            return {factor.key: OddsRatioResult(note="all patients have the same value")}
        return {factor.key: logistic_or(y.to_numpy(), values.to_numpy(float)[:, None])[0]}
    levels = factor.levels or ((factor.key, True, "yes"), ("", False, "no"))
    results = {key: OddsRatioResult() for key, _, _ in levels[:1] if factor.kind == "level"}
    ref_key, ref_value, ref_label = levels[0] if factor.kind == "level" else levels[1]
    compared = levels[1:] if factor.kind == "level" else levels[:1]
    if overall:
        return {**results, **{key: OddsRatioResult(note=overall) for key, _, _ in compared}}
    ref_note = _empty_cell(y[values == ref_value], f"in the reference group ({ref_label})")
    if ref_note:
        return {**results, **{key: OddsRatioResult(note=ref_note) for key, _, _ in compared}}
    fitted, keep = [], values == ref_value
    for key, value, label in compared:
        note = _empty_cell(y[values == value], f"with {label}" if factor.kind == "level"
                           else "with the factor")
        if note:
            results[key] = OddsRatioResult(note=note)
        else:
            fitted.append((key, value))
            keep |= values == value
    if fitted:
        x = np.column_stack([(values[keep] == value).to_numpy(float) for _, value in fitted])
        results.update(zip((k for k, _ in fitted), logistic_or(y[keep].to_numpy(), x),
                           strict=True))
    return results


def _published_or(item: evidence.OddsRatio | str | None) -> str:
    if item is None or isinstance(item, str):
        return item or ""
    return f"{_num(item.odds_ratio)} ({_num(item.low)}-{_num(item.high)}), p {item.p:g}"


def table3(data: pd.DataFrame) -> pd.DataFrame:
    """Table 3 analog: univariate logistic regression of failure per regimen, every factor."""
    per_regimen = {}
    for r in REGIMENS:
        d = data[data["regimen"] == r]
        per_regimen[r] = {}
        for factor in TABLE3_FACTORS:
            per_regimen[r].update(_factor_results(d["failed"], d[factor.column], factor))
    rows = []
    for factor in TABLE3_FACTORS:
        for key, _, label in factor.levels or ((factor.key, True, factor.label),):
            out: dict[str, Any] = {"row": key, "factor": factor.label, "label": label}
            reference = factor.kind == "level" and key == factor.levels[0][0]
            for r in REGIMENS:
                res = per_regimen[r][key]
                out.update({f"{r}:or": res.odds_ratio, f"{r}:low": res.low,
                            f"{r}:high": res.high, f"{r}:p": res.p, f"{r}:note": res.note,
                            f"{r}:shown": "Ref" if reference else res.shown})
            published = evidence.TABLE3.get(key, (None, None))
            out.update({f"published:{r}": _published_or(p)
                        for r, p in zip(REGIMENS, published, strict=True)})
            rows.append(out)
    return pd.DataFrame(rows)


# -- Fig. 3b, 3c, 4 ------------------------------------------------------------------------------
def _rate_columns(prefix: str, k: int, n: int) -> dict[str, Any]:
    low, high = exact_interval(k, n) if n else (None, None)
    return {f"{prefix}:failed": k, f"{prefix}:patients": n,
            f"{prefix}:rate": k / n if n else None, f"{prefix}:low": low, f"{prefix}:high": high,
            f"{prefix}:shown": f"{_count(k, n)} [{100 * low:.1f}-{100 * high:.1f}%]" if n
            else "no patients"}


def fig3b(data: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """Fig. 3b analog: per organ, failures that occurred in that organ / patients with the organ
    involved at baseline, by regimen, with exact 95% intervals."""
    published = {"gc": evidence.ORGAN_FAILURE_GC, "gc+im": evidence.ORGAN_FAILURE_GC_IM}
    sites = sites[sites["pid"].isin(data.index)]
    rows = []
    for site in SITES:
        out: dict[str, Any] = {"row": site, "label": SITE_LABELS[site]}
        pids = sites.loc[sites["site"] == site, "pid"]
        failed_in = data.loc[pids[data.loc[pids, f"site_{site}"].to_numpy(bool)], "regimen"]
        for r in REGIMENS:
            involved = int(((data["regimen"] == r) & data[f"site_{site}"]).sum())
            out.update(_rate_columns(r, int((failed_in == r).sum()), involved))
            out[f"published:{r}"] = _published(published[r].get(site))
        rows.append(out)
    return pd.DataFrame(rows)


def fig3c(data: pd.DataFrame) -> tuple[pd.DataFrame, float | None, str]:
    """Fig. 3c analog on GC monotherapy: failure by number of risk factors (0, 1, 2, 3-4) with
    exact 95% intervals, and Fisher p for 0-1 vs 2-4. Patients whose missing factors leave the
    stratum open are left out and counted."""
    gc = data[data["regimen"] == "gc"]
    placed = gc[gc["stratum"].notna()]
    rows = []
    for stratum in STRATA:
        group = placed["failed"][placed["stratum"] == stratum]
        printed = evidence.FIG3C_PRINTED_PERCENT[stratum]
        derived = evidence.RISK_STRATA[stratum]  # the counts the Risk page shows, too
        rows.append({"row": stratum, "label": f"{stratum} risk factors",
                     **_rate_columns("cohort", int(group.sum()), len(group)),
                     "published": f"{printed:g}% ({derived.events}/{derived.total}, derived)"})
    frame = pd.DataFrame(rows)
    low, high = frame.iloc[:2], frame.iloc[2:]
    p = fisher_p(int(low["cohort:failed"].sum()), int(low["cohort:patients"].sum()),
                 int(high["cohort:failed"].sum()), int(high["cohort:patients"].sum()))
    left_out = len(gc) - len(placed)
    note = (f"{left_out} GC-monotherapy patient(s) left out: a missing factor leaves the number "
            "of risk factors open" if left_out else "")
    if p is None:
        note = "; ".join(x for x in (note, "no GC-monotherapy patients in 0-1 or in 2-4") if x)
    return frame, p, note


FIG4_MARKERS = (("esr", "ESR", "mm/h"), ("crp", "CRP", "mg/L"), ("igg", "IgG", "g/L"),
                ("igg4", "IgG4", "mg/L"))


def fig4(data: pd.DataFrame) -> pd.DataFrame:
    """Fig. 4 analog: month-6 ESR, CRP, IgG, IgG4 by outcome, median (Q1, Q3), Mann-Whitney p."""
    rows = []
    failed = data["failed"].to_numpy(bool)
    for key, label, unit in FIG4_MARKERS:
        values = data[f"month6_{key}"]
        groups = {"failure": values[failed], "success": values[~failed]}
        p = mann_whitney_p(groups["failure"], groups["success"])
        out: dict[str, Any] = {"row": key, "label": f"{label} ({unit})", "unit": unit}
        for name, group in groups.items():
            out[f"{name}:n"] = int(group.notna().sum())
            out[f"{name}:shown"] = _median_iqr(group)
        published = evidence.MONTH6_SEROLOGY.get(key)
        out.update({"p": p, "p_shown": _p(p), "note": "" if p is not None else
                    "no month-6 value in a group",
                    "published:failure": _published(published[0]) if published else "",
                    "published:success": _published(published[1]) if published else "",
                    "published:p": f"{published[2]:g}" if published else "comparable"})
        rows.append(out)
    return pd.DataFrame(rows)


# -- The whole analysis --------------------------------------------------------------------------
@dataclass(frozen=True)
class CohortAnalysis:
    """Every table of the analysis, the counts behind it, and the date it was judged at."""

    as_of: str
    counts: dict[str, int]
    table1: pd.DataFrame
    table2: pd.DataFrame
    table3: pd.DataFrame
    fig3b: pd.DataFrame
    fig3c: pd.DataFrame
    fig3c_p: float | None
    fig3c_note: str
    fig4: pd.DataFrame
    outcomes: pd.DataFrame = field(repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"table1": self.table1, "table2": self.table2, "table3": self.table3,
                "fig3b": self.fig3b, "fig3c": self.fig3c, "fig4": self.fig4}

    def to_json(self) -> dict[str, Any]:
        """The tables as JSON: rows keyed by `row`, per-regimen fields nested by regimen."""
        answer: dict[str, Any] = {"as_of": self.as_of, "counts": self.counts}
        answer.update({name: _rows_json(frame) for name, frame in self.tables().items()})
        answer["fig3c_p_0_1_vs_2_4"] = self.fig3c_p
        answer["fig3c_note"] = self.fig3c_note
        return answer


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _rows_json(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    rows = {}
    for record in frame.to_dict("records"):
        out: dict[str, Any] = {}
        for column, value in record.items():
            if column == "row":
                continue
            group, _, name = column.rpartition(":")
            target = out.setdefault(group, {}) if group else out
            target[name] = _json_value(value)
        rows[str(record["row"])] = out
    return rows


def analyse(frames: CohortFrames, as_of: date | None = None, thresholds: Thresholds = DEFAULTS,
            progress: Progress | None = None) -> CohortAnalysis:
    """Outcomes as of `as_of` (None: each patient's stage end), then every table."""
    step = progress or (lambda fraction, text: None)
    step(0.1, "outcomes")
    result = outcomes(frames, as_of, thresholds)
    counts = {"patients": len(result),
              **{k: int(v) for k, v in result["outcome"].value_counts().items()}}
    analysed = result["outcome"].isin(["success", "failure"]).to_numpy()
    counts["analysed"] = int(analysed.sum())
    pts = frames.patients[analysed]
    data = pd.concat([pts, baseline_factors(pts, thresholds).drop(columns="regimen"),
                      result[analysed]], axis=1)
    data["failed"] = (data["outcome"] == "failure").to_numpy()
    counts.update({r: int((data["regimen"] == r).sum()) for r in REGIMENS})
    step(0.3, "Tables 1 and 2")
    t1, t2 = table1(data), table2(data)
    step(0.5, "Table 3 (logistic regression)")
    t3 = table3(data)
    step(0.8, "Fig. 3b, 3c, 4")
    sites = failure_sites(frames, result)
    f3c, p3c, note3c = fig3c(data)
    analysis = CohortAnalysis(as_of.isoformat() if as_of else "stage end", counts, t1, t2, t3,
                              fig3b(data, sites), f3c, p3c, note3c, fig4(data), result)
    step(1.0, "done")
    return analysis


def analyse_patients(patients: Sequence[Patient], as_of: date | None = None,
                     thresholds: Thresholds = DEFAULTS,
                     progress: Progress | None = None) -> CohortAnalysis:
    """`analyse` from validated patients."""
    return analyse(cohort_frames(patients), as_of, thresholds, progress)

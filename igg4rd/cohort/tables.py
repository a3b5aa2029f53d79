"""The paper's tables and figures on a cohort, each row beside the published one.

From the analysed patients (one row each, `results`; only those with an outcome):
- Table 1: n (%) of patients with the value recorded, or median (Q1, Q3);
- Table 2: by regimen, two-sided Fisher exact p for yes/no rows (reproduces the printed p-values),
  chi-square for the organ groups, Mann-Whitney U for continuous rows, and the outcome rows;
- Table 3: univariate odds ratios per regimen (`stats`), with footnote a (a reference group with
  0% failure is combined with the next) and footnote b (a group with 0% failure has no OR: NA,
  naming that group);
- Fig. 3b: organ-level failure incidence; Fig. 3c: failure by number of risk factors on GC
  monotherapy with exact intervals, Fisher p for 0-1 vs 2-4; Fig. 4: month-6 serology by outcome.
Every table has a `reproduced` column: whether the row equals the published one at the paper's
printed precision (None where the paper prints nothing to compare).

Each table is a tuple of typed rows (`rows`), keyed by `row` (the key the page and the command
line use); `rows.frame` makes the DataFrame at the edge (`gc:or`, `gc+im:shown`).
Labels, notes and shown texts are written in the language of the run when a table is built (the
rows keep their English messages); the command line sets no language, so its tables are English.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from igg4rd.cohort.rows import (
    Fig3bRow,
    Fig3cRow,
    Fig4Row,
    OddsRatioCell,
    OutcomeGroup,
    PublishedRate,
    Rate,
    Table1Row,
    Table2Row,
    Table3Row,
)
from igg4rd.cohort.stats import (
    OddsRatioResult,
    chi_square_p,
    fisher_p,
    logistic_or,
    mann_whitney_p,
    number,
    odds_ratio_2x2,
    odds_ratio_words,
    p_text,
    printed_decimals,
    rounded,
)
from igg4rd.language import formats
from igg4rd.language.i18n import N_, _
from igg4rd.language.words import FACTOR_LABELS, REGIMEN_LABELS, SITE_LABELS, STRATUM_LABELS
from igg4rd.rules import evidence
from igg4rd.rules.codes import Regimen, Site, Stratum
from igg4rd.rules.labs import FIG4_LABS, LAB_VALUES
from igg4rd.rules.risk import exact_interval
from igg4rd.rules.sites import SITES
from igg4rd.rules.thresholds import DEFAULTS, Thresholds

REGIMENS = tuple(r.value for r in Regimen)
Kind = Literal["binary", "level", "continuous"]
# Every column of the tables: in English the CSV download's headers are these names; in another
# language, their translations (`csv_header`).
CSV_COLUMNS = frozenset({
    N_("row"), N_("label"), N_("factor"), N_("value"), N_("unit"), N_("recorded"), N_("missing"),
    N_("published"), N_("reproduced"), N_("p"), N_("p_shown"), N_("test"), N_("note"),
    N_("gc:shown"), N_("gc:recorded"), N_("gc:or"), N_("gc:low"), N_("gc:high"), N_("gc:p"),
    N_("gc:note"), N_("gc:failed"), N_("gc:patients"), N_("gc:rate"),
    N_("gc+im:shown"), N_("gc+im:recorded"), N_("gc+im:or"), N_("gc+im:low"), N_("gc+im:high"),
    N_("gc+im:p"), N_("gc+im:note"), N_("gc+im:failed"), N_("gc+im:patients"), N_("gc+im:rate"),
    N_("cohort:failed"), N_("cohort:patients"), N_("cohort:rate"), N_("cohort:low"),
    N_("cohort:high"), N_("cohort:shown"), N_("failure:n"), N_("failure:shown"),
    N_("success:n"), N_("success:shown"), N_("published:gc"), N_("published:gc+im"),
    N_("published:p"), N_("published:failure"), N_("published:success"),
})


def csv_header(column: str) -> str:
    """A column's header in the CSV download, in the language of the run."""
    return _(column) if column in CSV_COLUMNS else column


# -- Formatting ----------------------------------------------------------------------------------
def count_text(k: int, n: int) -> str:
    """'5 (38.5%)': a count and its percentage of the patients with the value recorded."""
    if not n:
        return _("no patients")
    return f"{k} ({formats.number(rounded(Fraction(100 * k, n), 1), 1)}%)"


def median_iqr_text(values: pd.Series) -> str:
    values = values.dropna()
    if values.empty:
        return _("no values")
    q1, median, q3 = values.quantile([0.25, 0.5, 0.75])
    return f"{number(median)} ({number(q1)}, {number(q3)})"


def _published(item: evidence.Proportion | evidence.MedianIQR | None) -> str:
    if item is None:
        return ""
    if isinstance(item, evidence.Proportion):
        return count_text(item.events, item.total)
    return f"{number(item.median)} ({number(item.q1)}, {number(item.q3)})"


# -- Reproduction at the printed precision -------------------------------------------------------
def _same(value: float | Fraction | None, published: float) -> bool:
    """`value` prints as `published` did (its decimals)."""
    digits = printed_decimals(published)
    return value is not None and rounded(value, digits) == rounded(published, digits)


def _same_median(values: pd.Series, published: evidence.MedianIQR) -> bool:
    values = values.dropna()
    if values.empty:
        return False
    q1, median, q3 = values.quantile([0.25, 0.5, 0.75])
    return all(_same(v, p) for v, p in ((median, published.median), (q1, published.q1),
                                         (q3, published.q3)))


def _same_or(result: OddsRatioResult, published: evidence.OddsRatio) -> bool:
    return (result.odds_ratio is not None and _same(result.odds_ratio, published.odds_ratio)
            and _same(result.low, published.low) and _same(result.high, published.high)
            and _same(result.p, published.p))


def _all(checks: list[bool]) -> bool | None:
    return all(checks) if checks else None


# -- Rows ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One row of Tables 1-2: `column` of the analysed frame; `level` for a category's level;
    `label` in English (marked), translated when a table is built."""

    key: str
    label: str
    kind: Kind
    column: str
    level: str | None = None
    unit: str | None = None  # a laboratory value's canonical unit, shown with its label

    @property
    def shown(self) -> str:
        """The row's label in the language of the run, with its unit if it has one."""
        return formats.with_unit(_(self.label), self.unit) if self.unit else _(self.label)


_SITE_ROWS = tuple(Row(s, SITE_LABELS.marked[s], "binary", f"site_{s}") for s in SITES)
_DIAGNOSIS_LABELS = {"definite": N_("Diagnosis: definite"), "probable": N_("Diagnosis: probable"),
                     "possible": N_("Diagnosis: possible")}
BASELINE_ROWS: tuple[Row, ...] = (
    Row("male", N_("Male sex"), "binary", "male"),
    Row("age_years", N_("Age (years)"), "continuous", "age_years"),
    *(Row(f"diagnosis_{d}", label, "level", "diagnosis", d)
      for d, label in _DIAGNOSIS_LABELS.items()),
    Row("disease_duration_months", N_("Disease duration (months)"), "continuous",
        "disease_duration_months"),
    Row("baseline_ri", N_("IgG4-RD RI"), "continuous", "baseline_ri"),
    Row("allergy_history", N_("Allergy history"), "binary", "allergy_history"),
    Row("organs_1_2", N_("Organs involved: 1-2"), "level", "organ_group", "1_2"),
    Row("organs_3_4", N_("Organs involved: 3-4"), "level", "organ_group", "3_4"),
    Row("organs_5_plus", N_("Organs involved: ≥ 5"), "level", "organ_group", "5_plus"),
    Row("mikulicz", N_("Mikulicz's disease"), "binary", "mikulicz"),
    *_SITE_ROWS,
    *(Row(lab.code, lab.label, "continuous", lab.code, unit=lab.canonical)
      for lab in LAB_VALUES if lab.code in evidence.TABLE1_MEDIANS),
    Row("initial_dose_mg", N_("Initial GC dose (mg/day prednisone)"), "continuous",
        "initial_dose_mg"),
)
OUTCOME_ROWS = (  # Table 2, "Outcomes at month 6": (key, label (marked), column)
    ("ri_reduction_below_50", N_("RI reduction < 50% (maximum during the stage)"),
     "persistently_active"),
    ("relapse", N_("Relapse"), "relapse"),
    ("taper_failure", N_("Failure of GC tapering"), "taper_failure"),
    ("failure", N_("Failure of remission induction"), "failed"),
)
IGG4_BANDS = ("le3", "3_10", "10_20", "gt20")


def _quartile_group(values: pd.Series) -> pd.Series:
    """Quartile group 1-4 by the analysed patients' quartiles (Q1: ≤ 25th percentile ...)."""
    cuts = values.quantile([0.25, 0.5, 0.75])
    group = 1 + sum(((values > c).astype(int) for c in cuts), pd.Series(0, index=values.index))
    return group.where(values.notna())


def _flag(condition: pd.Series, known: pd.Series) -> pd.Series:
    return condition.astype("boolean").where(known)


def table_factors(data: pd.DataFrame, thresholds: Thresholds = DEFAULTS) -> pd.DataFrame:
    """The grouped baseline factors of Tables 1-3 that are not risk factors (those come from
    `risk.assess_risk`, patient by patient): sex, organ groups, duration ≥ 12 months, elevated
    ESR and CRP, IgG4 × ULN bands, quartile groups, tapering before week 4."""
    t, f = thresholds, pd.DataFrame(index=data.index)
    f["male"] = _flag(data["sex"] == "male", data["sex"].notna())
    n_sites = data["n_sites"]
    f["organ_group"] = pd.Series(np.select(
        [n_sites.between(1, 2), n_sites.between(3, t.many_sites - 1), n_sites >= t.many_sites],
        ["1_2", "3_4", "5_plus"],
        default=np.asarray(None)), index=data.index)
    duration = data["disease_duration_months"]
    f["disease_duration_12m"] = _flag(duration >= 12, duration.notna())
    for column, cut in (("esr", t.esr_elevated), ("crp", t.crp_elevated)):
        f[f"{column}_elevated"] = _flag(data[column] > cut, data[column].notna())
    ratio = data["igg4"] / t.igg4_uln_mg_l
    low, mid, high = evidence.IGG4_ULN_BANDS
    f["igg4_band"] = pd.Series(np.select(
        [ratio <= low, ratio <= mid, ratio <= high, ratio > high], IGG4_BANDS,
        default=np.asarray(None)),
        index=data.index)
    for column, source in (("igg_q", "igg"), ("ige_q", "ige"), ("ri_q", "baseline_ri")):
        f[column] = _quartile_group(data[source])
    weeks = data["initial_weeks"]
    f["tapered_before_week_4"] = _flag(weeks < evidence.INITIAL_WEEKS_RANGE[1], weeks.notna())
    return f


def _present(data: pd.DataFrame, row: Row) -> pd.Series:
    """The row's yes/no per patient (NA where not recorded)."""
    column = data[row.column]
    if row.kind == "level":
        return _flag(column == row.level, column.notna())
    return column.astype("boolean")


def _binary_summary(present: pd.Series) -> tuple[int, int]:
    known = present.dropna()
    return int(known.sum()), len(known)


# -- Table 1 -------------------------------------------------------------------------------------
def table1(data: pd.DataFrame) -> tuple[Table1Row, ...]:
    """Table 1 analog: n (%) of patients with the value recorded, or median (Q1, Q3)."""
    rows = []
    for row in BASELINE_ROWS:
        published: evidence.MedianIQR | evidence.Proportion | None
        if row.kind == "continuous":
            values = data[row.column]
            shown, recorded = median_iqr_text(values), int(values.notna().sum())
            published = evidence.TABLE1_MEDIANS.get(row.key)
            same = _same_median(values, published) if published else None
        else:
            k, recorded = _binary_summary(_present(data, row))
            shown = count_text(k, recorded) if recorded else _("not recorded")
            published = evidence.TABLE1_COUNTS.get(row.key)
            same = (k, recorded) == (published.events, published.total) if published else None
        rows.append(Table1Row(row.key, row.shown, shown, recorded, len(data) - recorded,
                              _published(published), same))
    return tuple(rows)


# -- Table 2 -------------------------------------------------------------------------------------
def _why_no_p(counts: dict[str, int]) -> str:
    empty = [REGIMEN_LABELS[r] for r in REGIMENS if not counts[r]]
    if len(empty) == 1:
        return _("no recorded values on {regimen}").format(regimen=empty[0])
    if empty:
        return _("no recorded values on {regimen} and {other}").format(regimen=empty[0],
                                                                       other=empty[1])
    return _("all values equal")


TESTS = {"mann_whitney": N_("Mann-Whitney U"), "chi_square": N_("chi-square"),
         "fisher": N_("Fisher exact (two-sided)")}


def _test_name(name: str) -> str:
    """The name of a test (`TESTS`) in the language of the run."""
    return _(TESTS[name])


def _table2_baseline_row(data: pd.DataFrame, row: Row, groups: dict[str, pd.Index]
                         ) -> Table2Row:
    shown: dict[str, str] = {}
    recorded: dict[str, int] = {}
    checks = []
    published = evidence.TABLE2_BASELINE.get(row.key)
    if row.kind == "continuous":
        values = {r: data.loc[groups[r], row.column] for r in REGIMENS}
        for i, r in enumerate(REGIMENS):
            shown[r] = median_iqr_text(values[r])
            recorded[r] = int(values[r].notna().sum())
            if published:
                median = published[i]
                assert isinstance(median, evidence.MedianIQR)  # a continuous row
                checks.append(_same_median(values[r], median))
        p, test = mann_whitney_p(values["gc"], values["gc+im"]), _test_name("mann_whitney")
    else:
        present = _present(data, row)
        summary = {r: _binary_summary(present[groups[r]]) for r in REGIMENS}
        for i, r in enumerate(REGIMENS):
            k, n = summary[r]
            shown[r], recorded[r] = (count_text(k, n) if n else _("not recorded")), n
            if published:
                count = published[i]
                assert isinstance(count, evidence.Proportion)  # a counted row
                checks.append((k, n) == (count.events, count.total))
        if row.kind == "level":
            levels = pd.crosstab(data["regimen"], data[row.column]).reindex(REGIMENS, fill_value=0)
            p, test = chi_square_p(levels.to_numpy()), _test_name("chi_square")
        else:
            p, test = fisher_p(*summary["gc"], *summary["gc+im"]), _test_name("fisher")
    if published:
        checks.append(_same(p, published[2]))
    return Table2Row(row.key, row.shown, shown, recorded, p, p_text(p), test,
                     "" if p is not None else _why_no_p(recorded), _published_table2(published),
                     _all(checks))


def _published_table2(published: tuple | None) -> dict[str, str]:
    if published is None:
        return {"gc": "", "gc+im": "", "p": ""}
    gc, gc_im, p = published
    return {"gc": _published(gc), "gc+im": _published(gc_im), "p": formats.number(p)}


def table2(data: pd.DataFrame) -> tuple[Table2Row, ...]:
    """Table 2 analog: baseline rows and month-6 outcomes by regimen, with p-values."""
    groups = {r: data.index[data["regimen"] == r] for r in REGIMENS}
    rows = [_table2_baseline_row(data, row, groups) for row in BASELINE_ROWS]
    for key, label, column in OUTCOME_ROWS:
        summary = {r: (int(data.loc[groups[r], column].sum()), len(groups[r])) for r in REGIMENS}
        recorded = {r: summary[r][1] for r in REGIMENS}
        p = fisher_p(*summary["gc"], *summary["gc+im"])
        gc, gc_im, printed = evidence.TABLE2_OUTCOMES[key]
        rows.append(Table2Row(
            key, _(label), {r: count_text(*summary[r]) for r in REGIMENS}, recorded, p,
            p_text(p), _test_name("fisher"), "" if p is not None else _why_no_p(recorded),
            _published_table2((gc, gc_im, printed)),
            summary["gc"] == (gc.events, gc.total)
            and summary["gc+im"] == (gc_im.events, gc_im.total) and _same(p, printed)))
    return tuple(rows)


# -- Table 3 -------------------------------------------------------------------------------------
Level = tuple[str, Any, str]  # (row key, value in the factor's column, label (marked))


@dataclass(frozen=True)
class CandidateFactor:
    """A candidate factor of Table 3 (not `rules.risk.Factor`, a patient's risk factor): binary,
    continuous, or levels (reference first) of a category; labels in English (marked),
    translated when the table is built."""

    key: str
    label: str
    kind: Kind
    column: str
    levels: tuple[Level, ...] = ()


QUARTILES = (N_("First quartile"), N_("Second quartile"), N_("Third quartile"),
             N_("Fourth quartile"))


def _quartile_levels(name: str) -> tuple[Level, ...]:
    return tuple((f"{name}_q{i}", i, QUARTILES[i - 1]) for i in range(1, 5))


TABLE3_FACTORS: tuple[CandidateFactor, ...] = (
    CandidateFactor("male", N_("Male sex"), "binary", "male"),
    CandidateFactor("age_years", N_("Age (continuous, per year)"), "continuous", "age_years"),
    CandidateFactor("disease_duration_12m", N_("Disease duration ≥ 12 months"), "binary",
           "disease_duration_12m"),
    CandidateFactor("allergy_history", N_("Allergy history"), "binary", "allergy_history"),
    CandidateFactor("eosinophilia", FACTOR_LABELS.marked["eosinophilia"], "binary", "eosinophilia"),
    CandidateFactor("esr_elevated", N_("Elevation of ESR"), "binary", "esr_elevated"),
    CandidateFactor("crp_elevated", N_("Elevation of CRP"), "binary", "crp_elevated"),
    CandidateFactor("igg", "IgG", "level", "igg_q", _quartile_levels("igg")),
    CandidateFactor("igg4", N_("IgG4 (× upper limit of normal)"), "level", "igg4_band", (
        ("igg4_uln_le3", "le3", N_("IgG4 ≤ 3 × ULN")),
        ("igg4_uln_3_10", "3_10", N_("3 × ULN < IgG4 ≤ 10 × ULN")),
        ("igg4_uln_10_20", "10_20", N_("10 × ULN < IgG4 ≤ 20 × ULN")),
        ("igg4_uln_gt20", "gt20", N_("IgG4 > 20 × ULN")))),
    CandidateFactor("ige", "IgE", "level", "ige_q", _quartile_levels("ige")),
    CandidateFactor("ri", N_("IgG4-RD RI"), "level", "ri_q", _quartile_levels("ri")),
    CandidateFactor("organs", N_("Number of organs involved"), "level", "organ_group", (
        ("organs_1_2", "1_2", N_("1-2")), ("organs_3_4", "3_4", N_("3-4")),
        ("organs_5_plus", "5_plus", "≥ 5"))),
    CandidateFactor("mikulicz", N_("Mikulicz's disease"), "binary", "mikulicz"),
    *(CandidateFactor(s, SITE_LABELS.marked[s], "binary", f"site_{s}")
      for s in (Site.LACRIMAL, Site.SALIVARY, Site.PANCREAS, Site.BILE_DUCT,
                Site.RETROPERITONEUM, Site.LUNG)),
    CandidateFactor("initial_dose_mg", N_("Initial GC dose (per mg/day prednisone)"), "continuous",
           "initial_dose_mg"),
    CandidateFactor("tapered_before_week_4", N_("GC tapered before week 4"), "binary",
           "tapered_before_week_4"),
)
REF_SHOWN = N_("Ref")  # marked: shown with `_`
REF_COMBINED_SHOWN = N_("Ref (with the first group, which had 0% failure; footnote a)")


def _group_note(k: int, n: int, group: str) -> str:
    """Why a group has no finite odds ratio, naming it (footnote b), or ''."""
    if n == 0:
        return _("no patients in the group: {group}").format(group=group)
    if k == 0:
        return _na_group(group)
    return _("100% failure in the group: {group}").format(group=group) if k == n else ""


def _na_group(group: str) -> str:
    return _("0% failure in the group: {group}; footnote b").format(group=group)


def _shown(result: OddsRatioResult) -> str:
    """The odds ratio as shown (`OddsRatioResult.shown`), or NA with the reason translated."""
    if result.odds_ratio is None and result.note:
        return _("NA ({reason})").format(reason=result.note)
    return result.shown


def _overall_note(y: pd.Series) -> str:
    if y.empty:
        return _("no patients with a recorded value")
    if y.sum() == 0:
        return _("no failures: nothing to compare")
    if y.sum() == len(y):
        return _("only failures: nothing to compare")
    return ""


def _compare(k: int, n: int, k_ref: int, n_ref: int, group: str, reference: str
             ) -> OddsRatioResult:
    """The group's odds ratio against the reference, or why there is none (footnote b)."""
    note = _group_note(k_ref, n_ref, reference) or _group_note(k, n, group)
    return OddsRatioResult(note=note) if note else odds_ratio_2x2(k, n, k_ref, n_ref)


def _factor_results(failed: pd.Series, values: pd.Series, factor: CandidateFactor
                    ) -> dict[str, OddsRatioResult | str]:
    """Row key → result (or the reference's shown text) for one factor within one regimen."""
    known = values.notna()
    y, values = failed[known], values[known]
    keys = [key for key, _value, _label in factor.levels] or [factor.key]
    overall = _overall_note(y)
    if overall:
        return {key: OddsRatioResult(note=overall) for key in keys}
    if factor.kind == "continuous":
        if values.nunique() < 2:
            return {factor.key: OddsRatioResult(note=_("all patients have the same value"))}
        return {factor.key: logistic_or(y.to_numpy(float), values.to_numpy(float)[:, None])}

    def counts(value: Any) -> tuple[int, int]:
        group = y[values == value]
        return int(group.sum()), len(group)

    if factor.kind == "binary":
        return {factor.key: _compare(*counts(True), *counts(False), _(factor.label),
                                     _("not {factor}").format(factor=_(factor.label)))}
    (ref_key, ref_value, _label), rest = factor.levels[0], list(factor.levels[1:])
    results: dict[str, OddsRatioResult | str] = {ref_key: _(REF_SHOWN)}
    k_ref, n_ref = counts(ref_value)
    if k_ref == 0 and rest:  # footnote a: combine the first two groups as the reference
        key, value, _label = rest.pop(0)
        k_next, n_next = counts(value)
        k_ref, n_ref = k_ref + k_next, n_ref + n_next
        results[key] = _(REF_COMBINED_SHOWN)
    for key, value, label in rest:
        results[key] = _compare(*counts(value), k_ref, n_ref, _(label), _("the reference"))
    return results


def _published_or(item: evidence.OddsRatio | evidence.NoOddsRatio | None) -> str:
    if item is None:
        return ""
    if isinstance(item, evidence.NoOddsRatio):
        if item.kind == "na":  # the group is one of the level labels above (marked)
            return _("NA ({reason})").format(reason=_na_group(_(item.empty)))
        reference = REF_SHOWN if item.kind == "ref" else REF_COMBINED_SHOWN
        return _(reference)
    return odds_ratio_words(number(item.odds_ratio), number(item.low), number(item.high),
                            formats.number(item.p))


def _reproduces(result: OddsRatioResult | str,
                published: evidence.OddsRatio | evidence.NoOddsRatio) -> bool:
    if isinstance(published, evidence.OddsRatio):
        return isinstance(result, OddsRatioResult) and _same_or(result, published)
    if published.kind == "na":
        return isinstance(result, OddsRatioResult) and result.odds_ratio is None
    return result == _published_or(published)


def _cell(result: OddsRatioResult | str, published: str) -> OddsRatioCell:
    """A factor's result within one regimen (or the reference's shown text) as a cell."""
    fitted = result if isinstance(result, OddsRatioResult) else OddsRatioResult()
    return OddsRatioCell(None if fitted.odds_ratio is None else float(fitted.odds_ratio),
                         fitted.low, fitted.high, fitted.p, fitted.note,
                         result if isinstance(result, str) else _shown(result), published)


def table3(data: pd.DataFrame) -> tuple[Table3Row, ...]:
    """Table 3 analog: univariate odds ratios of failure per regimen, every factor."""
    per_regimen: dict[str, dict[str, OddsRatioResult | str]] = {}
    for r in REGIMENS:
        d = data[data["regimen"] == r]
        per_regimen[r] = {}
        for factor in TABLE3_FACTORS:
            per_regimen[r].update(_factor_results(d["failed"], d[factor.column], factor))
    rows = []
    for factor in TABLE3_FACTORS:
        for key, _unused, label in factor.levels or ((factor.key, True, factor.label),):
            published = evidence.TABLE3.get(key)
            rows.append(Table3Row(
                key, _(factor.label), _(label),
                {r: _cell(per_regimen[r][key], _published_or(published[i] if published else None))
                 for i, r in enumerate(REGIMENS)},
                all(_reproduces(per_regimen[r][key], published[i])
                    for i, r in enumerate(REGIMENS)) if published else None))
    return tuple(rows)


# -- Fig. 3b, 3c, 4 ------------------------------------------------------------------------------
def _rate(k: int, n: int) -> tuple[int, int, float | None, float | None, float | None, str]:
    """A `Rate`'s fields: k of n, the rate, its exact 95% interval and the text shown."""
    low, high = exact_interval(k, n) if n else (None, None)
    shown = (_("{count} [{low}-{high}%]").format(
        count=count_text(k, n), low=formats.number(100 * low, 1),
        high=formats.number(100 * high, 1)) if low is not None and high is not None
        else _("no patients"))
    return k, n, k / n if n else None, low, high, shown


def fig3b(data: pd.DataFrame) -> tuple[Fig3bRow, ...]:
    """Fig. 3b analog: per organ, failures that occurred in that organ / patients with the organ
    involved at baseline, by regimen, with exact 95% intervals."""
    failed_in = data[["regimen", "failure_sites"]].explode("failure_sites").dropna()
    rows = []
    for site in SITES:
        checks, by_regimen = [], {}
        in_site = failed_in[(failed_in["failure_sites"] == site)
                            & data.loc[failed_in.index, f"site_{site}"]]  # involved at baseline
        for r in REGIMENS:
            involved = int(((data["regimen"] == r) & data[f"site_{site}"]).sum())
            k = int((in_site["regimen"] == r).sum())
            share = evidence.ORGAN_FAILURE[r].get(site)
            by_regimen[r] = PublishedRate(*_rate(k, involved), published=_published(share))
            if share:
                checks.append((k, involved) == (share.events, share.total))
        rows.append(Fig3bRow(site.value, SITE_LABELS[site], by_regimen, _all(checks)))
    return tuple(rows)


def fig3c(data: pd.DataFrame) -> tuple[tuple[Fig3cRow, ...], float | None, str]:
    """Fig. 3c analog on GC monotherapy: failure by number of risk factors (0, 1, 2, 3-4) with
    exact 95% intervals, and Fisher p for 0-1 vs 2-4. Patients whose missing factors leave the
    stratum open are left out and counted."""
    gc = data[data["regimen"] == Regimen.GC]
    placed = gc[gc["stratum"].notna()]
    rows = []
    for stratum in Stratum:
        group = placed["failed"][placed["stratum"] == stratum]
        printed = evidence.FIG3C_PRINTED_PERCENT[stratum]
        derived = evidence.RISK_STRATA[stratum]  # the counts the Risk page shows, too
        k, n = int(group.sum()), len(group)
        rows.append(Fig3cRow(stratum.value, STRATUM_LABELS[stratum], Rate(*_rate(k, n)),
                             _("{percent}% ({events}/{total}, derived)").format(
                                 percent=formats.number(printed), events=derived.events,
                                 total=derived.total),
                             bool(n) and _same(Fraction(100 * k, n), printed)))
    low, high = [row.cohort for row in rows[:2]], [row.cohort for row in rows[2:]]
    p = fisher_p(sum(r.failed for r in low), sum(r.patients for r in low),
                 sum(r.failed for r in high), sum(r.patients for r in high))
    left_out = len(gc) - len(placed)
    note = _("{count} GC-monotherapy patient(s) left out: a missing factor leaves the number of "
             "risk factors open").format(count=left_out) if left_out else ""
    if p is None:
        empty = _("no GC-monotherapy patients in 0-1 or in 2-4")
        note = _("{note}; {other}").format(note=note, other=empty) if note else empty
    return tuple(rows), p, note


def fig4(data: pd.DataFrame) -> tuple[Fig4Row, ...]:
    """Fig. 4 analog: month-6 ESR, CRP, IgG, IgG4 by outcome, median (Q1, Q3), Mann-Whitney p."""
    rows = []
    failed = data["failed"].to_numpy(bool)
    for lab in FIG4_LABS:
        key, unit = lab.code, lab.canonical
        values = data[f"month6_{key}"]
        groups = {"failure": values[failed], "success": values[~failed]}
        p = mann_whitney_p(groups["failure"], groups["success"])
        published = evidence.MONTH6_SEROLOGY.get(key)
        rows.append(Fig4Row(
            key, formats.with_unit(_(lab.label), unit), unit,
            {name: OutcomeGroup(int(group.notna().sum()), median_iqr_text(group))
             for name, group in groups.items()},
            p, p_text(p, 4), "" if p is not None else _("no month-6 value in a group"),
            {"failure": _published(published[0]) if published else "",
             "success": _published(published[1]) if published else "",
             "p": formats.number(published[2]) if published else _("comparable")},
            None if published is None else (
                _same_median(groups["failure"], published[0])
                and _same_median(groups["success"], published[1]) and _same(p, published[2]))))
    return tuple(rows)

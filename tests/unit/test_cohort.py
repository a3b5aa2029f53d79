"""Cohort statistics give back the paper's printed figures from the paper's own counts, and
degenerate cohorts are described, never crash."""
from __future__ import annotations

import json
from datetime import date
from fractions import Fraction

import numpy as np
import pytest

from igg4rd.cohort.analysis import analyse
from igg4rd.cohort.stats import (
    chi_square_p,
    fisher_p,
    logistic_or,
    number,
    odds_ratio_2x2,
    p_text,
    rounded,
)
from igg4rd.rules import evidence
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import DEFAULTS, THRESHOLD_BASIS
from tests.unit.helpers import record, visit

AS_OF = date(2025, 6, 1)


def decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def printed(value: float, like: float) -> float:
    """`value` at the precision `like` was printed with, rounded half-up as the paper does."""
    return float(rounded(value, decimals(like)))


# -- Table 2 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("row", sorted(evidence.TABLE2_OUTCOMES))
def test_table2_outcome_p_values(row):
    gc, gc_im, p = evidence.TABLE2_OUTCOMES[row]
    assert round(fisher_p(gc.events, gc.total, gc_im.events, gc_im.total), 3) == p


@pytest.mark.parametrize("row", [k for k, v in evidence.TABLE2_BASELINE.items()
                                 if isinstance(v[0], evidence.Proportion)
                                 and not k.startswith("organs")])
def test_table2_binary_baseline_p_values(row):
    gc, gc_im, p = evidence.TABLE2_BASELINE[row]
    assert round(fisher_p(gc.events, gc.total, gc_im.events, gc_im.total), 3) == p


def test_table2_organ_groups_chi_square():
    rows = ("organs_1_2", "organs_3_4", "organs_5_plus")
    table = np.array([[evidence.TABLE2_BASELINE[r][i].events for r in rows] for i in (0, 1)])
    assert round(chi_square_p(table), 3) == evidence.TABLE2_BASELINE["organs_1_2"][2]


# -- Table 3 -------------------------------------------------------------------------------------
def two_by_two(k1: int, n1: int, k0: int, n0: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.r_[np.ones(n1), np.zeros(n0)]
    y = np.r_[np.ones(k1), np.zeros(n1 - k1), np.ones(k0), np.zeros(n0 - k0)]
    return y, x[:, None]


def test_a_cross_product_ratio_prints_without_float_noise():
    assert odds_ratio_2x2(3, 7, 2, 5).odds_ratio == Fraction(45, 40)  # (3·3) / (4·2), exact
    assert number(Fraction(45, 40)) == "1.13" and number(1.125) == "1.13"
    assert number(0.1 + 0.2) == "0.3" and number(34.6) == "34.6" and number(1.0) == "1"
    assert number(2.675) == "2.68"  # binary 2.67499999... is read as its shortest repr
    assert p_text(0.0005) == "< 0.001" and p_text(0.0105) == "0.011" and p_text(None) == "NA"
    assert rounded(Fraction(1, 8), 2) == rounded(0.125, 2)


@pytest.mark.parametrize("row,regimen", [
    (r, g) for r in evidence.TABLE3_DERIVED_COUNTS for g in (0, 1)
    if isinstance(evidence.TABLE3[r][g], evidence.OddsRatio)])
def test_the_2x2_odds_ratio_is_logistic_regression(row, regimen):
    counts = evidence.TABLE3_DERIVED_COUNTS[row][regimen]
    exact, fitted = odds_ratio_2x2(*counts), logistic_or(*two_by_two(*counts))
    assert float(exact.odds_ratio) == pytest.approx(fitted.odds_ratio, rel=1e-6)
    assert (exact.low, exact.high, exact.p) == pytest.approx((fitted.low, fitted.high, fitted.p),
                                                             rel=1e-5)


def assert_printed(result, published: evidence.OddsRatio) -> None:
    assert printed(float(result.odds_ratio), published.odds_ratio) == published.odds_ratio
    assert printed(result.low, published.low) == published.low
    assert printed(result.high, published.high) == published.high
    assert printed(result.p, published.p) == published.p


CASES = [(row, r) for row, counts in evidence.TABLE3_DERIVED_COUNTS.items()
         for r in (0, 1) if isinstance(evidence.TABLE3[row][r], evidence.OddsRatio)]


@pytest.mark.parametrize("row,regimen", CASES)
def test_table3_binary_factors_from_derived_counts(row, regimen):
    assert_printed(odds_ratio_2x2(*evidence.TABLE3_DERIVED_COUNTS[row][regimen]),
                   evidence.TABLE3[row][regimen])


def test_dacryoadenitis_and_eosinophilia_as_printed():
    assert odds_ratio_2x2(11, 35, 5, 42).shown == "3.39 (1.05-10.99), p 0.042"
    assert odds_ratio_2x2(10, 21, 5, 45).shown == "7.27 (2.05-25.74), p 0.002"


GROUP_ROWS = {"ri_quartile": ("ri_q2", "ri_q3", "ri_q4"), "organs": ("organs_3_4", "organs_5_plus"),
              "igg_quartile": ("igg_q2", "igg_q3", "igg_q4"),
              "ige_quartile": ("ige_q2", "ige_q3", "ige_q4"),
              "igg4_band": ("igg4_uln_3_10", "igg4_uln_10_20", "igg4_uln_gt20")}


@pytest.mark.parametrize("factor", sorted(GROUP_ROWS))
@pytest.mark.parametrize("regimen", [0, 1])
def test_table3_group_factors_from_derived_counts(factor, regimen):
    """Each level against the reference (footnote a: IgG4 on GC + IM combines the first two
    groups, the first having no failure; footnote b: no OR for a group without failure)."""
    groups = list(evidence.TABLE3_DERIVED_GROUPS[factor][regimen])
    rows = list(GROUP_ROWS[factor])
    if groups[0][0] == 0:  # footnote a
        assert evidence.TABLE3[rows[0]][regimen] == evidence.REF_COMBINED
        (k0, n0), (k1, n1) = groups[:2]
        groups, rows = [(k0 + k1, n0 + n1), *groups[2:]], rows[1:]
    k_ref, n_ref = groups[0]
    for (k, n), row in zip(groups[1:], rows, strict=True):
        published = evidence.TABLE3[row][regimen]
        if isinstance(published, evidence.NoOddsRatio):
            assert published.kind == "na" and k == 0  # footnote b
        else:
            assert_printed(odds_ratio_2x2(k, n, k_ref, n_ref), published)


def test_separation_gives_na_with_reason():
    y, x = two_by_two(0, 10, 16, 67)  # retroperitoneal fibrosis on GC: 0% failure
    result = logistic_or(y, x)
    assert result.odds_ratio is None and "separation" in result.note
    assert odds_ratio_2x2(0, 10, 16, 67).odds_ratio is None


def test_crp_elevated_default_is_3_mg_per_l_below_the_gc_im_median():
    median = evidence.TABLE2_BASELINE["crp"][1].median
    assert DEFAULTS.crp_elevated == 3.0 < median == 4.01
    assert "4.01" in THRESHOLD_BASIS["crp_elevated"][1]


# -- Fig. 3c -------------------------------------------------------------------------------------
@pytest.mark.parametrize("strata", [evidence.RISK_STRATA, evidence.RISK_STRATA_COMPLETE_DATA])
def test_fig3c_rates_and_p(strata):
    for name, share in strata.items():
        assert round(100 * share.rate, 1) == evidence.FIG3C_PRINTED_PERCENT[name]
    low = [strata["0"], strata["1"]]
    high = [strata["2"], strata["3-4"]]
    p = fisher_p(sum(s.events for s in low), sum(s.total for s in low),
                 sum(s.events for s in high), sum(s.total for s in high))
    assert round(p, 3) == evidence.RISK_STRATA_P


# -- Degenerate cohorts --------------------------------------------------------------------------
def patient(pid: str, regimen: str = "gc", fail: bool = False, **extra) -> Patient:
    visits = [visit(1, 6, 30), visit(3, 4, 20, relapse=("lacrimal",) if fail else ()),
              visit(6, 3, 7.5, esr=5, crp=1.0, igg=12.0, igg4=1500)]
    return Patient.model_validate(record(visits, regimen=regimen, id=pid,
                                         sites=("lacrimal", "pancreas"), **extra))


def test_one_patient():
    analysis = analyse([patient("a")], AS_OF)
    assert analysis.counts["analysed"] == 1
    failure = analysis.frame("table2").set_index("row").loc["failure"]
    assert failure["p_shown"] == "NA" and "GC + IM" in failure["note"]
    assert "no failures" in analysis.frame("table3").set_index("row").loc["lacrimal", "gc:note"]
    assert analysis.fig3c_p is None and analysis.fig3c_note
    json.dumps(analysis.to_json())


def test_no_failures_and_a_regimen_without_patients():
    analysis = analyse([patient(f"p{i}") for i in range(6)], AS_OF)
    t3 = analysis.frame("table3").set_index("row")
    assert t3.loc["lacrimal", "gc+im:note"] == "no patients with a recorded value"
    assert t3.loc["male", "gc:shown"].startswith("NA (")
    assert t3.loc["igg4_uln_3_10", "gc+im:shown"].startswith("NA (no patients")
    assert (analysis.frame("fig4")["note"] != "").all()


def test_all_values_missing_for_a_factor():
    cohort = [patient(f"p{i}", fail=i % 3 == 0, regimen=("gc", "gc+im")[i % 2])
              for i in range(12)]
    analysis = analyse(cohort, AS_OF)
    t3 = analysis.frame("table3").set_index("row")
    assert t3.loc["eosinophilia", "gc:note"] == "no patients with a recorded value"
    assert t3.loc["ige_q2", "gc:shown"].startswith("NA")
    t1 = analysis.frame("table1").set_index("row")
    assert t1.loc["mikulicz", "value"] == "not recorded"
    assert "left out" in analysis.fig3c_note


def test_pending_patients_are_counted_not_analysed():
    analysis = analyse([patient("a"), patient("b")], date(2024, 5, 1))
    assert analysis.counts["pending"] == 2 and analysis.counts["analysed"] == 0
    json.dumps(analysis.to_json())


def test_empty_cohort():
    analysis = analyse([], AS_OF)
    assert analysis.counts["patients"] == 0
    json.dumps(analysis.to_json())

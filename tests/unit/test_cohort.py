"""Cohort statistics give back the paper's printed figures from the paper's own counts, and
degenerate cohorts are described, never crash."""
from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from igg4rd.cohort.analysis import analyse_patients, chi_square_p, fisher_p, logistic_or
from igg4rd.rules import evidence
from igg4rd.rules.model import Patient
from tests.unit.helpers import record, visit

AS_OF = date(2025, 6, 1)


def decimals(value: float) -> int:
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text else 0


def printed(value: float, like: float) -> float:
    return round(value, max(decimals(like), 0))


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


def assert_printed(result, published: evidence.OddsRatio) -> None:
    assert printed(result.odds_ratio, published.odds_ratio) == published.odds_ratio
    assert printed(result.low, published.low) == published.low
    assert printed(result.high, published.high) == published.high
    assert round(result.p, max(decimals(published.p), 3)) == pytest.approx(published.p, abs=1e-9)


CASES = [(row, r) for row, counts in evidence.TABLE3_DERIVED_COUNTS.items()
         for r in (0, 1) if isinstance(evidence.TABLE3[row][r], evidence.OddsRatio)]


@pytest.mark.parametrize("row,regimen", CASES)
def test_table3_binary_factors_from_derived_counts(row, regimen):
    y, x = two_by_two(*evidence.TABLE3_DERIVED_COUNTS[row][regimen])
    assert_printed(logistic_or(y, x)[0], evidence.TABLE3[row][regimen])


def test_dacryoadenitis_and_eosinophilia_as_printed():
    dacryo = logistic_or(*two_by_two(11, 35, 5, 42))[0]
    eos = logistic_or(*two_by_two(10, 21, 5, 45))[0]
    assert (round(dacryo.odds_ratio, 2), round(dacryo.low, 2), round(dacryo.high, 2)) == (
        3.39, 1.05, 10.99)
    assert (round(eos.odds_ratio, 2), round(eos.low, 2), round(eos.high, 2)) == (7.27, 2.05, 25.74)


@pytest.mark.parametrize("factor,rows", [("ri_quartile", ("ri_q2", "ri_q3", "ri_q4")),
                                         ("organs", ("organs_3_4", "organs_5_plus"))])
@pytest.mark.parametrize("regimen", [0, 1])
def test_table3_group_factors_from_derived_counts(factor, rows, regimen):
    groups = evidence.TABLE3_DERIVED_GROUPS[factor][regimen]
    level = np.concatenate([np.full(n, i) for i, (_, n) in enumerate(groups)])
    y = np.concatenate([np.r_[np.ones(k), np.zeros(n - k)] for k, n in groups])
    x = np.column_stack([(level == i).astype(float) for i in range(1, len(groups))])
    for result, row in zip(logistic_or(y, x), rows, strict=True):
        assert_printed(result, evidence.TABLE3[row][regimen])


def test_separation_gives_na_with_reason():
    y, x = two_by_two(0, 10, 16, 67)  # retroperitoneal fibrosis on GC: 0% failure
    result = logistic_or(y, x)[0]
    assert result.odds_ratio is None and "separation" in result.note


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
    analysis = analyse_patients([patient("a")], AS_OF)
    assert analysis.counts["analysed"] == 1
    failure = analysis.table2.set_index("row").loc["failure"]
    assert failure["p_shown"] == "NA" and "GC + IM" in failure["note"]
    assert "no failures" in analysis.table3.set_index("row").loc["lacrimal", "gc:note"]
    assert analysis.fig3c_p is None and analysis.fig3c_note
    json.dumps(analysis.to_json())


def test_no_failures_and_a_regimen_without_patients():
    analysis = analyse_patients([patient(f"p{i}") for i in range(6)], AS_OF)
    t3 = analysis.table3.set_index("row")
    assert t3.loc["lacrimal", "gc+im:note"] == "no patients with a recorded value"
    assert t3.loc["male", "gc:shown"].startswith("NA (")
    assert (analysis.fig4["note"] != "").all()


def test_all_values_missing_for_a_factor():
    cohort = [patient(f"p{i}", fail=i % 3 == 0, regimen=("gc", "gc+im")[i % 2])
              for i in range(12)]
    analysis = analyse_patients(cohort, AS_OF)
    t3 = analysis.table3.set_index("row")
    assert t3.loc["eosinophilia", "gc:note"] == "no patients with a recorded value"
    assert t3.loc["ige_q2", "gc:shown"].startswith("NA")
    t1 = analysis.table1.set_index("row")
    assert t1.loc["mikulicz", "value"] == "not recorded"
    assert "left out" in analysis.fig3c_note


def test_pending_patients_are_counted_not_analysed():
    analysis = analyse_patients([patient("a"), patient("b")], date(2024, 5, 1))
    assert analysis.counts["pending"] == 2 and analysis.counts["analysed"] == 0
    json.dumps(analysis.to_json())


def test_empty_cohort():
    analysis = analyse_patients([], AS_OF)
    assert analysis.counts["patients"] == 0
    json.dumps(analysis.to_json())

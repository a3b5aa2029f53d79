"""Risk factors and strata (Table 3, Fig. 3c; thresholds: docs/clinical-rules.md §8)."""
from __future__ import annotations

import pytest
from scipy.stats import binomtest

from igg4rd.rules import evidence
from igg4rd.rules.risk import assess_risk, exact_interval, stratum_for
from igg4rd.rules.thresholds import Thresholds
from tests.unit.helpers import patient

FOUR_FACTORS = dict(sites=("lacrimal", "salivary", "lung", "lymph_nodes", "sinus"),
                    baseline_ri=22, baseline={"eosinophils_pct": 9.0})


def test_published_stratum_rates_are_the_papers_percentages():
    printed = {"0": 0.08, "1": 0.143, "2": 0.385, "3-4": 0.714}
    assert {k: round(v.rate, 3) for k, v in evidence.RISK_STRATA.items()} == printed
    assert sum(p.total for p in evidence.RISK_STRATA.values()) == 73
    assert sum(p.events for p in evidence.RISK_STRATA.values()) == 16


@pytest.mark.parametrize("k,n", [(2, 25), (4, 28), (5, 13), (5, 7), (0, 9), (9, 9)])
def test_exact_interval_is_clopper_pearson(k, n):
    reference = binomtest(k, n).proportion_ci(0.95, method="exact")
    assert exact_interval(k, n) == pytest.approx((reference.low, reference.high))


def test_no_factor_is_stratum_zero_at_eight_percent():
    risk = assess_risk(patient(baseline_ri=12, baseline={"eosinophils_pct": 2.0}))
    assert risk.count == 0 and risk.stratum == "0"
    assert risk.published == evidence.RISK_STRATA["0"]


def test_all_four_factors_with_values_and_rules():
    risk = assess_risk(patient(**FOUR_FACTORS))
    assert [f.present for f in risk.factors] == [True, True, True, True]
    assert risk.stratum == "3-4" and risk.count == 4
    assert risk.combination_suggested
    assert "9%" in risk.factors[0].value and "> 5%" in risk.factors[0].rule


def test_thresholds_are_inclusive_where_the_paper_says_at_least():
    five_sites = ("pancreas", "lung", "kidney", "liver", "skin")
    at = assess_risk(patient(baseline_ri=19, sites=five_sites, baseline={"eosinophils_pct": 5.0}))
    present = {f.name: f.present for f in at.factors}
    assert present == {"eosinophilia": False, "high_baseline_ri": True,
                       "five_or_more_sites": True, "dacryoadenitis": False}


def test_eosinophil_count_alone_can_show_eosinophilia():
    risk = assess_risk(patient(baseline={"eosinophils_count": 0.6}))
    assert risk.factors[0].present is True


def test_missing_data_gives_the_range_of_possible_counts():
    risk = assess_risk(patient(baseline_ri=None, sites=("lacrimal",)))
    assert risk.count_range == (1, 3)
    assert risk.count is None and risk.stratum is None
    assert risk.possible_strata == ("1", "2", "3-4")
    assert risk.published is None


def test_range_within_one_stratum_still_names_it():
    risk = assess_risk(patient(baseline_ri=None, **{k: v for k, v in FOUR_FACTORS.items()
                                                    if k != "baseline_ri"}))
    assert risk.count_range == (3, 4)
    assert risk.stratum == "3-4"


def test_combination_therapy_gets_the_overall_figure_not_a_stratum():
    risk = assess_risk(patient(regimen="gc+im", **FOUR_FACTORS))
    assert not risk.applies
    assert risk.published == evidence.FAILURE_GC_IM
    assert not risk.combination_suggested


def test_thresholds_are_configurable():
    lenient = Thresholds(high_baseline_ri=25, eosinophilia_pct=10.0)
    risk = assess_risk(patient(**FOUR_FACTORS), lenient)
    assert risk.count == 2


@pytest.mark.parametrize("count,stratum", [(0, "0"), (1, "1"), (2, "2"), (3, "3-4"),
                                           (4, "3-4")])
def test_strata_group_three_and_four(count, stratum):
    assert stratum_for(count) == stratum


def test_no_recorded_site_leaves_the_site_factors_unknown():
    risk = assess_risk(patient(sites=(), baseline_ri=12, baseline={"eosinophils_pct": 2.0}))
    assert [f.present for f in risk.factors] == [False, False, None, None]
    assert risk.count_range == (0, 2) and risk.stratum is None and risk.published is None

"""The published figures agree with each other and with the paper's printed statistics."""
from __future__ import annotations

import math

import pytest
from scipy.stats import fisher_exact

from igg4rd.rules import evidence


def fisher_p(a: evidence.Proportion, b: evidence.Proportion) -> float:
    table = [[a.events, a.total - a.events], [b.events, b.total - b.events]]
    return fisher_exact(table).pvalue


@pytest.mark.parametrize("row", sorted(evidence.TABLE2_OUTCOMES))
def test_table2_p_values_are_two_sided_fisher_exact(row):
    gc, gc_im, printed = evidence.TABLE2_OUTCOMES[row]
    assert round(fisher_p(gc, gc_im), 3) == printed


def test_fig3c_zero_to_one_versus_two_to_four():
    strata = evidence.RISK_STRATA
    low = evidence.Proportion(strata["0"].events + strata["1"].events,
                              strata["0"].total + strata["1"].total, "Fig. 3c")
    high = evidence.Proportion(strata["2"].events + strata["3-4"].events,
                               strata["2"].total + strata["3-4"].total, "Fig. 3c")
    assert round(fisher_p(low, high), 3) == evidence.RISK_STRATA_P


def wald_or(with_factor: tuple[int, int], without: tuple[int, int]) -> tuple[float, ...]:
    (a, n1), (c, n0) = with_factor, without
    b, d = n1 - a, n0 - c
    log_or, se = math.log(a * d / (b * c)), math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return tuple(round(math.exp(log_or + z * se), 2) for z in (0, -1.959964, 1.959964))


@pytest.mark.parametrize("factor,with_factor,without", [
    ("dacryoadenitis", (11, 35), (5, 42)),
    ("eosinophilia", (10, 21), (5, 45)),
])
def test_derived_counts_give_table3_odds_ratios(factor, with_factor, without):
    printed = evidence.RISK_FACTOR_ORS[factor]
    assert wald_or(with_factor, without) == (printed.odds_ratio, printed.low, printed.high)


def test_overall_failures_add_up():
    assert evidence.FAILURE_GC.events + evidence.FAILURE_GC_IM.events == \
        evidence.FAILURE_OVERALL.events
    assert round(evidence.FAILURE_GC.rate, 3) == 0.208
    assert round(evidence.SECONDARY_RELAPSE.rate, 3) == 0.529

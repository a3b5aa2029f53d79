"""The statistics of the paper's tables (Statistical analysis: SPSS 23 and R 3.4).

- Odds ratios of a yes/no or grouped factor: the cross-product ratio of its 2×2 table against the
  reference group, with the Wald 95% interval and p. For a categorical factor this is exactly what
  univariate logistic regression gives (the model is saturated), computed from the counts, so
  45/40 = 1.125 is 1.125 and prints 1.13, as Table 3 does.
- Continuous factors (per year, per mg): univariate logistic regression (statsmodels Logit).
- Two-sided Fisher exact (Table 2's yes/no rows), Pearson chi-square (multi-level rows),
  Mann-Whitney U (continuous rows, Fig. 4).
- Printing at the paper's precision: half-up decimal rounding, never binary float noise.
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import NormalDist

import numpy as np
import pandas as pd

from igg4rd.language import formats
from igg4rd.language.i18n import _

Z95 = NormalDist().inv_cdf(0.975)


def rounded(value: float | Fraction, decimals: int) -> Decimal:
    """`value` rounded half-up to `decimals` places (1.125 → 1.13; float noise removed first:
    a float is read as its shortest repr, 1.1249999999999998 is not 1.125)."""
    exact = (Decimal(value.numerator) / Decimal(value.denominator)
             if isinstance(value, Fraction) else Decimal(repr(float(value))))
    return exact.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def number(value: float | Fraction, decimals: int = 2) -> str:
    """A number at the paper's precision, trailing zeros dropped: 1.13, 34.6, 1 (in the run's
    language)."""
    return formats.number(rounded(value, decimals), decimals, drop_zeros=True)


def printed_decimals(value: float) -> int:
    """How many decimals a published number was printed with (59.5 → 1, 25 → 0)."""
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])


def p_text(p: float | None, decimals: int = 3) -> str:
    """A p-value as the tables print it: three decimals (Fig. 4: four), '< 0.001' below."""
    if p is None or math.isnan(p):
        return "NA"
    if p < 0.001:
        return "< " + formats.number(0.001, 3)
    return formats.number(rounded(p, decimals), decimals)


def odds_ratio_words(odds_ratio: str, low: str, high: str, p: str) -> str:
    """'2.5 (1.1-5.8), p 0.03' in the language of the run (a Chinese range takes '～')."""
    return _("{odds_ratio} ({low}-{high}), p {p}").format(odds_ratio=odds_ratio, low=low,
                                                          high=high, p=p)


@dataclass(frozen=True)
class OddsRatioResult:
    """An odds ratio with its Wald 95% interval and p, or why there is none (`note`)."""

    odds_ratio: float | Fraction | None = None
    low: float | None = None
    high: float | None = None
    p: float | None = None
    note: str = ""

    @property
    def shown(self) -> str:
        if self.odds_ratio is None or self.low is None or self.high is None:
            return f"NA ({self.note})" if self.note else "NA"
        return odds_ratio_words(number(self.odds_ratio), number(self.low), number(self.high),
                                p_text(self.p))


def odds_ratio_2x2(k1: int, n1: int, k0: int, n0: int) -> OddsRatioResult:
    """OR of failing with the factor (k1 failures of n1) against without it (k0 of n0): the
    cross-product ratio, Wald interval exp(log OR ± 1.96·√(1/a + 1/b + 1/c + 1/d)) and p. A
    cell of 0 has no finite OR (the caller names which group, as Table 3's footnote b)."""
    a, b, c, d = k1, n1 - k1, k0, n0 - k0
    if min(a, b, c, d) <= 0:
        return OddsRatioResult(note="a group with 0% or 100% failure: no finite odds ratio")
    ratio = Fraction(a * d, b * c)
    log_or, se = math.log(ratio), math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    p = 2 * (1 - NormalDist().cdf(abs(log_or) / se))
    return OddsRatioResult(ratio, math.exp(log_or - Z95 * se), math.exp(log_or + Z95 * se), p)


def logistic_or(y: np.ndarray, x: np.ndarray) -> OddsRatioResult:
    """Univariate logistic regression (statsmodels Logit) of failure `y` on one continuous
    factor `x`: OR per unit with Wald 95% CI and p. Non-convergence or perfect separation gives
    NA with the reason."""
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
            return OddsRatioResult(note="perfect separation: no finite odds ratio")
    b, s, p = (float(np.asarray(a)[1]) for a in (fit.params, fit.bse, fit.pvalues))
    if not math.isfinite(s):
        return OddsRatioResult(note="no finite standard error")
    return OddsRatioResult(math.exp(b), math.exp(b - Z95 * s), math.exp(b + Z95 * s), p)


def fisher_p(k1: int, n1: int, k2: int, n2: int) -> float | None:
    """Two-sided Fisher exact p for k1/n1 vs k2/n2 (Table 2's yes/no rows); None if a group is
    empty."""
    from scipy.stats import fisher_exact

    if not n1 or not n2:
        return None
    return float(fisher_exact(np.array([[k1, n1 - k1], [k2, n2 - k2]])).pvalue)


def mann_whitney_p(x: pd.Series, y: pd.Series) -> float | None:
    """Two-sided Mann-Whitney U p (continuous rows, Fig. 4); None without values in a group."""
    from scipy.stats import mannwhitneyu

    a, b = x.dropna().to_numpy(float), y.dropna().to_numpy(float)
    if not len(a) or not len(b):
        return None
    if np.unique(np.r_[a, b]).size == 1:
        return 1.0
    return float(mannwhitneyu(a, b, alternative="two-sided").pvalue)


def chi_square_p(table: np.ndarray) -> float | None:
    """Pearson chi-square p of a contingency table (multi-level rows), empty margins dropped."""
    from scipy.stats import chi2_contingency

    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if min(table.shape) < 2:
        return None
    return float(chi2_contingency(table, correction=False).pvalue)

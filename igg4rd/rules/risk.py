"""Baseline risk factors for failure of remission induction on GC monotherapy.

Paper: Table 3 (univariate logistic regression, GC monotherapy, n = 77): eosinophilia, baseline
RI in the highest quartile, >= 5 organs involved, dacryoadenitis. Fig. 3c: failure by number of
factors (0 / 1 / 2 / 3-4). No baseline factor predicted failure on GC + IM (7.2% overall).
Thresholds the paper leaves open are defaults in `thresholds` (docs/clinical-rules.md §8).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from igg4rd.language.formats import number
from igg4rd.language.i18n import _, current_language
from igg4rd.rules import evidence
from igg4rd.rules.codes import Regimen, RiskFactor, Site, Stratum
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import DEFAULTS, Thresholds


@dataclass(frozen=True)
class Factor:
    """One risk factor: present (True/False/None when unknown) and the basis shown for it (in the
    language of the run)."""

    name: RiskFactor
    present: bool | None
    value: str
    rule: str


@dataclass(frozen=True)
class RiskAssessment:
    applies: bool
    factors: tuple[Factor, ...]
    count_range: tuple[int, int]
    stratum: Stratum | None
    possible_strata: tuple[Stratum, ...]
    published: evidence.Proportion | None

    @property
    def count(self) -> int | None:
        low, high = self.count_range
        return low if low == high else None

    @property
    def high_risk(self) -> bool:
        """On GC monotherapy with 2 or more factors (Fig. 3c: 0-1 vs 2-4, 38.5% and more failed)."""
        return self.applies and self.count_range[0] >= evidence.HIGH_RISK_FROM

    @property
    def combination_suggested(self) -> bool:
        """Paper's conclusion: consider GC + IM with three or more factors (Fig. 3c: 3-4)."""
        return self.applies and self.count_range[0] >= evidence.COMBINATION_RECOMMENDED_FROM


def stratum_for(count: int) -> Stratum:
    """Fig. 3c grouping: 0, 1, 2, 3-4 risk factors."""
    return Stratum.THREE_OR_MORE if count >= 3 else Stratum(str(count))


@lru_cache(maxsize=64)
def _rules(t: Thresholds, language: str) -> tuple[str, str, str, str]:
    """The four factors' rules under `t`, in `language` (the run's: the key of the cache). The
    same for every patient: built once, not for each patient of a cohort."""
    return (_("eosinophils > {pct}% or > {count} ×10⁹/L").format(
                pct=number(t.eosinophilia_pct), count=number(t.eosinophilia_count)),
            _("baseline RI ≥ {ri}").format(ri=t.high_baseline_ri),
            _("involved sites ≥ {sites}").format(sites=t.many_sites),
            _("lacrimal gland involvement"))


def _eosinophilia(patient: Patient, t: Thresholds) -> Factor:
    pct, count = patient.baseline.eosinophils_pct, patient.baseline.eosinophils_count
    rule = _rules(t, current_language())[0]
    shown = " / ".join(x for x in (f"{number(pct)}%" if pct is not None else "",
                                   f"{number(count)} ×10⁹/L" if count is not None else "") if x)
    if pct is None and count is None:
        return Factor(RiskFactor.EOSINOPHILIA, None, _("not measured"), rule)
    present = (pct is not None and pct > t.eosinophilia_pct) or (
        count is not None and count > t.eosinophilia_count)
    return Factor(RiskFactor.EOSINOPHILIA, present, shown, rule)


def _high_ri(patient: Patient, t: Thresholds) -> Factor:
    ri = patient.baseline.ri
    rule = _rules(t, current_language())[1]
    if ri is None:
        return Factor(RiskFactor.HIGH_BASELINE_RI, None, _("not recorded"), rule)
    return Factor(RiskFactor.HIGH_BASELINE_RI, ri >= t.high_baseline_ri, f"RI {ri}", rule)


def risk_factors(patient: Patient, thresholds: Thresholds = DEFAULTS) -> tuple[Factor, ...]:
    """The four Table 3 factors with the patient's values and the rules used."""
    return (_eosinophilia(patient, thresholds), _high_ri(patient, thresholds),
            *_site_factors(patient.sites, thresholds))


def _site_factors(sites: Sequence[str], t: Thresholds) -> tuple[Factor, Factor]:
    """≥ 5 organs and dacryoadenitis. IgG4-RD always involves an organ, so an empty list means
    the sites are not recorded (docs/interchange.md: absent is 'not measured'), not 'none'."""
    many_rule, lacrimal_rule = _rules(t, current_language())[2:]
    if not sites:
        return (Factor(RiskFactor.FIVE_OR_MORE_SITES, None, _("sites not recorded"), many_rule),
                Factor(RiskFactor.DACRYOADENITIS, None, _("sites not recorded"), lacrimal_rule))
    lacrimal = Site.LACRIMAL in sites
    return (Factor(RiskFactor.FIVE_OR_MORE_SITES, len(sites) >= t.many_sites,
                   _("{count} sites").format(count=len(sites)), many_rule),
            Factor(RiskFactor.DACRYOADENITIS, lacrimal,
                   _("lacrimal involved") if lacrimal else _("lacrimal not involved"),
                   lacrimal_rule))


def assess_risk(patient: Patient, thresholds: Thresholds = DEFAULTS) -> RiskAssessment:
    """Factors, count (or its range where data is missing), Fig. 3c stratum and published rate."""
    factors = risk_factors(patient, thresholds)
    low = sum(f.present is True for f in factors)
    high = low + sum(f.present is None for f in factors)
    possible = tuple(dict.fromkeys(stratum_for(n) for n in range(low, high + 1)))
    stratum = possible[0] if len(possible) == 1 else None
    applies = patient.treatment.regimen == Regimen.GC
    published = (evidence.RISK_STRATA[stratum] if applies and stratum
                 else None if applies else evidence.FAILURE_GC_IM)
    return RiskAssessment(applies, factors, (low, high), stratum, possible, published)


@lru_cache(maxsize=1024)
def exact_interval(events: int, total: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) two-sided interval for a proportion (docs/clinical-rules.md §4),
    by scipy's `binomtest`."""
    from scipy.stats import binomtest  # kept out of the import path of the core rules

    interval = binomtest(events, total).proportion_ci(confidence, method="exact")
    return float(interval.low), float(interval.high)

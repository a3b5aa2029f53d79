"""Words for the baseline risk: the factor count and Fig. 3c stratum, the published failure
rates with their exact intervals, the organ-level incidence (Fig. 3b) and the paper's advice on
combination therapy (Table 2, Table 3, Fig. 3b-c). Pure text over domain results."""
from __future__ import annotations

from igg4rd.language.formats import (
    count_range,
    listing,
    number,
    percent,
)
from igg4rd.language.i18n import _
from igg4rd.language.words import (
    FACTOR_LABELS,
    REGIMEN_LONG,
    SITE_LABELS,
    stratum_name,
)
from igg4rd.rules import evidence
from igg4rd.rules.codes import Regimen
from igg4rd.rules.model import Patient
from igg4rd.rules.risk import RiskAssessment, exact_interval


def proportion_text(p: evidence.Proportion) -> str:
    """'5/13 (38.5%, 95% CI 13.9-68.4%)' with the exact interval."""
    low, high = exact_interval(p.events, p.total)
    return _("{events}/{total} ({rate}, 95% CI {low}–{high}%)").format(
        events=p.events, total=p.total, rate=percent(p.rate), low=number(low * 100, 1),
        high=number(high * 100, 1))


def odds_ratio_text(factor: str) -> str:
    """'7.27 (2.05–25.74), p = 0.002' for a Table 3 risk factor."""
    o = evidence.RISK_FACTOR_ORS[factor]
    return _("{odds_ratio} ({low}–{high}), p = {p}").format(
        odds_ratio=number(o.odds_ratio), low=number(o.low), high=number(o.high), p=number(o.p))


def stratum_text(risk: RiskAssessment) -> str:
    """The patient's risk-factor count and Fig. 3c stratum, saying so when it is a range."""
    low, high = risk.count_range
    if not risk.applies:
        return _("{count} of 4 risk factors (Fig. 3c strata are published for GC monotherapy "
                 "only)").format(count=count_range(low, high))
    if risk.stratum is not None:
        return _("{count} of 4 risk factors: stratum {stratum} (Fig. 3c)").format(
            count=count_range(low, high), stratum=stratum_name(risk.stratum))
    return _("{count} of 4 risk factors ({unknown} unknown): possible strata {strata} "
             "(Fig. 3c)").format(
        count=_("{low}–{high}").format(low=low, high=high),
        unknown=listing(FACTOR_LABELS[f.name] for f in risk.factors if f.present is None),
        strata=listing(stratum_name(s) for s in risk.possible_strata))


def risk_factors_basis() -> str:
    """Where the four factors come from, under their table."""
    return _("Univariate logistic regression on {patients} GC-monotherapy patients with "
             "{failures} failures. Thresholds the paper leaves open are defaults: see the "
             "Evidence page.").format(patients=evidence.FAILURE_GC.total,
                                      failures=evidence.FAILURE_GC.events)


def combination_advice(risk: RiskAssessment) -> str | None:
    """The paper's conclusion for three or more factors (GC + IM), when it applies or could."""
    frm = evidence.COMBINATION_RECOMMENDED_FROM
    if risk.combination_suggested:
        return _("**{count} risk factors: consider GC + immunosuppressant combination "
                 "therapy** (the paper's conclusion for ≥ {frm} factors; {source}).").format(
            count=risk.count_range[0], frm=frm, source=_(evidence.RISK_SOURCE))
    if risk.applies and risk.count_range[1] >= frm:
        return _("With the unknown factor(s) present the patient would have ≥ {frm} factors, "
                 "where the paper suggests considering combination therapy: complete the "
                 "baseline data.").format(frm=frm)
    return None


def gc_im_risk_notice() -> str:
    gc_im = evidence.FAILURE_GC_IM
    return _("**On GC + immunosuppressant.** Failure of remission induction was {rate} with "
             "combination therapy ({source}), and no baseline factor predicted failure under it "
             "(Table 3). The factors and strata below are those of GC monotherapy, shown for "
             "reference.").format(rate=proportion_text(gc_im), source=_(gc_im.source))


def risk_strata_basis() -> str:
    """The caption of the Fig. 3c chart: derived counts, p, wide intervals."""
    patients = sum(p.total for p in evidence.RISK_STRATA.values())
    return _("Counts are derived from the published percentages ({patients} patients with "
             "complete risk data); 0–1 vs 2–4 factors p = {p}. Small groups: the exact "
             "(Clopper–Pearson) 95% intervals are wide.").format(
        patients=patients, p=number(evidence.RISK_STRATA_P))


def _fig3b_group(gc_monotherapy: bool) -> tuple[dict[str, evidence.Proportion], str]:
    """The patient's regimen group's published organ incidences (Fig. 3b) and its name."""
    regimen = Regimen.GC if gc_monotherapy else Regimen.GC_IM
    return evidence.ORGAN_FAILURE[regimen], REGIMEN_LONG[regimen]


def organ_failure_rows(patient: Patient, gc_monotherapy: bool) -> list[tuple[str, str, str]]:
    """(site, regimen group, Fig. 3b incidence or why none) for each of the patient's sites."""
    published, group = _fig3b_group(gc_monotherapy)
    return [(site, group, proportion_text(published[site]) if site in published
             else _("not printed in the paper")) for site in patient.sites]


def organ_failure_basis(gc_monotherapy: bool) -> str:
    published, group = _fig3b_group(gc_monotherapy)
    return _("The paper prints organ-level incidences only for the organs with the highest "
             "failure rates in the {group} group: {sites}.").format(
        group=group, sites=listing(SITE_LABELS[s] for s in published))


def published_rate_text(risk: RiskAssessment) -> str:
    """The published failure rate that applies: the Fig. 3c stratum's on GC monotherapy, the
    overall rate on GC + IM (Table 2; no baseline factor predicted failure there, Table 3)."""
    if not risk.applies:
        return _("Strata apply to GC monotherapy only. On GC + IM, {rate} failed, and no "
                 "baseline factor predicted failure.").format(
            rate=proportion_text(evidence.FAILURE_GC_IM))
    if risk.published is None:
        return _("The published rate depends on the unknown factor(s): complete the baseline.")
    published = risk.published
    if not published.derived:
        return _("Published failure rate for this stratum: {rate}.").format(
            rate=proportion_text(published))
    low, high = exact_interval(published.events, published.total)
    return _("Published failure rate for this stratum: {rate} as printed ({source}); the counts "
             "{events}/{total} are derived from it (exact 95% CI {low}–{high}%).").format(
        rate=percent(published.rate), source=published.source, events=published.events,
        total=published.total, low=number(low * 100, 1), high=number(high * 100, 1))

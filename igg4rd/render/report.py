"""Words for an assessment: the outcome banner, each goal's basis, the contextual warnings.

Pure text over domain results (no Streamlit), so that pages only draw it. Numbers come from the
assessment and from `evidence`; rules are the domain's (docs/clinical-rules.md §3-5).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from igg4rd import __version__
from igg4rd.language.formats import after_number, date_text, number, percent, with_unit
from igg4rd.language.i18n import N_, _
from igg4rd.language.words import (
    COMBINATION_ADVICE,
    DIAGNOSIS_WORDS,
    DISCLAIMER,
    FACTOR_LABELS,
    FAILURE_KIND_WORDS,
    GLUCOCORTICOID_NAMES,
    GOAL_STATUS_WORDS,
    OUTCOME_WORDS,
    REGIMEN_LABELS,
    REGIMEN_LONG,
    SEX_WORDS,
    SITE_LABELS,
    YES_NO,
    stratum_name,
)
from igg4rd.render.track import track_text
from igg4rd.rules import evidence
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.codes import Regimen
from igg4rd.rules.dates import months_between
from igg4rd.rules.goals import GoalAssessment
from igg4rd.rules.labs import LAB_VALUES, LABS, from_canonical
from igg4rd.rules.model import Patient, Visit
from igg4rd.rules.risk import RiskAssessment, exact_interval
from igg4rd.rules.units import prednisone_equivalent


@dataclass(frozen=True)
class GoalLine:
    """One goal of the checklist: status and its basis (patient numbers, threshold, source)."""

    number: int
    name: str
    met: bool | None
    numbers: str
    threshold: str
    source: str

    @property
    def title(self) -> str:
        """'1. RI decline ≥ 50%', as the checklist and the report head each goal."""
        return f"{self.number}. {self.name}"


VISIT_COLUMNS = (N_("Date"), N_("Month"), N_("RI"), N_("Glucocorticoid (mg/day)"),
                 N_("Pred. eq. (mg/day)"), N_("Relapse"))  # shown with _()


def listing(words: Iterable[str]) -> str:
    """Words of a list, as 'a, b, c' (a Chinese list takes '、')."""
    return _(", ").join(words)


def count_range(low: int, high: int) -> str:
    """'2' or '2–3' (a Chinese range takes '～')."""
    return f"{low}" if low == high else _("{low}–{high}").format(low=low, high=high)


def gc_drug(drug: str) -> str:
    return GLUCOCORTICOID_NAMES.get(drug, drug)


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


def month_label(patient: Patient, day: date) -> str:
    """'2024-06-04 (month 3.0)': a date with its month since the treatment start."""
    return _("{day} (month {month})").format(
        day=date_text(day), month=number(months_between(patient.treatment.start_date, day), 1))


def regimen_name(patient: Patient) -> str:
    """'GC monotherapy' or 'GC + IM (CTX)'."""
    treatment = patient.treatment
    name = REGIMEN_LABELS[treatment.regimen]
    if treatment.regimen == Regimen.GC:
        return name
    return _("{regimen} ({immunosuppressants})").format(
        regimen=name,
        immunosuppressants=listing(treatment.immunosuppressants) or _("IM not recorded"))


def regimen_text(patient: Patient) -> str:
    """'GC monotherapy, prednisone 40 mg/day initially' or 'GC + IM (CTX), ...'."""
    treatment = patient.treatment
    if not treatment.initial_dose_mg:
        return regimen_name(patient)
    return _("{regimen}, {drug} {dose} mg/day initially").format(
        regimen=regimen_name(patient), drug=gc_drug(treatment.glucocorticoid),
        dose=number(treatment.initial_dose_mg))


def banner_text(goals: GoalAssessment) -> tuple[str, str]:
    """The outcome in words and the reason behind it."""
    if goals.outcome == "failure":
        reason = _("; ").join(FAILURE_KIND_WORDS[k] for k in goals.failure_kinds)
    elif goals.outcome == "success":
        reason = _("all three therapeutic goals met at the month-6 assessment")
    else:
        why = goals.why
        reason = _(why.message).format(
            day=date_text(why.day) if why.day else "",
            month=number(why.month, 1) if why.month is not None else "")
    return OUTCOME_WORDS[goals.outcome], reason[:1].upper() + reason[1:]


def goal_lines(assessment: Assessment) -> list[GoalLine]:
    """The three goals of remission induction with their basis (paper, 'Therapeutic goals')."""
    goals, patient = assessment.goals, assessment.patient
    return [_ri_line(goals, patient), _dose_line(goals, patient), _relapse_line(goals, patient)]


def _ri_line(goals: GoalAssessment, patient: Patient) -> GoalLine:
    ri = goals.ri_decline
    if ri.max_decline is None or ri.best_date is None:
        numbers = (_("baseline RI {ri}; no scored visit yet").format(ri=ri.baseline_ri)
                   if ri.baseline_ri else _("baseline RI missing or 0: no percentage decline"))
    else:
        numbers = _("baseline RI {baseline} → lowest RI {lowest} on {when}: decline {decline}"
                    ).format(baseline=ri.baseline_ri, lowest=ri.best_ri,
                             when=month_label(patient, ri.best_date),
                             decline=percent(ri.max_decline, 0))
    return GoalLine(1, _("RI decline ≥ {goal}").format(goal=percent(evidence.RI_DECLINE_GOAL, 0)),
                    ri.met, numbers,
                    _("maximum decline during the stage ≥ {goal}").format(
                        goal=percent(evidence.RI_DECLINE_GOAL, 0)), _(evidence.GOALS_SOURCE))


def _dose_line(goals: GoalAssessment, patient: Patient) -> GoalLine:
    dose = goals.gc_maintenance
    if dose.dose_mg is not None and dose.visit_date is not None:
        numbers = _("{dose} mg/day prednisone equivalent at the month-6 visit {when}").format(
            dose=number(dose.dose_mg), when=month_label(patient, dose.visit_date))
    elif goals.assessment_visit is None:
        numbers = _("no visit yet in the month-6 window")
    else:
        numbers = _("the month-6 visit has no dose recorded, or month 6 is not yet reached")
    return GoalLine(2, _("GC tapered to maintenance"), dose.met, numbers,
                    _("prednisone equivalent ≤ {ceiling} mg/day at month 6").format(
                        ceiling=number(dose.ceiling_mg)), _(evidence.GOALS_SOURCE))


def _relapse_line(goals: GoalAssessment, patient: Patient) -> GoalLine:
    relapse = goals.no_relapse
    if relapse.relapse_dates:
        where = listing(SITE_LABELS[s] for s in relapse.relapse_sites) or _("sites not recorded")
        when = listing(month_label(patient, d) for d in relapse.relapse_dates)
        numbers = _("relapse on {when}: {where}").format(when=when, where=where)
    else:
        numbers = _("no relapse recorded during the stage")
    return GoalLine(3, _("No relapse during tapering"), relapse.met, numbers,
                    _("no relapse within the 6-month stage"), _(evidence.GOALS_SOURCE))


def relapsed(patient: Patient, as_of: date) -> bool:
    """Whether any relapse is recorded up to `as_of` (the secondary-relapse warning applies)."""
    return any(v.relapse and v.date <= as_of for v in patient.visits)


def secondary_relapse_warning() -> str:
    """The paper's follow-up warning after a relapse (Results, re-treatment after relapse)."""
    again, remission = evidence.SECONDARY_RELAPSE, evidence.RETREATMENT_REMISSION
    return _("After a relapse, re-treatment reached remission in {remitted}/{treated} "
             "({remission_rate}), but {again} of {relapsed} ({again_rate}) relapsed again: "
             "follow this patient more intensively. Source: {source}.").format(
        remitted=remission.events, treated=remission.total, remission_rate=percent(remission.rate),
        again=again.events, relapsed=again.total, again_rate=percent(again.rate),
        source=_(again.source))


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


def organ_failure_rows(patient: Patient, gc_monotherapy: bool) -> list[tuple[str, str, str]]:
    """(site, regimen group, Fig. 3b incidence or why none) for each of the patient's sites."""
    published = evidence.ORGAN_FAILURE_GC if gc_monotherapy else evidence.ORGAN_FAILURE_GC_IM
    group = REGIMEN_LONG[Regimen.GC if gc_monotherapy else Regimen.GC_IM]
    return [(site, group, proportion_text(published[site]) if site in published
             else _("not printed in the paper")) for site in patient.sites]


def organ_failure_basis(gc_monotherapy: bool) -> str:
    published = evidence.ORGAN_FAILURE_GC if gc_monotherapy else evidence.ORGAN_FAILURE_GC_IM
    group = REGIMEN_LONG[Regimen.GC if gc_monotherapy else Regimen.GC_IM]
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


def clinic_note(assessment: Assessment) -> str:
    """A few plain-text lines for a clinic note: regimen and dates, outcome and reason, each goal
    with its numbers, the risk stratum with its published rate, the source and the disclaimer."""
    patient, goals, risk = assessment.patient, assessment.goals, assessment.risk
    words, reason = banner_text(goals)
    head = (_("IgG4-RD remission induction, patient {patient_id} (SYNTHETIC demo patient): "
              "{regimen}; treatment start {start}.") if patient.synthetic else
            _("IgG4-RD remission induction, patient {patient_id}: {regimen}; treatment start "
              "{start}."))
    lines = [head.format(patient_id=patient.id, regimen=regimen_text(patient),
                         start=date_text(patient.treatment.start_date)),
             _("Assessed as of {day} (month {month}): {outcome}. {reason}.").format(
                 day=date_text(goals.as_of), month=number(goals.months_as_of, 1), outcome=words,
                 reason=reason),
             *(_("- Goal {number}, {goal}: {status}; {numbers}.").format(
                 number=line.number, goal=line.name, status=GOAL_STATUS_WORDS[line.met],
                 numbers=line.numbers) for line in goal_lines(assessment)),
             *([_("{status}: {reason} {basis}").format(
                 status=text.status, reason=text.sentences, basis=" ".join(text.basis[:3]))]
               if (text := track_text(assessment)) else []),
             _("Risk: {stratum}. {published_rate}").format(
                 stratum=stratum_text(risk), published_rate=published_rate_text(risk))]
    if risk.combination_suggested:
        lines.append(_(COMBINATION_ADVICE))
    if relapsed(patient, goals.as_of):
        lines.append(secondary_relapse_warning())
    lines.append(_("Source: {paper}; igg4rd {version}. {disclaimer}").format(
        paper=_(evidence.PAPER), version=__version__, disclaimer=_(DISCLAIMER)))
    return "\n".join(lines)


def initial_dose_text(drug: str, dose_mg: float | None, weight_kg: float | None) -> str:
    """The initial dose as prednisone equivalent and mg/kg/day, beside the protocol's range."""
    low_kg, high_kg = evidence.INITIAL_DOSE_MG_PER_KG
    low_mg, high_mg = evidence.INITIAL_DOSE_MG
    protocol = _("Protocol: {low_kg}–{high_kg} mg/kg/day prednisone ({low_mg}–{high_mg} "
                 "mg/day).").format(low_kg=number(low_kg), high_kg=number(high_kg),
                                    low_mg=number(low_mg), high_mg=number(high_mg))
    if dose_mg is None:
        return protocol
    prednisone = prednisone_equivalent(drug, dose_mg)
    if weight_kg:
        return _("= **{dose} mg/day** prednisone equivalent · **{per_kg} mg/kg/day**  \n"
                 "{protocol}").format(dose=number(prednisone),
                                      per_kg=number(prednisone / weight_kg, 2),
                                      protocol=protocol)
    return _("= **{dose} mg/day** prednisone equivalent · mg/kg/day: enter the weight  \n"
             "{protocol}").format(dose=number(prednisone), protocol=protocol)


def judged_as_of(patient: Patient, goals: GoalAssessment) -> str:
    return _("Remission induction judged as of {day} (month {month} since the treatment "
             "start {start}).").format(day=date_text(goals.as_of),
                                      month=number(goals.months_as_of, 1),
                                      start=date_text(patient.treatment.start_date))


def serology_basis(patient: Patient, visit: Visit) -> str:
    """The caption of the month-6 serology table."""
    return _("Visit {when}. Medians (IQR) of the paper's patients who failed or succeeded "
             "(Mann–Whitney p); a comparison of groups, not a diagnostic cut-off.").format(
        when=month_label(patient, visit.date))


def serology_table(visit: Visit) -> str:
    """A markdown table: the visit's ESR, CRP and IgG4 beside the Fig. 4 medians (IQR) of the
    patients who failed or succeeded (docs/clinical-rules.md §5)."""
    headers = (_("This patient"), _("Failed: median (IQR)"), _("Succeeded: median (IQR)"))
    rows = ["| | " + " | ".join(headers) + " | p |", "|---|---:|---:|---:|---:|"]
    for quantity, (failed, succeeded, p_value) in evidence.MONTH6_SEROLOGY.items():
        value = getattr(visit, quantity)
        shown = _("not measured") if value is None else f"**{number(value)}**"
        rows.append(f"| {with_unit(_(LABS[quantity].label), failed.unit)} | {shown} | "
                    f"{_median_iqr(failed)} | {_median_iqr(succeeded)} | {number(p_value)} |")
    return "\n".join(rows)


def _median_iqr(published: evidence.MedianIQR) -> str:
    return _("{median} ({q1}–{q3})").format(median=number(published.median),
                                             q1=number(published.q1), q3=number(published.q3))


def patient_facts(patient: Patient) -> str:
    """'Female, 58 years, 62 kg · diagnosis definite · disease 12 months · allergy history yes'."""
    who = listing(x for x in (SEX_WORDS.get(patient.sex or "", ""),
                              _("{age} years").format(age=patient.age_years)
                              if patient.age_years is not None else "",
                              f"{number(patient.weight_kg)} kg" if patient.weight_kg else "") if x)
    diagnosis = DIAGNOSIS_WORDS.get(patient.diagnosis or "", _("not recorded")).lower()
    duration = (_("{months} months").format(months=number(patient.disease_duration_months))
                if patient.disease_duration_months is not None else _("not recorded"))
    return _("{who} · diagnosis (2011 criteria) {diagnosis} · disease duration {duration} · "
             "allergy history {allergy}").format(
        who=who or _("sex, age and weight not recorded"), diagnosis=diagnosis,
        duration=duration, allergy=YES_NO[patient.allergy_history].lower())


def sites_text(patient: Patient) -> str:
    return _("Involved sites ({count}): {sites} · Mikulicz's disease {mikulicz}").format(
        count=len(patient.sites),
        sites=listing(SITE_LABELS[s] for s in patient.sites) or _("not recorded"),
        mikulicz=YES_NO[patient.mikulicz].lower())


def start_dose_text(patient: Patient, thresholds_weeks: float) -> str:
    """The regimen and the start dose in mg and mg/kg, and how long it is held."""
    treatment = patient.treatment
    dose = treatment.initial_dose_prednisone_mg
    if dose is None or treatment.initial_dose_mg is None:
        return _("{regimen}; start dose not recorded").format(regimen=regimen_name(patient))
    default = treatment.initial_weeks is None
    weeks = thresholds_weeks if treatment.initial_weeks is None else treatment.initial_weeks
    figures = {"regimen": regimen_name(patient), "drug": gc_drug(treatment.glucocorticoid),
               "dose": number(treatment.initial_dose_mg), "prednisone": number(dose),
               "weeks": number(weeks)}
    if patient.weight_kg and default:
        text = _("{regimen}; {drug} {dose} mg/day to start (= {prednisone} mg/day prednisone "
                 "equivalent, {per_kg} mg/kg/day), held {weeks} weeks (default)")
    elif patient.weight_kg:
        text = _("{regimen}; {drug} {dose} mg/day to start (= {prednisone} mg/day prednisone "
                 "equivalent, {per_kg} mg/kg/day), held {weeks} weeks")
    elif default:
        text = _("{regimen}; {drug} {dose} mg/day to start (= {prednisone} mg/day prednisone "
                 "equivalent), held {weeks} weeks (default)")
    else:
        text = _("{regimen}; {drug} {dose} mg/day to start (= {prednisone} mg/day prednisone "
                 "equivalent), held {weeks} weeks")
    return text.format(**figures, per_kg=number(dose / patient.weight_kg, 2)
                       if patient.weight_kg else "")


def baseline_labs_text(patient: Patient, units: Mapping[str, str] | None = None) -> str:
    """The baseline's date, RI and laboratory values, each in the clinic's unit (`units`; the
    canonical one where none is set)."""
    b = patient.baseline
    values = [f"RI {b.ri}" if b.ri is not None else _("RI not recorded")]
    for lab in LAB_VALUES:
        value = getattr(b, lab.code)
        if value is not None:
            unit = (units or {}).get(lab.code, lab.canonical)
            shown = number(from_canonical(lab.code, value, unit))
            values.append(f"{_(lab.label)} {shown}{after_number(unit)}")
    return _("Baseline {day}: {values}").format(day=date_text(b.date), values=" · ".join(values))


def _short_site(site: str) -> str:
    """A site's words without their explanation: 'Dacryoadenitis (lacrimal gland)' ->
    'Dacryoadenitis'."""
    return re.split(r" \(|（", SITE_LABELS[site])[0]


def visit_table_rows(patient: Patient, as_of: date) -> list[tuple[str, ...]]:
    """The visits up to `as_of` as the report lists them (`VISIT_COLUMNS`)."""
    start = patient.treatment.start_date
    rows: list[tuple[str, ...]] = []
    for visit in sorted((v for v in patient.visits if v.date <= as_of), key=lambda v: v.date):
        dose = patient.visit_prednisone_mg(visit)
        drug = visit.gc_drug or patient.treatment.glucocorticoid
        relapse = (_("yes: {sites}").format(sites=listing(_short_site(s)
                                                          for s in visit.relapse_sites))
                   if visit.relapse_sites else _("yes") if visit.relapse else "—")
        rows.append((date_text(visit.date), number(months_between(start, visit.date), 1),
                     "—" if visit.ri is None else str(visit.ri),
                     "—" if visit.gc_dose_mg is None
                     else f"{gc_drug(drug)} {number(visit.gc_dose_mg)}",
                     "—" if dose is None else number(dose), relapse))
    return rows

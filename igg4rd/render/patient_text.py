"""Words for the patient's record: facts, sites, regimen and start dose, baseline laboratory
values, the month-6 serology beside Fig. 4, and the visits as the report lists them. Pure text
over the record."""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from igg4rd.language.formats import after_number, date_text, listing, number, with_unit
from igg4rd.language.i18n import N_, _
from igg4rd.language.words import (
    DIAGNOSIS_WORDS,
    GLUCOCORTICOID_NAMES,
    REGIMEN_LABELS,
    SEX_WORDS,
    SITE_LABELS,
    YES_NO,
)
from igg4rd.rules import evidence
from igg4rd.rules.codes import Regimen
from igg4rd.rules.dates import months_between
from igg4rd.rules.labs import LAB_VALUES, LABS, from_canonical
from igg4rd.rules.model import Patient, Visit
from igg4rd.rules.units import prednisone_equivalent

VISIT_COLUMNS = (N_("Date"), N_("Month"), N_("RI"), N_("Glucocorticoid (mg/day)"),
                 N_("Pred. eq. (mg/day)"), N_("Relapse"))  # shown with _()


def gc_drug(drug: str) -> str:
    return GLUCOCORTICOID_NAMES.get(drug, drug)


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


def short_label(label: str) -> str:
    """A label without its explanation in parentheses (English or Chinese): 'Dacryoadenitis
    (lacrimal gland)' -> 'Dacryoadenitis'."""
    return re.split(r" \(|（", label, maxsplit=1)[0]


def visit_table_rows(patient: Patient, as_of: date) -> list[tuple[str, ...]]:
    """The visits up to `as_of` as the report lists them (`VISIT_COLUMNS`)."""
    start = patient.treatment.start_date
    rows: list[tuple[str, ...]] = []
    for visit in sorted((v for v in patient.visits if v.date <= as_of), key=lambda v: v.date):
        dose = patient.visit_prednisone_mg(visit)
        drug = visit.gc_drug or patient.treatment.glucocorticoid
        relapse = (_("yes: {sites}").format(sites=listing(short_label(SITE_LABELS[s])
                                                          for s in visit.relapse_sites))
                   if visit.relapse_sites else _("yes") if visit.relapse else "—")
        rows.append((date_text(visit.date), number(months_between(start, visit.date), 1),
                     "—" if visit.ri is None else str(visit.ri),
                     "—" if visit.gc_dose_mg is None
                     else f"{gc_drug(drug)} {number(visit.gc_dose_mg)}",
                     "—" if dose is None else number(dose), relapse))
    return rows

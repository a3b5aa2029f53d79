"""Unit conversion for laboratory values and glucocorticoid prednisone equivalents.

Canonical units follow Table 1 of the paper: IgG4 mg/L, IgG g/L, CRP mg/L, ESR mm/h,
eosinophils % and ×10⁹/L, IgE kU/L. Laboratories differ (1 g/L = 100 mg/dL = 1000 mg/L), so
values are entered with their unit and refused when implausible in the canonical unit, with the
likely mix-up named. Prednisone equivalents: docs/clinical-rules.md §1 (paper, Fig. 2c legend).
"""
from __future__ import annotations

from dataclasses import dataclass

from igg4rd.language.formats import number
from igg4rd.language.i18n import N_, _

# mg of each drug equal to 5 mg prednisone (standard equivalence table, docs/clinical-rules.md §1)
EQUIVALENT_TO_5MG_PREDNISONE: dict[str, float] = {
    "prednisone": 5.0, "prednisolone": 5.0, "methylprednisolone": 4.0, "triamcinolone": 4.0,
    "hydrocortisone": 20.0, "cortisone": 25.0, "dexamethasone": 0.75, "betamethasone": 0.6,
}
# the drugs' names as the forms and the audit trail show them (the codes, in English)

def prednisone_equivalent(drug: str, dose_mg: float) -> float:
    """Prednisone-equivalent dose (mg) of `dose_mg` of `drug` (paper, Fig. 2c legend)."""
    return dose_mg * 5.0 / EQUIVALENT_TO_5MG_PREDNISONE[drug]


@dataclass(frozen=True)
class Quantity:
    """A measured quantity: its canonical unit, accepted units and plausible canonical range.
    The label and the hints are marked messages (`N_`), read with `_` where shown."""

    label: str
    canonical: str
    factors: dict[str, float]  # unit -> multiply by this to get the canonical unit
    plausible: tuple[float, float]
    too_low_hint: str = ""
    too_high_hint: str = ""
    decimals: int = 1
    unit_if_too_low: str | None = None  # the unit a value below the range was likely in
    unit_if_too_high: str | None = None


QUANTITIES: dict[str, Quantity] = {
    "igg4": Quantity("IgG4", "mg/L", {"mg/L": 1.0, "mg/dL": 10.0, "g/L": 1000.0},
                     (10.0, 200_000.0),
                     too_low_hint=N_("it looks like g/L: {v} g/L = {k} mg/L"),
                     too_high_hint=N_("check the unit: mg/L expected"), decimals=0,
                     unit_if_too_low="g/L"),
    "igg": Quantity("IgG", "g/L", {"g/L": 1.0, "mg/dL": 0.01, "mg/L": 0.001}, (1.0, 150.0),
                    too_low_hint=N_("check the unit: g/L expected"),
                    too_high_hint=N_("it looks like mg/dL: {v} mg/dL = {c} g/L"),
                    decimals=2, unit_if_too_high="mg/dL"),
    "crp": Quantity("CRP", "mg/L", {"mg/L": 1.0, "mg/dL": 10.0}, (0.0, 500.0),
                    too_high_hint=N_("check the unit: mg/L expected"), decimals=2),
    "esr": Quantity("ESR", "mm/h", {"mm/h": 1.0}, (0.0, 200.0), decimals=0),
    "eosinophils_pct": Quantity(N_("Eosinophils"), "%", {"%": 1.0}, (0.0, 100.0)),
    "eosinophils_count": Quantity(N_("Eosinophils"), "×10⁹/L",
                                  {"×10⁹/L": 1.0, "cells/µL": 0.001}, (0.0, 30.0),
                                  too_high_hint=N_("it looks like cells/µL: {v} cells/µL = "
                                                   "{m} ×10⁹/L"), decimals=2,
                                  unit_if_too_high="cells/µL"),
    "ige": Quantity("IgE", "kU/L", {"kU/L": 1.0, "IU/mL": 1.0}, (0.0, 100_000.0), decimals=1),
}


def to_canonical(quantity: str, value: float, unit: str) -> float:
    """`value` in `unit` expressed in the quantity's canonical unit."""
    return value * QUANTITIES[quantity].factors[unit]


def from_canonical(quantity: str, value: float, unit: str) -> float:
    """A canonical `value` expressed in `unit`."""
    return value / QUANTITIES[quantity].factors[unit]


def likely_unit(quantity: str, value: float) -> str | None:
    """The unit a canonical `value` outside the plausible range was most likely typed in (IgG4
    8.2 'mg/L' is 8.2 g/L), or None."""
    q = QUANTITIES[quantity]
    low, high = q.plausible
    return q.unit_if_too_low if value < low else q.unit_if_too_high if value > high else None


def plausibility_problem(quantity: str, value: float) -> str | None:
    """Why a canonical `value` is implausible (naming the likely unit mix-up), or None."""
    q = QUANTITIES[quantity]
    low, high = q.plausible
    if low <= value <= high:
        return None
    hint = q.too_low_hint if value < low else q.too_high_hint
    hint = _(hint).format(v=number(value), k=number(value * 1000), c=number(value / 100),
                         m=number(value / 1000)) if hint else ""
    text = (_("{quantity} {value} {unit} is below the plausible range {low}-{high} {unit}")
            if value < low else
            _("{quantity} {value} {unit} is above the plausible range {low}-{high} {unit}")
            ).format(quantity=_(q.label), value=number(value), unit=q.canonical, low=number(low),
                     high=number(high))
    return _("{problem}; {hint}").format(problem=text, hint=hint) if hint else text

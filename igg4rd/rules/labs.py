"""The laboratory values igg4rd records: one registry entry each, the only list of them. Forms,
the visit table, the audit's words, the charts, the report, the cohort tables, CSV columns and
laboratory imports all read it.

Canonical units follow Table 1 of the paper: IgG4 mg/L, IgG g/L, CRP mg/L, ESR mm/h,
eosinophils % and ×10⁹/L, IgE kU/L. Laboratories differ (1 g/L = 100 mg/dL = 1000 mg/L), so a
value is entered with its unit, stored in the canonical one, and refused when implausible there,
with the likely mix-up named. LOINC codes are the usual result codes of each test (IgG4
2469-5, as Mayo Clinic Laboratories report it; the rest as LOINC names them: IgG 2465-3, ESR
4537-7 Westergren and 30341-2, CRP 1988-5 and hs-CRP 30522-7, eosinophils 713-8 (%) and 711-2
(count), IgE 19113-0); UCUM codes are each unit's. The normal band is drawn from the thresholds
(Evidence page defaults, docs/clinical-rules.md §8).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from igg4rd.language.formats import number
from igg4rd.language.i18n import N_, _
from igg4rd.rules.thresholds import Thresholds


@dataclass(frozen=True)
class LabValue:
    """One laboratory value: its record field (`code`), its name (marked with N_, read with _),
    units and their factors to the canonical one, UCUM and LOINC codes, plausible canonical
    range, normal band (low and high: a number or a `Thresholds` field), decimals shown, the
    hints naming a likely unit mix-up, where it is shown, and the names laboratories report it
    under (`aliases`, read by `codes_named`: a laboratory's table or pasted text)."""

    code: str
    label: str
    canonical: str
    factors: Mapping[str, float]  # unit -> multiply by this for the canonical unit
    ucum: Mapping[str, str]  # unit as shown -> its UCUM code
    loinc: tuple[str, ...]
    plausible: tuple[float, float]
    normal: tuple[float | str, str]
    decimals: int = 1
    too_low_hint: str = ""
    too_high_hint: str = ""
    unit_if_too_low: str | None = None  # the unit a value below the range was likely in
    unit_if_too_high: str | None = None
    in_visit_table: bool = True  # a column of the visit table
    trend: bool = True  # a panel of the laboratory trends
    fig4: bool = False  # month-6 serology compared by outcome (paper, Fig. 4)
    log_scale: bool = False  # spans orders of magnitude: drawn on a log axis
    aliases: tuple[str, ...] = ()  # the names laboratories give it (English and Chinese)
    units: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(self.factors))

    def normal_band(self, thresholds: Thresholds) -> tuple[float, float]:
        """The normal range drawn for it (canonical unit)."""
        low, high = self.normal
        return (getattr(thresholds, low) if isinstance(low, str) else low,
                getattr(thresholds, high))


LAB_VALUES: tuple[LabValue, ...] = (  # in the order every form, table and chart shows them
    LabValue("igg4", "IgG4", "mg/L", {"mg/L": 1.0, "mg/dL": 10.0, "g/L": 1000.0},
             {"mg/L": "mg/L", "mg/dL": "mg/dL", "g/L": "g/L"}, ("2469-5",), (10.0, 200_000.0),
             (0.0, "igg4_uln_mg_l"), decimals=0,
             too_low_hint=N_("it looks like g/L: {v} g/L = {k} mg/L"),
             too_high_hint=N_("check the unit: mg/L expected"), unit_if_too_low="g/L",
             fig4=True, log_scale=True,
             aliases=("IgG-4", "Immunoglobulin G4", "IgG subclass 4", "IgG4 subclass", "IgG4亚类",
                      "IgG4亚型", "IgG4亚类测定", "免疫球蛋白G4", "免疫球蛋白IgG4", "血清IgG4")),
    LabValue("igg", "IgG", "g/L", {"g/L": 1.0, "mg/dL": 0.01, "mg/L": 0.001},
             {"g/L": "g/L", "mg/dL": "mg/dL", "mg/L": "mg/L"}, ("2465-3",), (1.0, 150.0),
             ("igg_normal_low_g_l", "igg_normal_high_g_l"), decimals=2,
             too_low_hint=N_("check the unit: g/L expected"),
             too_high_hint=N_("it looks like mg/dL: {v} mg/dL = {c} g/L"),
             unit_if_too_high="mg/dL", fig4=True,
             aliases=("Immunoglobulin G", "Total IgG", "免疫球蛋白G", "免疫球蛋白IgG", "血清IgG")),
    LabValue("esr", N_("ESR"), "mm/h", {"mm/h": 1.0}, {"mm/h": "mm/h"}, ("4537-7", "30341-2"),
             (0.0, 200.0), (0.0, "esr_elevated"), decimals=0, fig4=True,
             aliases=("Sed rate", "Erythrocyte sedimentation rate", "Westergren ESR", "血沉",
                      "红细胞沉降率", "红细胞沉降率测定", "魏氏法血沉")),
    LabValue("crp", N_("CRP"), "mg/L", {"mg/L": 1.0, "mg/dL": 10.0},
             {"mg/L": "mg/L", "mg/dL": "mg/dL"}, ("1988-5", "30522-7"), (0.0, 500.0),
             (0.0, "crp_elevated"), decimals=2,
             too_high_hint=N_("check the unit: mg/L expected"), fig4=True, log_scale=True,
             aliases=("hs-CRP", "hsCRP", "C-reactive protein", "C reactive protein",
                      "High sensitivity CRP", "C反应蛋白", "C-反应蛋白", "超敏C反应蛋白",
                      "超敏C-反应蛋白", "全程C反应蛋白")),
    LabValue("eosinophils_pct", N_("Eosinophils"), "%", {"%": 1.0}, {"%": "%"}, ("713-8",),
             (0.0, 100.0), (0.0, "eosinophilia_pct"),
             aliases=("Eosinophil", "Eosinophils %", "Eosinophil %", "Eosinophil percentage",
                      "EOS%", "EO%", "嗜酸性粒细胞", "嗜酸性粒细胞%", "嗜酸性粒细胞百分比",
                      "嗜酸性粒细胞百分数", "嗜酸性粒细胞比率", "嗜酸粒细胞百分比")),
    LabValue("eosinophils_count", N_("Eosinophil count"), "×10⁹/L",
             {"×10⁹/L": 1.0, "cells/µL": 0.001}, {"×10⁹/L": "10*9/L", "cells/µL": "/uL"},
             ("711-2",), (0.0, 30.0), (0.0, "eosinophilia_count"), decimals=2,
             too_high_hint=N_("it looks like cells/µL: {v} cells/µL = {m} ×10⁹/L"),
             unit_if_too_high="cells/µL", in_visit_table=False, trend=False,
             aliases=("Eosinophils", "Eosinophil", "Absolute eosinophil count", "Eosinophils #",
                      "AEC", "EOS#", "EO#", "嗜酸性粒细胞", "嗜酸性粒细胞#", "嗜酸性粒细胞绝对值",
                      "嗜酸性粒细胞计数", "嗜酸粒细胞计数", "嗜酸粒细胞绝对值")),
    LabValue("ige", "IgE", "kU/L", {"kU/L": 1.0, "IU/mL": 1.0},
             {"kU/L": "k[IU]/L", "IU/mL": "[IU]/mL"}, ("19113-0",), (0.0, 100_000.0),
             (0.0, "ige_uln_ku_l"), in_visit_table=False,
             aliases=("Total IgE", "Immunoglobulin E", "总IgE", "血清总IgE", "免疫球蛋白E",
                      "免疫球蛋白IgE")),
)
LABS: dict[str, LabValue] = {lab.code: lab for lab in LAB_VALUES}
FIG4_LABS = tuple(lab for lab in LAB_VALUES if lab.fig4)


def to_canonical(code: str, value: float, unit: str) -> float:
    """`value` in `unit` expressed in the laboratory value's canonical unit."""
    return value * LABS[code].factors[unit]


def from_canonical(code: str, value: float, unit: str) -> float:
    """A canonical `value` expressed in `unit`."""
    return value / LABS[code].factors[unit]


def likely_unit(code: str, value: float) -> str | None:
    """The unit a canonical `value` outside the plausible range was most likely typed in (IgG4
    8.2 'mg/L' is 8.2 g/L), or None."""
    lab = LABS[code]
    low, high = lab.plausible
    return lab.unit_if_too_low if value < low else lab.unit_if_too_high if value > high else None


def plausibility_problem(code: str, value: float) -> str | None:
    """Why a canonical `value` is implausible (naming the likely unit mix-up), or None."""
    lab = LABS[code]
    low, high = lab.plausible
    if low <= value <= high:
        return None
    hint = lab.too_low_hint if value < low else lab.too_high_hint
    hint = _(hint).format(v=number(value), k=number(value * 1000), c=number(value / 100),
                         m=number(value / 1000)) if hint else ""
    text = (_("{quantity} {value} {unit} is below the plausible range {low}-{high} {unit}")
            if value < low else
            _("{quantity} {value} {unit} is above the plausible range {low}-{high} {unit}")
            ).format(quantity=_(lab.label), value=number(value), unit=lab.canonical,
                     low=number(low), high=number(high))
    return _("{problem}; {hint}").format(problem=text, hint=hint) if hint else text


# Names and units as laboratories write them (a laboratory's table, pasted text, a FHIR unit
# without its UCUM code), read against the registry: the same name or unit written with other
# spaces, brackets, case, full-width characters or superscripts is the same.
_NAME_NOISE = re.compile(r"[\s()\[\]{}（）【】:：\-_·.,'\"]+")


def name_key(name: str) -> str:
    """A test's name as compared: 'IgG4 (亚类)' and 'igg4亚类' alike; a trailing '#' (an
    absolute count's mark, as in 'EO#') is kept."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", name)).casefold()


def _names() -> dict[str, tuple[str, ...]]:
    named: dict[str, dict[str, None]] = {}  # a name's codes, each once, in the registry's order
    for lab in LAB_VALUES:
        for name in (lab.code, lab.label, *lab.aliases):
            named.setdefault(name_key(name), {})[lab.code] = None
    return {key: tuple(codes) for key, codes in named.items()}


_NAMED = _names()


def codes_named(name: str) -> tuple[str, ...]:
    """The laboratory values a laboratory's test name can mean ('血沉': ESR; 'Eosinophils': the
    percentage or the count, told apart by the unit), or () for a name the registry does not
    know."""
    key = name_key(name)
    return _NAMED.get(key) or _NAMED.get(key.rstrip("#"), ())


def unit_key(unit: str) -> str:
    """A unit as compared: 'x10^9/L', '10*9/L', '×10⁹/L' and '10E9/L' alike; 'cells/µL' and
    '/uL'; 'mm/hr' and 'mm/h'; 'kIU/L' and 'kU/L'."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit)).casefold()
    for old, new in (("μ", "u"), ("µ", "u"), ("[", ""), ("]", ""), ("^", ""), ("*", ""),
                     ("10e", "10"), ("cells", ""), ("cell", ""), ("个", ""), ("kiu", "ku")):
        key = key.replace(old, new)
    key = re.sub(r"^[x×]", "", key)
    return re.sub(r"/1?hr?$", "/h", key)


@lru_cache(maxsize=4096)
def unit_named(code: str, unit: str) -> str | None:
    """The registry's unit of laboratory value `code` that `unit` (as a laboratory writes it,
    or its UCUM code) is, or None when it is none of them."""
    lab = LABS[code]
    key = unit_key(unit)
    return next((shown for shown in lab.units
                 if key in (unit_key(shown), unit_key(lab.ucum[shown]))), None)


def code_for_loinc(loinc: str) -> str | None:
    """The laboratory value a LOINC code reports, or None."""
    return next((lab.code for lab in LAB_VALUES if loinc in lab.loinc), None)

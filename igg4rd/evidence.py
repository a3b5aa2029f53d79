"""The paper's figures, in one place, each with its table or figure reference.

Source: the PUMCH prospective IgG4-RD cohort paper on remission induction
(215 newly diagnosed patients, 2012-2017, NCT01670695), `shared/seed/remission-induction-paper.txt`.
Nothing else in the product hard-codes a published number: import it from here.

Counts marked *derived* are not printed in the paper; they are the only counts consistent with
its percentages, odds ratios and p-values (see `shared/docs/clinical-spec.md`).
"""
from __future__ import annotations

from dataclasses import dataclass

PAPER = "PUMCH IgG4-RD remission-induction cohort (n = 215, NCT01670695)"


@dataclass(frozen=True)
class Proportion:
    """A published count k of n, with where it is printed."""

    events: int
    total: int
    source: str
    derived: bool = False

    @property
    def rate(self) -> float:
        return self.events / self.total


@dataclass(frozen=True)
class OddsRatio:
    """A univariate odds ratio with its Wald 95% interval and p, as printed in Table 3."""

    odds_ratio: float
    low: float
    high: float
    p: float
    source: str = "Table 3"


@dataclass(frozen=True)
class MedianIQR:
    median: float
    q1: float
    q3: float
    unit: str
    source: str


# -- Treatment protocol ("Treatment regimens") ---------------------------------------------------
PROTOCOL_SOURCE = "Methods, 'Treatment regimens'"
INITIAL_DOSE_MG_PER_KG = (0.5, 1.0)
INITIAL_DOSE_MG = (30.0, 60.0)
INITIAL_WEEKS_RANGE = (2.0, 4.0)  # "2 weeks to 1 month"
TAPER_STEP_MG = 5.0
TAPER_STEP_WEEKS = 2.0
MAINTENANCE_DOSE_MG = (5.0, 10.0)
IMMUNOSUPPRESSANT_COUNTS = {"CTX": 67, "MMF": 47, "MTX": 12, "AZA": 6, "T2": 3, "LEF": 1,
                            "CyA": 1, "CTX+LEF": 1}

# -- Therapeutic goals ("Therapeutic goals of remission induction") ------------------------------
GOALS_SOURCE = "Methods, 'Therapeutic goals of remission induction'; Table 2 footnote a"
STAGE_MONTHS = 6.0
RI_DECLINE_GOAL = 0.5
MAINTENANCE_CEILING_MG = 10.0
FOLLOW_UP_MONTHS = (1, 3, 6)

# -- Outcomes by regimen (Table 2) ---------------------------------------------------------------
FAILURE_GC = Proportion(16, 77, "Table 2, 'Failure of remission induction'")
FAILURE_GC_IM = Proportion(10, 138, "Table 2, 'Failure of remission induction'")
FAILURE_OVERALL = Proportion(26, 215, "Results, 'Patients who failed of remission induction'")
TABLE2_OUTCOMES = {
    # row: (GC monotherapy, GC + IM, printed p)
    "ri_reduction_below_50": (Proportion(2, 77, "Table 2"), Proportion(1, 138, "Table 2"), 0.292),
    "relapse": (Proportion(14, 77, "Table 2"), Proportion(9, 138, "Table 2"), 0.011),
    "taper_failure": (Proportion(8, 77, "Table 2"), Proportion(9, 138, "Table 2"), 0.429),
    "failure": (FAILURE_GC, FAILURE_GC_IM, 0.008),
}

# -- Risk factors on GC monotherapy (Table 3, Fig. 3c) -------------------------------------------
RISK_FACTOR_ORS = {
    "eosinophilia": OddsRatio(7.27, 2.05, 25.74, 0.002),
    "high_baseline_ri": OddsRatio(8.44, 1.48, 48.14, 0.016),
    "five_or_more_sites": OddsRatio(9.67, 1.74, 53.84, 0.01),
    "dacryoadenitis": OddsRatio(3.39, 1.05, 10.99, 0.042),
}
RISK_STRATA = {  # Fig. 3c: 8%, 14.3%, 38.5%, 71.4%; counts derived (73 patients, 16 failures)
    "0": Proportion(2, 25, "Fig. 3c", derived=True),
    "1": Proportion(4, 28, "Fig. 3c", derived=True),
    "2": Proportion(5, 13, "Fig. 3c", derived=True),
    "3-4": Proportion(5, 7, "Fig. 3c", derived=True),
}
RISK_STRATA_P = 0.001  # Fig. 3c, 0-1 vs 2-4
COMBINATION_RECOMMENDED_FROM = 3  # Conclusions; Fig. 3c's 71.4% is the 3-4 group
RISK_SOURCE = "Table 3; Fig. 3c; Conclusions"
COHORT_RI_QUARTILES = (10.0, 14.0, 18.0)  # Table 1: RI 14 (10, 18)

# -- Organ-level failure incidence (Fig. 3b) -----------------------------------------------------
ORGAN_FAILURE_GC = {
    "lung": Proportion(5, 17, "Fig. 3b"),
    "lacrimal": Proportion(9, 35, "Fig. 3b"),
    "bile_duct": Proportion(3, 22, "Fig. 3b"),
}
ORGAN_FAILURE_GC_IM = {
    "pancreas": Proportion(4, 57, "Fig. 3b"),
    "lacrimal": Proportion(4, 60, "Fig. 3b"),
}

# -- After a relapse ("Clinical features, treatments and outcomes...") ---------------------------
RETREATMENT_REMISSION = Proportion(17, 21, "Results, re-treatment after relapse")
SECONDARY_RELAPSE = Proportion(9, 17, "Results, re-treatment after relapse")

# -- Month-6 serology by outcome (Fig. 4) --------------------------------------------------------
MONTH6_SEROLOGY = {
    # quantity: (failed, succeeded, Mann-Whitney p)
    "esr": (MedianIQR(11, 4, 27, "mm/h", "Fig. 4a"), MedianIQR(5, 2, 9, "mm/h", "Fig. 4a"), 0.0056),
    "crp": (MedianIQR(2.60, 0.70, 29.94, "mg/L", "Fig. 4b"),
            MedianIQR(0.73, 0.36, 1.83, "mg/L", "Fig. 4b"), 0.0033),
    "igg4": (MedianIQR(3570, 2413, 6443, "mg/L", "Fig. 4d"),
             MedianIQR(1870, 859, 3928, "mg/L", "Fig. 4d"), 0.0047),
}

LIMITATIONS = (
    "Single centre (Peking Union Medical College Hospital), 215 patients, 2012-2017.",
    "Risk factors come from univariate logistic regression on 77 GC-monotherapy patients with 16 "
    "failures; multivariate analysis was not possible (few events, co-linear factors).",
    "Risk strata are small (7 to 28 patients): the exact 95% intervals are wide.",
    "Regimens, initial doses and immunosuppressants varied between patients.",
    "The therapeutic goals are the authors' proposal and need validation elsewhere.",
)

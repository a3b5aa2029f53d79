"""The product's codes: the values the patient record and the assessment answer carry
(docs/interchange.md). Words for them live in `igg4rd.language.words`, never beside the code."""
from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class Diagnosis(StrEnum):
    """2011 comprehensive diagnostic criteria (paper, Methods)."""

    DEFINITE = "definite"
    PROBABLE = "probable"
    POSSIBLE = "possible"


class Site(StrEnum):
    """Involved sites of Table 1 (interchange ids)."""

    LACRIMAL = "lacrimal"
    SALIVARY = "salivary"
    PANCREAS = "pancreas"
    BILE_DUCT = "bile_duct"
    RETROPERITONEUM = "retroperitoneum"
    LUNG = "lung"
    KIDNEY = "kidney"
    LYMPH_NODES = "lymph_nodes"
    SINUS = "sinus"
    PROSTATE = "prostate"
    SKIN = "skin"
    AORTA = "aorta"
    ORBIT = "orbit"
    MEDIASTINUM = "mediastinum"
    LIVER = "liver"
    THYROID = "thyroid"
    CNS = "cns"


class Regimen(StrEnum):
    """Remission-induction regimen (paper, 'Treatment regimens')."""

    GC = "gc"  # glucocorticoid monotherapy
    GC_IM = "gc+im"  # glucocorticoid with an immunosuppressant


class Glucocorticoid(StrEnum):
    PREDNISONE = "prednisone"
    PREDNISOLONE = "prednisolone"
    METHYLPREDNISOLONE = "methylprednisolone"
    TRIAMCINOLONE = "triamcinolone"
    HYDROCORTISONE = "hydrocortisone"
    CORTISONE = "cortisone"
    DEXAMETHASONE = "dexamethasone"
    BETAMETHASONE = "betamethasone"


class Immunosuppressant(StrEnum):
    """The paper's immunosuppressants (Methods) and a few more in current use."""

    CTX = "CTX"
    MMF = "MMF"
    MTX = "MTX"
    AZA = "AZA"
    T2 = "T2"
    LEF = "LEF"
    CYA = "CyA"
    RTX = "RTX"
    TAC = "TAC"
    OTHER = "other"


class Outcome(StrEnum):
    """Outcome of remission induction (docs/clinical-rules.md §3)."""

    SUCCESS = "success"
    FAILURE = "failure"
    PENDING = "pending"
    INSUFFICIENT_DATA = "insufficient_data"


class FailureKind(StrEnum):
    """The paper's kinds of failure (Results); a patient can have several."""

    PERSISTENTLY_ACTIVE = "persistently_active"
    RELAPSE = "relapse"
    TAPER_FAILURE = "taper_failure"


class TrackStatus(StrEnum):
    """On track during the stage (docs/clinical-rules.md §3b)."""

    ON_TRACK = "on_track"
    BEHIND_TARGET = "behind_target"


class RiskFactor(StrEnum):
    """The four baseline risk factors on GC monotherapy (Table 3)."""

    EOSINOPHILIA = "eosinophilia"
    HIGH_BASELINE_RI = "high_baseline_ri"
    FIVE_OR_MORE_SITES = "five_or_more_sites"
    DACRYOADENITIS = "dacryoadenitis"


class Stratum(StrEnum):
    """Fig. 3c's grouping by number of risk factors."""

    NONE = "0"
    ONE = "1"
    TWO = "2"
    THREE_OR_MORE = "3-4"

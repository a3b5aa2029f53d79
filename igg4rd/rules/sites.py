"""Involved sites: the interchange ids and the paper's Table 1 labels (interchange.md)."""
from __future__ import annotations

from typing import Literal

Site = Literal["lacrimal", "salivary", "pancreas", "bile_duct", "retroperitoneum", "lung",
               "kidney", "lymph_nodes", "sinus", "prostate", "skin", "aorta", "orbit",
               "mediastinum", "liver", "thyroid", "cns"]

SITE_LABELS: dict[str, str] = {  # Table 1, "Organ involvement"
    "lacrimal": "Dacryoadenitis (lacrimal gland)",
    "salivary": "Sialoadenitis (salivary gland)",
    "pancreas": "Autoimmune pancreatitis",
    "bile_duct": "Sclerosing cholangitis (bile duct)",
    "retroperitoneum": "Retroperitoneal fibrosis",
    "lung": "Lung disease",
    "kidney": "Kidney involvement",
    "lymph_nodes": "Lymphadenopathy",
    "sinus": "Sinusitis",
    "prostate": "Prostatitis",
    "skin": "Skin involvement",
    "aorta": "Aortitis/periaortitis",
    "orbit": "Ophthalmic disease (except dacryoadenitis)",
    "mediastinum": "Mediastinal fibrosis",
    "liver": "Hepatopathy",
    "thyroid": "Thyroiditis",
    "cns": "Central nervous system",
}


def suggests_mikulicz(sites: list[str] | set[str]) -> bool:
    """Suggest (never force) Mikulicz's disease when lacrimal and salivary glands are both
    involved (clinical-spec §6: a clinical judgement, not derived)."""
    return "lacrimal" in sites and "salivary" in sites

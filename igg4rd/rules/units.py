"""Glucocorticoids as prednisone equivalents (docs/clinical-rules.md §1; paper, Fig. 2c legend:
other glucocorticoids are expressed as prednisone-equivalent doses). The drugs are the codes of
`codes.Glucocorticoid`, their words `language.words.GLUCOCORTICOID_NAMES`; laboratory values
and their units are the registry `rules.labs`.
"""
from __future__ import annotations

from igg4rd.rules.codes import Glucocorticoid

# mg of each drug equal to 5 mg prednisone (the standard equivalence table), in the codes' order
EQUIVALENT_TO_5MG_PREDNISONE: dict[Glucocorticoid, float] = {
    Glucocorticoid.PREDNISONE: 5.0, Glucocorticoid.PREDNISOLONE: 5.0,
    Glucocorticoid.METHYLPREDNISOLONE: 4.0, Glucocorticoid.TRIAMCINOLONE: 4.0,
    Glucocorticoid.HYDROCORTISONE: 20.0, Glucocorticoid.CORTISONE: 25.0,
    Glucocorticoid.DEXAMETHASONE: 0.75, Glucocorticoid.BETAMETHASONE: 0.6,
}
GLUCOCORTICOIDS: tuple[str, ...] = tuple(str(drug) for drug in Glucocorticoid)  # as choices


def prednisone_equivalent(drug: str, dose_mg: float) -> float:
    """Prednisone-equivalent dose (mg) of `dose_mg` of `drug` (paper, Fig. 2c legend)."""
    return dose_mg * 5.0 / EQUIVALENT_TO_5MG_PREDNISONE[Glucocorticoid(drug)]

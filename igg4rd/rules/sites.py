"""Involved sites (Table 1): the codes are `codes.Site`; words in `language.words.SITE_LABELS`."""
from __future__ import annotations

from collections.abc import Collection

from igg4rd.rules.codes import Site

SITES: tuple[Site, ...] = tuple(Site)


def suggests_mikulicz(sites: Collection[str]) -> bool:
    """Suggest (never force) Mikulicz's disease when lacrimal and salivary glands are both
    involved (docs/clinical-rules.md §6: a clinical judgement, not derived)."""
    return Site.LACRIMAL in sites and Site.SALIVARY in sites

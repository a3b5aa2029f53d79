"""The IgG4-RD Responder Index (RI): organ activity items, urgency, and the serum IgG4 item.

Sources: Carruthers MN et al., Development of an IgG4-RD Responder Index, Int J Rheumatol
2012:259408; Wallace ZS et al., An international multispecialty validation study of the IgG4-RD
Responder Index, Arthritis Care Res 2018 (25 domains: disease sites plus constitutional
symptoms; higher weight for urgent manifestations and for worsening despite treatment).
Each item: 0 unaffected or resolved, 1 improved, 2 persistent, 3 new, recurrent or worse despite
treatment; urgent items count double; damage is recorded but not scored. RI = organ items
(doubled where urgent) + the serum IgG4 item (0-3).
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from igg4rd.rules.sites import SITES

ITEMS: tuple[str, ...] = (*SITES, "constitutional", "other")  # words: language.words
MAX_ACTIVITY = 3
PERSISTENT = 2  # activity grade of an organ that is unchanged
RI_MAX = len(ITEMS) * MAX_ACTIVITY * 2 + MAX_ACTIVITY


class OrganItem(BaseModel):
    """One organ or site of the RI form."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    activity: int = Field(ge=0, le=MAX_ACTIVITY)
    urgent: bool = False
    damage: bool = False

    @property
    def score(self) -> int:
        return self.activity * (2 if self.urgent else 1)


class RIBreakdown(BaseModel):
    """A scored RI form: organ items by id (sites, 'constitutional', 'other') and the IgG4 item."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    organs: dict[str, OrganItem] = Field(default_factory=dict)
    igg4: int = Field(default=0, ge=0, le=MAX_ACTIVITY)

    @field_validator("organs")
    @classmethod
    def _known_items(cls, organs: dict[str, OrganItem]) -> dict[str, OrganItem]:
        unknown = sorted(set(organs) - set(ITEMS))
        if unknown:
            raise ValueError(f"unknown RI items {unknown}")
        return organs

    @property
    def total(self) -> int:
        """RI = sum of organ scores (doubled where urgent) + IgG4 item (Carruthers 2012)."""
        return sum(item.score for item in self.organs.values()) + self.igg4


def suggest_igg4_item(igg4_mg_l: float | None, previous_mg_l: float | None, uln_mg_l: float,
                      tolerance: float = 0.10) -> int | None:
    """Suggested serum IgG4 item: 0 normal; 3 elevated and new (no previous value) or rising;
    1 elevated but falling; 2 elevated and unchanged within `tolerance` (a default)."""
    if igg4_mg_l is None:
        return None
    if igg4_mg_l <= uln_mg_l:
        return 0
    if previous_mg_l is None:
        return 3
    change = (igg4_mg_l - previous_mg_l) / previous_mg_l if previous_mg_l > 0 else 1.0
    if change > tolerance:
        return 3
    if change < -tolerance:
        return 1
    return 2

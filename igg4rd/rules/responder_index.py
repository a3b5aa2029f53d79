"""The IgG4-RD Responder Index (RI), 2012 instrument: organ activity 0-4, urgency, serum IgG4.

Source: Carruthers MN, Stone JH, Deshpande V, Khosroshahi A. Development of an IgG4-RD Responder
Index. Int J Rheumatol 2012:259408, the instrument the paper cites (its reference 23), as its
scoring is written into the registry record of the same group's rituximab trial (NCT01584388)
(docs/clinical-rules.md §7):
- each organ or site is graded for disease activity: 0 unaffected or resolved, 1 improved but
  still present, 2 persistent (unchanged), 3 new or recurrent while off treatment, 4 worse, or
  new, despite treatment;
- an organ needing urgent treatment (a threat to its function) counts double (up to 8);
- damage is recorded yes/no and not scored;
- serum IgG4 is one more item on the same grades, never doubled (its grade scale is not
  confirmed by a public text: the calculator says so);
- RI = the organ scores + the IgG4 item.
The 2018 revision (Wallace ZS et al., Arthritis Care Res 2018: 24 sites and a constitutional
domain, no IgG4 item) is not offered: a total is never compared across instruments silently, so
every scored form carries its instrument.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from igg4rd.rules.problems import invalid
from igg4rd.rules.sites import SITES

INSTRUMENT: Final = "2012"
ITEMS: tuple[str, ...] = (*SITES, "other")  # the 2012 form's items; words: language.words
LEGACY_ITEMS = ("constitutional",)  # scored by an earlier calculator: kept, flagged for review
MAX_ACTIVITY = 4
PERSISTENT = 2  # unchanged
NEW_OFF_TREATMENT = 3  # new or recurrent while off treatment
WORSE_ON_TREATMENT = 4  # worse, or new, despite treatment
REVIEW_MAX = 500  # characters of a review note (a migration's sentence; a file's text is bounded)
RI_MAX = (len(ITEMS) + len(LEGACY_ITEMS)) * MAX_ACTIVITY * 2 + MAX_ACTIVITY


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
    """A scored RI form: its instrument, organ items by id (the sites and 'other') and the IgG4
    item. `review` says why a form scored by an earlier calculator needs a clinician's look
    (migration 0004); such a form may hold a legacy item and keeps its total."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    instrument: Literal["2012"] = INSTRUMENT
    organs: dict[str, OrganItem] = Field(default_factory=dict)
    igg4: int = Field(default=0, ge=0, le=MAX_ACTIVITY)
    review: str | None = Field(default=None, max_length=REVIEW_MAX)

    @model_validator(mode="after")
    def _known_items(self) -> RIBreakdown:
        allowed = set(ITEMS) | (set(LEGACY_ITEMS) if self.review else set())
        unknown = sorted(set(self.organs) - allowed)
        if unknown:
            raise invalid("unknown_ri_items", items=unknown)
        return self

    @property
    def total(self) -> int:
        """RI = sum of organ scores (doubled where urgent) + IgG4 item (Carruthers 2012)."""
        return sum(item.score for item in self.organs.values()) + self.igg4


def suggest_igg4_item(igg4_mg_l: float | None, previous_mg_l: float | None, uln_mg_l: float,
                      on_treatment: bool, tolerance: float = 0.10) -> int | None:
    """Suggested serum IgG4 item (always editable): 0 at or below the upper limit; elevated
    with no earlier value or rising (by more than `tolerance`, a default): 4 on treatment (worse
    despite treatment, the top grade), 3 off it (new); 1 falling; 2 unchanged."""
    if igg4_mg_l is None:
        return None
    if igg4_mg_l <= uln_mg_l:
        return 0
    worse = WORSE_ON_TREATMENT if on_treatment else NEW_OFF_TREATMENT
    if previous_mg_l is None or previous_mg_l <= 0:
        return worse
    change = (igg4_mg_l - previous_mg_l) / previous_mg_l
    if change > tolerance:
        return worse
    return 1 if change < -tolerance else PERSISTENT


def form_maximum(sites: Iterable[str]) -> int:
    """The highest total the 2012 form can give for an observation of these sites (the involved
    sites, and at a visit its relapse sites): each item, 'other' included, graded at most 4 and
    doubled when urgent, plus the serum IgG4 item (Carruthers 2012). A typed total above it
    cannot be an RI of this patient."""
    return len({*sites, "other"}) * MAX_ACTIVITY * 2 + MAX_ACTIVITY

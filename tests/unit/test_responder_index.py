"""RI calculator (Carruthers 2012; Wallace 2018) and the IgG4 item suggestion."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from igg4rd.rules.responder_index import RI_MAX, OrganItem, RIBreakdown, suggest_igg4_item


def test_total_doubles_urgent_items_and_adds_the_igg4_item():
    form = RIBreakdown(organs={"pancreas": OrganItem(activity=3, urgent=True),
                               "lacrimal": OrganItem(activity=2),
                               "kidney": OrganItem(activity=1, damage=True)}, igg4=3)
    assert form.total == 6 + 2 + 1 + 3


def test_a_typical_baseline_reaches_the_cohort_median():
    """Three new organs (one urgent) and a raised IgG4 give 15, near Table 1's median of 14."""
    form = RIBreakdown(organs={s: OrganItem(activity=3) for s in ("lacrimal", "salivary")}
                       | {"pancreas": OrganItem(activity=3, urgent=True)}, igg4=3)
    assert form.total == 15


def test_items_are_bounded_and_known():
    with pytest.raises(ValidationError):
        OrganItem(activity=4)
    with pytest.raises(ValidationError):
        RIBreakdown(organs={"spleen": OrganItem(activity=1)})
    assert RIBreakdown().total == 0
    assert RI_MAX == 19 * 6 + 3


@pytest.mark.parametrize("current,previous,expected", [
    (None, None, None), (1000, None, 0), (9000, None, 3), (5000, 9000, 1),
    (9200, 9000, 2), (12000, 9000, 3),
])
def test_igg4_item_suggestion(current, previous, expected):
    assert suggest_igg4_item(current, previous, uln_mg_l=1350) == expected

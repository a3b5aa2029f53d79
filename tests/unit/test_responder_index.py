"""The RI, 2012 instrument (Carruthers et al., Int J Rheumatol 2012; grades as written into the
NCT01584388 record; docs/clinical-rules.md §7): organ activity 0-4, urgent doubles, damage not
scored, serum IgG4 one more item."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from igg4rd.rules.responder_index import (
    RI_MAX,
    OrganItem,
    RIBreakdown,
    suggest_igg4_item,
)


def test_the_interchange_example_totals_14():
    """docs/interchange.md: lacrimal 4 (worse despite treatment) urgent = 8, pancreas 3, IgG4 3."""
    form = RIBreakdown(organs={"lacrimal": OrganItem(activity=4, urgent=True),
                               "pancreas": OrganItem(activity=3)}, igg4=3)
    assert form.total == 14 and form.instrument == "2012"


def test_urgent_doubles_damage_is_not_scored():
    form = RIBreakdown(organs={"pancreas": OrganItem(activity=3, urgent=True),
                               "kidney": OrganItem(activity=1, damage=True)}, igg4=2)
    assert form.total == 6 + 1 + 2


def test_a_typical_untreated_baseline_reaches_the_cohort_median():
    """Three new organs off treatment (3 each, one urgent) and the IgG4 item (3) give 15, beside
    Table 1's median of 14 (IQR 10-18)."""
    form = RIBreakdown(organs={"lacrimal": OrganItem(activity=3), "salivary": OrganItem(
        activity=3), "pancreas": OrganItem(activity=3, urgent=True)}, igg4=3)
    assert form.total == 15


def test_grades_are_0_to_4_and_items_those_of_the_2012_form():
    assert OrganItem(activity=4, urgent=True).score == 8
    with pytest.raises(ValidationError):
        OrganItem(activity=5)
    with pytest.raises(ValidationError):
        RIBreakdown(organs={"spleen": OrganItem(activity=1)})
    with pytest.raises(ValidationError):  # a 2018 domain, only on a form kept for review
        RIBreakdown(organs={"constitutional": OrganItem(activity=1)})
    assert RIBreakdown(organs={"constitutional": OrganItem(activity=1)}, review="x").total == 1
    with pytest.raises(ValidationError):
        RIBreakdown(instrument="2018")
    assert RIBreakdown().total == 0 and RI_MAX == 19 * 8 + 4


@pytest.mark.parametrize("current,previous,on_treatment,expected", [
    (None, None, True, None), (1000, None, False, 0), (9000, None, False, 3),
    (9000, None, True, 4), (12000, 9000, True, 4), (12000, 9000, False, 3),
    (5000, 9000, True, 1), (9200, 9000, True, 2), (1300, 9000, True, 0),
])
def test_igg4_item_suggestion_rising_on_treatment_is_the_top_grade(current, previous,
                                                                   on_treatment, expected):
    assert suggest_igg4_item(current, previous, 1350, on_treatment) == expected

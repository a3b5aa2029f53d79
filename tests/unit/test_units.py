"""Unit conversions and prednisone equivalents (Table 1 units; docs/clinical-rules.md §1, §6)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igg4rd.rules.labs import LABS, from_canonical, plausibility_problem, to_canonical
from igg4rd.rules.units import EQUIVALENT_TO_5MG_PREDNISONE, prednisone_equivalent


@pytest.mark.parametrize("drug,mg", [("prednisone", 5), ("prednisolone", 5),
                                     ("methylprednisolone", 4), ("triamcinolone", 4),
                                     ("hydrocortisone", 20), ("cortisone", 25),
                                     ("dexamethasone", 0.75), ("betamethasone", 0.6)])
def test_equivalence_table_each_drug_matches_5_mg_prednisone(drug, mg):
    assert prednisone_equivalent(drug, mg) == pytest.approx(5)


def test_every_interchange_glucocorticoid_has_an_equivalent():
    assert len(EQUIVALENT_TO_5MG_PREDNISONE) == 8
    assert prednisone_equivalent("methylprednisolone", 32) == pytest.approx(40)



def test_igg4_units():
    assert to_canonical("igg4", 1, "g/L") == 1000
    assert to_canonical("igg4", 100, "mg/dL") == 1000
    assert from_canonical("igg", 18.87, "mg/dL") == pytest.approx(1887)
    assert to_canonical("crp", 0.378, "mg/dL") == pytest.approx(3.78)
    assert to_canonical("eosinophils_count", 210, "cells/µL") == pytest.approx(0.21)


UNIT_CASES = [(code, unit) for code, lab in LABS.items() for unit in lab.units]


@given(st.sampled_from(UNIT_CASES), st.floats(min_value=0, max_value=1e6))
def test_round_trip_is_exact_to_display_precision(case, value):
    quantity, unit = case
    shown = round(value, LABS[quantity].decimals)
    back = from_canonical(quantity, to_canonical(quantity, shown, unit), unit)
    assert round(back, LABS[quantity].decimals) == shown


def test_implausible_values_name_the_likely_unit_mix_up():
    assert "g/L: 9 g/L = 9000 mg/L" in plausibility_problem("igg4", 9)
    assert "mg/dL" in plausibility_problem("igg", 1887)
    assert "cells/µL" in plausibility_problem("eosinophils_count", 210)
    assert plausibility_problem("igg4", 8960) is None
    assert plausibility_problem("igg4", 30) is None  # low but real (treated, or normal range)
    assert plausibility_problem("esr", 250) is not None


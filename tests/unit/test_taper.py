"""Target taper curve and dose arithmetic (paper, 'Treatment regimens';
docs/clinical-rules.md §1)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from igg4rd.rules.taper import (
    DoseChange,
    cumulative_dose_mg,
    dose_at,
    dose_history,
    rounded_start_dose,
    target_curve,
)
from tests.unit.helpers import START, patient, visit


def test_protocol_example_40_mg_for_4_weeks():
    curve = [(s.week, s.dose_mg) for s in target_curve(40, 4)]
    assert curve == [(0, 40), (4, 35), (6, 30), (8, 25), (10, 20), (12, 15), (14, 10)]



@given(st.floats(min_value=30, max_value=60), st.floats(min_value=2, max_value=4))
def test_protocol_doses_reach_maintenance_by_month_six(start_dose, weeks):
    """With S <= 60 and W <= 4 the curve reaches 10 mg by week 24 (docs/clinical-rules.md §1)."""
    assert next(s.week for s in target_curve(start_dose, weeks) if s.dose_mg <= 10) <= 24


@given(st.floats(min_value=1, max_value=200), st.floats(min_value=0, max_value=8))
def test_curve_never_rises_and_never_drops_below_the_ceiling(start_dose, weeks):
    doses = [s.dose_mg for s in target_curve(start_dose, weeks)]
    assert doses == sorted(doses, reverse=True)
    assert min(doses) >= min(10, rounded_start_dose(start_dose))


def test_start_dose_is_rounded_to_five_mg():
    assert rounded_start_dose(37.5) == 40
    assert rounded_start_dose(42) == 40


def test_recorded_doses_make_a_step_function_and_its_area():
    p = patient([visit(1, dose=30, gc_drug="prednisone"), visit(3, dose=16,
                                                             gc_drug="methylprednisolone")])
    history = dose_history(p)
    assert [c.dose_mg for c in history] == [40, 30, 20]
    assert dose_at(history, START - timedelta(days=1)) is None
    assert dose_at(history, history[1].day) == 30
    assert dose_at(history, history[2].day + timedelta(days=100)) == 20
    days_first, days_second = ((history[1].day - START).days,
                               (history[2].day - history[1].day).days)
    assert cumulative_dose_mg(history, history[2].day + timedelta(days=10)) == pytest.approx(
        40 * days_first + 30 * days_second + 20 * 10)


def test_cumulative_dose_of_a_single_dose():
    history = [DoseChange(date(2024, 1, 1), 10)]
    assert cumulative_dose_mg(history, date(2024, 1, 11)) == 100
    assert cumulative_dose_mg(history, date(2024, 1, 1)) == 0

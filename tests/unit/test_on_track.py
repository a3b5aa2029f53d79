"""On track during the stage (docs/clinical-rules.md §3b): the dose in effect against the
protocol's target curve (40 mg from week 0, 4 initial weeks, −5 mg every 2 weeks: 10 mg from week
14) and the projection of maintenance at the protocol's rate, month 6 (week 26.1) the deadline."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from igg4rd.rules.assessment import answer, assess
from igg4rd.rules.dates import weeks_between
from igg4rd.rules.model import Patient
from igg4rd.rules.on_track import steps_to
from igg4rd.rules.taper import target_curve
from tests.unit.helpers import START, at_month, patient, visit


def track(visits, as_of, **kwargs):
    return assess(patient(visits, **kwargs), as_of).on_track


def week(day) -> float:
    return round(weeks_between(START, day), 1)


def test_35_mg_at_month_2_is_above_the_curve_yet_on_track():
    on_track = track([visit(2, 8, 35)], at_month(2))
    assert on_track.status == "on_track"
    assert on_track.target_dose_mg == 25 and on_track.above_target_mg == 10
    assert week(on_track.maintenance_projected) == 18.7  # before month 6 (week 26.1)
    assert not on_track.gc_maintenance_at_risk
    assert on_track.weeks_behind == pytest.approx(4.7, abs=0.05)  # target: week 14


def test_35_mg_at_month_4_is_behind_target():
    on_track = track([visit(4, 8, 35)], at_month(4))
    assert on_track.status == "behind_target" and on_track.gc_maintenance_at_risk
    assert on_track.target_dose_mg == 10 and on_track.above_target_mg == 25
    assert week(on_track.maintenance_projected) == 27.4  # after month 6 (week 26.1)
    # held the protocol's 2 weeks, the next step (week 19.4) comes too late; started by week
    # 18.0 (2024-07-08), 4 more steps still reach 10 mg by month 6 (day 182, 2024-09-02)
    assert week(on_track.next_step.latest) == 18.0
    assert on_track.as_of < on_track.next_step.latest < on_track.dose_since + timedelta(days=14)
    assert on_track.deadline == START + timedelta(days=182)


def test_the_interchange_example():
    """docs/interchange.md: start 2024-03-04 (START), 40 mg for 4 weeks, 35 mg at the visit of
    2024-07-01, which is the as-of date."""
    day = START + timedelta(days=119)
    block = answer(assess(patient([{"date": day.isoformat(), "ri": 8, "gc_dose_mg": 35}]),
                          day))["on_track"]
    assert block == {"status": "behind_target", "dose_in_effect_mg": 35, "target_dose_mg": 10,
                     "above_target_mg": 25, "maintenance_projected": "2024-09-09",
                     "gc_maintenance_at_risk": True, "ri_decline_so_far": pytest.approx(0.429,
                                                                                        abs=1e-3),
                     "next_step": {"dose_mg": 30, "earliest": "2024-07-15",
                                   "latest": "2024-07-08", "latest_passed": False}}


def test_the_initial_dose_is_held_the_initial_weeks_and_a_repeated_dose_keeps_its_date():
    on_track = track([visit(0.5, None, 40)], at_month(0.6))
    assert on_track.dose_since == START and on_track.held_weeks == 4
    assert on_track.maintenance_projected == START + timedelta(weeks=14)


def test_a_dose_held_past_its_step_steps_down_from_the_as_of_date():
    on_track = track([visit(1, None, 20)], at_month(3))  # 20 mg since month 1, held since
    assert on_track.maintenance_projected == at_month(3) + timedelta(days=14)


def test_at_maintenance_already_is_on_track_even_after_month_6():
    on_track = track([visit(5.5, 5, 10)], at_month(6.2))  # pending: month 5.5 final at 6.5
    assert on_track.steps_to_maintenance == 0 and on_track.maintenance_projected == at_month(6.2)
    assert on_track.status == "on_track"


def test_only_while_pending_and_once_a_dose_is_known():
    assert track([visit(1, 6, 30), visit(3, 4, 20), visit(6, 3, 7.5)], at_month(7)) is None
    assert track([visit(2, 6, 30, relapse=True)], at_month(2)) is None  # failure: judged
    record = patient([]).to_record()
    record["treatment"].pop("initial_dose_mg")
    assert assess(Patient.model_validate(record), at_month(1)).on_track is None


def test_other_glucocorticoids_count_as_prednisone():
    on_track = track([visit(2, 8, 28, gc_drug="methylprednisolone")], at_month(2))
    assert on_track.dose_in_effect_mg == 35  # 28 mg methylprednisolone = 35 mg prednisone


doses = st.sampled_from([10.0, 12.5, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 60.0])
days = st.integers(min_value=1, max_value=200)


@settings(max_examples=150)
@given(doses, doses, days, st.integers(min_value=0, max_value=60))
def test_a_lower_dose_is_never_further_behind(dose, other, recorded_day, days_later):
    low, high = sorted((dose, other))
    recorded = START + timedelta(days=recorded_day)
    as_of = recorded + timedelta(days=days_later)
    tracks = [assess(patient([{"date": recorded.isoformat(), "gc_dose_mg": d}]), as_of).on_track
              for d in (low, high)]
    assume(all(t is not None for t in tracks))
    lower, higher = tracks
    assert lower.maintenance_projected <= higher.maintenance_projected
    assert (lower.above_target_mg or 0) <= (higher.above_target_mg or 0)
    assert not (lower.gc_maintenance_at_risk and not higher.gc_maintenance_at_risk)


@settings(max_examples=150)
@given(doses, days, st.integers(min_value=0, max_value=60))
def test_the_projection_is_never_earlier_than_n_minus_1_steps_after_the_as_of_date(
        dose, recorded_day, days_later):
    recorded = START + timedelta(days=recorded_day)
    as_of = recorded + timedelta(days=days_later)
    on_track = assess(patient([{"date": recorded.isoformat(), "gc_dose_mg": dose}]),
                      as_of).on_track
    assume(on_track is not None)
    n = steps_to(dose, 10)
    assert on_track.maintenance_projected >= as_of + timedelta(days=14 * max(n - 1, 0))


@settings(max_examples=100)
@given(st.sampled_from([30, 35, 40, 45, 50, 60]), st.sampled_from([2, 3, 4]),
       st.floats(min_value=0, max_value=1))
def test_a_patient_on_the_protocol_reaches_maintenance_when_the_target_does(start_dose, weeks,
                                                                            progress):
    curve = target_curve(start_dose, weeks)
    visits = [{"date": (START + timedelta(days=round(step.week * 7))).isoformat(),
               "gc_dose_mg": step.dose_mg} for step in curve[1:]]
    end = round(curve[-1].week * 7)
    as_of = START + timedelta(days=round(progress * (end - 1)))  # before the target arrives
    record = patient([v for v in visits if v["date"] <= as_of.isoformat()]).to_record()
    record["treatment"].update(initial_dose_mg=start_dose, initial_weeks=weeks)
    on_track = assess(Patient.model_validate(record), as_of).on_track
    assert on_track.maintenance_projected == START + timedelta(days=end)
    assert on_track.above_target_mg == 0 and on_track.status == "on_track"


# -- clinical-spec §3c: the next step, and the status at each visit --------------------------

def test_35_mg_at_week_8_7_steps_to_30_mg_within_its_dates():
    """§3c worked case: on track; the next step to 30 mg from the end of its 2-week hold
    (week 10.7), at the latest week 18.0 (day 126 = day 182 - 14 x 4)."""
    recorded = START + timedelta(days=61)  # week 8.7
    on_track = track([{"date": recorded.isoformat(), "gc_dose_mg": 35}], recorded)
    step = on_track.next_step
    assert on_track.status == "on_track"
    assert step.dose_mg == 30 and step.earliest == recorded + timedelta(days=14)
    assert step.latest == START + timedelta(days=126) and not step.latest_passed


def test_35_mg_at_week_17_4_is_behind_with_the_hold_past_the_latest_date():
    recorded = START + timedelta(days=122)  # week 17.4
    on_track = track([{"date": recorded.isoformat(), "gc_dose_mg": 35}], recorded)
    step = on_track.next_step
    assert on_track.status == "behind_target"
    assert step.earliest == recorded + timedelta(days=14) > step.latest
    assert step.latest == START + timedelta(days=126) and not step.latest_passed


def test_a_latest_date_before_the_as_of_date_is_passed_and_still_given():
    recorded = START + timedelta(days=61)
    on_track = track([{"date": recorded.isoformat(), "gc_dose_mg": 35}],
                     START + timedelta(days=140))
    step = on_track.next_step
    assert on_track.status == "behind_target" and step.latest_passed
    assert step.latest == START + timedelta(days=126)
    assert step.earliest == START + timedelta(days=140)


def test_at_maintenance_there_is_no_next_step():
    assert track([visit(3, 4, 10)], at_month(3)).next_step is None


def test_the_next_step_never_goes_below_the_ceiling():
    assert track([visit(3, 4, 12.5)], at_month(3)).next_step.dose_mg == 10


def test_status_by_visit_says_when_the_patient_fell_behind():
    """A chart typed in after the fact: on track at the visits of months 1 and 3, behind
    target from month 5 (still 30 mg), the failure once the month-6 visit has 20 mg."""
    visits = [visit(1, 9, 35), visit(3, 7, 30), visit(5, 6, 30), visit(6, 5, 20)]
    result = assess(patient(visits), at_month(7.5))
    assert [v.status for v in result.status_by_visit] == [
        "on_track", "on_track", "behind_target", "failure"]
    statuses = answer(result)["status_by_visit"]
    assert statuses[0] == {"date": at_month(1).isoformat(), "status": "on_track"}


@settings(max_examples=150)
@given(doses, days, st.integers(min_value=0, max_value=60))
def test_behind_target_exactly_when_the_earliest_step_is_after_the_latest(dose, recorded_day,
                                                                         days_later):
    recorded = START + timedelta(days=recorded_day)
    on_track = track([{"date": recorded.isoformat(), "gc_dose_mg": dose}],
                     recorded + timedelta(days=days_later))
    assume(on_track is not None and on_track.next_step is not None)
    step = on_track.next_step
    assert on_track.gc_maintenance_at_risk == (step.earliest > step.latest)
    assert step.latest_passed == (step.latest < on_track.as_of)


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(min_value=1, max_value=230), doses), min_size=1,
                max_size=5, unique_by=lambda visit_: visit_[0]))
def test_the_status_at_a_visit_date_is_the_last_status_by_visit(recorded):
    visits = [{"date": (START + timedelta(days=day)).isoformat(), "gc_dose_mg": dose}
              for day, dose in recorded]
    last = START + timedelta(days=max(day for day, _dose in recorded))
    result = assess(patient(visits), last)
    now = result.on_track.status if result.on_track else result.goals.outcome
    assert result.status_by_visit[-1].status == str(now)
    assert [v.day for v in result.status_by_visit] == sorted(
        START + timedelta(days=day) for day, _dose in recorded)

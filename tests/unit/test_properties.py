"""Properties of the assessment that must hold for any record (hypothesis)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from igg4rd.rules.assessment import answer, assess
from igg4rd.rules.model import Patient
from tests.unit.helpers import at_month, record, visit

visit_strategy = st.builds(
    lambda month, ri, dose, relapse: visit(month, ri, dose, relapse),
    st.integers(min_value=3, max_value=400).map(lambda d: d / 30.0),
    st.one_of(st.none(), st.integers(min_value=0, max_value=40)),
    st.one_of(st.none(), st.sampled_from([5, 7.5, 10, 12.5, 15, 20, 30])),
    st.sampled_from([False, False, False, True]),
)
visits_strategy = st.lists(visit_strategy, max_size=8, unique_by=lambda v: v["date"])
as_of_strategy = st.floats(min_value=0, max_value=14).map(at_month)


def build(visits, baseline_ri=14):
    return Patient.model_validate(record(visits, baseline_ri=baseline_ri))


@settings(max_examples=200)
@given(visits_strategy, st.integers(min_value=0, max_value=40), as_of_strategy)
def test_ri_decline_is_never_credited_above_100_percent(visits, baseline_ri, as_of):
    decline = assess(build(visits, baseline_ri), as_of).goals.ri_decline.max_decline
    assert decline is None or decline <= 1.0


@settings(max_examples=200)
@given(visits_strategy, as_of_strategy, st.randoms())
def test_visit_order_does_not_matter(visits, as_of, rnd):
    shuffled = list(visits)
    rnd.shuffle(shuffled)
    assert answer(assess(build(visits), as_of)) == answer(assess(build(shuffled), as_of))


@settings(max_examples=200)
@given(visits_strategy, as_of_strategy, st.data())
def test_outcome_is_monotone_in_relapse(visits, as_of, data):
    """Marking any visit of the stage as a relapse never improves the outcome."""
    before = assess(build(visits), as_of).goals
    last_day = min(before.stage_end, as_of).isoformat()
    stage = [i for i, v in enumerate(visits) if v["date"] <= last_day]
    if not stage:
        return
    i = data.draw(st.sampled_from(stage))
    relapsed = [dict(v, relapse=True) if j == i else v for j, v in enumerate(visits)]
    after = assess(build(relapsed), as_of).goals
    assert after.outcome == "failure"
    assert "relapse" in after.failure_kinds

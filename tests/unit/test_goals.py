"""The 6-month assessment (paper, 'Therapeutic goals'; Table 2 footnote a;
docs/clinical-rules.md §2-3)."""
from __future__ import annotations

import pytest

from igg4rd.rules.goals import assess_goals
from tests.unit.helpers import at_month, patient, visit


def outcome(visits, as_of_month=8.0, **kwargs):
    return assess_goals(patient(visits, **kwargs), at_month(as_of_month))


def test_all_three_goals_met_is_success():
    result = outcome([visit(1, 8, 30), visit(3, 5, 20), visit(6, 3, 7.5)])
    assert result.outcome == "success"
    assert result.failure_kinds == ()
    assert result.ri_decline.max_decline == pytest.approx(11 / 14)
    assert result.gc_maintenance.dose_mg == 7.5


def test_exactly_fifty_percent_decline_meets_goal_1():
    result = outcome([visit(6, 7, 10)], baseline_ri=14)
    assert result.ri_decline.met is True
    assert result.outcome == "success"


def test_just_under_fifty_percent_decline_fails_as_persistently_active():
    result = outcome([visit(6, 8, 10)], baseline_ri=15)  # 7/15 = 46.7%
    assert result.ri_decline.met is False
    assert result.failure_kinds == ("persistently_active",)


def test_exactly_ten_mg_meets_goal_2_and_more_fails_it():
    assert outcome([visit(6, 3, 10)]).gc_maintenance.met is True
    failed = outcome([visit(6, 3, 12.5)])
    assert failed.gc_maintenance.met is False
    assert failed.outcome == "failure"
    assert failed.failure_kinds == ("taper_failure",)


def test_maximum_decline_counts_when_a_relapse_raises_the_ri_again():
    result = outcome([visit(3, 4, 20), visit(5, 12, 20, relapse=("lacrimal",)),
                      visit(6, 10, 10)])
    assert result.ri_decline.met is True
    assert result.ri_decline.best_ri == 4
    assert result.no_relapse.met is False
    assert result.no_relapse.relapse_sites == ("lacrimal",)
    assert result.failure_kinds == ("relapse",)


def test_relapse_in_month_two_fails_at_once_before_month_six():
    result = outcome([visit(1, 6, 30), visit(2, 9, 30, relapse=True)], as_of_month=2.5)
    assert result.outcome == "failure"
    assert result.failure_kinds == ("relapse",)


def test_without_failure_the_stage_in_progress_is_pending():
    result = outcome([visit(1, 6, 30), visit(3, 4, 20)], as_of_month=4)
    assert result.outcome == "pending"
    assert result.gc_maintenance.met is None
    assert result.no_relapse.met is None


def test_a_visit_before_month_six_is_judged_once_no_closer_visit_can_come():
    visits = [visit(5.5, 3, 10)]
    assert outcome(visits, as_of_month=6.0).outcome == "pending"  # a visit at 6.2 may come
    assert "unless a visit closer to month 6 comes before month 6.5" in outcome(
        visits, as_of_month=6.0).reason
    assert outcome(visits, as_of_month=6.6).outcome == "success"


def test_a_verdict_never_flips_when_a_closer_visit_arrives():
    """Reviewer's case: 15 mg at month 5.13 then 10 mg at month 6.5 (farther from 6)."""
    early = [visit(5.13, 6, 15)]
    assert outcome(early, as_of_month=6.01).outcome == "pending"  # not yet "failure"
    assert outcome([*early, visit(6.5, 5, 10)], as_of_month=6.6).outcome == "success"
    assert outcome(early, as_of_month=6.9).outcome == "failure"  # no closer visit came


def test_month_six_visit_after_month_six_is_judged_at_once():
    assert outcome([visit(6.3, 3, 10)], as_of_month=6.3).outcome == "success"


def test_no_visit_in_window_after_month_seven_is_insufficient_data():
    result = outcome([visit(1, 6, 30), visit(3, 4, 20), visit(9, 2, 5)], as_of_month=10)
    assert result.outcome == "insufficient_data"
    assert result.assessment_visit is None
    assert "window" in result.reason


def test_baseline_ri_of_zero_cannot_express_a_decline():
    result = outcome([visit(6, 0, 10)], baseline_ri=0, as_of_month=6.2)
    assert result.ri_decline.met is None
    assert result.outcome == "pending"
    assert outcome([visit(6, 0, 10)], baseline_ri=0, as_of_month=7.5).outcome == \
        "insufficient_data"


def test_missing_dose_at_month_six_is_insufficient_once_the_window_closes():
    assert outcome([visit(6, 3, None)], as_of_month=7.5).outcome == "insufficient_data"


def test_visit_closest_to_month_six_in_the_window_is_the_assessment_visit():
    result = outcome([visit(5.2, 3, 15), visit(6.5, 3, 10)])
    assert result.assessment_visit.date == at_month(6.5)
    assert result.gc_maintenance.met is True


def test_visits_after_as_of_are_ignored():
    visits = [visit(1, 6, 30), visit(2, 9, 30, relapse=True)]
    assert outcome(visits, as_of_month=1.5).outcome == "pending"


def test_relapse_after_the_month_six_visit_does_not_count():
    result = outcome([visit(6, 3, 10), visit(6.8, 9, 10, relapse=True)])
    assert result.outcome == "success"


def test_dose_of_another_glucocorticoid_is_judged_as_prednisone_equivalent():
    ok = outcome([visit(6, 3, 8, gc_drug="methylprednisolone")])  # 8 mg MP = 10 mg prednisone
    assert ok.gc_maintenance.dose_mg == pytest.approx(10)
    assert ok.gc_maintenance.met is True
    too_much = outcome([visit(6, 3, 9, gc_drug="methylprednisolone")])
    assert too_much.gc_maintenance.met is False


def test_failure_kinds_overlap_as_in_the_paper():
    result = outcome([visit(3, 12, 20, relapse=True), visit(6, 11, 20)], baseline_ri=14)
    assert result.failure_kinds == ("persistently_active", "relapse", "taper_failure")


@pytest.mark.parametrize(("ri", "dose", "missing"), [(None, None, "RI and dose"),
                                                      (None, 10, "RI"), (3, None, "dose")])
def test_why_a_judged_month_six_visit_gives_no_verdict_names_what_is_missing(ri, dose,
                                                                              missing):
    result = outcome([visit(6, ri, dose)], as_of_month=6.2)
    day = result.assessment_visit.date.isoformat()
    assert result.reason == f"the month-6 visit of {day} has no {missing} recorded"


def test_the_reasons_with_a_date_read_in_the_run_s_language():
    """The interchange keeps the English words; the banner reads them in Chinese, its date
    and month written by Babel."""
    from igg4rd.language.i18n import SOURCE_LANGUAGE, set_language
    from igg4rd.render.goal_text import banner_text

    pending = outcome([visit(5.5, 3, 10)], as_of_month=6.0)
    missing = outcome([visit(6, 3, None)], as_of_month=6.2)
    set_language("zh_Hans")
    try:
        unless, no_dose = banner_text(pending)[1], banner_text(missing)[1]
    finally:
        set_language(SOURCE_LANGUAGE)
    day = pending.assessment_visit.date
    assert unless.startswith("除非在第6.5个月之前") and f"{day.year}年{day.month}月" in unless
    assert no_dose.endswith("的第6个月随访未记录剂量") and "unless" in pending.reason

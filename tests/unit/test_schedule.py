"""The visit schedule (months 1, 3, 6, then every 3-6 months; docs/clinical-rules.md §2) and the
worklist's order and filters."""
from __future__ import annotations

from datetime import timedelta

from igg4rd.render.worklist import FILTERS, worklist_row
from igg4rd.rules.schedule import month6_window, next_visit
from tests.unit.helpers import at_month, patient, visit


def test_the_protocol_visits_come_first():
    assert next_visit(patient([]), at_month(0.2)).due == at_month(1)
    due = next_visit(patient([visit(1, 8, 30)]), at_month(1.5))
    assert (due.due, due.label) == (at_month(3), "month-3 visit")
    assert not due.overdue(at_month(3)) and due.overdue(at_month(3) + timedelta(days=15))


def test_a_visit_half_a_month_early_counts():
    assert next_visit(patient([visit(2.6, 8, 20)]), at_month(2.7)).due == at_month(6)


def test_after_month_6_every_3_to_6_months():
    done = patient([visit(1, 8, 30), visit(3, 5, 20), visit(6, 3, 10)])
    due = next_visit(done, at_month(7))
    month6 = at_month(6)
    assert due.due == month6 + timedelta(days=91) and due.overdue_from == month6 + timedelta(
        days=183)  # 3 and 6 months (30.4375 days each) after the last visit
    assert not due.overdue(at_month(11.9)) and due.overdue(at_month(12.2))


def test_the_month_6_window():
    assert month6_window(patient([]), 5, 7) == (at_month(5), at_month(7))


def test_the_worklist_ranks_behind_target_first_and_filters():
    behind = worklist_row(patient([visit(1, 9, 35), visit(3, 8, 35)], id="b"), at_month(4.5))
    on_track = worklist_row(patient([visit(1, 9, 30), visit(3, 8, 20)], id="o"), at_month(4.5))
    overdue = worklist_row(patient([visit(1, 9, 30)], id="d"), at_month(3.8))
    assert behind.behind_target and behind.status == "▼ Behind target"
    assert behind.next_step.startswith("30 mg/day by ")
    assert sorted([on_track, overdue, behind], key=lambda r: r.attention)[0] is behind
    days = (at_month(3.8) - at_month(3)).days
    assert overdue.overdue and f"overdue by {days} days" in overdue.next_visit
    assert behind.passes({"Behind target"}) and not on_track.passes({"Behind target"})
    assert on_track.passes(set()) and set(FILTERS) >= {"Overdue", "Due this week"}


def test_the_visit_due_is_named_in_the_run_s_language():
    from igg4rd.language.i18n import SOURCE_LANGUAGE, set_language

    due = next_visit(patient([visit(1, 10, 30)]), at_month(2))
    set_language("zh_Hans")
    try:
        assert due.label == "第3个月随访"
    finally:
        set_language(SOURCE_LANGUAGE)
    assert due.label == "month-3 visit"


def test_the_month_6_visit_is_its_own_mark():
    """Due now (the window open, no visit with RI and dose in it), then missed once it
    closes, recorded once there is one."""
    open_window = worklist_row(patient([visit(1, 9, 30), visit(3, 8, 20)]), at_month(5.5))
    assert open_window.month6.startswith("⚠ due now, by ")
    missed = worklist_row(patient([visit(1, 9, 30), visit(3, 8, 20)]), at_month(7.5))
    assert missed.month6.startswith("⚠ missed")
    recorded = worklist_row(patient([visit(1, 9, 30), visit(6, 4, 10)]), at_month(6.2))
    assert recorded.month6 == f"recorded {at_month(6).isoformat()}"


def test_the_month_6_visit_to_record_by_the_window_s_last_day():
    from igg4rd.rules.goals import stage_close_date
    from igg4rd.rules.schedule import month6_record_by

    last_day = stage_close_date(at_month(0)) - timedelta(days=1)
    assert month6_record_by(patient([visit(1, 9, 30)]), at_month(4.9)) is None  # not yet open
    assert month6_record_by(patient([visit(1, 9, 30)]), at_month(6.1)) == last_day
    assert month6_record_by(patient([visit(5.5, None, 10)]), at_month(6.1)) == last_day  # no RI
    assert month6_record_by(patient([visit(5.5, 4, 10)]), at_month(6.1)) is None

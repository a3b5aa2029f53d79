"""Editing through the pages: visits in the table, a new patient, lab units, thresholds."""
from __future__ import annotations

from datetime import date, timedelta

import streamlit as st
from streamlit.testing.v1 import AppTest

from igg4rd.rules.dates import month_date
from tests.app.conftest import TODAY, banner, open_page, problems, texts

SUCCESS = "demo-01-success"  # visits at months 1, 3, 6, 9; 7.5 mg/day at month 6


def table_key(patient_id: str, version: int = 0) -> str:
    return f"visits.{patient_id}.table.{version}"


def edit_table(at: AppTest, patient_id: str, version: int = 0, **changes) -> AppTest:
    """Simulate data_editor edits (AppTest cannot type into the grid)."""
    state = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    state.update(changes)
    at.session_state[table_key(patient_id, version)] = state
    return at.run()


def stored(at: AppTest, patient_id: str):
    return at.session_state["igg4rd.session"].patients[patient_id]


def test_editing_the_month6_dose_turns_success_into_taper_failure(app):
    at = open_page(app, "visits", SUCCESS)
    assert banner(at) == "success"
    edit_table(at, SUCCESS, edited_rows={2: {"gc_dose_mg": 15.0}})
    assert not at.exception
    assert banner(at) == "failure"
    assert "Failure of GC tapering" in texts(at)
    assert stored(at, SUCCESS).visits[2].gc_dose_mg == 15.0
    assert banner(open_page(at, "assessment")) == "failure"


def test_a_saved_grid_edit_draws_the_table_once_from_the_saved_patient(app, monkeypatch):
    """One data editor a run: drawing it before the save and again after made every edit hold
    the server twice as long, and every session of it waited (bench/sessions.py)."""
    at = open_page(app, "visits", SUCCESS)
    drawn, data_editor = [], st.data_editor
    monkeypatch.setattr(st, "data_editor",
                        lambda data, **options: drawn.append(data) or data_editor(data, **options))
    edit_table(at, SUCCESS, edited_rows={2: {"gc_dose_mg": "15"}})
    assert banner(at) == "failure"
    assert len(drawn) == 1 and drawn[0]["gc_dose_mg"][2] == "15"


def test_adding_and_deleting_rows_through_the_table(app):
    at = open_page(app, "visits", SUCCESS)
    edit_table(at, SUCCESS, deleted_rows=[2])  # the month-6 visit: month 9 is outside the window
    at = click(at, "Delete")  # asked first (tests below)
    assert banner(at) == "insufficient_data"
    month6 = month_date(stored(at, SUCCESS).treatment.start_date, 6).isoformat()
    edit_table(at, SUCCESS, version=1,
               added_rows=[{"date": month6, "ri": 2, "gc_dose_mg": 7.5}])
    assert banner(at) == "success"
    assert len(stored(at, SUCCESS).visits) == 4


def test_an_invalid_row_is_pointed_at_and_nothing_is_saved(app):
    at = open_page(app, "visits", SUCCESS)
    before = stored(at, SUCCESS)
    edit_table(at, SUCCESS, edited_rows={1: {"ri": -3}},
               added_rows=[{"ri": 4}])  # a row without a date
    shown = " ".join(problems(at))
    assert "Row 2 (" in shown and "), RI: -3: must be at least 0" in shown
    assert "New row 1: the visit date is missing" in shown
    assert stored(at, SUCCESS) == before
    assert banner(at) == "success"
    next(b for b in at.button if b.label == "Discard table edits").click().run()
    assert not problems(at)


PENDING = "demo-05-pending"  # started 2.2 months before TODAY; one visit (month 1, 35 mg)


def entry_key(field: str, patient_id: str = PENDING, generation: int = 0) -> str:
    return f"visit-entry.{patient_id}.{generation}.{field}"


def fill_visit_form(at: AppTest, day: date | str, ri: int | None, dose: str,
                    patient_id: str = PENDING) -> None:
    """The entry's date, dose and, unless None, its RI as a typed total."""
    at.text_input(key=entry_key("date", patient_id)).input(str(day))
    at.text_input(key=entry_key("gc_dose_mg", patient_id)).input(dose)
    if ri is not None:
        at.radio(key=entry_key("ri-source", patient_id)).set_value("typed").run()
        at.text_input(key=entry_key("ri", patient_id)).input(str(ri))


def click(at: AppTest, label: str) -> AppTest:
    return next(b for b in at.button if b.label == label).click().run()


def add(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == "Add visit").click().run()


def test_adding_a_visit_with_the_form(app):
    at = open_page(app, "visits", PENDING)
    count = len(stored(at, PENDING).visits)
    fill_visit_form(at, TODAY, 6, "30")
    at = add(at)
    assert not problems(at)
    assert len(stored(at, PENDING).visits) == count + 1
    assert at.text_input(key=entry_key("gc_dose_mg", generation=1)).value == ""  # a fresh entry


def test_a_refused_visit_keeps_its_input_and_says_why_at_the_field(app):
    at = open_page(app, "visits", PENDING)
    start = stored(at, PENDING).treatment.start_date
    before = stored(at, PENDING)
    fill_visit_form(at, start - timedelta(days=3), 6, "7,5")
    at.text_input(key=entry_key("igg4.value")).input("8,96")
    at = add(at)
    shown = " ".join(problems(at))
    assert f"Visit date {start - timedelta(days=3)} is before the treatment start {start}" in shown
    assert "Row" not in shown and "visits[" not in shown and "start_date" not in shown
    assert stored(at, PENDING) == before
    assert at.text_input(key=entry_key("gc_dose_mg")).value == "7,5"  # everything typed kept
    assert at.text_input(key=entry_key("igg4.value")).value == "8,96"
    at.text_input(key=entry_key("date")).input(TODAY.isoformat())
    at = add(at.run())
    assert "IgG4 8.96 mg/L is below the plausible range" in " ".join(problems(at))
    at.selectbox(key=entry_key("igg4.unit")).select("g/L").run()
    at = add(at)
    assert not problems(at) and stored(at, PENDING).visits[-1].igg4 == 8960
    assert stored(at, PENDING).visits[-1].gc_dose_mg == 7.5


def test_an_implausible_dose_is_saved_only_once_confirmed_by_name(app):
    at = open_page(app, "visits", PENDING)
    before = stored(at, PENDING)
    fill_visit_form(at, TODAY, 6, "400")
    at = add(at)
    assert "400 mg/day prednisone equivalent, above 80 mg/day" in texts(at)
    assert stored(at, PENDING) == before
    at = next(b for b in at.button if b.label == "Save with these values").click().run()
    assert stored(at, PENDING).visits[-1].gc_dose_mg == 400


def test_a_baseline_after_the_treatment_start_is_saved_only_once_confirmed(app):
    at = open_page(app, "patient", PENDING)
    before = stored(at, PENDING)
    late = before.treatment.start_date + timedelta(days=20)
    at.text_input(key=f"patient.{PENDING}.baseline.date").input(late.isoformat()).run()
    at = next(b for b in at.button if b.label == "Save patient").click().run()
    assert f"Baseline {late.isoformat()}: after the treatment start" in texts(at)
    assert stored(at, PENDING) == before
    at = next(b for b in at.button if b.label == "Save with these values").click().run()
    assert stored(at, PENDING).baseline.date == late


def test_an_implausible_grid_edit_waits_for_confirmation(app):
    at = open_page(app, "visits", SUCCESS)
    before = stored(at, SUCCESS)
    edit_table(at, SUCCESS, edited_rows={2: {"gc_dose_mg": "400"}})
    assert stored(at, SUCCESS) == before
    assert "400 mg/day" in texts(at)
    at = next(b for b in at.button if b.label == "Save with these values").click().run()
    assert stored(at, SUCCESS).visits[2].gc_dose_mg == 400


def test_a_visit_scored_with_the_calculator_and_a_visit_rescored(app):
    at = open_page(app, "visits", PENDING)
    at.radio(key=entry_key("ri-source")).set_value("scored").run()
    at.text_input(key=entry_key("date")).input(TODAY.isoformat()).run()
    form = entry_key("ri-form.new")
    at.selectbox(key=f"{form}.lacrimal.activity").select(1)
    at.selectbox(key=f"{form}.salivary.activity").select(0)
    at.selectbox(key=f"{form}.pancreas.activity").select(2)
    at.checkbox(key=f"{form}.pancreas.urgent").check()
    at.selectbox(key=f"{form}.igg4").select(0)
    at.text_input(key=entry_key("gc_dose_mg")).input("25")
    at = add(at.run())
    visit = stored(at, PENDING).visits[-1]
    assert not problems(at) and visit.ri == 1 + 4 and visit.ri_breakdown.instrument == "2012"
    first = stored(at, PENDING).visits[0].date.isoformat()
    at.selectbox(key=entry_key("target", generation=1)).select(first).run()
    rescore = entry_key(f"ri-form.{first}", generation=1)
    for site in ("lacrimal", "salivary", "pancreas"):
        at.selectbox(key=f"{rescore}.{site}.activity").select(2)
    at.selectbox(key=f"{rescore}.igg4").select(1).run()
    at = next(b for b in at.button if b.label == "Save the RI").click().run()
    rescored = next(v for v in stored(at, PENDING).visits if v.date.isoformat() == first)
    assert rescored.ri_breakdown is not None and rescored.ri == rescored.ri_breakdown.total


def test_a_grid_edit_and_a_visit_submitted_together_are_both_saved(app):
    """The browser sends a committed cell and the form's submission in one run."""
    at = open_page(app, "visits", "demo-05-pending")
    count = len(stored(at, "demo-05-pending").visits)
    at.session_state[table_key("demo-05-pending")] = {
        "edited_rows": {0: {"ri": 5}}, "added_rows": [], "deleted_rows": []}
    fill_visit_form(at, TODAY, 4, "30")
    add(at)
    assert not problems(at)
    visits = stored(at, "demo-05-pending").visits
    assert len(visits) == count + 1 and min(visits, key=lambda v: v.date).ri == 5


def test_a_visit_is_not_added_over_invalid_table_edits(app):
    at = open_page(app, "visits", "demo-05-pending")
    before = stored(at, "demo-05-pending")
    at.session_state[table_key("demo-05-pending")] = {
        "edited_rows": {0: {"ri": -3}}, "added_rows": [], "deleted_rows": []}
    fill_visit_form(at, TODAY, 6, "30")
    add(at)
    assert any("Visit not saved" in p for p in problems(at))
    assert stored(at, "demo-05-pending") == before


def fill_new_patient(at: AppTest, start: date, patient_id: str = "p-001") -> AppTest:
    at = open_page(at, "patient", "__new__")
    at.text_input(key="patient.__new__.id").input(patient_id)
    at.text_input(key="patient.__new__.start").input(start.isoformat())
    at.text_input(key="patient.__new__.baseline.ri").input("16")
    at.text_input(key="patient.__new__.dose").input("40")
    at.text_input(key="patient.__new__.weight").input("80")
    at.checkbox(key="patient.__new__.site.pancreas").check()
    return at.run()


def test_new_patient_then_three_visits_gives_success(app):
    start = month_date(TODAY, -7)
    at = fill_new_patient(app, start)
    assert "0.50 mg/kg/day" in texts(at)
    next(b for b in at.button if b.label == "Save patient").click().run()
    assert not problems(at)
    assert at.session_state["igg4rd.picker"] == "p-001"
    at = open_page(at, "visits")
    rows = [{"date": month_date(start, m).isoformat(), "ri": ri, "gc_dose_mg": dose}
            for m, ri, dose in ((1, 9, 30.0), (3, 6, 20.0), (6, 4, 10.0))]
    edit_table(at, "p-001", added_rows=rows)
    assert banner(at) == "success"
    assert banner(open_page(at, "assessment")) == "success"


def test_an_out_of_range_age_is_said_at_its_field_in_words(app):
    at = open_page(app, "patient", "__new__")
    at.text_input(key="patient.__new__.age").input("200").run()
    assert "Age (years) 200: must be at most 120" in problems(at)


def test_a_number_typed_with_a_colon_is_refused_whole_at_its_field(app):
    at = open_page(app, "patient", "__new__")
    at.text_input(key="patient.__new__.age").input("a: b").run()
    assert "'a: b' is not a number" in problems(at)  # not 'b": 'a: b' is not a number'


def test_saving_an_empty_new_patient_names_the_missing_fields(app):
    at = open_page(app, "patient", "__new__")
    next(b for b in at.button if b.label == "Save patient").click().run()
    shown = " ".join(problems(at))
    assert "required" in shown and "Patient ID" in shown and "Treatment start date" in shown
    assert "{…}" not in shown and "treatment.start_date" not in shown  # words, not a record's
    assert at.session_state["igg4rd.session"].demo_store.version_of("__new__") is None
    assert at.session_state["igg4rd.picker"] == "__new__"


def test_igg4_in_the_wrong_unit_is_refused_with_the_mix_up_named(app):
    at = open_page(app, "patient", SUCCESS)
    key = f"patient.{SUCCESS}.baseline.igg4"
    at.text_input(key=f"{key}.value").input("8,96").run()
    assert any("it looks like g/L" in p for p in problems(at))
    next(b for b in at.button if b.label == "Save patient").click().run()
    assert stored(at, SUCCESS).baseline.igg4 != 8.96
    at.selectbox(key=f"{key}.unit").select("g/L").run()
    assert not problems(at)
    next(b for b in at.button if b.label == "Save patient").click().run()
    assert stored(at, SUCCESS).baseline.igg4 == 8960.0


def test_mikulicz_is_suggested_not_forced(app):
    at = open_page(app, "patient", SUCCESS)
    assert "Mikulicz" not in " ".join(i.value for i in at.info)
    at.checkbox(key=f"patient.{SUCCESS}.site.lacrimal").check()
    at.checkbox(key=f"patient.{SUCCESS}.site.salivary").check().run()
    assert "consider whether this is Mikulicz" in " ".join(i.value for i in at.info)
    next(b for b in at.button if b.label == "Save patient").click().run()
    assert stored(at, SUCCESS).mikulicz is None


def test_changed_thresholds_reach_the_risk_page(app):
    at = open_page(app, "risk", "demo-03-relapse")  # eosinophils 7.4%: eosinophilia by default
    assert "✔ Present" in at.dataframe[0].value["Patient"].tolist()[0]
    at = open_page(at, "evidence")
    for label, value in (("Eosinophilia: eosinophils above (%)", 10.0),
                         ("Eosinophilia: or eosinophils above (×10⁹/L)", 1.0)):
        next(n for n in at.number_input if n.label == label).set_value(value)
    next(b for b in at.button if b.label == "Apply").click().run()
    assert at.session_state["igg4rd.session"].thresholds.eosinophilia_pct == 10.0
    at = open_page(at, "risk")
    assert at.dataframe[0].value["Patient"].tolist()[0] == "✘ Absent"


def test_sessions_do_not_share_edits(app, monkeypatch):
    at = open_page(app, "visits", SUCCESS)
    edit_table(at, SUCCESS, edited_rows={2: {"gc_dose_mg": 15.0}})
    assert banner(at) == "failure"
    other = AppTest.from_file(at._script_path, default_timeout=30)
    assert banner(open_page(other, "visits", SUCCESS)) == "success"


def test_grid_edits_are_parsed_strictly_on_the_server(app):
    """What the browser sends is read exactly (7,5 is 7.5) or refused with nothing saved:
    1e308, -5, 'abc' and NaN in a number column, 'no' in Relapse (the adversarial probe saved
    1308, 5, an erased value and true)."""
    at = open_page(app, "visits", SUCCESS)
    edit_table(at, SUCCESS, edited_rows={2: {"gc_dose_mg": "7,5", "relapse": "false"}})
    assert stored(at, SUCCESS).visits[2].gc_dose_mg == 7.5 and not problems(at)
    assert stored(at, SUCCESS).visits[2].relapse is False
    kept = at.session_state["igg4rd.session"]  # the values stored already: nothing written
    assert kept.versions[SUCCESS] == 1 and len(kept.demo_store.audit_trail(SUCCESS)) == 1
    before, version = stored(at, SUCCESS), 1
    for cell in ({"gc_dose_mg": "1e308"}, {"gc_dose_mg": "-5"}, {"gc_dose_mg": -5},
                 {"esr": "abc"}, {"crp": float("nan")}, {"ri": "7.5"}, {"relapse": "no"},
                 {"relapse_sites": ["heart"]}, {"date": "01/06/2026"}):
        edit_table(at, SUCCESS, version=version, edited_rows={2: cell})
        assert not at.exception
        assert stored(at, SUCCESS) == before, cell
        assert "nothing was saved" in " ".join(problems(at)), cell
        at.session_state[table_key(SUCCESS, version)] = {"edited_rows": {}, "added_rows": [],
                                                         "deleted_rows": []}


def test_a_past_visit_is_reviewed_as_it_stood_then(app):
    at = open_page(app, "assessment", SUCCESS)
    assert banner(at) == "success"
    month3 = month_date(stored(at, SUCCESS).treatment.start_date, 3.2)
    at.sidebar.toggle(key="igg4rd.review_past.widget").set_value(True).run()
    at.sidebar.text_input(key="igg4rd.today.text.widget").input(month3.isoformat()).run()
    assert banner(at) == "pending"
    assert f"visits after {month3} are ignored" in " ".join(w.value for w in at.main.warning)
    at = open_page(at, "visits")  # the review holds from page to page
    assert banner(at) == "pending"
    at.sidebar.toggle(key="igg4rd.review_past.widget").set_value(False).run()
    assert banner(at) == "success" and "Reviewing the past" not in texts(at)


def test_each_save_offers_the_next_step(app):
    at = fill_new_patient(app, month_date(TODAY, -2), "p-next")
    at = next(b for b in at.button if b.label == "Save patient").click().run()
    assert [link.label for link in at.get("page_link") if "first visit" in link.label] == [
        "Add the first visit"]
    at = open_page(at, "visits")
    fill_visit_form(at, month_date(TODAY, -1), 8, "30", patient_id="p-next")
    at = add(at)
    assert "See the assessment" in [link.label for link in at.get("page_link")]

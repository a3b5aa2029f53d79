"""What is recorded is what the clinician meant (issue 23 §1-3): no RI nobody assessed, no date
nobody typed, confirmations where the eye is, deletes asked first and undone. Each case reads
back the stored record (the registry's JSON export), not only what the screen says."""
from __future__ import annotations

import json
from datetime import timedelta

from streamlit.testing.v1 import AppTest

from igg4rd.storage.exchange import export_json
from tests.app.conftest import TODAY, open_page, problems, texts
from tests.app.test_editing import (
    PENDING,
    SUCCESS,
    add,
    click,
    edit_table,
    entry_key,
    fill_visit_form,
)


def exported(at: AppTest, patient_id: str) -> dict:
    """The patient as the registry exports it (what is stored, read back)."""
    store = at.session_state["igg4rd.session"].demo_store
    stored = store.get(patient_id).patient
    return json.loads(export_json([stored]))[0]


def visit_on(at: AppTest, patient_id: str, day) -> dict | None:
    return next((v for v in exported(at, patient_id).get("visits", [])
                 if v["date"] == str(day)), None)


def dialog_buttons(at: AppTest) -> list:
    """The buttons of the open dialog, in order (the first is its primary, safe choice)."""
    return [b for b in at.button if b.key and b.key.endswith((".no", ".relapse", ".yes",
                                                              ".keep", ".go"))]


# §1 An RI only when someone assessed it

def test_a_dose_only_visit_stores_no_ri(app):
    at = open_page(app, "visits", PENDING)
    assert at.radio(key=entry_key("ri-source")).value == "not assessed"  # the default
    fill_visit_form(at, TODAY, None, "30")
    at = add(at.run())
    assert not problems(at)
    stored = visit_on(at, PENDING, TODAY)
    assert stored["gc_dose_mg"] == 30 and "ri" not in stored and "ri_breakdown" not in stored


def test_an_untouched_calculator_totals_nothing(app):
    at = open_page(app, "visits", PENDING)
    at.radio(key=entry_key("ri-source")).set_value("scored").run()
    assert "RI total: not scored yet" in texts(at)
    fill_visit_form(at, TODAY, None, "30")
    at = add(at.run())
    assert any("Grade every item of the form" in p for p in problems(at))
    assert visit_on(at, PENDING, TODAY) is None


def test_rescoring_a_typed_ri_untouched_is_refused_and_keeps_it(app):
    """Opening 'rescore' on a visit whose RI 7 was typed and saving the untouched form stored
    RI 0 with no organ graded: a 100% decline, goal 1 'met' on no assessment."""
    at = open_page(app, "visits", PENDING)
    first = exported(at, PENDING)["visits"][0]
    at.selectbox(key=entry_key("target")).select(first["date"]).run()
    at = click(at, "Save the RI")
    assert any("Grade every item of the form" in p for p in problems(at))
    assert visit_on(at, PENDING, first["date"]) == first


def test_the_previous_form_is_copied_only_when_asked(app):
    at = open_page(app, "visits", PENDING)
    at.radio(key=entry_key("ri-source")).set_value("scored").run()
    form = entry_key("ri-form.new")
    for site, grade in (("lacrimal", 2), ("salivary", 0), ("pancreas", 1)):
        at.selectbox(key=f"{form}.{site}.activity").select(grade)
    at.selectbox(key=f"{form}.igg4").select(2)  # RI 5, below the visit before (7)
    fill_visit_form(at, TODAY - timedelta(days=10), None, "30")
    at = add(at.run())
    scored = visit_on(at, PENDING, TODAY - timedelta(days=10))
    assert scored["ri"] == 5 and scored["ri_breakdown"]["igg4"] == 2
    at.radio(key=entry_key("ri-source", generation=1)).set_value("scored").run()
    form = entry_key("ri-form.new", generation=1)
    assert at.selectbox(key=f"{form}.lacrimal.activity").value is None  # ungraded
    at = next(b for b in at.button if b.key == f"{form}.copy").click().run()
    assert at.selectbox(key=f"{form}.lacrimal.activity").value == 2
    assert "RI total: 5" in texts(at)


def test_the_igg4_item_is_a_suggestion_until_accepted(app):
    at = open_page(app, "visits", PENDING)
    at.radio(key=entry_key("ri-source")).set_value("scored").run()
    form = entry_key("ri-form.new")
    at.text_input(key=entry_key("igg4.value")).input("8200").run()
    assert at.selectbox(key=f"{form}.igg4").value is None
    assert "Suggested: 4" in texts(at) and "from IgG4 8200 mg/L" in texts(at)
    at = next(b for b in at.button if b.key == f"{form}.igg4.accept").click().run()
    assert at.selectbox(key=f"{form}.igg4").value == 4


def test_a_typed_total_above_the_form_maximum_is_refused_naming_it(app):
    """RI 80 for a patient with 3 sites was accepted after one confirmation; the 2012 form
    gives at most (3 sites + other) x 4 x 2 + 4 = 36."""
    at = open_page(app, "visits", PENDING)
    fill_visit_form(at, TODAY, 80, "30")
    at = add(at.run())
    assert any("RI 80: above 36, the most the 2012 form can give for 3 recorded"
               in p for p in problems(at))
    assert visit_on(at, PENDING, TODAY) is None
    before = exported(at, PENDING)
    edit_table(at, PENDING, edited_rows={0: {"ri": "80"}})
    assert any("above 36" in p for p in problems(at)) and exported(at, PENDING) == before
    at = open_page(at, "patient", PENDING)
    at.text_input(key=f"patient.{PENDING}.baseline.ri").input("80").run()
    at = click(at, "Save patient")
    assert any("above 36" in p for p in problems(at)) and exported(at, PENDING) == before


def test_a_rise_after_the_decline_asks_about_a_relapse_and_records_it(app):
    at = open_page(app, "visits", PENDING)  # baseline RI 15, visit RI 7: the 50% decline reached
    fill_visit_form(at, TODAY, 9, "30")
    at = add(at.run())
    assert "the RI rises from 7 to 9 after the 50% decline was reached: is this a relapse?" \
        in texts(at)
    assert visit_on(at, PENDING, TODAY) is None
    at = click(at, "Record a relapse at this visit")
    assert at.checkbox(key=entry_key("relapse")).value is True
    assert visit_on(at, PENDING, TODAY) is None  # the sites are chosen, then it is saved
    at.multiselect(key=entry_key("relapse_sites")).select("pancreas")
    at = add(at.run())
    stored = visit_on(at, PENDING, TODAY)
    assert stored["relapse"] is True and stored["relapse_sites"] == ["pancreas"]
    assert stored["ri"] == 9


# §2 A date is the date typed

def test_a_date_nobody_could_mean_is_refused_at_its_field_and_nothing_stored(app):
    at = open_page(app, "visits", PENDING)
    before = exported(at, PENDING)
    for typed, said in (("2062-10-28", "more than a year in the future"),
                        ("2025-13-45", "is not a calendar date"),
                        ("01/06/2025", "is not a date written YYYY-MM-DD")):
        fill_visit_form(at, typed, None, "30")
        at = add(at.run())
        assert any(said in p for p in problems(at)), typed
        assert exported(at, PENDING) == before, typed
        assert at.text_input(key=entry_key("date")).value == typed  # kept as typed


def test_a_date_and_a_number_read_differently_say_so_before_saving(app):
    at = open_page(app, "visits", PENDING)
    fill_visit_form(at, "2025/5/30", None, "7,5")
    at.run()
    captions = " ".join(c.value for c in at.caption)
    assert "Read as 2025-05-30" in captions and "Read as 7.5 mg/day" in captions
    at.text_input(key=entry_key("igg4.value")).input("8,2")
    at.selectbox(key=entry_key("igg4.unit")).select("g/L").run()
    assert "Read as 8.2 g/L → 8200 mg/L" in " ".join(c.value for c in at.caption)
    at = add(at)
    stored = visit_on(at, PENDING, "2025-05-30")
    assert stored["gc_dose_mg"] == 7.5 and stored["igg4"] == 8200


def test_the_patient_form_refuses_a_date_it_cannot_take(app):
    at = open_page(app, "patient", PENDING)
    before = exported(at, PENDING)
    at.text_input(key=f"patient.{PENDING}.start").input("2062-10-28").run()
    at = click(at, "Save patient")
    assert any('Treatment start date "2062-10-28": more than a year in the future' in p
               for p in problems(at))
    at.text_input(key=f"patient.{PENDING}.start").input("2025-02-30").run()
    at = click(at, "Save patient")
    assert any("'2025-02-30' is not a calendar date" in p for p in problems(at))
    assert exported(at, PENDING) == before


def test_a_review_date_that_cannot_be_taken_is_said_and_not_used(app):
    at = open_page(app, "assessment", SUCCESS)
    at.sidebar.toggle(key="igg4rd.review_past.widget").set_value(True).run()
    at.sidebar.text_input(key="igg4rd.today.text.widget").input("2062-10-28").run()
    assert any("after today" in e.value for e in at.sidebar.error)
    assert at.session_state["igg4rd.today"] == TODAY
    at.sidebar.text_input(key="igg4rd.today.text.widget").input("2025-02-30").run()
    assert any("not a calendar date" in e.value for e in at.sidebar.error)
    assert at.session_state["igg4rd.today"] == TODAY


# §3 Confirmations where the eye is; deletes asked first and undone

def test_the_confirmation_names_each_value_and_going_back_is_primary(app):
    at = open_page(app, "visits", PENDING)
    fill_visit_form(at, TODAY, None, "400")
    at = add(at.run())
    assert "400 mg/day prednisone equivalent, above 80 mg/day" in texts(at)
    buttons = dialog_buttons(at)
    assert [b.label for b in buttons][0] == "Go back and change it"
    assert buttons[0].proto.type == "primary"
    assert all(b.proto.type != "primary" for b in buttons[1:])
    at = click(at, "Go back and change it")
    assert not dialog_buttons(at) and visit_on(at, PENDING, TODAY) is None
    assert at.text_input(key=entry_key("gc_dose_mg")).value == "400"


def test_a_delete_is_asked_naming_the_visit_and_can_be_undone(app):
    at = open_page(app, "visits", SUCCESS)
    before = exported(at, SUCCESS)
    month6 = before["visits"][2]
    edit_table(at, SUCCESS, deleted_rows=[2])
    assert f"Visit of {month6['date']}: dose 7.5 mg/day, RI {month6['ri']}" in texts(at)
    assert dialog_buttons(at)[0].label == "Keep the visit"
    assert exported(at, SUCCESS) == before  # nothing deleted while asking
    at = click(at, "Keep the visit")
    assert exported(at, SUCCESS) == before
    edit_table(at, SUCCESS, version=1, deleted_rows=[2])
    at = click(at, "Delete")
    assert visit_on(at, SUCCESS, month6["date"]) is None
    assert f"Deleted: Visit of {month6['date']}" in texts(at)
    at = click(at, "Undo")
    assert exported(at, SUCCESS) == before
    trail = at.session_state["igg4rd.session"].demo_store.audit_trail(SUCCESS)
    assert [entry.action for entry in trail][-2:] == ["update", "undo"]
    at.run()
    assert "Deleted:" not in texts(at)  # the message does not outlive its action


# §4 An import asks what a form would

def unusual_file() -> bytes:
    """Two records: one with a dose a form would ask about, one with a visit 6 months ahead."""
    from tests.unit.helpers import record, visit
    heavy = record([visit(1, ri=6, dose=900)], id="imp-heavy")
    ahead = record([{"date": (TODAY + timedelta(days=182)).isoformat(), "gc_dose_mg": 10}],
                   id="imp-ahead")
    return json.dumps([heavy, ahead]).encode()


def test_an_import_lists_unusual_values_and_imports_only_once_confirmed(app):
    at = open_page(app, "patients")
    at.file_uploader[0].set_value(("unusual.json", unusual_file(), "application/json")).run()
    at = click(at, "Import all records")
    shown = texts(at)
    assert "imp-heavy: Visit of 2024-04-03, dose: 900 mg/day prednisone equivalent" in shown
    ahead = (TODAY + timedelta(days=182)).isoformat()
    assert f"imp-ahead: Visit of {ahead}: the date is after today" in shown
    store = at.session_state["igg4rd.session"].demo_store
    assert store.version_of("imp-heavy") is None
    assert dialog_buttons(at)[0].label == "Go back: import nothing"
    at = click(at, "Go back: import nothing")
    assert store.version_of("imp-heavy") is None and not dialog_buttons(at)
    at = click(at, "Import all records")
    at = click(at, "Import with these values")
    assert all(store.version_of(id_) for id_ in ("imp-heavy", "imp-ahead"))
    assert exported(at, "imp-heavy")["visits"][0]["gc_dose_mg"] == 900

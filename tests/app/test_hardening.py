"""Nothing wrong is saved, and user or file text is shown as text (issue: hardening found by an
adversarial probe). Each case was reproduced on the app before its fix."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from igg4rd.rules.responder_index import REVIEW_MAX, RIBreakdown
from igg4rd.synthetic.patients import demo_patients
from tests.app.conftest import TODAY, open_page, problems, texts, unescaped
from tests.unit.helpers import record, visit

SUCCESS = "demo-01-success"
ATTACKS = ("**bold**", "$\\frac{1}{2}$", "![p](http://host/p.png)")


def save(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == "Save patient").click().run()


def stored(at: AppTest, patient_id: str = SUCCESS):
    return at.session_state["igg4rd.session"].patients[patient_id]


def status(at: AppTest) -> str:
    """The line beside the Save button: saved, unsaved, or not saved and why."""
    lines = [a.value for kind in ("success", "warning", "error") for a in getattr(at, kind)]
    return next(line for line in reversed(lines) if line.startswith(("Saved", "Unsaved",
                                                                     "Not saved")))


@pytest.mark.parametrize(("key", "typed", "field"), [
    ("weight", "450", "Weight (kg)"), ("age", "-5", "Age (years)"),
    ("weeks", "60", "Initial dose held (weeks)"), ("dose", "1e308", "Initial dose (mg/day)"),
    ("age", "54.5", "Age (years)"), ("weight", "abc", "Weight (kg)")])
def test_a_save_with_an_invalid_field_is_refused_and_names_it(app, key, typed, field):
    at = open_page(app, "patient", SUCCESS)
    before = stored(at)
    at.text_input(key=f"patient.{SUCCESS}.{key}").input(typed).run()
    at = save(at)
    assert stored(at) == before
    assert status(at).startswith("Not saved") and field in status(at).replace("\\", "")
    assert not at.success  # never "Saved: the record matches the form"


def test_a_decimal_comma_is_a_decimal_point_on_the_patient_page(app):
    at = open_page(app, "patient", SUCCESS)
    at.text_input(key=f"patient.{SUCCESS}.dose").input("37,5").run()
    at = save(at)
    assert stored(at).treatment.initial_dose_mg == 37.5
    assert status(at).startswith("Saved")


def _literal_everywhere(at: AppTest) -> None:
    """Every attack string reached the page, and only escaped: no bold, maths or image."""
    raw = " ".join(e.value for e in at.error)
    for attack in ATTACKS:
        assert attack not in raw
    shown = " ".join(problems(at))  # as read: quoted, maybe with its backslashes doubled
    assert all(seen in shown for seen in ("**bold**", "frac{1}{2}$", "![p](http://host/p.png)"))


def test_patient_page_field_errors_and_not_saved_line_are_literal(app):
    at = open_page(app, "patient", "__new__")
    at.text_input(key="patient.__new__.id").input(" ".join(ATTACKS))
    at.text_input(key="patient.__new__.weight").input(" ".join(ATTACKS)).run()
    _literal_everywhere(save(at))


def test_visit_table_problems_are_literal(app):
    at = open_page(app, "visits", SUCCESS)
    at.session_state[f"visits.{SUCCESS}.table.0"] = {
        "edited_rows": {0: {"esr": ATTACKS[0], "crp": ATTACKS[1], "igg": ATTACKS[2]}},
        "added_rows": [], "deleted_rows": []}
    _literal_everywhere(at.run())


def test_import_problems_are_literal(app):
    at = open_page(app, "patients")
    bad = [record([], id=attack) for attack in ATTACKS]
    at.file_uploader[0].set_value(("bad.json", json.dumps(bad).encode(), "application/json"))
    at.run()
    _literal_everywhere(next(b for b in at.button if b.label == "Import all records")
                        .click().run())


def test_cohort_upload_problems_are_literal(app):
    at = open_page(app, "cohort")
    at.radio[0].set_value("Upload a cohort file").run()
    bad = [record([], id=attack) for attack in ATTACKS]
    at.get("file_uploader")[0].set_value(("c.json", json.dumps(bad).encode(), "application/json"))
    _literal_everywhere(at.run())


def test_demo_patients_still_save_unchanged(app):
    """The text fields start from the stored numbers: saving an untouched record changes
    nothing."""
    for patient in demo_patients(TODAY):
        at = open_page(app, "patient", patient.id)
        assert status(at).startswith("Saved"), patient.id


def test_an_implausible_initial_dose_is_saved_only_once_confirmed(app):
    at = open_page(app, "patient", SUCCESS)
    before = stored(at)
    at.text_input(key=f"patient.{SUCCESS}.dose").input("400").run()
    at = save(at)
    assert stored(at) == before
    assert "Initial dose: 400 mg/day" in texts(at)
    at = next(b for b in at.button if b.label == "Save with these values").click().run()
    assert stored(at).treatment.initial_dose_mg == 400


def test_a_refused_save_is_not_made_later_without_asking(app):
    at = open_page(app, "patient", SUCCESS)
    before = stored(at)
    at.text_input(key=f"patient.{SUCCESS}.weight").input("450").run()
    at = save(at)
    at.text_input(key=f"patient.{SUCCESS}.weight").input("70").run()
    assert stored(at) == before and status(at).startswith("Unsaved")


def test_an_imported_review_note_is_shown_literally(app):
    """A file's RI form carries a review note: it is drawn as text, never as Markdown (an image
    link made the browser fetch it; a link and red words appeared inside the app's warning)."""
    note = "![p](http://host/p.png) [x](http://host) :red[Dose must be doubled] $x$"
    breakdown = {"organs": {"pancreas": {"activity": 3}}, "igg4": 0, "review": note}
    imported = record([visit(1, ri=3, dose=35, ri_breakdown=breakdown)], id="t-review")
    at = open_page(app, "patients")
    at.file_uploader[0].set_value(("r.json", json.dumps([imported]).encode(),
                                   "application/json")).run()
    at = next(b for b in at.button if b.label == "Import all records").click().run()
    at = open_page(at, "visits", "t-review")
    at.selectbox(key="visit-entry.t-review.0.target").set_value(imported["visits"][0]["date"])
    at.run()
    shown = [w.value for w in at.warning if "host" in w.value]
    assert shown and "![p]" not in shown[0] and ":red[" not in shown[0]
    assert unescaped(shown[0]).startswith(note)


def test_a_review_note_is_bounded():
    with pytest.raises(ValueError):
        RIBreakdown(organs={}, review="x" * (REVIEW_MAX + 1))

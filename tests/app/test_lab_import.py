"""The Visits page's laboratory import (issue 25), in AppTest: a FHIR file previewed with each
value shown both ways and imported on the click, audited with its source; a conflict kept unless
the file's value is chosen; an unknown test name asked once and remembered; an unusual value
confirmed in a dialog; bad input said in words, nothing saved; a demo's store in memory only."""
from __future__ import annotations

import json
from datetime import timedelta

from streamlit.testing.v1 import AppTest

from igg4rd.synthetic.patients import demo_patients
from tests.app.conftest import TODAY, open_page, problems, texts

PATIENT = demo_patients(TODAY)[0]  # demo-01-success
DAY = max(v.date for v in PATIENT.visits)
LOINC = "http://loinc.org"


def observation(loinc: str, value: float, unit: str, day=DAY) -> dict:
    return {"resource": {"resourceType": "Observation", "status": "final",
                         "code": {"coding": [{"system": LOINC, "code": loinc}]},
                         "subject": {"reference": f"Patient/{PATIENT.id}"},
                         "effectiveDateTime": day.isoformat(),
                         "valueQuantity": {"value": value, "unit": unit}}}


def bundle(*entries: dict) -> bytes:
    return json.dumps({"resourceType": "Bundle", "type": "collection",
                       "entry": list(entries)}).encode()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    uploader = next(u for u in at.file_uploader if u.key and u.key.startswith("labs."))
    uploader.set_value((name, data, "application/octet-stream"))
    return at.run()


def paste(at: AppTest, text: str) -> AppTest:
    area = next(a for a in at.text_area if a.key and a.key.startswith("labs."))
    area.set_value(text)
    return at.run()


def import_button(at: AppTest):
    return next(b for b in at.button if b.key and b.key.endswith(".import"))


def stored(at: AppTest):
    return at.session_state["igg4rd.session"].patients[PATIENT.id]


def preview_cells(at: AppTest) -> str:
    frames = [d.value for d in at.dataframe if "what happens" in d.value.columns]
    assert frames, "no preview table"
    return frames[-1].to_csv()


def test_a_fhir_file_is_previewed_both_ways_and_imported_on_the_click(app):
    at = open_page(app, "visits", PATIENT.id)
    earlier = DAY - timedelta(days=20)
    at = upload(at, "results.json", bundle(observation("19113-0", 120, "IU/mL"),
                                           observation("711-2", 300, "/uL"),
                                           observation("4537-7", 11, "mm/h", earlier),
                                           observation("2345-7", 5.6, "mmol/L")))
    assert not at.exception and not problems(at)
    cells = preview_cells(at)
    assert "300 cells/µL → 0.3 ×10⁹/L" in cells and "120 IU/mL → 120 kU/L" in cells
    assert "laboratory-only entry of" in cells and "not used" in cells
    assert "4 result(s): 3 new; 1 not used" in texts(at)
    assert stored(at).visits[-1].ige is None  # nothing stored before the click
    button = import_button(at)
    assert button.label == "Import 3 value(s)"
    at = button.click().run()
    assert not at.exception
    assert "Imported 3 laboratory value(s)." in texts(at)
    assert f"IgE 120 kU/L from laboratory file results.json, {DAY}" in texts(at)
    visit = next(v for v in stored(at).visits if v.date == DAY)
    assert visit.ige == 120 and visit.eosinophils_count == 0.3
    assert stored(at).lab_results[0].date == earlier and stored(at).lab_results[0].esr == 11
    from igg4rd.ui import session  # noqa: F401  (the store is the session's)

    store = at.session_state["igg4rd.session"].demo_store
    entry = store.audit_trail(PATIENT.id)[-1]
    assert entry.action == "labs" and entry.changes[0].startswith("source:")
    assert "results.json" in entry.changes[0]
    undo = next(b for b in at.button if b.label == "Undo this import")
    at = undo.click().run()
    assert stored(at).visits[-1].ige is None and not stored(at).lab_results
    assert store.audit_trail(PATIENT.id)[-1].action == "undo"


def test_a_conflict_keeps_the_recorded_value_unless_the_file_s_is_chosen(app):
    at = open_page(app, "visits", PATIENT.id)
    recorded = next(v for v in PATIENT.visits if v.date == DAY).igg4
    at = upload(at, "r.json", bundle(observation("2469-5", 8.2, "g/L")))
    choice = next(r for r in at.radio if r.key and ".choice." in r.key)
    assert "8.2 g/L → 8200 mg/L" in choice.label.replace("\\", "")
    assert choice.value == "keep" and import_button(at).disabled
    at = choice.set_value("take").run()
    at = import_button(at).click().run()
    assert next(v for v in stored(at).visits if v.date == DAY).igg4 == 8200 != recorded


def test_an_unknown_test_name_is_asked_once_and_remembered(app):
    at = open_page(app, "visits", PATIENT.id)
    text = f"Report date {DAY}\nSerum IgG subclass 4\t2.1\tg/L\t0.03-2.01\n"
    at = paste(at, text)
    assert "1 test name(s) igg4rd does not know" in texts(at)
    name = next(s for s in at.selectbox if s.key and ".name." in s.key)
    at = name.set_value("igg4").run()
    at = next(b for b in at.button if b.label == "Remember these names").click().run()
    assert "does not know" not in texts(at)
    assert "2.1 g/L → 2100 mg/L" in preview_cells(at)
    settings = at.session_state["igg4rd.session"].demo_store
    from igg4rd.storage.clinic_settings import load_settings

    assert load_settings(settings.engine).test_names == {"serumiggsubclass4": "igg4"}


def test_an_unusual_value_is_confirmed_by_name_first(app):
    at = open_page(app, "visits", PATIENT.id)
    later = TODAY + timedelta(days=10)
    at = paste(at, f"{later}\nESR 30 mm/h 0-20\n")
    at = import_button(at).click().run()
    assert "Laboratory results of" in texts(at) and "after today" in texts(at)
    assert not stored(at).lab_results  # asked, not saved
    at = next(b for b in at.button if b.label == "Save with these values").click().run()
    assert stored(at).lab_results[0].date == later


def test_bad_input_is_said_and_nothing_is_saved(app):
    at = open_page(app, "visits", PATIENT.id)
    at = upload(at, "broken.json", b'{"resourceType": "Bundle", "type": ')
    assert not at.exception
    assert any("Nothing can be imported from laboratory file broken.json" in p
               and "not valid JSON" in p for p in problems(at))
    at = upload(at, "other.json", bundle({"resource": {
        **observation("2469-5", 800, "mg/L")["resource"],
        "subject": {"reference": "Patient/somebody"}}}))
    assert any("another patient (somebody)" in p for p in problems(at))
    assert stored(at) == PATIENT


def test_a_demo_imports_into_the_session_s_own_store_in_memory(app):
    at = open_page(app, "visits", PATIENT.id)
    store = at.session_state["igg4rd.session"].demo_store
    assert str(store.engine.url) == "sqlite://"  # in memory: nothing written to disk
    at = paste(at, f"{DAY}\nIgE 100 IU/mL\n")
    at = import_button(at).click().run()
    assert store.get(PATIENT.id).patient.visits[-1].ige == 100

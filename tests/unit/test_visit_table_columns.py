"""The visit table's columns (igg4rd/ui/visit_table_editor.py): every header is read whole,
unit included, in every language (the grid cuts a narrower header short: 'Dose (mg/c…')."""
from __future__ import annotations

from datetime import date

import pytest

from igg4rd.entry.visit_table import TABLE_LABS, TYPED_NUMBERS, visit_frame
from igg4rd.language.i18n import LANGUAGES, SOURCE_LANGUAGE, set_language
from igg4rd.render.lines import columns
from igg4rd.synthetic.patients import demo_patients
from igg4rd.ui.visit_table_editor import visit_table_config


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_header_has_room_for_its_words_and_the_edit_icon(language):
    set_language(language)
    try:
        config = visit_table_config()["column_config"]
    finally:
        set_language(SOURCE_LANGUAGE)
    narrow = {name: (column["label"], column["width"]) for name, column in config.items()
              if column["width"] < 7 * columns(column["label"]) + 30}
    assert not narrow, narrow


def test_every_patient_gives_the_editor_the_same_column_types():
    """Typed numbers are text whether a column holds values, blanks only, or no row at all (the
    editor's column kinds do not depend on the patient)."""
    patient = next(p for p in demo_patients(date(2025, 6, 1)) if p.id == "demo-01-success")
    no_labs = patient.model_copy(update={"visits": [
        visit.model_copy(update=dict.fromkeys(TABLE_LABS)) for visit in patient.visits]})
    no_visits = patient.model_copy(update={"visits": []})
    types = [visit_frame(p).dtypes.to_dict() for p in (patient, no_labs, no_visits)]
    assert types[0] == types[1] == types[2]
    assert {str(types[0][name]) for name in TYPED_NUMBERS} == {"str"}

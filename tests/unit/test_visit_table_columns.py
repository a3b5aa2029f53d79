"""The visit table's columns (igg4rd/ui/visit_table_editor.py): every header is read whole,
unit included, in every language (the grid cuts a narrower header short: 'Dose (mg/c…')."""
from __future__ import annotations

import pytest

from igg4rd.language.i18n import LANGUAGES, SOURCE_LANGUAGE, set_language
from igg4rd.render.lines import columns
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

"""What the review of the Chinese catalog saw on the pages (2026-12-06, 'Also seen on the
pages'; issue 23, section 6), fixed in the code: the cohort page's thresholds shown by their
code names, the visit table's drug names in English, and the worklist titled like the Patient
page. English as before, except the thresholds, now named in words in every language."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from igg4rd.language.i18n import SOURCE_LANGUAGE, set_language
from tests.app.conftest import open_page

LANGUAGE = "igg4rd.language"


def in_language(app: AppTest, page: str, language: str, patient_id: str | None = None
                ) -> AppTest:
    """`page` in `language` (the widgets' format_func runs in the test's thread: read there
    in the language too)."""
    app.session_state[LANGUAGE] = language
    set_language(language)
    try:
        at = open_page(app, page, patient_id)
    finally:
        set_language(SOURCE_LANGUAGE)
    assert not at.exception, [e.value for e in at.exception]
    return at


def thresholds_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith(("Thresholds", "当前使用的阈值")))


def test_the_cohort_page_names_its_thresholds_in_chinese(app):
    at = in_language(app, "cohort", "zh_Hans")
    caption = thresholds_caption(at)
    assert caption.startswith("当前使用的阈值（证据页面）："
                              "嗜酸性粒细胞增多：嗜酸性粒细胞百分比高于（%） = 5；")
    assert "维持剂量上限（泼尼松，mg/d） = 10" in caption and "_" not in caption
    assert caption.count("；") == 13 and ", " not in caption
    assert {m.label: m.value for m in at.metric}["患者数"] == "215"  # a count, not a page's title


def test_the_cohort_page_names_its_thresholds_in_english(app):
    caption = thresholds_caption(in_language(app, "cohort", "en"))
    assert caption.startswith("Thresholds in use (Evidence page): Eosinophilia: eosinophils "
                              "above (%) = 5; Eosinophilia: or eosinophils above (×10⁹/L) = 0.5;")
    assert "_" not in caption


def test_the_worklist_and_the_patient_page_have_their_own_chinese_titles(app):
    at = in_language(app, "patients", "zh_Hans")
    assert at.title[0].value == "患者列表"
    at = in_language(app, "patient", "zh_Hans", "demo-03-relapse")
    assert at.title[0].value.startswith("患者") and at.title[0].value != "患者列表"


def drug_options(at: AppTest) -> dict[str, str]:
    config = json.loads(next(d.proto.columns for d in at.dataframe
                             if "gc_drug" in json.loads(d.proto.columns or "{}")))
    return {o["value"]: o["label"] for o in config["gc_drug"]["type_config"]["options"]}


def test_the_visit_tables_drug_column_shows_chinese_names(app):
    options = drug_options(in_language(app, "visits", "zh_Hans", "demo-03-relapse"))
    assert options["prednisone"] == "泼尼松" and options["methylprednisolone"] == "甲泼尼龙"
    assert not [label for label in options.values() if label.isascii()]


def test_the_visit_tables_drug_column_keeps_english_names(app):
    options = drug_options(in_language(app, "visits", "en", "demo-03-relapse"))
    assert options["prednisone"] == "prednisone"  # the stored value stays the code

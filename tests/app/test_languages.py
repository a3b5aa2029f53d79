"""The app in Simplified Chinese: every page renders; the translated parts (the frame, the
navigation, the Assessment page: title, banner, goal checklist, dose metrics, charts, the chart
numbers) carry no English sentence. The language follows the browser at first and the
sidebar's switch after."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from streamlit.testing.v1 import AppTest

from igg4rd.language.i18n import SOURCE_LANGUAGE, set_language
from tests.app.conftest import DEMO_IDS, PAGES, open_page, texts

LANGUAGE = "igg4rd.language"
SWITCH = f"{LANGUAGE}.widget"  # the sidebar's radio (igg4rd/ui/frame.kept_in)
# Words a Chinese page keeps in Latin letters: test and drug names, units, abbreviations, ids.
KEPT = {"igg4rd", "IgG4", "IgG", "IgE", "RI", "GC", "IM", "ESR", "CRP", "ULN", "PDF", "PNG",
        "SVG", "mg", "kg", "g", "d", "A4", "Letter", "RD", "Fig", "docs", "clinical", "rules",
        "md", "synthetic"}
ENGLISH_RUN = re.compile(r"[A-Za-z][A-Za-z'-]+(?:[ ,:;]+[A-Za-z][A-Za-z'-]+)+")


def english_sentences(text: str) -> list[str]:
    """Runs of two or more English words, not counting the kept ones and ids (demo-08-...)."""
    text = re.sub(r"\b[\w-]*demo-\d\d[\w-]*\b|:material/\w+:|:\w+(-badge)?\[|http\S+", " ", text)
    runs = []
    for run in ENGLISH_RUN.findall(text):
        words = [w for w in re.split(r"[ ,:;]+", run) if w not in KEPT]
        if len(words) >= 2:
            runs.append(run)
    return runs


def chinese(app: AppTest) -> AppTest:
    app.session_state[LANGUAGE] = "zh_Hans"
    return app


# What a Chinese page may keep in English: the Evidence page's references (authors, journal)
# and the paper's section name quoted after its Chinese rendering.
CITED = {"Arthritis Care Res", "Carruthers MN", "Wallace ZS", "Treatment regimens",
         "FHIR Bundle"}  # a format's name, as laboratory systems write it
WIDGETS = ("button", "selectbox", "text_input", "toggle", "radio", "date_input", "checkbox")


@pytest.mark.parametrize("patient_id", ["demo-03-relapse", "demo-08-behind-target"])
@pytest.mark.parametrize("page_name", [*PAGES, "patients", "cohort"])
def test_every_page_renders_in_chinese_without_an_english_sentence(app, page_name, patient_id):
    with reading("zh_Hans"):
        at = open_page(chinese(app), page_name, patient_id)
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at) + "\n".join(str(w.label) for kind in WIDGETS for w in getattr(at, kind))
    assert set(english_sentences(shown)) <= CITED, english_sentences(shown)


@pytest.mark.parametrize("patient_id", DEMO_IDS)
def test_the_assessment_page_speaks_chinese(app, patient_id):
    at = open_page(chinese(app), "assessment", patient_id)
    assert not at.exception
    shown = [at.title[0].value, *(s.value for s in at.subheader[:3])]
    shown += [f"{a.proto.title} {a.value}" for kind in ("success", "error", "warning", "info")
              for a in getattr(at, kind)][:1]  # the banner
    shown += [m.value for m in at.main.markdown if "**1." in m.value or m.value.startswith("|")]
    shown += [m.label for m in at.metric]
    for chart in at.get("plotly_chart"):
        figure = json.loads(chart.proto.spec)
        shown += [figure["layout"]["title"]["text"], figure["layout"]["xaxis"]["title"]["text"]]
        shown += [trace.get("name", "") for trace in figure["data"]]
    found = [run for text in shown for run in english_sentences(text)]
    assert not found, found
    assert "治疗目标" in shown


def test_the_english_check_bites():
    assert english_sentences("目标 RI decline so far: 50%") == ["RI decline so far"]
    assert english_sentences("泼尼松 10 mg/d · IgG4 · demo-08-behind-target") == []


@contextmanager
def reading(language: str) -> Iterator[None]:
    """AppTest sends the widgets' values from the test's thread, formatting the shown ones with
    their format_func there: read the page in its language while doing so."""
    set_language(language)
    try:
        yield
    finally:
        set_language(SOURCE_LANGUAGE)


def test_the_first_visit_follows_the_browser_then_the_switch(app):
    at = open_page(app, "assessment", "demo-01-success")
    assert at.session_state[LANGUAGE] == "en"  # AppTest's browser names no locale
    at.sidebar.radio(key=SWITCH).set_value("zh_Hans").run()
    assert at.title[0].value.startswith("评估")
    with reading("zh_Hans"):
        at = open_page(at, "visits")  # the choice lasts for the session
        assert at.session_state[LANGUAGE] == "zh_Hans"
        at.sidebar.radio(key=SWITCH).set_value("en").run()
    assert at.title[0].value.startswith("Visits")
    assert at.session_state["igg4rd.picker"] == "demo-01-success"  # the patient stays picked


ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d\d-\d\d(?!\d)")  # not \b: CJK characters are word characters
CHINESE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")


@pytest.mark.parametrize("page_name", [*PAGES, "patients"])
def test_chinese_pages_write_dates_as_cldr_does(app, page_name):
    """Dates in the text, the metrics and the charts' hover texts through Babel: 2026年6月1日,
    never 2026-06-01 (English keeps ISO: tests/unit/test_formats.py)."""
    with reading("zh_Hans"):
        at = open_page(chinese(app), page_name, "demo-08-behind-target")
    shown = texts(at) + "\n".join(m.label for m in at.metric)
    shown += "\n".join(str(option) for box in at.selectbox for option in box.options)
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    shown += "\n".join(str(trace.get("customdata", "")) for figure in charts
                       for trace in figure["data"])
    assert not ISO_DATE.findall(shown), ISO_DATE.findall(shown)
    if page_name in ("assessment", "patients"):
        assert CHINESE_DATE.search(shown)
    assert all(figure["layout"]["separators"] == ".," for figure in charts)

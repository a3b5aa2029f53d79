"""The Chinese means what the English means (issue 23, section 6; the clinical review of the
catalog, 2026-12-06): the words the review found misleading, read as the app reads them
(gettext in the language of the run) and as the pages render them."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from babel.messages.pofile import read_po

from igg4rd.language.formats import after_number, with_unit
from igg4rd.language.i18n import SOURCE_LANGUAGE, _, catalog_path, set_language
from igg4rd.language.words import (
    DIAGNOSIS_WORDS,
    RI_ACTIVITY_WORDS,
    TRACK_STATUS_WORDS,
    stratum_name,
)
from igg4rd.render import charts, evidence_text, report, worklist
from igg4rd.rules.assessment import assess
from igg4rd.rules.thresholds import DEFAULTS
from igg4rd.synthetic.patients import demo_patients

TODAY = date(2026, 11, 25)


@pytest.fixture
def chinese() -> Iterator[None]:
    set_language("zh_Hans")
    yield
    set_language(SOURCE_LANGUAGE)


def translations() -> dict[str, str]:
    """Every Chinese message by its English (context-free ones; contexts keep their own)."""
    with catalog_path("zh_Hans").open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id and not m.context}


def demo(patient_id: str):
    return next(p for p in demo_patients(TODAY) if p.id == patient_id)


# Row 1. The 2011 comprehensive criteria: definite (1+2+3) 确诊, probable (1+3) 可能诊断,
# possible (1+2) 可疑诊断. "可能" alone read as probable, for the app's "possible".
@pytest.mark.parametrize(("english", "chinese_words"), [
    ("Probable", "可能诊断"), ("probable", "可能诊断"), ("Diagnosis: probable", "诊断：可能诊断"),
    ("Possible", "可疑诊断"), ("possible", "可疑诊断"), ("Diagnosis: possible", "诊断：可疑诊断"),
    ("Definite", "确诊"), ("definite", "确诊"), ("Diagnosis: definite", "诊断：确诊"),
])
def test_diagnostic_certainty_is_written_as_the_2011_criteria_are_in_chinese(
        chinese, english, chinese_words):
    assert _(english) == chinese_words


def test_the_diagnosis_vocabulary_tells_probable_from_possible(chinese):
    assert [DIAGNOSIS_WORDS[code] for code in ("definite", "probable", "possible")] == \
        ["确诊", "可能诊断", "可疑诊断"]


# Row 2. "Off treatment" covers the treatment-naive patient at baseline, not only one who
# stopped: 停止治疗期间 pushed a rater away from grade 3 at baseline.
def test_ri_grade_3_covers_the_untreated_patient(chinese):
    grade_3 = "未治疗时新发或复发（初治或停药后）"
    assert RI_ACTIVITY_WORDS[3] == _("new or recurrent, off treatment") == grade_3
    assert f"3 {grade_3}" in evidence_text.definitions()  # the RI's definition (Evidence page)
    assert not any("停止治疗期间" in text for text in translations().values())


# Row 3. 达标 means "target reached" (达标治疗): "目标2进度达标" read as goal 2 already met.
def test_on_track_is_as_planned_never_target_reached(chinese):
    on_track = {english: text for english, text in translations().items()
                if english.startswith("On track")}
    assert len(on_track) == 4 and all("按计划进行" in text for text in on_track.values())
    assert TRACK_STATUS_WORDS["on_track"] == "按计划进行"
    assert not [english for english, text in translations().items()
                if "进度达标" in text or ("达标" in text and "track" in english.lower())]


def test_an_on_track_patient_reads_as_planned_on_the_pages(chinese):
    patient = demo("demo-05-pending")
    track = report.track_text(patient, assess(patient, TODAY).on_track)
    assert track.status == "按计划进行"
    assert track.headline == "目标2：按计划进行（第6个月时达到维持剂量）"
    assert worklist.worklist_row(patient, TODAY).status.startswith("按计划进行：")


# Row 12. A Chinese label already in full-width parentheses takes its unit inside them.
def test_a_label_and_its_unit_take_one_pair_of_parentheses_in_chinese(chinese):
    assert with_unit(_("ESR"), "mm/h") == "红细胞沉降率（ESR，mm/h）"
    assert with_unit("IgG4", "mg/L") == "IgG4（mg/L）"
    assert _("Odds ratio (95% CI), p") == "比值比（OR，95%置信区间），p值"


def test_english_labels_keep_their_units_as_before():
    assert with_unit("ESR", "mm/h") == "ESR (mm/h)"
    assert with_unit("Eosinophils (blood)", "%") == "Eosinophils (blood) (%)"
    assert after_number("%") == " %" and after_number("mg/L") == " mg/L"


def test_the_lab_charts_axes_have_no_doubled_parentheses_and_no_space_before_percent(chinese):
    figure = charts.lab_trends_chart(demo("demo-05-pending"), TODAY, DEFAULTS, {})
    layout = figure.to_plotly_json()["layout"]
    titles = [axis["title"]["text"] for name, axis in layout.items()
              if name.startswith("yaxis")]
    assert "红细胞沉降率（ESR，mm/h）" in titles and not [t for t in titles if "）（" in t]
    notes = [note["text"] for note in layout["annotations"]]
    assert any(note.endswith("正常范围0～5%") for note in notes), notes
    assert after_number("%") == "%" and after_number("mg/L") == " mg/L"


# Row 14. Ranges built in code take the full-width "～" in Chinese; the English stays "3-4".
def test_a_stratum_of_counts_is_a_chinese_range(chinese):
    assert stratum_name("3-4") == "3～4" and stratum_name("2") == "2"
    derived = evidence_text.derived_numbers()
    assert "（0：2/25、1：4/28、2：5/13、3～4：5/7）" in derived
    labels = charts.risk_strata_chart(("3-4",)).to_plotly_json()["data"][0]["x"]
    assert labels[-1].startswith("3～4个危险因素<br>5/7")
    assert _("%.1f mo") == "%.1f个月"


def test_the_english_strata_are_written_as_before():
    assert stratum_name("3-4") == "3-4"
    assert "(0: 2/25, 1: 4/28, 2: 5/13, 3-4: 5/7)" in evidence_text.derived_numbers()


def test_the_worklist_writes_the_month_6_window_as_a_chinese_range(chinese):
    window = worklist.worklist_row(demo("demo-05-pending"), TODAY).window
    assert "～" in window and "–" not in window and " " not in window


# Row 11. One sentence, one colon: 本患者：4个危险因素中具备0个，属分层0（图3c）.
def test_the_risk_factor_sentence_reads_as_chinese(chinese):
    patient = demo("demo-05-pending")
    text = report.stratum_text(assess(patient, TODAY).risk)
    assert text.startswith("4个危险因素中具备") and "，属分层" in text and text.count("：") == 0

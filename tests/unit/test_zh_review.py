"""The Chinese means what the English means (issue 23, section 6; the clinical review of the
catalog, 2026-12-06): the words the review found misleading, read as the app reads them
(gettext in the language of the run) and as the pages render them."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from babel.messages.pofile import read_po

from igg4rd.language.i18n import SOURCE_LANGUAGE, _, catalog_path, set_language
from igg4rd.language.words import DIAGNOSIS_WORDS, RI_ACTIVITY_WORDS, TRACK_STATUS_WORDS
from igg4rd.render import evidence_text, report, worklist
from igg4rd.rules.assessment import assess
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

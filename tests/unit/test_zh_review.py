"""The Chinese means what the English means (issue 23, section 6; the clinical review of the
catalog, 2026-12-06): the words the review found misleading, read as the app reads them
(gettext in the language of the run) and as the pages render them."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from babel.messages.pofile import read_po

from igg4rd.language.formats import after_number, with_unit
from igg4rd.language.i18n import SOURCE_LANGUAGE, _, catalog_path, set_language
from igg4rd.language.words import (
    DIAGNOSIS_WORDS,
    RI_ACTIVITY_WORDS,
    SITE_LABELS,
    TRACK_STATUS_WORDS,
    stratum_name,
)
from igg4rd.render import charts, evidence_text, worklist
from igg4rd.render.patient_text import serology_table
from igg4rd.render.risk_text import stratum_text
from igg4rd.render.track import track_text
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
    assert len(on_track) >= 2 and all("按计划进行" in text for text in on_track.values())
    assert TRACK_STATUS_WORDS["on_track"] == "按计划进行"
    assert not [english for english, text in translations().items()
                if "进度达标" in text or ("达标" in text and "track" in english.lower())]


def test_an_on_track_patient_reads_as_planned_on_the_pages(chinese):
    patient = demo("demo-05-pending")
    track = track_text(assess(patient, TODAY))
    assert track.status == "按计划进行"
    assert track.headline == "目标2：按计划进行（第6个月时达到维持剂量）"
    assert worklist.worklist_row(patient, TODAY).status.endswith("按计划进行")


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
    window = worklist.worklist_row(demo("demo-05-pending"), TODAY).month6
    assert "～" in window and "–" not in window and " " not in window


# Row 11. One sentence, one colon: 本患者：4个危险因素中具备0个，属分层0（图3c）.
def test_the_risk_factor_sentence_reads_as_chinese(chinese):
    patient = demo("demo-05-pending")
    text = stratum_text(assess(patient, TODAY).risk)
    assert text.startswith("4个危险因素中具备") and "，属分层" in text and text.count("：") == 0


def chinese_of(english_part: str) -> dict[str, str]:
    """The translations of the messages whose English holds `english_part`."""
    return {english: text for english, text in translations().items() if english_part in english}


# Row 4. The two doses are cumulative, and each says which span it covers.
def test_the_cumulative_doses_say_so(chinese):
    caption = _("{stage} mg and {to_date} mg prednisone equivalent (area under the recorded "
                "dose curve).").format(stage="4,945", to_date="5,100")
    assert caption.startswith("泼尼松等效累积剂量：诱导缓解期内4,945 mg，截至评估日期5,100 mg")
    assert "累积剂量" in _("During the 6-month stage")
    assert "累积剂量" in _("Up to the assessment date")


# Row 5. A dose per kilogram is mg/(kg·d), the Chinese journals' form, in every message.
def test_a_dose_per_kilogram_is_mg_per_kg_day_in_one_form():
    per_kg = chinese_of("mg/kg/day")
    assert len(per_kg) >= 7 and all("mg/(kg·d)" in text for text in per_kg.values())
    assert not [text for text in translations().values() if "mg/kg" in text]


# Row 7. The dose in effect on a date may be a past date's: never 当前 ("now").
def test_the_dose_in_effect_is_that_days_dose():
    in_effect = chinese_of("Dose in effect on {day}")
    assert len(in_effect) == 5 and all(t.startswith("{day}时的剂量") for t in in_effect.values())
    assert not [text for text in translations().values() if "当前剂量" in text]


# Row 8. The projection's "never changed before" is an assumption, not a recorded fact.
def test_the_projection_states_its_assumption():
    (text,) = chinese_of("(never changed before {day})").values()
    assert "（假定{day}前未调整）" in text


# Row 9. 诊所 is a small private practice: the app's clinic is 本院.
def test_the_clinic_is_this_hospital():
    clinic = {e: t for e, t in translations().items()
              if "clinic" in e.lower() and "clinical" not in e.lower() and "clinic note" not in e}
    assert len(clinic) >= 6 and all("本院" in text for text in clinic.values()), clinic
    assert not [text for text in translations().values() if "诊所" in text]


# Row 10. The glossary's term: 诱导缓解成功 (as 诱导缓解失败 for failure).
def test_success_is_the_glossarys_term(chinese):
    assert _("Success: remission induction achieved") == "诱导缓解成功"
    assert _("Failure of remission induction") == "诱导缓解失败"


# Row 13. One concept, one writing: 95%置信区间（CI） or 95% CI; exact: 精确95%置信区间.
def test_the_95_percent_interval_is_written_one_way():
    texts = translations().values()
    assert not [t for t in texts if "95%CI" in t or "95%精确" in t or "精确（" in t]
    exact = {e: t for e, t in translations().items() if "exact" in e and "95%" in e}
    assert len(exact) >= 4 and all("精确95%置信区间" in t for t in exact.values()), exact


# Row 15. One form of the GC taper on every screen: 糖皮质激素减量 (not 激素减量, not GC减量).
def test_the_glucocorticoid_taper_has_one_form():
    taper = {e: t for e, t in translations().items()
             if re.search(r"GC taper|Glucocorticoid taper|GC tapered", e)}
    assert len(taper) == 6 and all("糖皮质激素减量" in text for text in taper.values()), taper
    assert not [t for t in translations().values()
                if re.search(r"(?<!糖皮质)激素减量|GC减量", t)]


# Also seen: 器官损害 is the usual word for damage; the gland needs no second naming.
def test_damage_and_the_glands_read_as_chinese_writes_them(chinese):
    assert _("Damage") == _("damage") == "器官损害"
    assert not [t for t in translations().values() if "器官损伤" in t]
    assert [SITE_LABELS[s] for s in ("lacrimal", "salivary", "bile_duct")] == \
        ["泪腺炎", "唾液腺炎", "硬化性胆管炎"]
    pending = _("the 6-month stage is not over and no goal has failed")
    assert pending.endswith("尚无目标判定为未达成")


def test_the_month_6_serology_table_writes_units_and_quartiles_as_chinese(chinese):
    visit = demo("demo-01-success").visits[-1]
    table = serology_table(visit)
    assert "| 红细胞沉降率（ESR，mm/h） |" in table and "| 11（4～27） |" in table
    assert "–" not in table


def test_the_english_serology_table_is_as_before():
    table = serology_table(demo("demo-01-success").visits[-1])
    assert "| ESR (mm/h) |" in table and "| 11 (4–27) |" in table


def test_the_cohort_tables_write_their_ranges_as_chinese_ranges(chinese):
    """Row 14: the ranges the cohort tables build (an odds ratio's interval, a rate's exact
    interval, the organ groups) take '～' in Chinese."""
    from igg4rd.cohort.analysis import analyse
    from igg4rd.synthetic.cohort import demo_cohort

    analysis = analyse(demo_cohort(TODAY), TODAY)
    shown = [cell.shown for row in analysis.table3 for cell in row.by_regimen.values()]
    assert any("～" in text for text in shown) and not any(
        re.search(r"\d-\d", text) for text in shown)
    assert {row.label for row in analysis.table3 if row.row in ("organs_1_2", "organs_3_4")} == {
        "1～2", "3～4"}
    rates = [row.cohort.shown for row in analysis.fig3c]
    assert all("%～" in text for text in rates if "[" in text), rates


def test_the_english_cohort_tables_keep_their_hyphens():
    from igg4rd.cohort.analysis import analyse
    from igg4rd.synthetic.cohort import demo_cohort

    analysis = analyse(demo_cohort(TODAY), TODAY)
    assert re.fullmatch(r"\d+ \(\d+\.\d%\) \[\d+\.\d-\d+\.\d%\]", analysis.fig3c[0].cohort.shown)
    assert any(re.fullmatch(r"[\d.]+ \([\d.]+-[\d.]+\), p [\d.<]+", cell.shown)
               for row in analysis.table3 for cell in row.by_regimen.values())

"""The one-page PDF report and the static chart downloads (issue: report for the chart)."""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from igg4rd.language.i18n import current_language, set_language
from igg4rd.language.words import OUTCOME_WORDS
from igg4rd.render import static_charts
from igg4rd.render.lines import wrap
from igg4rd.render.pdf import report_pages, report_pdf
from igg4rd.rules.assessment import Assessment, assess
from igg4rd.synthetic.patients import demo_patients

TODAY = date(2026, 11, 25)
PATIENTS = demo_patients(TODAY)
ASSESSMENTS = [assess(p, TODAY) for p in PATIENTS]


def missing(reason: str) -> None:
    """Skip for a tool or font the machine lacks; fail on CI, which must have it."""
    if os.environ.get("IGG4RD_CI") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        missing(f"{tool} missing: apt-get install poppler-utils")
    return path


def cjk_font() -> str:
    family = static_charts.cjk_family()
    if family is None:
        missing(f"{static_charts.CJK_FAMILY} missing: apt-get install fonts-noto-cjk")
    return family


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "all.pdf"
    path.write_bytes(report_pdf(ASSESSMENTS, "A4", generated=TODAY))
    return path


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run([poppler("pdftotext"), "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def test_one_a4_page_per_patient(pdf_file):
    info = subprocess.run([poppler("pdfinfo"), str(pdf_file)], capture_output=True, text=True,
                          check=True).stdout
    assert f"Pages:           {len(PATIENTS)}" in info
    assert "(A4)" in info


@pytest.mark.parametrize("index", range(len(PATIENTS)))
def test_page_holds_outcome_stratum_dates_and_charts(pdf_file, index):
    text = " ".join(page_text(pdf_file, index + 1).split())
    assessment = ASSESSMENTS[index]
    assert PATIENTS[index].id in text and "SYNTHETIC" in text
    assert OUTCOME_WORDS[assessment.goals.outcome] in text
    assert str(PATIENTS[index].treatment.start_date) in text
    assert f"assessed as of {TODAY}" in text and f"Generated {TODAY}" in text
    if assessment.risk.stratum and assessment.risk.applies:
        assert f"stratum {assessment.risk.stratum}" in text
    assert "Responder index (RI)" in text and "Glucocorticoid taper" in text
    assert "Months since treatment start" in text  # the chart axes are vector text
    assert "Decision support, not a substitute" in text


@pytest.mark.parametrize("index", range(len(PATIENTS)))
def test_page_holds_the_patients_details_and_visits(pdf_file, index):
    """What goes in the chart: sex, age, weight, sites, start dose, baseline labs, every visit
    with its date, RI and dose."""
    text = " ".join(page_text(pdf_file, index + 1).split())
    patient = PATIENTS[index]
    assert f"{patient.age_years} years" in text and f"{patient.weight_kg:g} kg" in text
    assert f"Involved sites ({len(patient.sites)})" in text
    assert f"{patient.treatment.initial_dose_mg:g} mg/day to start" in text
    assert f"Baseline {patient.baseline.date}: RI {patient.baseline.ri}" in text
    assert f"Visits ({len(patient.visits)})" in text
    for visit in patient.visits:
        assert f"{visit.date} " in text


def _long_history(visits: int) -> Assessment:
    patient = PATIENTS[0]
    last = patient.visits[-1]
    extra = [last.model_copy(update={"date": last.date + timedelta(days=7 * (i + 1))})
             for i in range(visits - len(patient.visits))]
    longer = patient.model_copy(update={"visits": [*patient.visits, *extra]})
    return assess(longer, longer.visits[-1].date)


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_eight_visits_fit_one_page(size):
    assert len(report_pages(_long_history(8), size)) == 1


def test_a_long_history_continues_on_a_second_page_without_shrinking(tmp_path):
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(report_pdf([_long_history(40)], "A4", generated=TODAY,
                               clinician="Dr Wen Li"))
    first, second = page_text(pdf, 1), page_text(pdf, 2)
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert f"Patient {PATIENTS[0].id} (continued)" in second
    assert "Date" in second and "Pred. eq. (mg/day)" in second  # the table's header again
    assert f"Generated {TODAY} by Dr Wen Li" in " ".join(second.split())


def test_a_demo_report_names_no_clinician(pdf_file):
    assert f"Generated {TODAY} with igg4rd" in " ".join(page_text(pdf_file, 1).split())


def test_letter_size():
    pdf = report_pdf(ASSESSMENTS[:1], "Letter")
    assert b"/MediaBox [ 0 0 612 792 ]" in pdf


def test_rendered_page_is_not_blank(pdf_file, tmp_path):
    subprocess.run([poppler("pdftoppm"), "-r", "50", "-png", "-f", "3", "-l", "3",
                    "-singlefile", str(pdf_file), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    assert ImageStat.Stat(image).stddev[0] > 20  # text and charts, not an empty page
    assert image.size[1] > image.size[0]  # portrait


def test_command_line_report(tmp_path):
    source = tmp_path / "p.json"
    source.write_text(json.dumps([p.to_record() for p in PATIENTS[:2]]))
    out = tmp_path / "report.pdf"
    done = subprocess.run([sys.executable, "-m", "igg4rd", "report", str(source), "--out",
                           str(out), "--as-of", TODAY.isoformat(), "--clinician", "Dr Wen Li"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "by Dr Wen Li" in " ".join(page_text(out, 1).split())
    assert out.read_bytes().startswith(b"%PDF") and b"/Count 2" in out.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x"}')
    refused = subprocess.run([sys.executable, "-m", "igg4rd", "report", str(bad), "--out",
                              str(tmp_path / "no.pdf")], capture_output=True, text=True)
    assert refused.returncode == 2 and "baseline" in refused.stderr
    assert not (tmp_path / "no.pdf").exists()


def _chinese_report(tmp_path: Path, index: int = 2) -> tuple[Path, str]:
    """Demo patient `index`'s report built in Chinese, and its outcome in Chinese."""
    set_language("zh_Hans")
    try:
        assessment = assess(PATIENTS[index], TODAY)  # the risk factors' words are the run's
        outcome = OUTCOME_WORDS[assessment.goals.outcome]
        pdf = tmp_path / "zh.pdf"
        pdf.write_bytes(report_pdf([assessment], "A4", generated=TODAY))
    finally:
        set_language("en")
    return pdf, outcome


def test_chinese_report_embeds_the_cjk_font_and_keeps_its_text(tmp_path):
    """A Chinese report: its words are text (pdftotext extracts them), in Noto Sans CJK SC
    embedded in the file, and its page is drawn (not blank)."""
    cjk_font()
    pdf, outcome = _chinese_report(tmp_path)
    text = "".join(page_text(pdf, 1).split())
    assert outcome == "诱导缓解失败" and outcome in text  # the banner, in the catalog's words
    assert "PUMCH" in text and "demo-03-relapse" in text  # Latin text beside it
    assert f"{TODAY.year}年{TODAY.month}月{TODAY.day}日" in text  # dates as Chinese writes them
    assert not re.search(r"\d{4}-\d\d-\d\d", text)
    fonts = subprocess.run([poppler("pdffonts"), str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    cjk = [line.split() for line in fonts if "NotoSansCJKsc" in line]
    assert cjk and all(row[-5:-2] == ["yes", "yes", "yes"] for row in cjk)  # emb, sub, uni
    subprocess.run([poppler("pdftoppm"), "-r", "50", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    assert ImageStat.Stat(image).stddev[0] > 20


def test_a_report_in_a_language_other_than_the_runs(tmp_path):
    """A deferred download runs off the script's thread: its language is passed in, and the
    caller's language stays."""
    cjk_font()
    pdf = tmp_path / "zh.pdf"
    pdf.write_bytes(report_pdf(ASSESSMENTS[2:3], "A4", generated=TODAY, language="zh_Hans"))
    assert current_language() == "en"
    assert "诱导缓解失败" in "".join(page_text(pdf, 1).split())
    png = static_charts.chart_file("ri", "png", ASSESSMENTS[2], language="zh_Hans")
    assert png.startswith(b"\x89PNG") and current_language() == "en"


def test_a_chinese_report_without_the_cjk_font_still_builds(tmp_path, monkeypatch, caplog,
                                                            recwarn):
    """Without fonts-noto-cjk the Chinese report builds, with one log line naming the font."""
    monkeypatch.setattr(static_charts, "CJK_FAMILY", "No Such CJK Font")
    monkeypatch.setattr(static_charts, "CJK_FONT_FILES", ())
    static_charts.cjk_family.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger=static_charts.__name__):
            pdf, _outcome = _chinese_report(tmp_path)
    finally:
        static_charts.cjk_family.cache_clear()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert [r.getMessage() for r in caplog.records if "No Such CJK Font" in r.getMessage()
            and "fonts-noto-cjk" in r.getMessage()]
    assert not [w for w in recwarn if "missing from font" in str(w.message)]


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def test_chinese_text_wraps_between_characters_within_the_width():
    text = "复发后再治疗的患者中，17/21（81.0%）重新达到缓解，但其中17例中有9例（52.9%）再次复发。"
    lines = wrap(text, 40)
    assert "".join(lines) == text and len(lines) > 1
    assert all(columns(line) <= 40 for line in lines)
    assert not any(line[0] in "，。：；）" for line in lines)  # no closing mark opens a line
    assert wrap("Latin text only, as textwrap wraps it", 12) == [
        "Latin text", "only, as", "textwrap", "wraps it"]


def test_the_chinese_visit_table_keeps_its_dates_clear_of_the_month_column(tmp_path):
    """A Chinese date (2026年11月25日) is wider than an ISO one: the columns after it move
    right rather than be overwritten (each date's last character, 日, ends before its row's
    month begins, by pdftotext's word boxes)."""
    cjk_font()
    pdf, _outcome = _chinese_report(tmp_path, index=0)
    boxes = subprocess.run([poppler("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    words = [(float(x0), float(x1), float(y1), text) for x0, x1, y1, text in re.findall(
        r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)<', boxes)]
    months = [w for w in words if re.fullmatch(r"\d+\.\d", w[3])]
    gaps = []
    for x0, x1, y1, text in words:
        row = [m for m in months if abs(m[2] - y1) < 3 and m[0] > x0]
        if text == "日" and row:
            gaps.append(min(m[0] for m in row) - x1)
    assert len(gaps) >= len(PATIENTS[0].visits)  # every visit row (and the report's head)
    assert min(gaps) > 2, gaps  # points: a visible space


def _texts(figures):
    from matplotlib.text import Text
    return [t for figure in figures for t in figure.findobj(Text) if t.get_text().strip()]


def test_the_smallest_text_is_8_pt_and_no_line_starts_with_an_ellipsis():
    """Issue 24 §4: basis lines were 6.5 pt, the table 7.5; '…' marked a goal not yet judged
    and read as a stray ellipsis at a line's start."""
    with static_charts.drawing(pdf=True):
        texts = _texts(page for a in ASSESSMENTS for page in report_pages(a, "A4", TODAY))
    assert min(t.get_fontsize() for t in texts) >= 8
    assert not [t.get_text() for t in texts if t.get_text().lstrip().startswith("…")]


def test_the_report_names_the_hospital_the_record_number_and_the_next_visit(tmp_path):
    from tests.unit.helpers import patient, visit

    record = patient([visit(1, 8, 30)], record_number="0012345")
    path = tmp_path / "clinic.pdf"
    path.write_bytes(report_pdf([assess(record, date(2024, 4, 20))], generated=TODAY,
                                clinician="Dr A", institution="PUMCH · Rheumatology"))
    text = page_text(path, 1)
    assert "PUMCH · Rheumatology" in text and "record number 0012345" in text
    assert "next visit due 2024-06-03 (month-3 visit)" in text and "Dr A" in text
    assert "Next protocol step" in text  # the banner's next step, on the report too


def test_the_report_shows_each_laboratory_value_in_the_clinic_s_unit(tmp_path):
    from tests.unit.helpers import patient

    record = patient([], baseline={"igg4": 8200.0, "igg": 18.87})
    path = tmp_path / "units.pdf"
    path.write_bytes(report_pdf([assess(record, date(2024, 4, 20))], generated=TODAY,
                                lab_units={"igg4": "g/L"}))
    text = page_text(path, 1)
    assert "IgG4 8.2 g/L" in text and "IgG 18.87 g/L" in text

"""Assessment page downloads: the PDF report (A4, Letter), the charts as PNG and SVG, and the
clinic-note summary, for every demo patient; the files are built only when clicked."""
from __future__ import annotations

import pytest

from igg4rd.language.words import DISCLAIMER, OUTCOME_WORDS
from tests.app.conftest import DEMO_IDS, TODAY, clicked, open_page, texts
from tests.app.test_pages import EXPECTED_OUTCOMES

LABELS = ["PDF report (A4)", "PDF report (Letter)", "RI chart (PNG)", "RI chart (SVG)",
          "Taper chart (PNG)", "Taper chart (SVG)"]


@pytest.mark.parametrize("patient_id", DEMO_IDS)
def test_every_demo_patient_has_the_downloads_and_the_clinic_note(app, patient_id):
    at = open_page(app, "assessment", patient_id)
    assert not at.exception, [e.value for e in at.exception]
    assert [b.proto.label for b in at.get("download_button")] == LABELS
    assert all(b.proto.deferred_file_id for b in at.get("download_button"))  # built on click
    note = at.code[0].value
    assert OUTCOME_WORDS[EXPECTED_OUTCOMES[patient_id]] in note
    assert patient_id in note and f"Assessed as of {TODAY}" in note
    assert note.endswith(DISCLAIMER)


def test_report_buttons_download_a_one_page_pdf(app, media):
    at = open_page(app, "assessment", "demo-03-relapse")
    a4, letter, *_ = at.get("download_button")
    report = clicked(media, a4)
    assert report.content.startswith(b"%PDF") and b"/Count 1" in report.content
    assert report.mimetype == "application/pdf"
    assert report.filename == f"igg4rd-demo-03-relapse-{TODAY}-A4.pdf"
    assert b"/MediaBox [ 0 0 612 792 ]" in clicked(media, letter).content


def test_chart_buttons_download_png_and_svg(app, media):
    at = open_page(app, "assessment", "demo-01-success")
    files = [clicked(media, b) for b in at.get("download_button")[2:]]
    assert [f.mimetype for f in files] == ["image/png", "image/svg+xml"] * 2
    assert files[0].content.startswith(b"\x89PNG") and files[2].content.startswith(b"\x89PNG")
    assert b"<svg" in files[1].content and b"<svg" in files[3].content


def test_evidence_page_shows_the_same_disclaimer(app):
    assert DISCLAIMER in texts(open_page(app, "evidence"))

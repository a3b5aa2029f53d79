"""Issue 23 (§5): text from a person is drawn literally in the PDF report (matplotlib read
`$…$` as mathematics: `$\\frac{a}{b}$` was drawn as a fraction, `$$x$$` raised) and kept as
typed in the audit trail's words. The page surfaces: tests/app/test_literal_text.py."""
from __future__ import annotations

import subprocess

import pytest

from igg4rd.render.audit import change_words
from igg4rd.render.pdf import report_pdf
from igg4rd.rules.assessment import assess
from igg4rd.synthetic.patients import demo_patients
from tests.unit.test_pdf_report import TODAY, poppler

ASSESSMENT = assess(demo_patients(TODAY)[0], TODAY)


@pytest.mark.parametrize("name", ["$\\frac{a}{b}$", "$$x$$", "Dr $5 and $6",
                                  "**b** <i>x</i> ![i](x.png) \\alpha"])
def test_the_report_author_is_drawn_as_typed(name, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf([ASSESSMENT], generated=TODAY, clinician=name))
    text = subprocess.run([poppler("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"by {name} with igg4rd" in " ".join(text.split())


def test_a_review_note_is_kept_as_typed_in_the_audit_words():
    note = "![i](http://127.0.0.1:9/i.png) **b** $x$ <b>"
    words = change_words(f'visits[2025-01-01].ri_breakdown.review: null → "{note}"')
    assert words.endswith(f"not recorded → {note}")


def test_a_url_or_an_address_in_text_is_never_linked():
    """GitHub-flavoured Markdown links a bare URL, 'www.' or an e-mail address by itself,
    escapes or not (an imported review note showed a live link): a word joiner stops it."""
    from igg4rd.ui.text import plain

    shown = plain("see http://127.0.0.1:9/x, https://a.b, www.x.org and me@x.org")
    for linked in ("http:", "https:", "www.", "me@"):
        assert linked not in shown.replace("\\", "")
    assert shown.replace("\u2060", "").replace("\\", "") == (
        "see http://127.0.0.1:9/x, https://a.b, www.x.org and me@x.org")

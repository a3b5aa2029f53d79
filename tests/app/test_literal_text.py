"""Issue 23 (§5): every text that came from a person or a file is shown literally on every
surface. Markdown, HTML and `$…$` go through each free-text way in: a clinician's name (OIDC;
the password login allows plain words only), an RI form's review note and an uploaded file's
name; then each surface that shows them is read: the page's messages and captions (as the
browser's Markdown would read them), the audit trail, the PDF report's author and the clinic
note. tests/e2e/test_security.py shows that the browser requests nothing for them."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from streamlit.testing.v1 import AppTest

from igg4rd.storage.store import Store
from igg4rd.ui.text import plain
from tests.app.conftest import clicked, open_page, unescaped
from tests.app.test_registry import oidc_database, oidc_session, select_patient
from tests.unit.helpers import record, visit

# Markdown (emphasis, an image, a link, a colour, an icon), HTML and maths ($$…$$ made
# matplotlib raise; $\frac…$ drew a fraction)
HOSTILE = ("Dr **b** ![i](http://127.0.0.1:9/i.png) [l](http://127.0.0.1:9/) :red[r] "
           ":material/home: <img src=x onerror=alert(1)> $\\frac{a}{b}$ $$x$$ _u_ `c` # h")
FILE_NAME = "r ![i](http:\\\\127.0.0.1:9\\i.png) **b** <b>x</b> $\\frac{a}{b}$ $$x$$.json"
PATIENT = "t-literal"


def literal_in(text: str, markdown: str) -> bool:
    """`text` stands in `markdown` escaped (every punctuation mark: `ui.text.plain`), so the
    browser's Markdown shows it as it is."""
    return plain(text) in markdown and text in unescaped(markdown)


@pytest.fixture
def clinic_as_hostile_name(monkeypatch, tmp_path) -> tuple[AppTest, str]:
    at = oidc_session(monkeypatch, tmp_path, {"is_logged_in": True, "name": HOSTILE})
    return at, oidc_database(tmp_path)


def test_free_text_is_shown_literally_on_every_surface(clinic_as_hostile_name, media):
    at, url = clinic_as_hostile_name
    assert not at.exception
    assert literal_in(HOSTILE, " ".join(c.value for c in at.sidebar.caption))  # signed in as

    # a file named with Markdown, HTML and maths, whose RI form has such a review note
    breakdown = {"organs": {"pancreas": {"activity": 3}}, "igg4": 0, "review": HOSTILE}
    imported = record([visit(1, ri=3, dose=35, ri_breakdown=breakdown)], id=PATIENT)
    at = open_page(at, "patients")
    at.file_uploader[0].set_value((FILE_NAME, json.dumps([imported]).encode(),
                                   "application/json")).run()
    at = next(b for b in at.button if b.label == "Import all records").click().run()
    imported_message = [s.value for s in at.success if "Imported" in s.value]
    assert imported_message and literal_in(FILE_NAME, imported_message[0])

    # the audit trail: its author and the review note as data (a table cell is never Markdown)
    at = select_patient(at, PATIENT)
    assert any(literal_in(HOSTILE, c.value) for c in at.caption if "last changed by" in c.value)
    trail = at.dataframe[-1].value
    assert set(trail["who"]) == {HOSTILE}
    assert any(HOSTILE in changes for changes in trail["changes"])
    assert [e.user for e in Store.open(url)[0].audit_trail(PATIENT)] == [HOSTILE]

    # the RI form's review note on the Visits page (igg4rd/ui/ri_calculator.py)
    at = open_page(at, "visits", PATIENT)
    at.selectbox(key=f"visit-entry.{PATIENT}.0.target").set_value(imported["visits"][0]["date"])
    at.run()
    assert any(literal_in(HOSTILE, w.value) for w in at.warning)

    # the Assessment page: the clinic note (a code block: literal) and the PDF's author
    at = open_page(at, "assessment", PATIENT)
    assert not at.exception
    assert f"patient {PATIENT}" in at.code[0].value and at.code[0].language == "plaintext"
    pdf = clicked(media, next(b for b in at.get("download_button")
                              if b.label == "PDF report (A4)")).content
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext missing: apt-get install poppler-utils")
    text = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "".join(HOSTILE.split()) in "".join(text.split())

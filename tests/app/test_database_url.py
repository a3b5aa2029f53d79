"""Issue 23: a malformed clinic database URL stops the app with what is wrong, in words (it was a
traceback: ValueError for a port that is not a number, ModuleNotFoundError for a driver that is
not installed)."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ROOT, unescaped


@pytest.mark.parametrize("url,words", [
    ("postgresql+psycopg://igg4rd:secret@db:abc/igg4rd", "cannot be read"),
    ("postgresql+psycopg://igg4rd:secret@[::1/igg4rd", "cannot be read"),
    ("mysql://igg4rd:secret@db/igg4rd", "is not installed"),
    ("postgresql+nosuch://igg4rd:secret@db/igg4rd", "no driver")])
def test_a_malformed_database_url_stops_the_app_in_words(monkeypatch, url, words):
    monkeypatch.setenv("IGG4RD_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.secrets["clinic"] = {"password": "a clinic password"}
    at.run()
    assert not at.exception
    shown = unescaped(at.error[0].value)
    assert "cannot start" in shown and words in shown and "secret" not in shown
    assert "igg4rd:***@" in shown and "\\*\\*\\*\u2060\\@" in at.error[0].value  # literally
    assert not at.selectbox


def test_an_unreadable_import_limit_stops_the_app_in_words(monkeypatch):
    monkeypatch.setenv("IGG4RD_IMPORT_LIMIT", "100k")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
    at.run()
    assert not at.exception
    shown = unescaped(at.error[0].value)
    assert "cannot start" in shown and "IGG4RD_IMPORT_LIMIT" in shown and "'100k'" in shown
    assert not at.selectbox

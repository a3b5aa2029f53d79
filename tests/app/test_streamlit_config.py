"""The shipped .streamlit/config.toml keeps its clinic-safe and load-bearing settings
(README, Deployment)."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml")
                       .read_text())


@pytest.mark.parametrize(("section", "option", "value"), [
    ("browser", "gatherUsageStats", False),  # a clinic page never calls out
    ("server", "enableXsrfProtection", True),
    ("server", "maxUploadSize", 5),  # MB: imports and cohort uploads
    ("client", "showErrorDetails", "none"),  # no stack traces shown to users
    ("client", "showSidebarNavigation", False),  # our page links, never the legacy list
    ("runner", "postScriptGC", False),  # a full GC after every run: 2/3 of the CPU under load
])
def test_shipped_setting(section, option, value):
    assert CONFIG[section][option] == value

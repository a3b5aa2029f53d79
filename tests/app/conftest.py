"""AppTest fixtures: the app with a fixed 'today' so outcomes are deterministic."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryFile
from streamlit.testing.v1 import AppTest, app_test
from streamlit.testing.v1.element_tree import DownloadButton

from igg4rd.language.words import OUTCOME_WORDS
from igg4rd.synthetic.patients import demo_patients

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 6, 1)
PAGES = ("assessment", "patient", "visits", "risk", "evidence")
DEMO_IDS = [p.id for p in demo_patients(TODAY)]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """A fresh session of the dashboard (not yet run), judging as of TODAY."""
    monkeypatch.setenv("IGG4RD_TODAY", TODAY.isoformat())
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)


def open_page(at: AppTest, page: str, patient_id: str | None = None) -> AppTest:
    """Run `page` (e.g. 'visits') for `patient_id` (the picker's value) and return the app."""
    if patient_id is not None:
        at.session_state["igg4rd.picker"] = patient_id
    return at.switch_page(f"pages/{page}.py").run()


def unescaped(markdown: str) -> str:
    """Markdown as read: the backslash escapes of quoted text (`ui.text.plain`) and the word
    joiners that keep a URL from being linked (invisible) removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """Everything written on the page (markdown, alerts, captions, metrics), as one string."""
    parts = [e.value for kind in ("markdown", "caption", "title", "subheader")
             for e in getattr(at, kind)]
    parts += [f"{a.proto.title} {a.value}" for kind in ("success", "error", "warning", "info")
              for a in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return unescaped("\n".join(parts))


def banner(at: AppTest) -> str:
    """The outcome of the page's banner ('success', 'failure', ...), read from its words."""
    outcome_of = {words: outcome for outcome, words in OUTCOME_WORDS.items()}
    titles = [a.proto.title for kind in ("success", "error", "info", "warning")
              for a in getattr(at, kind) if a.proto.title in outcome_of]
    assert len(titles) == 1, f"expected one outcome banner, found {titles}"
    return outcome_of[titles[0]]


def problems(at: AppTest) -> list[str]:
    """Error messages on the page other than a failure banner, as read (markdown escapes of the
    text they quote removed)."""
    return [unescaped(e.value) for e in at.error if e.proto.title not in OUTCOME_WORDS.values()]


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MediaFileManager]:
    """The media file managers of AppTest's runs (each run makes one), to build a download."""
    made: list[MediaFileManager] = []

    class Recording(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", Recording)
    return made


def clicked(media: list[MediaFileManager], button: DownloadButton) -> MemoryFile:
    """The file a click on `button` would download (its deferred callable, run now)."""
    manager = media[-1]
    url = manager.execute_deferred(button.proto.deferred_file_id)
    return manager.read_file(url.rsplit("/", 1)[-1])

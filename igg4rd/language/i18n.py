"""The app's languages: gettext catalogs managed with Babel, the language of the running script,
and the words of a vocabulary translated where they are read.

Messages are marked `_("...")` where shown (or `N_("...")` where defined and shown later, as the
vocabulary's words), extracted with `pybabel extract -F babel.cfg -k N_` (README, 'Languages')
into igg4rd/language/locale/messages.pot, and translated in
igg4rd/language/locale/<language>/LC_MESSAGES/messages.po. The catalog is read with Babel's
PO reader on first use (no compiled .mo file to keep in step). A message not in the catalog,
untranslated or fuzzy shows in English. The language of a run is set by the app's frame from
the session's choice; the command line never sets one, so its answers stay English.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TypeVar

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).with_name("locale")
SOURCE_LANGUAGE = "en"
# code -> its name in itself (the switch shows these); a third language: one line here and one
# catalog file (README, 'Languages')
LANGUAGES = {"en": "English", "zh_Hans": "简体中文"}
_language: ContextVar[str] = ContextVar("igg4rd_language", default=SOURCE_LANGUAGE)
K = TypeVar("K")


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


@cache
def catalog(language: str) -> dict[tuple[str | None, str], str]:
    """The translated messages of `language`, by (context, message); none for the source
    language."""
    if language == SOURCE_LANGUAGE:
        return {}
    with catalog_path(language).open("rb") as po:
        messages = read_po(po, locale=language.replace("_", "-").split("-")[0])
    return {(m.context, m.id): m.string for m in messages
            if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
            and not m.fuzzy}


def set_language(language: str) -> None:
    """The language of this run (an unknown code means the source language)."""
    _language.set(language if language in LANGUAGES else SOURCE_LANGUAGE)


def current_language() -> str:
    return _language.get()


def language_for(locale: str | None) -> str:
    """The app's language for a browser's locale ('zh-CN', 'zh-Hans-CN', 'en-GB', ...):
    any Chinese is Simplified Chinese; anything else, English."""
    return "zh_Hans" if (locale or "").lower().startswith("zh") else SOURCE_LANGUAGE


def _(message: str) -> str:
    """`message` in the language of this run."""
    return catalog(_language.get()).get((None, message), message)


def pgettext(context: str, message: str) -> str:
    """`message` in the language of this run, where the same English words need another
    translation in `context` (a page's name in the navigation: 'Patients', the list)."""
    return catalog(_language.get()).get((context, message), message)


def N_(message: str) -> str:
    """Marks `message` for extraction; it is translated where shown (`_` or `Words`)."""
    return message


class Words(Mapping[K, str]):
    """A vocabulary: codes to words marked with `N_`, each read in the language of the run."""

    def __init__(self, words: Mapping[K, str]):
        self._words = dict(words)

    def __getitem__(self, code: K) -> str:
        return _(self._words[code])

    def __iter__(self) -> Iterator[K]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)

    @property
    def marked(self) -> dict[K, str]:
        """The words as marked (in English), to build another vocabulary from."""
        return dict(self._words)

    def __repr__(self) -> str:
        return f"Words({self._words!r})"

"""The language layer: catalogs complete and in step with the code, placeholders kept, the
vocabulary read in the language of the run, no unmarked text in the translated modules."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from igg4rd.language import catalog_flags
from igg4rd.language.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    _,
    catalog_path,
    current_language,
    language_for,
    set_language,
)
from igg4rd.language.words import OUTCOME_WORDS, RI_ITEM_LABELS, SITE_LABELS

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "igg4rd" / "language" / "locale" / "messages.pot"
TRANSLATIONS = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
# Modules whose every user-facing string is marked (the rest follow: README, 'Languages').
TRANSLATED = ("dashboard.py", *(str(p.relative_to(ROOT)) for p in sorted(
    [*(ROOT / "pages").glob("*.py"), *(ROOT / "igg4rd" / "ui").glob("*.py")])))
# Streamlit calls whose first argument (or `label`, `help`, `title`) is shown to the user.
SHOWN = {"title", "header", "subheader", "markdown", "caption", "text", "info", "warning",
         "error", "success", "metric", "button", "download_button", "expander", "popover",
         "selectbox", "toggle", "radio", "text_input", "date_input", "page_link", "badge",
         "checkbox", "number_input", "tabs"}
NOT_WORDS = {"Language · 语言"}  # the switch names each language in itself
# their `.error(...)` is for the server's log
LOGGERS = {"log", "_log", "_LOG", "logger", "LOG", "logging"}


def messages(path: Path) -> dict[tuple[str | None, str], object]:
    """A catalog's messages by (context, English)."""
    with path.open("rb") as po:
        return {(m.context, m.id): m for m in read_po(po) if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, object]:
    """The messages `pybabel extract` finds in the code now (README's command)."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "babel.cfg", "-k", "N_", "--no-location", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    return messages(pot)


def test_the_committed_template_is_what_the_code_marks(extracted):
    assert set(messages(TEMPLATE)) == set(extracted), "run the README's pybabel extract"


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_every_message_is_translated_and_none_is_fuzzy(extracted, language):
    catalog = messages(catalog_path(language))
    missing = sorted(set(extracted) - set(catalog))
    untranslated = sorted(i for i, m in catalog.items() if i in extracted and not m.string)
    fuzzy = sorted(i for i, m in catalog.items() if i in extracted and m.fuzzy)
    assert not (missing or untranslated or fuzzy), (missing, untranslated, fuzzy)


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translations_keep_the_placeholders(language):
    field = re.compile(r"\{(\w+)[^}]*\}")
    for message in messages(catalog_path(language)).values():
        if message.string:
            assert sorted(field.findall(message.id)) == sorted(field.findall(message.string)), \
                message.id


def unmarked_strings(path: Path) -> list[str]:
    """Literal text passed to a Streamlit element in `path` without `_()`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SHOWN) or ast.unparse(node.func.value) in LOGGERS:
            continue
        first = node.args[:1] if node.func.attr != "page_link" else []  # a page_link's page
        shown = first + [k.value for k in node.keywords if k.arg in ("label", "help", "title")]
        for argument in shown:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                text = argument.value
            elif isinstance(argument, ast.JoinedStr):  # its literal parts
                text = "".join(part.value for part in argument.values
                               if isinstance(part, ast.Constant))
            else:
                continue
            if re.search(r"[A-Za-z]{3}", text) and text not in NOT_WORDS:
                found.append(f"{path.name}:{node.lineno}: {text[:60]}")
    return found


def test_the_translated_modules_mark_every_shown_string():
    found = [line for module in TRANSLATED for line in unmarked_strings(ROOT / module)]
    assert not found, "\n".join(found)


def test_the_unmarked_check_bites(tmp_path):
    source = 'import streamlit as st\nst.title("Plain words")\nst.title(_("Marked"))\n'
    path = tmp_path / "sample.py"
    path.write_text(source)
    assert [line.split(": ", 1)[1] for line in unmarked_strings(path)] == ["Plain words"]


def test_the_vocabulary_is_read_in_the_language_of_the_run():
    try:
        set_language("zh_Hans")
        assert OUTCOME_WORDS["success"] == "诱导缓解成功"  # the glossary's term (zh-review row 10)
        assert RI_ITEM_LABELS["pancreas"] == SITE_LABELS["pancreas"] == "自身免疫性胰腺炎"
        assert _("Numbers in this chart") == "本图的数据"
    finally:
        set_language(SOURCE_LANGUAGE)
    assert OUTCOME_WORDS["success"] == "Success: remission induction achieved"
    assert _("not a message") == "not a message"


def test_the_browsers_locale_picks_the_first_language():
    assert [language_for(x) for x in ("zh-CN", "zh-Hans-CN", "zh", "en-GB", None, "fr")] == \
        ["zh_Hans", "zh_Hans", "zh_Hans", "en", "en", "en"]
    set_language("xx")
    assert current_language() == SOURCE_LANGUAGE


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_no_translation_writes_a_range_with_markdowns_strikethrough_mark(language):
    """Two ASCII tildes in Markdown strike out the text between them: '0.5~1 mg/(kg·d)
    (30~60 mg/d)' showed as a struck-out '0.51 mg/(kg·d)（3060 mg/d）'. A range in Chinese is
    written with the full-width '～' (docs/glossary-zh.md)."""
    tilde = sorted(m.id for m in messages(catalog_path(language)).values()
                   if "~" in (m.string or ""))
    assert not tilde, tilde


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_gettexts_msgfmt_check_passes(language):
    """The catalog is a valid gettext catalog: `msgfmt --check` (headers, formats). Babel
    flags '% of baseline RI' as printf ('% o'), which made msgfmt fail on 9 translations
    without that false conversion; `python -m igg4rd.language.catalog_flags` (README,
    'Languages') takes the flag off."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        reason = "msgfmt missing: apt-get install gettext"
        if os.environ.get("IGG4RD_CI") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    done = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(catalog_path(language))],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("path", catalog_flags.catalogs(), ids=lambda p: p.parent.name)
def test_python_format_marks_only_printf_messages(path):
    """Run the README's catalog_flags step after `pybabel update`: only a message with a printf
    conversion ('%.1f mo') is python-format; a percent sign ('95% intervals') is not."""
    text = path.read_text(encoding="utf-8")
    assert catalog_flags.tidied(text) == text, "run: python -m igg4rd.language.catalog_flags"


def test_the_flag_step_keeps_printf_and_drops_percent_signs():
    entry = '#, python-brace-format, python-format\nmsgid "{n}% of baseline"\nmsgstr "基线的{n}%"'
    printf = '#, python-format\nmsgid "%.1f mo"\nmsgstr "%.1f个月"'
    wrapped = '#, python-format\nmsgid ""\n"the exact 95% "\n"intervals"\nmsgstr ""'
    assert catalog_flags.tidied(f"{entry}\n\n{printf}\n\n{wrapped}") == \
        f'#, python-brace-format\nmsgid "{{n}}% of baseline"\nmsgstr "基线的{{n}}%"\n\n{printf}' \
        '\n\nmsgid ""\n"the exact 95% "\n"intervals"\nmsgstr ""'
    assert [catalog_flags.percent_is_printf(t) for t in
            ("% of baseline RI", "0% failure", "95% intervals", "%{y:.1f}%", "%.1f mo", "%s",
             "%(name)s", "100%%")] == [False, False, False, False, True, True, True, True]

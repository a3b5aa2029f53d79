"""Takes Babel's `python-format` flag off the messages whose '%' is a percent sign, so that
gettext's `msgfmt --check` passes on the catalogs. Run after the README's `pybabel extract` and
`pybabel update` (README, 'Languages'):

    .venv/bin/python -m igg4rd.language.catalog_flags

Babel flags a message `python-format` when its text matches printf's pattern anywhere, and
printf allows a space between '%' and the conversion: '% of baseline RI' reads as '% o' (octal)
and 'the exact 95% intervals' as '% i'. The app formats its messages with `str.format`
('{placeholder}'); its only printf-style messages are Streamlit column formats ('%.1f mo'). A
flagged message tells msgfmt to check the translation's conversions against the English ones,
and '基线的50%（目标1）' has none: 9 false errors. Babel adds the flag again every time it
reads a catalog (`Message.__init__`; a `no-python-format` flag is not consulted), so no option of
`pybabel` keeps it off; this step does, editing only the flag lines (the files stay byte for
byte as Babel wrote them otherwise). A message keeps the flag when it holds a printf conversion
written without the space flag ('%.1f', '%s', '%(name)s', '%%').
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import unescape

LOCALE_DIR = Path(__file__).with_name("locale")
# printf's conversion as Python reads it, without the ' ' flag: '% o' is a percent sign and a word
PRINTF = re.compile(r"%(?:\(\w*\))?[-#0+]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrs%]")
_FLAGS = "#,"
_ID = re.compile(r'^(?:#~ )?(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?) (".*")$')
_MORE = re.compile(r'^(?:#~ )?(".*")$')


def catalogs(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """The template and every language's catalog."""
    return [locale_dir / "messages.pot", *sorted(locale_dir.glob("*/LC_MESSAGES/messages.po"))]


def _texts(entry: list[str]) -> dict[str, str]:
    """An entry's msgctxt, msgid, msgid_plural and msgstr, unescaped (continuation lines joined)."""
    texts: dict[str, str] = {}
    key = None
    for line in entry:
        if match := _ID.match(line):
            key = match[1]
            texts[key] = unescape(match[2])
        elif key and (match := _MORE.match(line)):
            texts[key] += unescape(match[1])
        else:
            key = None
    return texts


def percent_is_printf(english: str) -> bool:
    return bool(PRINTF.search(english))


def tidied(text: str) -> str:
    """A catalog's text with `python-format` taken off each message without a printf conversion."""
    entries = text.split("\n\n")
    for number, block in enumerate(entries):
        lines = block.split("\n")
        flags = next((i for i, line in enumerate(lines) if line.startswith(_FLAGS)), None)
        if flags is None:
            continue
        names = [flag.strip() for flag in lines[flags][len(_FLAGS):].split(",")]
        if "python-format" not in names:
            continue
        texts = _texts(lines)
        if any(percent_is_printf(texts.get(key, "")) for key in ("msgid", "msgid_plural")):
            continue
        kept = [flag for flag in names if flag != "python-format"]
        if kept:
            lines[flags] = f"{_FLAGS} {', '.join(kept)}"
        else:
            del lines[flags]
        entries[number] = "\n".join(lines)
    return "\n\n".join(entries)


def main(paths: list[str]) -> int:
    """Tidies the given catalogs (default: the template and every language's); prints those it
    changed."""
    for path in [Path(p) for p in paths] or catalogs():
        text = path.read_text(encoding="utf-8")
        new = tidied(text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{path}: python-format taken off where '%' is a percent sign")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

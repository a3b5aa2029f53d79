"""Text in lines of a given width, for what draws text without wrapping it (the PDF report, a
chart's title): a wide (CJK) character takes two columns; Chinese breaks between characters,
never before closing nor after opening punctuation."""
from __future__ import annotations

import re
import textwrap
import unicodedata

# a line may not start with closing punctuation nor end with opening punctuation (Chinese)
_CLOSING = set("，。、：；！？）》」』】〕”’%,.:;!?)]")
_OPENING = set("（《「『【〔“‘([")


def columns(text: str) -> int:
    """The width of `text` in columns of Latin text: a wide (CJK) character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns: at spaces, as textwrap does (text without
    wide characters is wrapped by textwrap itself), and between two CJK characters."""
    if columns(text) == len(text):
        return textwrap.wrap(text, width=width)
    units: list[str] = []  # what may not be split: a Latin word, a CJK character, a space
    for unit in re.findall(r"\s+|[^\s]", text):
        joins = units and not unit.isspace() and not units[-1].isspace() and (
            unit in _CLOSING or units[-1][-1] in _OPENING
            or (columns(unit) == 1 and columns(units[-1][-1]) == 1))
        if joins:
            units[-1] += unit
        else:
            units.append(unit)
    lines, line = [], ""
    for unit in units:
        if unit.isspace():
            unit = " " if line else ""
        elif columns(line + unit) > width and line.strip():
            lines.append(line.rstrip())
            line = ""
        while columns(unit) > width:  # a word longer than a line
            cut = max(n for n in range(1, len(unit) + 1) if columns(unit[:n]) <= width)
            lines.append(unit[:cut])
            unit = unit[cut:]
        line += unit
    if line.strip():
        lines.append(line.rstrip())
    return lines

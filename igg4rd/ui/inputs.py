"""Typed fields read on the server: a number (with its unit) and a date, each read exactly as
typed or refused with the reason (`rules.parsing`), and a value read differently from how it
was typed said beside the field before anything is saved ("7,5" → "read as 7.5 mg/day").

Text boxes, not Streamlit's number and date widgets: a browser's number box reads 7,5 as 75,
and a date widget silently keeps its last valid value when a typed date is out of its range or
unreadable (streamlit-notes: the script cannot tell), so a visit was saved under a date nobody
typed. Here what is typed is what is read, or the field says why not.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import _
from igg4rd.rules import labs
from igg4rd.rules.parsing import EntryError, number_text, parse_number, parse_typed_date

PERSIST: dict[str, Any] = {"persist_state": "session"}


@dataclass(frozen=True)
class TypedNumber:
    """What was typed in a number field, read strictly (`rules.parsing`): the number, or None
    with the reason (`error`) when it cannot be read; None and no error for a blank."""

    text: str
    value: float | int | None
    error: str | None = None


@dataclass(frozen=True)
class TypedDate:
    """What was typed in a date field: the date, or None with the reason (`error`)."""

    text: str
    value: date | None
    error: str | None = None


def _read_as(shown: str) -> None:
    st.caption(_("Read as {value}").format(value=shown))


def typed_number(label: str, key: str, stored: float | None, *, integer: bool = False,
                 help: str | None = None, persist: bool = True, unit: str | None = None,
                 say_read_as: bool = True) -> TypedNumber:
    """A number field starting from the stored value; a number read differently from how it
    was typed is said beside it, with its `unit` (unless the caller says it: `say_read_as`)."""
    text = st.text_input(label, value=number_text(stored) or "", key=key,
                         help=help or _("A number: 7.5 or 7,5. Anything else is refused."),
                         **(PERSIST if persist else {}))
    try:
        value = parse_number(text, integer=integer)
    except EntryError as error:
        return TypedNumber(text, None, str(error))
    if say_read_as and value is not None and text.strip() != number_text(value):
        _read_as(f"{number(value)} {unit}" if unit else number(value))
    return TypedNumber(text, value)


def typed_date(label: str, key: str, stored: date | None, *, help: str | None = None,
               persist: bool = True) -> TypedDate:
    """A date field (YYYY-MM-DD; 2024/3/4 is read as 2024-03-04 and says so) starting from the
    stored date."""
    text = st.text_input(label, value=stored.isoformat() if stored else "", key=key,
                         placeholder=_("YYYY-MM-DD"),
                         help=help or _("Year first: 2024-03-04 (or 2024/3/4)."),
                         **(PERSIST if persist else {}))
    try:
        day = parse_typed_date(text)
    except EntryError as error:
        return TypedDate(text, None, str(error))
    if day is not None and text.strip() != date_text(day):
        _read_as(date_text(day))
    return TypedDate(text, day)


def lab_input(code: str, key: str, canonical_value: float | None,
              default_unit: str | None = None) -> TypedNumber:
    """A laboratory value (`rules.labs` registry's `code`) with its unit selector (starting at
    the clinic's unit, `default_unit`); its value is in the canonical unit.

    The number is read in the chosen unit (conversion by `rules.units`) and, when converted,
    shown both ways; plausibility is judged by the model, whose message names the likely unit
    mix-up, and a value that looks like another unit offers a one-click switch to it. The label
    must not change with the unit: a new label would make a new widget and lose the typed number.
    """
    lab = labs.LABS[code]
    units_offered = list(lab.units)
    unit_key = f"{key}.unit"
    if unit_key not in st.session_state and default_unit in units_offered:
        st.session_state[unit_key] = default_unit
    value_col, unit_col = st.columns([3, 2], vertical_alignment="bottom")
    unit = unit_col.selectbox(_("{quantity} unit").format(quantity=_(lab.label)), units_offered,
                              key=unit_key, label_visibility="collapsed",
                              disabled=len(units_offered) == 1)
    with value_col:
        typed = typed_number(_(lab.label), f"{key}.value", canonical_value, unit=unit,
                             say_read_as=unit == lab.canonical,
                             help=_("Stored in {unit}; pick the unit your laboratory "
                                    "reports. A number: 7.5 or 7,5.").format(unit=lab.canonical))
    if typed.value is None:
        return typed
    canonical = labs.to_canonical(code, typed.value, unit)
    if unit != lab.canonical:
        _read_as(f"{number(typed.value)} {unit} → {number(canonical)} {lab.canonical}")
    likely = labs.likely_unit(code, canonical)
    if likely is not None and likely != unit:
        st.button(_("Read it as {unit}").format(unit=likely), key=f"{key}.switch",
                  icon=":material/swap_horiz:", on_click=st.session_state.__setitem__,
                  args=(unit_key, likely))
    return TypedNumber(typed.text, canonical)

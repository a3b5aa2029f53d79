"""The RI calculator widget, 2012 instrument (igg4rd.rules.responder_index).

Each listed item (the involved sites, the items of the form it starts from, 'other') gets its
activity as a worded choice (0 unaffected or resolved … 4 worse, or new, despite treatment), an
'urgent' tick (doubles it) and a 'damage' tick (recorded, not scored). A new form starts
ungraded: it totals nothing until every listed site and the serum IgG4 item are graded ('other'
may stay ungraded), so a form nobody touched never stores an RI. The previous form is copied in
only when the clinician asks for it; the IgG4 item suggested from the measured IgG4 is shown as
a suggestion until accepted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from igg4rd.language.formats import listing
from igg4rd.language.i18n import _
from igg4rd.language.words import RI_ACTIVITY_WORDS, RI_ITEM_LABELS
from igg4rd.rules.responder_index import ITEMS, MAX_ACTIVITY, OrganItem, RIBreakdown
from igg4rd.ui.text import plain

ACTIVITIES = list(range(MAX_ACTIVITY + 1))
OPTIONAL = "other"  # graded only when there is something to grade


@dataclass(frozen=True)
class Suggestion:
    """The IgG4 item's suggested grade and what it was suggested from, in words."""

    grade: int
    basis: str


@dataclass(frozen=True)
class Copy:
    """A form the clinician may start from (the previous visit's), and its name in words."""

    form: RIBreakdown
    name: str


@dataclass(frozen=True)
class ScoredForm:
    """The calculator's result: the 2012 form once every required item is graded (its `.total`
    is the RI), else None with the labels of the items still ungraded."""

    breakdown: RIBreakdown | None
    ungraded: tuple[str, ...]


def _activity_words(grade: int) -> str:
    return f"{grade} · {RI_ACTIVITY_WORDS[grade]}"


def _seed(key: str, value: Any) -> None:
    """A widget's first value, set through session state (never also as its default)."""
    if key not in st.session_state:
        st.session_state[key] = value


def _copy_in(key: str, form: RIBreakdown, items: list[str]) -> None:
    """Button callback: the widgets take the grades of `form` (the clinician asked for it); a
    listed item the form does not hold was graded 0 there (a scored form keeps graded items)."""
    st.session_state[f"{key}.copied"] = list(form.organs)
    unaffected = OrganItem(activity=0)
    for item in dict.fromkeys([*items, *form.organs]):
        if item == OPTIONAL and item not in form.organs:
            continue
        graded = form.organs.get(item, unaffected)
        st.session_state[f"{key}.{item}.activity"] = graded.activity
        st.session_state[f"{key}.{item}.urgent"] = graded.urgent
        st.session_state[f"{key}.{item}.damage"] = graded.damage
    st.session_state[f"{key}.igg4"] = form.igg4


def _item_row(key: str, item: str, current: OrganItem | None) -> OrganItem | None:
    """One item's widgets; None while its activity is not graded."""
    label_col, activity_col, urgent_col, damage_col = st.columns([3, 4, 1.4, 1.6],
                                                                 vertical_alignment="center")
    label_col.markdown(RI_ITEM_LABELS[item])
    _seed(f"{key}.{item}.activity", current.activity if current else None)
    _seed(f"{key}.{item}.urgent", bool(current and current.urgent))
    _seed(f"{key}.{item}.damage", bool(current and current.damage))
    activity = activity_col.selectbox(
        _("{item}: activity").format(item=RI_ITEM_LABELS[item]), ACTIVITIES,
        format_func=_activity_words, key=f"{key}.{item}.activity",
        placeholder=_("Not graded"), label_visibility="collapsed")
    urgent = urgent_col.checkbox(_("Urgent"), key=f"{key}.{item}.urgent",
                                 help=_("Needs urgent treatment (a threat to the organ's "
                                        "function): the grade counts double."))
    damage = damage_col.checkbox(_("Damage"), key=f"{key}.{item}.damage",
                                 help=_("Irreversible damage: recorded, not scored."))
    if activity is None:
        return None
    return OrganItem(activity=activity, urgent=urgent, damage=damage)


def _review_note(start: RIBreakdown) -> None:
    """A form kept from the earlier calculator says why it needs review (as text: it may come
    from a file)."""
    legacy = sum(item.score for name, item in start.organs.items() if name not in ITEMS)
    replaced = (_("{review} Rescoring replaces that form; its {points} point(s) for items the "
                  "2012 form does not have are dropped.") if legacy else
                _("{review} Rescoring replaces that form."))
    st.warning(replaced.format(review=plain(start.review), points=legacy),
               icon=":material/rate_review:")


def _igg4_item(key: str, start: RIBreakdown | None, suggestion: Suggestion | None
               ) -> int | None:
    """The serum IgG4 item: its own grade, or ungraded with the suggestion offered."""
    _seed(f"{key}.igg4", start.igg4 if start else None)
    grade = st.selectbox(_("Serum IgG4 item"), ACTIVITIES, format_func=_activity_words,
                         key=f"{key}.igg4", placeholder=_("Not graded"),
                         help=_("That the IgG4 item uses the organ grades is not confirmed by "
                                "a public text; always editable."))
    if suggestion is None:
        st.caption(_("No IgG4 value to suggest a grade from."))
    elif grade != suggestion.grade:
        text_col, button_col = st.columns([3, 1], vertical_alignment="center")
        text_col.caption(_("Suggested: {grade} ({basis}).").format(
            grade=_activity_words(suggestion.grade), basis=suggestion.basis))
        button_col.button(_("Use the suggestion"), key=f"{key}.igg4.accept",
                          on_click=st.session_state.__setitem__,
                          args=(f"{key}.igg4", suggestion.grade))
    return grade


def ri_calculator(key: str, sites: list[str], start: RIBreakdown | None,
                  suggestion: Suggestion | None, copy: Copy | None = None) -> ScoredForm:
    """Score the RI item by item: from the observation's own form `start` (rescoring), else
    ungraded; `copy` (the previous visit's form) is offered, copied in only when asked for."""
    if start is not None and start.review:
        _review_note(start)
    copied = st.session_state.get(f"{key}.copied", [])
    existing = start.organs if start else {}
    items = list(dict.fromkeys([*sites, *(i for i in [*existing, *copied] if i in ITEMS),
                                OPTIONAL]))
    st.caption(_("Grade each organ for disease activity (2012 instrument). Urgent doubles the "
                 "grade; damage is recorded, not scored. The form totals nothing until every "
                 "site and the IgG4 item are graded."))
    if copy is not None:
        st.button(_("Start from the form of {name}").format(name=copy.name),
                  icon=":material/content_copy:", key=f"{key}.copy", on_click=_copy_in,
                  args=(key, copy.form, [i for i in items if i in ITEMS]))
    scored_zero = OrganItem(activity=0) if start is not None else None  # a scored form's absent
    organs = {item: _item_row(key, item, existing.get(item, scored_zero)) for item in items}
    igg4 = _igg4_item(key, start, suggestion)
    ungraded = tuple(RI_ITEM_LABELS[item] for item, graded in organs.items()
                     if graded is None and item != OPTIONAL)
    ungraded += () if igg4 is not None else (_("Serum IgG4 item"),)
    if ungraded:
        st.markdown(_("**RI total: not scored yet** (grade: {items})").format(
            items=listing(ungraded)))
        return ScoredForm(None, ungraded)
    breakdown = RIBreakdown(organs={k: v for k, v in organs.items()
                                    if v is not None and (v.activity or v.damage)},
                            igg4=igg4 or 0)
    st.markdown(_("**RI total: {total}** (2012 instrument)").format(total=breakdown.total))
    return ScoredForm(breakdown, ())


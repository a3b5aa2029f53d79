"""The RI calculator widget, 2012 instrument (igg4rd.rules.responder_index).

Each listed item (the involved sites, the items of the form it starts from, 'other') gets its
activity as a worded choice (0 unaffected or resolved … 4 worse, or new, despite treatment), an
'urgent' tick (doubles it) and a 'damage' tick (recorded, not scored); the serum IgG4 item is
suggested from the measured IgG4 but always editable. The total updates as items change.
"""
from __future__ import annotations

import streamlit as st

from igg4rd.language.i18n import _
from igg4rd.language.words import RI_ACTIVITY_WORDS, RI_ITEM_LABELS
from igg4rd.rules.responder_index import ITEMS, MAX_ACTIVITY, OrganItem, RIBreakdown
from igg4rd.ui.text import plain

ACTIVITIES = list(range(MAX_ACTIVITY + 1))


def _activity_words(grade: int) -> str:
    return f"{grade} · {RI_ACTIVITY_WORDS[grade]}"


def _item_row(key: str, item: str, current: OrganItem | None) -> OrganItem:
    label_col, activity_col, urgent_col, damage_col = st.columns([3, 4, 1.4, 1.6],
                                                                 vertical_alignment="center")
    label_col.markdown(RI_ITEM_LABELS[item])
    activity = activity_col.selectbox(
        _("{item}: activity").format(item=RI_ITEM_LABELS[item]), ACTIVITIES,
        index=current.activity if current else 0, format_func=_activity_words,
        key=f"{key}.{item}.activity", label_visibility="collapsed")
    urgent = urgent_col.checkbox(_("Urgent"), value=bool(current and current.urgent),
                                 key=f"{key}.{item}.urgent",
                                 help=_("Needs urgent treatment (a threat to the organ's "
                                        "function): the grade counts double."))
    damage = damage_col.checkbox(_("Damage"), value=bool(current and current.damage),
                                 key=f"{key}.{item}.damage",
                                 help=_("Irreversible damage: recorded, not scored."))
    return OrganItem(activity=activity, urgent=urgent, damage=damage)


def ri_calculator(key: str, sites: list[str], start: RIBreakdown | None,
                  suggested_igg4_item: int | None, suggestion_basis: str) -> RIBreakdown:
    """Score the RI item by item, starting from `start`; returns the 2012 form (its `.total` is
    the RI). A form kept from the earlier calculator shows why it needs review; saving this
    form replaces it."""
    existing = start.organs if start else {}
    if start is not None and start.review:
        legacy = sum(item.score for name, item in existing.items() if name not in ITEMS)
        replaced = (_("{review} Rescoring replaces that form; its {points} point(s) for items "
                      "the 2012 form does not have are dropped.") if legacy else
                    _("{review} Rescoring replaces that form."))
        st.warning(replaced.format(review=plain(start.review), points=legacy),
                   icon=":material/rate_review:")
    items = list(dict.fromkeys([*sites, *(i for i in existing if i in ITEMS), "other"]))
    st.caption(_("Grade each organ for disease activity (2012 instrument). Urgent doubles the "
                 "grade; damage is recorded, not scored."))
    organs = {item: _item_row(key, item, existing.get(item)) for item in items}
    default_igg4 = start.igg4 if start else (suggested_igg4_item or 0)
    igg4 = st.selectbox(_("Serum IgG4 item"), ACTIVITIES, index=default_igg4,
                        format_func=_activity_words, key=f"{key}.igg4",
                        help=_("Suggested: {grade} ({basis}). That the IgG4 item uses the organ "
                               "grades is not confirmed by a public text; always "
                               "editable.").format(grade=_activity_words(suggested_igg4_item),
                                                   basis=suggestion_basis)
                        if suggested_igg4_item is not None else
                        _("No IgG4 value to suggest a grade from."))
    breakdown = RIBreakdown(organs={k: v for k, v in organs.items() if v.activity or v.damage},
                            igg4=igg4)
    st.markdown(_("**RI total: {total}** (2012 instrument)").format(total=breakdown.total))
    return breakdown

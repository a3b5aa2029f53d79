"""The IgG4-RD Responder Index calculator widget (igg4rd.responder_index).

Each listed item (the involved sites, constitutional symptoms, other) gets the 0-3 activity
choice, an 'urgent' tick (doubles the score) and a 'damage' tick (recorded, not scored); the
serum IgG4 item is suggested from the measured IgG4 and the upper limit of normal but editable.
Sources: Carruthers et al. 2012; Wallace et al. 2018 (see responder_index).
"""
from __future__ import annotations

import streamlit as st

from igg4rd.language.words import RI_ACTIVITY_WORDS as ACTIVITY_LABELS
from igg4rd.language.words import RI_ITEM_LABELS as ITEM_LABELS
from igg4rd.rules.responder_index import (
    MAX_ACTIVITY,
    OrganItem,
    RIBreakdown,
)

ACTIVITIES = list(range(MAX_ACTIVITY + 1))


def _activity_label(score: int) -> str:
    return f"{score} · {ACTIVITY_LABELS[score]}"


def _item_row(key: str, item: str, current: OrganItem | None) -> OrganItem:
    label_col, activity_col, urgent_col, damage_col = st.columns([3, 4, 1, 1],
                                                                 vertical_alignment="center")
    label_col.markdown(ITEM_LABELS[item])
    activity = activity_col.selectbox(
        f"{ITEM_LABELS[item]} activity", ACTIVITIES, index=current.activity if current else 0,
        format_func=_activity_label, key=f"{key}.{item}.activity", label_visibility="collapsed")
    urgent = urgent_col.checkbox("Urgent", value=bool(current and current.urgent),
                                 key=f"{key}.{item}.urgent")
    damage = damage_col.checkbox("Damage", value=bool(current and current.damage),
                                 key=f"{key}.{item}.damage")
    return OrganItem(activity=activity, urgent=urgent, damage=damage)


def ri_calculator(key: str, sites: list[str], current: RIBreakdown | None,
                  suggested_igg4_item: int | None, suggestion_basis: str) -> RIBreakdown:
    """Score the RI item by item; returns the breakdown (its `.total` is the RI)."""
    existing = current.organs if current else {}
    items = list(dict.fromkeys([*sites, *existing, "constitutional", "other"]))
    st.caption("Activity: 0 unaffected or resolved · 1 improved · 2 persistent · 3 new, recurrent "
               "or worse despite treatment. Urgent doubles the item; damage is recorded, not "
               "scored.")
    organs = {item: _item_row(key, item, existing.get(item)) for item in items}
    default_igg4 = current.igg4 if current else (suggested_igg4_item or 0)
    igg4 = st.selectbox("Serum IgG4 item", ACTIVITIES, index=default_igg4,
                        format_func=_activity_label, key=f"{key}.igg4",
                        help=f"Suggested: {suggested_igg4_item} ({suggestion_basis}); "
                             "always editable.")
    breakdown = RIBreakdown(organs={k: v for k, v in organs.items() if v.activity or v.damage},
                            igg4=igg4)
    st.markdown(f"**RI total: {breakdown.total}**")
    return breakdown

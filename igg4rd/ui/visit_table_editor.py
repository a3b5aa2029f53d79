"""Streamlit parts of the visit log: the table's key, edit state and column settings."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from igg4rd.entry.visit_table import COLUMN_ORDER, TABLE_LABS, column_label
from igg4rd.language.i18n import N_, _
from igg4rd.language.words import GLUCOCORTICOID_NAMES, SITE_LABELS
from igg4rd.render.lines import columns
from igg4rd.rules.responder_index import RI_MAX
from igg4rd.rules.units import GLUCOCORTICOIDS

TYPED_HELP = N_("A number: 7.5 or 7,5. Anything else is refused, never guessed.")  # shown with _
HEADER_PX_PER_COLUMN, HEADER_PX_ICONS = 7.5, 40  # the grid's header font; its edit icon, padding


def editor_key(patient_id: str) -> str:
    """The visit table's widget key; a new version gives a fresh editor after each save."""
    return f"visits.{patient_id}.table.{st.session_state.get(editor_generation_key(patient_id), 0)}"


def renew_editor(patient_id: str) -> None:
    """Redraw the table from the stored patient (drops the editor's pending edits)."""
    key = editor_generation_key(patient_id)
    st.session_state[key] = st.session_state.get(key, 0) + 1


def has_edits(key: str) -> bool:
    """Whether the editor under `key` holds edits, additions or deletions."""
    state = st.session_state.get(key) or {}
    return any(state.get(kind) for kind in ("edited_rows", "added_rows", "deleted_rows"))


def editor_generation_key(patient_id: str) -> str:
    """Where the count of the patient's fresh editors is kept (it only ever goes up)."""
    return f"visits.{patient_id}.version"


def header_width(label: str) -> int:
    """The width a visit table header needs to be read whole (the grid cuts a header short,
    and with it the unit: 'Dose (mg/c…')."""
    return round(columns(label) * HEADER_PX_PER_COLUMN) + HEADER_PX_ICONS


def _column(kind: Callable[..., Any], name: str, content_px: int, **options: Any) -> Any:
    """A visit table column: its header in words, as wide as its content or its header."""
    label = column_label(name)
    return kind(label, width=max(content_px, header_width(label)), **options)


def visit_table_config() -> dict[str, Any]:
    """`st.data_editor` arguments: column types, limits, labels and order."""
    cc = st.column_config
    typed_help = _(TYPED_HELP)
    labs = {name: _column(cc.TextColumn, name, 80, help=typed_help) for name in TABLE_LABS}
    return {"column_order": COLUMN_ORDER, "placeholder": "—", "column_config": {
        "date": _column(cc.DateColumn, "date", 100, required=True, format="YYYY-MM-DD",
                        pinned=True),
        "month": _column(cc.NumberColumn, "month", 60, disabled=True, format="%.1f",
                         help=_("Months since the treatment start")),
        "ri": _column(cc.TextColumn, "ri", 50,
                      help=_("IgG4-RD Responder Index (total, 0-{max})").format(max=RI_MAX)),
        "gc_drug": _column(cc.SelectboxColumn, "gc_drug", 120, options=list(GLUCOCORTICOIDS),
                           format_func=GLUCOCORTICOID_NAMES.get,
                           help=_("Blank: the regimen's glucocorticoid")),
        "gc_dose_mg": _column(cc.TextColumn, "gc_dose_mg", 90, help=typed_help),
        "prednisone_mg": _column(cc.NumberColumn, "prednisone_mg", 90, disabled=True,
                                 format="%g", help=_("Prednisone-equivalent dose (mg/day)")),
        "relapse": _column(cc.CheckboxColumn, "relapse", 65),
        "relapse_sites": _column(cc.MultiselectColumn, "relapse_sites", 130,
                                 options=list(SITE_LABELS), format_func=SITE_LABELS.get),
        **labs,
    }}

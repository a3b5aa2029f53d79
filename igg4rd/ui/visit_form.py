"""Streamlit parts of the visit log: the table's key, edit state and column settings."""
from __future__ import annotations

from typing import Any

import streamlit as st

from igg4rd.entry.visit_table import COLUMN_LABELS, COLUMN_ORDER
from igg4rd.language.i18n import N_, _
from igg4rd.language.words import SITE_LABELS
from igg4rd.rules.responder_index import RI_MAX
from igg4rd.rules.units import EQUIVALENT_TO_5MG_PREDNISONE

GLUCOCORTICOIDS = list(EQUIVALENT_TO_5MG_PREDNISONE)
TYPED_HELP = N_("A number: 7.5 or 7,5. Anything else is refused, never guessed.")  # shown with _
LAB_COLUMNS = ("esr", "crp", "igg", "igg4", "eosinophils_pct")


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


def visit_table_config() -> dict[str, Any]:
    """`st.data_editor` arguments: column types, limits, labels and order."""
    cc = st.column_config
    typed_help = _(TYPED_HELP)
    labs = {name: cc.TextColumn(COLUMN_LABELS[name], width=80, help=typed_help)
            for name in LAB_COLUMNS}
    return {"column_order": COLUMN_ORDER, "placeholder": "—", "column_config": {
        "date": cc.DateColumn(COLUMN_LABELS["date"], required=True, format="YYYY-MM-DD",
                              pinned=True, width=100),
        "month": cc.NumberColumn(COLUMN_LABELS["month"], disabled=True, format="%.1f", width=60,
                                 help=_("Months since the treatment start")),
        "ri": cc.TextColumn(COLUMN_LABELS["ri"], width=50,
                            help=_("IgG4-RD Responder Index (total, 0-{max})").format(
                                max=RI_MAX)),
        "gc_drug": cc.SelectboxColumn(COLUMN_LABELS["gc_drug"], options=GLUCOCORTICOIDS,
                                      width=120, help=_("Blank: the regimen's glucocorticoid")),
        "gc_dose_mg": cc.TextColumn(COLUMN_LABELS["gc_dose_mg"], width=90, help=typed_help),
        "prednisone_mg": cc.NumberColumn(COLUMN_LABELS["prednisone_mg"], disabled=True,
                                         format="%g", width=90,
                                         help=_("Prednisone-equivalent dose (mg/day)")),
        "relapse": cc.CheckboxColumn(COLUMN_LABELS["relapse"], width=65),
        "relapse_sites": cc.MultiselectColumn(COLUMN_LABELS["relapse_sites"],
                                              options=list(SITE_LABELS), width=130,
                                              format_func=SITE_LABELS.get),
        **labs,
    }}

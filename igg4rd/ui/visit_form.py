"""Streamlit parts of the visit log: the table's column settings and the add-a-visit form."""
from __future__ import annotations

from typing import Any

import streamlit as st

from igg4rd.entry.visit_table import COLUMN_LABELS, COLUMN_ORDER
from igg4rd.language.words import SITE_LABELS
from igg4rd.rules.model import Patient
from igg4rd.rules.responder_index import RI_MAX
from igg4rd.rules.units import EQUIVALENT_TO_5MG_PREDNISONE, QUANTITIES

GLUCOCORTICOIDS = list(EQUIVALENT_TO_5MG_PREDNISONE)
TYPED_HELP = "A number: 7.5 or 7,5. Anything else is refused, never guessed."
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
    labs = {name: cc.TextColumn(COLUMN_LABELS[name], width=80, help=TYPED_HELP)
            for name in LAB_COLUMNS}
    return {"column_order": COLUMN_ORDER, "placeholder": "—", "column_config": {
        "date": cc.DateColumn(COLUMN_LABELS["date"], required=True, format="YYYY-MM-DD",
                              pinned=True, width=100),
        "month": cc.NumberColumn(COLUMN_LABELS["month"], disabled=True, format="%.1f", width=60,
                                 help="Months since the treatment start"),
        "ri": cc.TextColumn(COLUMN_LABELS["ri"], width=50,
                            help=f"IgG4-RD Responder Index (total, 0-{RI_MAX})"),
        "gc_drug": cc.SelectboxColumn(COLUMN_LABELS["gc_drug"], options=GLUCOCORTICOIDS,
                                      width=120, help="Blank: the regimen's glucocorticoid"),
        "gc_dose_mg": cc.TextColumn(COLUMN_LABELS["gc_dose_mg"], width=90, help=TYPED_HELP),
        "prednisone_mg": cc.NumberColumn(COLUMN_LABELS["prednisone_mg"], disabled=True,
                                         format="%g", width=90,
                                         help="Prednisone-equivalent dose (mg/day)"),
        "relapse": cc.CheckboxColumn(COLUMN_LABELS["relapse"], width=65),
        "relapse_sites": cc.MultiselectColumn(COLUMN_LABELS["relapse_sites"],
                                              options=list(SITE_LABELS), width=130,
                                              format_func=SITE_LABELS.get),
        **labs,
    }}


def add_visit_form(patient: Patient) -> dict[str, Any] | None:
    """A form for one visit (canonical units); the visit record on submit, else None."""
    with st.form(f"add-visit.{patient.id}", clear_on_submit=True, border=True):
        st.subheader("Add a visit")
        cols = st.columns(5)
        day = cols[0].date_input("Visit date", value=None)
        ri = cols[1].number_input("RI (total)", min_value=0, max_value=RI_MAX, step=1,
                                  value=None)
        drug = cols[2].selectbox("Glucocorticoid", GLUCOCORTICOIDS,
                                 index=GLUCOCORTICOIDS.index(patient.treatment.glucocorticoid))
        dose = cols[3].number_input("Dose (mg/day)", min_value=0.0, step=2.5, value=None,
                                    format="%g")
        relapse = cols[4].checkbox("Relapse at this visit")
        sites = st.multiselect("Relapse sites", list(SITE_LABELS), format_func=SITE_LABELS.get)
        cols = st.columns(len(LAB_COLUMNS))
        labs = {name: col.number_input(COLUMN_LABELS[name], min_value=0.0, value=None,
                                       format=f"%.{QUANTITIES[name].decimals}f")
                for col, name in zip(cols, LAB_COLUMNS, strict=True)}
        if not st.form_submit_button("Add visit", type="primary", icon=":material/add:"):
            return None
    visit = {"date": day.isoformat() if day else None, "ri": ri, "gc_drug": drug,
             "gc_dose_mg": dose, "relapse": relapse, "relapse_sites": sites, **labs}
    return {k: v for k, v in visit.items() if v is not None or k == "date"}

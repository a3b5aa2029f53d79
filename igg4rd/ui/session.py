"""Per-session state: this tab's patients, the selected one, thresholds and 'today'.

Demo mode (architecture.md, 'State'): each browser session gets its own copies of the synthetic
demo patients; nothing typed reaches another session or the disk.
"""
from __future__ import annotations

import os
from datetime import date

import streamlit as st

from igg4rd.demo import demo_patients
from igg4rd.model import Patient
from igg4rd.thresholds import DEFAULTS, Thresholds

NEW = "__new__"  # picker choice: a new patient, entered from empty
PATIENTS = "igg4rd.patients"
PICKER = "igg4rd.picker"
THRESHOLDS = "igg4rd.thresholds"
TODAY = "igg4rd.today"
_PENDING_SELECTION = "igg4rd.select_next"


def today() -> date:
    """The assessment date: session override, else env IGG4RD_TODAY (tests), else today."""
    if TODAY in st.session_state:
        return st.session_state[TODAY]
    fixed = os.environ.get("IGG4RD_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


@st.cache_data(show_spinner=False)
def _demo(day: date) -> dict[str, Patient]:
    """Synthetic demo patients dated against `day` (cache_data hands out copies)."""
    return {p.id: p for p in demo_patients(day)}


def patients() -> dict[str, Patient]:
    """This session's patients by id, seeded with the demo patients on first use."""
    if PATIENTS not in st.session_state:
        st.session_state[PATIENTS] = _demo(today())
    return st.session_state[PATIENTS]


def selected_id() -> str:
    """The id chosen in the picker, or NEW."""
    return st.session_state.get(PICKER) or next(iter(patients()), NEW)


def selected_patient() -> Patient | None:
    """The selected stored patient, or None for a new one."""
    return patients().get(selected_id())


def store(patient: Patient) -> None:
    """Replace (or add) a whole, validated patient in this session."""
    patients()[patient.id] = patient


def select_and_rerun(patient_id: str) -> None:
    """Select `patient_id` in the picker from inside a page (applied before the picker draws)."""
    st.session_state[_PENDING_SELECTION] = patient_id
    st.rerun()


def apply_pending_selection() -> None:
    """Called before the picker widget is drawn."""
    pending = st.session_state.pop(_PENDING_SELECTION, None)
    if pending is not None:
        st.session_state[PICKER] = pending


def thresholds() -> Thresholds:
    return st.session_state.get(THRESHOLDS, DEFAULTS)


def set_thresholds(values: Thresholds) -> None:
    st.session_state[THRESHOLDS] = values


"""The visit entry below the visit log: add a visit (its RI typed or scored with the calculator,
starting from the previous visit's form; its labs in the unit the laboratory reports) or rescore
the RI of a recorded visit.

A refused entry keeps everything typed and says what is wrong at the field, in clinical words
(`entry.visit_entry`); an implausible value is saved only once the clinician confirms it by
name (`rules.plausibility`). The entry hands the visit log a change to save
(`Patient → Patient`); after the save the log asks for a fresh entry (`entry_saved`).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import streamlit as st

from igg4rd.entry.visit_entry import visit_problems, with_rescored_ri
from igg4rd.entry.visit_table import patient_with_visit
from igg4rd.language.words import GLUCOCORTICOID_NAMES
from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import N_, Words, _
from igg4rd.language.words import SITE_LABELS
from igg4rd.rules.model import Patient
from igg4rd.rules.plausibility import new_implausible_values
from igg4rd.rules.responder_index import RIBreakdown, carried_forward, suggest_igg4_item
from igg4rd.rules.thresholds import Thresholds
from igg4rd.rules.units import EQUIVALENT_TO_5MG_PREDNISONE
from igg4rd.ui.ri_calculator import ri_calculator
from igg4rd.ui.text import plain
from igg4rd.ui.widgets import confirmed, lab_input, typed_number

Change = Callable[[Patient], Patient]
LABS = Words({"esr": "ESR", "crp": "CRP", "igg": "IgG", "igg4": "IgG4",  # test names: kept
              "eosinophils_pct": N_("Eosinophils (%)"),
              "eosinophils_count": N_("Eosinophil count"), "ige": "IgE"})
NEW = "new"


def _prefix(patient_id: str) -> str:
    return f"visit-entry.{patient_id}"


def entry_saved(patient_id: str) -> None:
    """The entry's change was saved: the next run draws an empty entry."""
    key = f"{_prefix(patient_id)}.generation"
    st.session_state[key] = st.session_state.get(key, 0) + 1
    st.session_state.pop(f"{_prefix(patient_id)}.pending", None)


def _scored_before(patient: Patient, day: date | None) -> Any:
    """The last scored observation before `day` (the baseline at the latest), for the
    calculator to start from and the IgG4 item to compare with."""
    earlier = [v for v in sorted(patient.visits, key=lambda v: v.date)
               if day is None or v.date < day]
    return next((v for v in reversed(earlier) if v.ri_breakdown), patient.baseline)


class VisitEntry:
    """Draws the entry; `change()` returns the change to save, once it is valid and confirmed."""

    def __init__(self, patient: Patient, thresholds: Thresholds, today: date):
        self.patient, self.thresholds, self.today = patient, thresholds, today
        generation = st.session_state.get(f"{_prefix(patient.id)}.generation", 0)
        self.key = f"{_prefix(patient.id)}.{generation}"
        self.pending = f"{_prefix(patient.id)}.pending"
        self.slots: dict[str, Any] = {}
        self.typed_problems: dict[str, str] = {}

    def change(self) -> Change | None:
        st.subheader(_("Add a visit, or rescore a visit's RI"))
        visits = {v.date.isoformat(): v for v in sorted(self.patient.visits, key=lambda v: v.date)}
        target = st.selectbox(_("Enter"), [NEW, *visits], key=f"{self.key}.target",
                              format_func=lambda t: _("A new visit") if t == NEW
                              else _("The RI of the visit of {day} (rescore it)").format(
                                  day=date_text(visits[t].date)))
        if target == NEW:
            record = self._new_visit()
            label, candidate = _("Add visit"), lambda: partial(patient_with_visit, visit=record)
        else:
            form = self._calculator(visits[target].date, visits[target].igg4,
                                    visits[target].ri_breakdown)
            day = visits[target].date
            label, candidate = _("Save the RI"), lambda: partial(with_rescored_ri, day=day,
                                                               breakdown=form)
            record = None
        self._here("visit")
        if st.button(label, type="primary", icon=":material/add:", key=f"{self.key}.submit"):
            st.session_state[self.pending] = True
        if not st.session_state.get(self.pending):
            return None
        return self._checked(record, candidate())

    def _checked(self, record: dict[str, Any] | None, change: Change) -> Change | None:
        """The change, if nothing is refused and every implausible value is confirmed; else
        the problems at their fields (or the confirmation asked for), the input kept."""
        problems = self.typed_problems or (visit_problems(self.patient, record) if record else {})
        if problems:
            st.session_state[self.pending] = False
            for field, message in problems.items():
                self.slots.get(field, self.slots["visit"]).error(plain(message),
                                                                icon=":material/error:")
            return None
        warnings = new_implausible_values(self.patient, change(self.patient), self.today)
        if not confirmed(f"{self.key}.confirm", warnings, cancel_key=self.pending):
            return None
        return change

    def _here(self, field: str) -> None:
        self.slots[field] = st.container()

    def _typed(self, field: str, label: str, **options: Any) -> float | int | None:
        typed = typed_number(label, f"{self.key}.{field}", None, persist=False, **options)
        self._here(field)
        if typed.error:
            self.typed_problems[field] = _("{field}: {problem}").format(field=label,
                                                                       problem=typed.error)
        return typed.value

    def _new_visit(self) -> dict[str, Any]:
        cols = st.columns([2, 2, 2, 2])
        with cols[0]:
            day = st.date_input(_("Visit date"), value=None, key=f"{self.key}.date")
            self._here("date")
        drugs = list(EQUIVALENT_TO_5MG_PREDNISONE)
        drug = cols[1].selectbox(_("Glucocorticoid"), drugs, key=f"{self.key}.drug",
                                 index=drugs.index(self.patient.treatment.glucocorticoid),
                                 format_func=GLUCOCORTICOID_NAMES.__getitem__)
        with cols[2]:
            dose = self._typed("gc_dose_mg", _("Dose (mg/day)"))
        with cols[3]:
            relapse = st.checkbox(_("Relapse at this visit"), key=f"{self.key}.relapse")
            self._here("relapse")
        sites = st.multiselect(_("Relapse sites"), list(SITE_LABELS), format_func=SITE_LABELS.get,
                               key=f"{self.key}.relapse_sites", placeholder=_("Choose sites"))
        self._here("relapse_sites")
        labs = self._labs()
        ri = self._ri(day, labs.get("igg4"))
        visit = {"date": day.isoformat() if day else None, "gc_drug": drug, "gc_dose_mg": dose,
                 "relapse": relapse, "relapse_sites": sites, **labs, **ri}
        return {k: v for k, v in visit.items() if v is not None or k == "date"}

    def _labs(self) -> dict[str, float | None]:
        st.markdown(_("**Laboratory values** (in the unit your laboratory reports; stored in "
                      "canonical units)"))
        labs, cols = {}, st.columns(3)
        for i, (name, label) in enumerate(LABS.items()):
            with cols[i % 3]:
                typed = lab_input(name, label, f"{self.key}.{name}", None)
                self._here(name)
                if typed.error:
                    self.typed_problems[name] = _("{field}: {problem}").format(
                        field=label, problem=typed.error)
                labs[name] = typed.value
        return labs

    def _ri(self, day: date | None, igg4: float | None) -> dict[str, Any]:
        earlier = _scored_before(self.patient, day)
        scored = st.toggle(_("Score the RI with the calculator (starting from the previous "
                             "form)"),
                           value=earlier.ri_breakdown is not None, key=f"{self.key}.scored")
        if not scored:
            return {"ri": self._typed("ri", _("RI (total)"), integer=True)}
        form = self._calculator(day, igg4, None)
        self._here("ri")
        return {"ri": form.total, "ri_breakdown": form.model_dump(exclude_none=True)}

    def _calculator(self, day: date | None, igg4: float | None,
                    current: RIBreakdown | None) -> RIBreakdown:
        """The calculator for the visit of `day`: its own form, or the previous visit's carried
        forward; the IgG4 item suggested against the previous IgG4 (on treatment)."""
        earlier = _scored_before(self.patient, day)
        start = current or carried_forward(earlier.ri_breakdown, list(self.patient.sites))
        uln = self.thresholds.igg4_uln_mg_l
        basis = (_("IgG4 {igg4} mg/L against the upper limit {uln} mg/L and {before} mg/L "
                   "before").format(igg4=number(igg4), uln=number(uln), before=number(earlier.igg4))
                 if igg4 is not None and earlier.igg4 else
                 _("compare the IgG4 with the upper limit and the previous value"))
        return ri_calculator(f"{self.key}.ri-form.{day}", list(self.patient.sites), start,
                             suggest_igg4_item(igg4, earlier.igg4, uln, on_treatment=True),
                             basis)


def visit_entry(patient: Patient, thresholds: Thresholds, today: date) -> Change | None:
    """Draw the entry; the change to save when a valid, confirmed entry was submitted."""
    return VisitEntry(patient, thresholds, today).change()


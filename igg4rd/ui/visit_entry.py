"""The visit entry below the visit log: add a visit (its date typed; its RI not assessed, typed
as a total, or scored with the calculator, by an explicit choice; its labs in the unit the
laboratory reports) or rescore the RI of a recorded visit.

A refused entry keeps everything typed and says what is wrong at the field, in clinical words
(`entry.single_visit`); an unusual value is saved only once the clinician confirms it by name in
a dialog (`ui.confirm`), which for a rise of the RI asks whether it is a relapse. The entry hands
the visit log a change to save (`Patient → Patient`); after the save the log asks for a fresh
entry (`entry_saved`).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import streamlit as st

from igg4rd.entry.single_visit import visit_problems, with_rescored_ri
from igg4rd.entry.visit_table import patient_with_visit
from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import N_, Words, _
from igg4rd.language.words import GLUCOCORTICOID_NAMES, SITE_LABELS
from igg4rd.rules.labs import LAB_VALUES
from igg4rd.rules.model import Patient, Scored
from igg4rd.rules.plausibility import new_implausible_values
from igg4rd.rules.responder_index import RIBreakdown, suggest_igg4_item
from igg4rd.rules.thresholds import Thresholds
from igg4rd.rules.units import GLUCOCORTICOIDS
from igg4rd.storage.clinic_settings import ClinicSettings
from igg4rd.ui.confirm import confirmed
from igg4rd.ui.inputs import TypedDate, TypedNumber, lab_input, typed_date, typed_number
from igg4rd.ui.ri_calculator import Copy, ScoredForm, Suggestion, ri_calculator
from igg4rd.ui.text import plain

Change = Callable[[Patient], Patient]
NEW = "new"
# how the visit's RI was obtained: the clinician's explicit choice (interchange: an absent RI is
# "not assessed", never copied from the last visit)
NOT_ASSESSED, TYPED, SCORED = "not assessed", "typed", "scored"
RI_SOURCES = Words({NOT_ASSESSED: N_("Not assessed"), TYPED: N_("Total typed"),
                    SCORED: N_("Scored with the calculator")})


def _prefix(patient_id: str) -> str:
    return f"visit-entry.{patient_id}"


def entry_saved(patient_id: str) -> None:
    """The entry's change was saved: the next run draws an empty entry."""
    key = f"{_prefix(patient_id)}.generation"
    st.session_state[key] = st.session_state.get(key, 0) + 1
    st.session_state.pop(f"{_prefix(patient_id)}.pending", None)


class VisitEntry:
    """Draws the entry; `change()` returns the change to save, once it is valid and confirmed."""

    def __init__(self, patient: Patient, thresholds: Thresholds, today: date,
                 clinic: ClinicSettings):
        self.patient, self.thresholds, self.today = patient, thresholds, today
        self.clinic = clinic
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
        candidate: Callable[[], Change]
        if target == NEW:
            record = self._new_visit()
            label, candidate = _("Add visit"), lambda: partial(patient_with_visit, visit=record)
        else:
            visit = visits[target]
            form = self._calculator(f"ri-form.{target}", visit.date, visit.igg4,
                                    visit.ri_breakdown).breakdown
            self._here("ri")
            if form is None:
                self.typed_problems["ri"] = _("Grade every item of the form to save the RI.")

            def rescored() -> Change:
                assert form is not None  # `_checked` makes the change only without problems
                return partial(with_rescored_ri, day=visit.date, breakdown=form)

            label, candidate = _("Save the RI"), rescored
            record = None
        self._here("visit")
        if st.button(label, type="primary", icon=":material/add:", key=f"{self.key}.submit"):
            st.session_state[self.pending] = True
        if not st.session_state.get(self.pending):
            return None
        return self._checked(record, candidate)

    def _checked(self, record: dict[str, Any] | None, candidate: Callable[[], Change]
                 ) -> Change | None:
        """The change, if nothing is refused and every unusual value is confirmed; else the
        problems at their fields (or the confirmation asked for), the input kept."""
        problems = self.typed_problems or (visit_problems(self.patient, record) if record else {})
        if problems:
            st.session_state[self.pending] = False
            for field, message in problems.items():
                self.slots.get(field, self.slots["visit"]).error(plain(message),
                                                                icon=":material/error:")
            return None
        change = candidate()
        warnings = new_implausible_values(self.patient, change(self.patient), self.today)
        if not confirmed(f"{self.key}.confirm", warnings, cancel_key=self.pending,
                         record_relapse=self._record_relapse if record else None):
            return None
        return change

    def _record_relapse(self) -> None:
        """The RI rise is a relapse: ticked on the next run (before its checkbox is drawn), for
        the clinician to choose its sites."""
        st.session_state[f"{self.key}.relapse.asked"] = True

    def _here(self, field: str) -> None:
        self.slots[field] = st.container()

    def _read(self, field: str, label: str, typed: TypedNumber | TypedDate) -> Any:
        """A typed value; one that cannot be read is a problem at its field."""
        self._here(field)
        if typed.error:
            self.typed_problems[field] = _("{field}: {problem}").format(field=label,
                                                                       problem=typed.error)
        return typed.value

    def _typed(self, field: str, label: str, **options: Any) -> float | int | None:
        return self._read(field, label, typed_number(label, f"{self.key}.{field}", None,
                                                     persist=False, **options))

    def _new_visit(self) -> dict[str, Any]:
        cols = st.columns([2, 2, 2, 2])
        with cols[0]:
            day = self._read("date", _("Visit date"), typed_date(
                _("Visit date"), f"{self.key}.date", None, persist=False))
        drugs = list(GLUCOCORTICOIDS)
        drug = cols[1].selectbox(_("Glucocorticoid"), drugs, key=f"{self.key}.drug",
                                 index=drugs.index(self.patient.treatment.glucocorticoid),
                                 format_func=GLUCOCORTICOID_NAMES.__getitem__)
        with cols[2]:
            dose = self._typed("gc_dose_mg", _("Dose (mg/day)"), unit=_("mg/day"))
        with cols[3]:
            if st.session_state.pop(f"{self.key}.relapse.asked", False):
                st.session_state[f"{self.key}.relapse"] = True
            relapse = st.checkbox(_("Relapse at this visit"), key=f"{self.key}.relapse")
            self._here("relapse")
        sites = st.multiselect(_("Relapse sites"), list(SITE_LABELS),
                               format_func=SITE_LABELS.__getitem__,
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
        for i, lab in enumerate(LAB_VALUES):
            with cols[i % 3]:
                labs[lab.code] = self._read(lab.code, _(lab.label), lab_input(
                    lab.code, f"{self.key}.{lab.code}", None, self.clinic.unit(lab.code)))
        return labs

    def _ri(self, day: date | None, igg4: float | None) -> dict[str, Any]:
        """The visit's RI by the clinician's explicit choice: not assessed (the default),
        a typed total, or the calculator's form."""
        source = st.radio(_("RI at this visit"), list(RI_SOURCES), format_func=RI_SOURCES.get,
                          horizontal=True, key=f"{self.key}.ri-source")
        if source == NOT_ASSESSED:
            self._here("ri")
            return {}
        if source == TYPED:
            ri = self._typed("ri", _("RI (total)"), integer=True)
            if ri is None and "ri" not in self.typed_problems:
                self.typed_problems["ri"] = _("Type the RI total, or choose '{choice}'.").format(
                    choice=_(RI_SOURCES.marked[NOT_ASSESSED]))
            return {"ri": ri}
        scored = self._calculator("ri-form.new", day, igg4, None)
        self._here("ri")
        if scored.breakdown is None:
            self.typed_problems["ri"] = _("Grade every item of the form, or choose "
                                          "'{choice}'.").format(
                choice=_(RI_SOURCES.marked[NOT_ASSESSED]))
            return {}
        return {"ri": scored.breakdown.total,
                "ri_breakdown": scored.breakdown.model_dump(exclude_none=True)}

    def _calculator(self, name: str, day: date | None, igg4: float | None,
                    current: RIBreakdown | None) -> ScoredForm:
        """The calculator for the visit of `day`: its own form (rescoring), else ungraded, with
        the previous scored form offered; the IgG4 item suggested against the previous IgG4
        (on treatment)."""
        earlier = [v for v in sorted(self.patient.visits, key=lambda v: v.date)
                   if day is None or v.date < day]
        scored: Scored = next((v for v in reversed(earlier) if v.ri_breakdown),
                              self.patient.baseline)
        before = next((v.igg4 for v in reversed(earlier) if v.igg4 is not None),
                      self.patient.baseline.igg4)
        copy = (Copy(scored.ri_breakdown, date_text(scored.date))
                if current is None and scored.ri_breakdown is not None else None)
        grade = suggest_igg4_item(igg4, before, self.thresholds.igg4_uln_mg_l, on_treatment=True)
        suggestion = None
        if grade is not None and igg4 is not None:
            uln = number(self.thresholds.igg4_uln_mg_l)
            basis = (_("from IgG4 {igg4} mg/L, against the upper limit {uln} mg/L and {before} "
                       "mg/L before").format(igg4=number(igg4), uln=uln, before=number(before))
                     if before else
                     _("from IgG4 {igg4} mg/L, against the upper limit {uln} mg/L").format(
                         igg4=number(igg4), uln=uln))
            suggestion = Suggestion(grade, basis)
        return ri_calculator(f"{self.key}.{name}", list(self.patient.sites), current,
                             suggestion, copy)


def visit_entry(patient: Patient, thresholds: Thresholds, today: date, clinic: ClinicSettings
                ) -> Change | None:
    """Draw the entry (each laboratory value in the clinic's unit at first); the change to save
    when a valid, confirmed entry was submitted."""
    return VisitEntry(patient, thresholds, today, clinic).change()

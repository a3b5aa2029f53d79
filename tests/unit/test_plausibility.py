"""Possible but implausible values, saved only once confirmed (igg4rd/rules/plausibility.py)."""
from __future__ import annotations

from datetime import date, timedelta

from igg4rd.rules.plausibility import implausible_values, new_implausible_values
from igg4rd.synthetic.patients import demo_patients

TODAY = date(2025, 6, 1)


def demo(**treatment):
    patient = demo_patients(TODAY)[0]
    return patient.model_copy(update={"treatment": patient.treatment.model_copy(
        update=treatment)})


def test_a_demo_patient_has_nothing_implausible():
    assert implausible_values(demo_patients(TODAY)[0], TODAY) == []


def test_a_treatment_start_after_today_is_asked_about():
    """Saved silently, it was judged at 'month -9.0' with no dose in effect."""
    later = TODAY + timedelta(days=273)
    patient = demo(start_date=later)
    patient = patient.model_copy(update={"baseline": patient.baseline.model_copy(
        update={"date": later}), "visits": []})
    assert [str(u) for u in implausible_values(patient, TODAY)] == [
        "Treatment start 2026-03-01: the date is after today (2025-06-01)"]


def test_a_baseline_after_the_treatment_start_is_asked_about():
    patient = demo_patients(TODAY)[0]
    start = patient.treatment.start_date
    late = patient.model_copy(update={"baseline": patient.baseline.model_copy(
        update={"date": start + timedelta(days=30)})})
    found = new_implausible_values(patient, late, TODAY)
    assert len(found) == 1 and found[0].field == "baseline.date" and found[0].text.startswith(
        f"Baseline {(start + timedelta(days=30)).isoformat()}: after the treatment start")

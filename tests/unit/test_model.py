"""The interchange record igg4rd.patient/1: accepted as written, refused with named fields."""
from __future__ import annotations

import json

import pytest

from igg4rd.rules.model import Patient, RecordError, parse_patient
from igg4rd.rules.problems import NO_VALUE, Problem, at_field, lines
from tests.unit.helpers import record, visit

EXAMPLE = {
    "format": "igg4rd.patient/1", "id": "demo-001", "sex": "male", "age_years": 54,
    "weight_kg": 65.0, "diagnosis": "definite", "disease_duration_months": 12,
    "allergy_history": True, "sites": ["lacrimal", "salivary", "pancreas"], "mikulicz": True,
    "baseline": {"date": "2024-03-04", "ri": 14, "eosinophils_pct": 3.2,
                 "eosinophils_count": 0.21, "esr": 25, "crp": 3.78, "igg": 18.87,
                 "igg4": 8960, "ige": 362.5},
    "treatment": {"start_date": "2024-03-04", "regimen": "gc", "glucocorticoid": "prednisone",
                  "initial_dose_mg": 40, "initial_weeks": 4, "immunosuppressants": []},
    "visits": [{"date": "2024-04-04", "ri": 6, "gc_drug": "prednisone", "gc_dose_mg": 30,
                "relapse": False, "relapse_sites": [], "esr": 12, "crp": 1.1, "igg": 14.2,
                "igg4": 3100, "eosinophils_pct": 2.0}],
}


def problems(data) -> list[str]:
    """The record's problems as the command line says them."""
    with pytest.raises(RecordError) as caught:
        parse_patient(data)
    return lines(caught.value.problems)


def test_interchange_example_round_trips_through_json():
    patient = parse_patient(json.dumps(EXAMPLE))
    assert patient.baseline.igg4 == 8960
    assert parse_patient(patient.to_json()) == patient
    assert patient.to_record()["visits"][0]["gc_dose_mg"] == 30


def test_unknown_keys_are_refused_by_name():
    data = json.loads(json.dumps(EXAMPLE))
    data["visits"][0]["dose"] = 30
    data["weigth_kg"] = 65
    found = problems(data)
    assert any(p.startswith("visits[0].dose = 30: unknown field") for p in found)
    assert any(p.startswith("weigth_kg") for p in found)


@pytest.mark.parametrize("change,expected", [
    (lambda d: d["visits"][0].update(gc_dose_mg=-5), "visits[0].gc_dose_mg = -5"),
    (lambda d: d["visits"][0].update(ri=500), "visits[0].ri = 500"),
    (lambda d: d["baseline"].update(date="2024-02-30"), 'baseline.date = "2024-02-30"'),
    (lambda d: d["baseline"].update(date="04/03/2024"), 'baseline.date = "04/03/2024"'),
    (lambda d: d["baseline"].update(date=1709510400), "baseline.date = 1709510400"),
    (lambda d: d["baseline"].update(igg4=9), "baseline.igg4 = 9: IgG4 9 mg/L"),
    (lambda d: d["treatment"].update(regimen="steroids"), 'treatment.regimen = "steroids"'),
    (lambda d: d.update(sites=["lacrimal", "spleen"]), 'sites[1] = "spleen"'),
    (lambda d: d["visits"][0].update(ri="6"), 'visits[0].ri = "6"'),
])
def test_impossible_values_name_field_and_value(change, expected):
    data = json.loads(json.dumps(EXAMPLE))
    change(data)
    assert any(p.startswith(expected) for p in problems(data)), problems(data)


def test_igg4_in_g_per_litre_names_the_mix_up():
    data = record(baseline={"igg4": 9})
    assert "looks like g/L" in problems(data)[0]


def test_visit_before_treatment_start_is_refused():
    data = record([{"date": "2024-01-01", "ri": 3}])
    assert problems(data) == ["visits[0].date = 2024-01-01 is before treatment.start_date = "
                              "2024-03-04"]


def test_same_visit_date_twice_is_refused():
    assert "recorded twice" in problems(record([visit(1, 5), visit(1, 4)]))[0]


def test_monotherapy_with_an_immunosuppressant_is_contradictory():
    data = record()
    data["treatment"]["immunosuppressants"] = ["MMF"]
    assert "use regimen 'gc+im'" in problems(data)[0]


def test_relapse_sites_without_relapse_are_refused():
    data = record([{"date": "2024-05-01", "relapse": False, "relapse_sites": ["lung"]}])
    assert "relapse = false" in problems(data)[0]


def test_ri_breakdown_gives_the_total_and_must_agree_with_a_typed_one():
    scored = {"organs": {"lacrimal": {"activity": 3, "urgent": True}}, "igg4": 2}
    patient = Patient.model_validate(record(baseline={"ri": None, "ri_breakdown": scored},
                                            baseline_ri=None))
    assert patient.baseline.ri == 8
    assert "differs from its breakdown's total 8" in problems(
        record(baseline={"ri_breakdown": scored}, baseline_ri=9))[0]


def test_not_json_is_a_record_error():
    assert problems("{not json")[0].startswith("not valid JSON")


def test_absent_keys_mean_not_measured():
    patient = parse_patient(record())
    assert patient.baseline.igg4 is None and patient.visits == []


def test_not_a_number_is_refused_as_such():
    data = json.loads(json.dumps(EXAMPLE))
    found = problems(json.dumps(data).replace('"gc_dose_mg": 30', '"gc_dose_mg": NaN'))
    assert found == ["visits[0].gc_dose_mg = NaN: Input should be a finite number"]


def test_a_bound_is_said_in_a_clinicians_words():
    assert problems(record(age_years=200)) == ["age_years = 200: must be at most 120"]
    assert problems(record(weight_kg=0)) == ["weight_kg = 0: must be more than 0"]


def test_an_id_that_looks_like_a_name_gets_the_ids_rule_with_the_name_as_typed():
    found = problems(record(id="张三"))
    assert found == ['id = "张三": letters A–Z, digits, \'.\', \'_\' and \'-\' only, at most 100 '
                     "(a pseudonym, never the patient's name)"]


def test_relapse_sites_without_a_relapse_are_named_in_words():
    data = json.loads(json.dumps(EXAMPLE))
    data["visits"][0].update(relapse=False, relapse_sites=["lacrimal", "salivary"])
    found = problems(json.dumps(data))
    assert found == ["visits[0] = {…}: relapse sites (Dacryoadenitis (lacrimal gland), "
                     "Sialoadenitis (salivary gland)) are given but no relapse is recorded "
                     "(relapse = false)"]


@pytest.mark.parametrize("typed", ["2024-02-30", "2024-13-01", "2024-00-10",
                                   "\uff12\uff10\uff12\uff14-\uff10\uff11-\uff10\uff11"])
def test_a_date_that_is_no_day_is_refused_in_the_records_words(typed):
    """A date of the right shape that names no day (30 February, month 13) or is written in
    full-width digits is 'not a date', with its code and so its translation, never Python's
    English ('day is out of range for month')."""
    data = json.loads(json.dumps(EXAMPLE))
    data["baseline"]["date"] = typed
    with pytest.raises(RecordError) as caught:
        parse_patient(data)
    (problem,) = caught.value.problems
    assert (problem.path, problem.code, problem.value) == (("baseline", "date"), "not_a_date",
                                                           typed)


def test_a_problem_at_its_field_names_the_value_unless_the_reason_does():
    assert at_field("Age (years)", Problem(("age_years",), "less_than_equal", 200,
                                           {"le": 120})) == "Age (years) 200: must be at most 120"
    one = Problem(("age_years",), "less_than_equal", 1, {"le": 120})  # not 120's '1'
    assert at_field("Age (years)", one) == "Age (years) 1: must be at most 120"
    assert at_field("ESR", Problem(("baseline", "esr"), "implausible_lab", 250.0,
                                   {"lab": "esr"})).startswith("ESR 250 mm/h is above")
    assert at_field("Baseline date", Problem(("baseline", "date"), "missing", None)) == \
        "required"


def test_a_problem_is_a_value_from_the_validation_to_the_edge():
    """Where, the value as given, a code and its parameters: no words are parsed back (a typed
    'Name: X' stays whole; a visit's problem knows its visit by index)."""
    with pytest.raises(RecordError) as caught:
        parse_patient(record([visit(1, 5), visit(1, 4)], id="Name: X"))
    by_code = {p.code: p for p in caught.value.problems}
    assert by_code["id_rule"].path == ("id",) and by_code["id_rule"].value == "Name: X"
    with pytest.raises(RecordError) as caught:
        parse_patient(record([visit(1, 5), visit(1, 4)]))
    twice = caught.value.problems[0]
    assert (twice.code, twice.params["index"], twice.visit) == ("visit_twice", 1, (1, "date"))
    assert twice.path == () and twice.value is not NO_VALUE  # found on the record as a whole

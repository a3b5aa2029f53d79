"""A patient's laboratory values as a FHIR R4 Bundle of Observations (issue 25), beside the
record's own JSON and CSV (`exchange`): each value of the baseline, the visits and the
laboratory-only entries one Observation, coded by the registry's LOINC code, its quantity in
the canonical unit with its UCUM code, dated by its observation. Built with fhir.resources (R4B
models: R4's Observation and Bundle), so that what is written is valid FHIR; reading it back
(`entry.lab_results.read_fhir`) gives the same values.
"""
from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from igg4rd.rules.labs import LAB_VALUES, LABS
from igg4rd.rules.model import Baseline, LabResult, Patient, Visit

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
RECORD_NUMBER = "urn:igg4rd:record-number"  # the identifier system of a hospital record number
_NAMESPACE = uuid.UUID("5a1c1d5e-7c1b-4e57-9e55-1f4a3b2c0d25")  # stable fullUrls


def _observation(patient: Patient, day: date, code: str, value: float) -> dict[str, Any]:
    lab = LABS[code]
    subject: dict[str, str | dict[str, str]] = {"reference": f"Patient/{patient.id}"}
    if patient.record_number:
        subject["identifier"] = {"system": RECORD_NUMBER, "value": patient.record_number}
    return {
        "resourceType": "Observation", "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "laboratory"}]}],
        "code": {"coding": [{"system": LOINC, "code": lab.loinc[0], "display": lab.label}],
                 "text": lab.label},
        "subject": subject, "effectiveDateTime": day.isoformat(),
        "valueQuantity": {"value": value, "unit": lab.canonical, "system": UCUM,
                          "code": lab.ucum[lab.canonical]},
    }


def lab_observations(patient: Patient) -> list[dict[str, Any]]:
    """Every laboratory value of the patient as an Observation (a dict), in date order."""
    observed: list[Baseline | Visit | LabResult] = [patient.baseline, *patient.visits,
                                                    *patient.lab_results]
    return [_observation(patient, seen.date, lab.code, value)
            for seen in sorted(observed, key=lambda o: o.date) for lab in LAB_VALUES
            if (value := getattr(seen, lab.code)) is not None]


def labs_bundle(patient: Patient) -> str:
    """The patient's laboratory values as a FHIR Bundle (type collection), JSON text."""
    from fhir.resources.R4B.bundle import Bundle

    entries = [{"fullUrl": f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{patient.id}/{i}')}",
                "resource": observation}
               for i, observation in enumerate(lab_observations(patient))]
    return Bundle.model_validate({"resourceType": "Bundle", "type": "collection",
                                  "entry": entries}).model_dump_json(indent=2) + "\n"

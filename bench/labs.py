"""Benchmark: a FHIR Bundle of 10,000 laboratory Observations for one patient, previewed (goal
< 2 s on this machine; issue 25).

The Bundle is built with fhir.resources: every Observation has a registry LOINC code (the worst
case: none is skipped as 'not used'), a quantity in one of the value's units with its UCUM code,
a reference range and the patient as subject; one panel a day over four years (so most results
become laboratory-only entries, some go to the visits and a few differ from what is recorded).
Timed: reading the file's bytes into results (JSON, fhir.resources validation, units and
plausibility), the preview (matching to the patient's visits and comparing with what is
recorded), and the record with every new result applied and validated (what "Import" saves);
apart, the preview's rows in words (what the page draws as its table). The median of 5 runs,
after one warm-up.
Run: python bench/labs.py
"""
from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from igg4rd.entry.lab_results import preview, read_fhir, rows  # noqa: E402
from igg4rd.rules.labs import LAB_VALUES, from_canonical  # noqa: E402
from igg4rd.synthetic.patients import demo_patients  # noqa: E402

COUNT = 10_000
TODAY = date(2026, 12, 5)


def bundle(patient_id: str, count: int = COUNT, seed: int = 25) -> bytes:
    """A Bundle of `count` Observations, built and serialised by fhir.resources."""
    from fhir.resources.R4B.bundle import Bundle

    rng = random.Random(seed)
    entries = []
    for i in range(count):
        lab = LAB_VALUES[i % len(LAB_VALUES)]
        unit = rng.choice(lab.units)
        low, high = lab.plausible
        canonical = rng.uniform(max(low, 1.0), min(high, 5 * max(low, 1.0) + 50))
        value = round(from_canonical(lab.code, canonical, unit), 3)
        day = TODAY - timedelta(days=i // len(LAB_VALUES))  # a panel a day
        entries.append({"fullUrl": f"urn:uuid:00000000-0000-4000-8000-{i:012d}", "resource": {
            "resourceType": "Observation", "id": f"obs-{i}", "status": "final",
            "category": [{"coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": "laboratory"}]}],
            "code": {"coding": [{"system": "http://loinc.org", "code": lab.loinc[0],
                                 "display": lab.label}]},
            "subject": {"reference": f"Patient/{patient_id}"},
            "effectiveDateTime": f"{day.isoformat()}T08:30:00+08:00",
            "valueQuantity": {"value": value, "unit": unit,
                              "system": "http://unitsofmeasure.org", "code": lab.ucum[unit]},
            "referenceRange": [{"low": {"value": 0, "unit": unit},
                                "high": {"value": round(from_canonical(
                                    lab.code, lab.plausible[1] / 10, unit), 3),
                                    "unit": unit}}]}})
    return Bundle.model_validate({"resourceType": "Bundle", "type": "searchset",
                                  "entry": entries}).model_dump_json().encode()


def main() -> None:
    patient = demo_patients(TODAY)[0]
    data = bundle(patient.id)
    print(f"Bundle: {COUNT:,} Observations, {len(data) / 1e6:.1f} MB")
    read_fhir(data, "bench.json")  # warm-up (imports, model schemas)
    reads, previews, applies, totals, tables = [], [], [], [], []
    for _ in range(5):
        start = time.perf_counter()
        read = read_fhir(data, "bench.json")
        read_at = time.perf_counter()
        seen = preview(patient, read, 3)
        preview_at = time.perf_counter()
        seen.apply()
        end = time.perf_counter()
        list(rows(seen))
        tables.append(time.perf_counter() - end)
        reads.append(read_at - start)
        previews.append(preview_at - read_at)
        applies.append(end - preview_at)
        totals.append(preview_at - start)
    counts = {status: seen.counted(status) for status in sorted({r.status for r in seen.results})}
    print(f"results: {counts}")
    print(f"read (JSON + fhir.resources + registry): {statistics.median(reads):.2f} s")
    print(f"preview (matching, comparing):            {statistics.median(previews):.2f} s")
    print(f"file to preview (goal < 2 s):             {statistics.median(totals):.2f} s "
          f"(min {min(totals):.2f}, max {max(totals):.2f})")
    print(f"the preview's table in words (the page):   {statistics.median(tables):.2f} s")
    print(f"the record with every new result applied: {statistics.median(applies):.2f} s")


if __name__ == "__main__":
    main()

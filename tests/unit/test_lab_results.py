"""Laboratory results from the laboratory system (issue 25): FHIR Bundles built with
fhir.resources, the laboratory's table (CSV in UTF-8 with a byte-order mark and in GB18030, a
spreadsheet), pasted text in English and Chinese; every registry code and every unit
conversion; every refusal the issue names; matching to the visits; laboratory-only entries read
by no rule; conflicts; the FHIR export's round trip."""
from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.observation import Observation

from igg4rd.entry.lab_results import (
    Kind,
    Place,
    Status,
    imported_lines,
    preview,
    read_fhir,
    read_file,
    read_paste,
    read_table,
    rows,
    summary,
)
from igg4rd.rules.assessment import answer, assess
from igg4rd.rules.labs import LAB_VALUES, LABS, from_canonical, to_canonical
from igg4rd.rules.model import parse_patient
from igg4rd.rules.plausibility import implausible_values
from igg4rd.rules.schedule import month6_record_by, next_visit
from igg4rd.storage.fhir import labs_bundle
from tests.unit.helpers import at_month, record, visit

VISIT_DAY = at_month(3)  # the visit the results are of
TODAY = date(2025, 6, 1)
LAB_IDS = [lab.code for lab in LAB_VALUES]


def patient(**extra):
    return parse_patient(record([visit(1, ri=8, dose=30, igg4=3000.0),
                                 visit(3, ri=6, dose=20)], id="t-1", **extra))


def observation(loinc: str, value: float | None, unit: str | None, day: date | str = VISIT_DAY,
                *, ucum: str | None = None, subject: str = "Patient/t-1",
                status: str = "final", comparator: str | None = None, **extra) -> Observation:
    """An Observation built (and so validated) by fhir.resources."""
    quantity = {k: v for k, v in {"value": value, "unit": unit, "comparator": comparator,
                                  "system": "http://unitsofmeasure.org" if ucum else None,
                                  "code": ucum}.items() if v is not None}
    return Observation.model_validate({
        "resourceType": "Observation", "status": status,
        "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
        "subject": {"reference": subject},
        "effectiveDateTime": day.isoformat() if isinstance(day, date) else day,
        **({"valueQuantity": quantity} if quantity else {}), **extra})


def bundle(*observations: Observation, kind: str = "collection") -> bytes:
    """A Bundle of `observations`, built and serialised by fhir.resources."""
    return Bundle(type=kind, entry=[BundleEntry(resource=o) for o in observations]
                  ).model_dump_json().encode()


def seen(data: bytes, who=None, window: int = 3):
    return preview(who or patient(), read_fhir(data, "results.json"), window)


def only(preview_):
    assert len(preview_.results) == 1, summary(preview_)
    return preview_.results[0]


# -- FHIR: every code, every unit --------------------------------------------------------------

@pytest.mark.parametrize("kind", ["collection", "searchset", "transaction"])
def test_every_registry_loinc_code_is_read_from_each_kind_of_bundle(kind):
    observations = [observation(loinc, from_canonical(lab.code, 5.0, lab.canonical) * 2,
                                lab.canonical, ucum=lab.ucum[lab.canonical])
                    for lab in LAB_VALUES for loinc in lab.loinc]
    preview_ = seen(bundle(*observations, kind=kind))
    read = {(r.reading.code, r.reading.name.split()[0]) for r in preview_.results}
    assert read == {(lab.code, loinc) for lab in LAB_VALUES for loinc in lab.loinc}
    assert all(r.reading.refused is None for r in preview_.results)


@pytest.mark.parametrize(("code", "unit"), [(lab.code, unit) for lab in LAB_VALUES
                                            for unit in lab.units])
@pytest.mark.parametrize("written", ["ucum", "shown"])
def test_every_unit_converts_to_the_canonical_one(code, unit, written):
    lab = LABS[code]
    canonical = (lab.plausible[0] + lab.plausible[1]) / 7 + 1  # inside the plausible range
    value = round(from_canonical(code, canonical, unit), 6)
    given = dict(ucum=lab.ucum[unit], unit=unit) if written == "ucum" else dict(unit=unit,
                                                                                ucum=None)
    result = only(seen(bundle(observation(lab.loinc[0], value, given["unit"],
                                          ucum=given["ucum"]))))
    assert result.status == Status.NEW
    assert result.reading.unit == unit
    assert result.reading.canonical == pytest.approx(to_canonical(code, value, unit))
    if unit != lab.canonical:  # shown both ways
        assert " → " in result.reading.conversion() and lab.canonical in \
            result.reading.conversion()


def test_a_converted_value_is_shown_both_ways_and_stored_canonical():
    result = only(seen(bundle(observation("2469-5", 8.2, "g/L", ucum="g/L"))))
    assert result.reading.conversion() == "8.2 g/L → 8200 mg/L"
    assert result.target.place == Place.VISIT and result.target.day == VISIT_DAY
    updated = seen(bundle(observation("2469-5", 8.2, "g/L", ucum="g/L"))).apply()
    assert next(v for v in updated.visits if v.date == VISIT_DAY).igg4 == 8200


def test_laboratory_spellings_of_units_are_read():
    """Units as laboratory systems write them without a UCUM code."""
    for loinc, unit in [("711-2", "x10^9/L"), ("711-2", "10*9/L"), ("711-2", "/uL"),
                        ("4537-7", "mm/hr"), ("19113-0", "kIU/L"), ("2465-3", "mg/dl")]:
        result = only(seen(bundle(observation(loinc, 1.0 if "9" in unit else 300, unit))))
        assert result.reading.unit is not None, (loinc, unit, result.note)


# -- FHIR: refusals -----------------------------------------------------------------------------

def test_a_unit_it_cannot_convert_is_refused_for_that_result_and_named():
    preview_ = seen(bundle(observation("2469-5", 8.2, "mmol/L"),
                           observation("4537-7", 30, "mm/h")))
    refused, kept = preview_.results
    assert refused.status == Status.REFUSED and "mmol/L" in refused.note
    assert "mg/L, mg/dL, g/L" in refused.note
    assert kept.status == Status.NEW


@pytest.mark.parametrize("status", ["entered-in-error", "cancelled"])
def test_an_erroneous_or_cancelled_observation_is_never_imported(status):
    result = only(seen(bundle(observation("2469-5", 800, "mg/L", status=status))))
    assert result.status == Status.REFUSED and status in result.note
    assert seen(bundle(observation("2469-5", 800, "mg/L", status=status))).to_import() == []


def test_other_codes_are_listed_as_not_used_never_dropped():
    preview_ = seen(bundle(observation("2345-7", 5.6, "mmol/L"),
                           observation("2469-5", 800, "mg/L")))
    assert [r.status for r in preview_.results] == [Status.NOT_USED, Status.NEW]
    assert "2345-7" in list(rows(preview_))[0]["test"]


@pytest.mark.parametrize(("comparator", "words"), [("<", "below"), (">", "above")])
def test_a_value_only_bounded_is_refused_never_stored_as_the_number(comparator, words):
    result = only(seen(bundle(observation("1988-5", 0.5 if comparator == "<" else 1000, "mg/L",
                                          comparator=comparator))))
    assert result.status == Status.REFUSED
    assert f"{words} the laboratory's measurable range" in result.note


def test_an_implausible_value_is_refused_naming_the_likely_unit_mix_up():
    result = only(seen(bundle(observation("2469-5", 8.2, "mg/L", ucum="mg/L"))))
    assert result.status == Status.REFUSED and "it looks like g/L" in result.note


@pytest.mark.parametrize(("data", "words"), [
    (b"{not json", "not valid JSON"),
    (b'{"resourceType": "Patient", "id": "x"}', "not a FHIR Bundle"),
    (b"[1, 2]", "not a FHIR Bundle"),
    (b'{"resourceType": "Bundle", "type": 7, "entry": []}', "not a valid FHIR Bundle"),
    (b'{"resourceType": "Bundle", "type": "collection", "entry": {"a": 1}}',
     "not a valid FHIR Bundle"),
    (b"\xff\xfe\x00garbage\x81", "not"),
])
def test_a_malformed_bundle_is_refused_whole_with_a_reason(data, words):
    preview_ = seen(data)
    assert preview_.problem and words in preview_.problem and preview_.results == []


def test_a_malformed_observation_is_refused_by_itself():
    good = observation("2469-5", 800, "mg/L").model_dump(mode="json")
    data = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Observation", "code": {"text": "IgG4"}}},
        {"resource": good}]}).encode()
    bad, fine = seen(data).results
    assert bad.status == Status.REFUSED and "status" in bad.note
    assert fine.status == Status.NEW


def test_a_file_of_another_patient_imports_nothing_and_says_whose():
    preview_ = seen(bundle(observation("2469-5", 800, "mg/L", subject="Patient/someone-else")))
    assert preview_.problem and "someone-else" in preview_.problem
    assert preview_.to_import() == []


def test_the_patient_is_matched_by_the_hospital_record_number():
    who = patient(record_number="0012345")
    data = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:6f1c", "resource": {
            "resourceType": "Patient", "id": "lab-77",
            "identifier": [{"system": "urn:hospital:mrn", "value": "0012345"}]}},
        {"resource": {**observation("2469-5", 800, "mg/L").model_dump(mode="json"),
                      "subject": {"reference": "urn:uuid:6f1c"}}},
        {"resource": {**observation("4537-7", 20, "mm/h").model_dump(mode="json"),
                      "subject": {"identifier": {"value": "0012345"}}}}]}).encode()
    assert [r.status for r in seen(data, who).results] == [Status.NEW, Status.NEW]


def test_ten_thousand_observations_are_read_and_previewed():
    observations = [observation("4537-7", 10 + i % 50, "mm/h",
                                TODAY - timedelta(days=i)) for i in range(10_000)]
    preview_ = seen(bundle(*observations))
    assert len(preview_.results) == 10_000 and preview_.problem is None
    assert preview_.counted(Status.NEW) + preview_.counted(Status.CONFLICT) \
        + preview_.counted(Status.SAME) == 10_000


# -- duplicates, matching, conflicts -----------------------------------------------------------

def test_a_repeated_result_is_counted_once_and_two_values_of_one_day_are_refused():
    preview_ = seen(bundle(observation("2469-5", 800, "mg/L"),
                           observation("2469-5", 0.8, "g/L"),  # the same value, another unit
                           observation("4537-7", 20, "mm/h"),
                           observation("4537-7", 25, "mm/h")))
    assert [r.status for r in preview_.results] == [Status.NEW, Status.DUPLICATE,
                                                    Status.REFUSED, Status.REFUSED]
    assert "2 values of ESR" in preview_.results[2].note


def test_a_result_goes_to_the_nearest_visit_within_the_window_or_stays_laboratory_only():
    near, far = VISIT_DAY - timedelta(days=2), VISIT_DAY + timedelta(days=10)
    preview_ = seen(bundle(observation("4537-7", 20, "mm/h", near),
                           observation("1988-5", 4, "mg/L", far)))
    to_visit, lab_only = preview_.results
    assert to_visit.target.place == Place.VISIT and to_visit.target.day == VISIT_DAY
    assert "2 day(s)" in to_visit.note
    assert lab_only.target.place == Place.LAB_ONLY and lab_only.target.day == far
    assert seen(bundle(observation("4537-7", 20, "mm/h", near)), window=1).results[0] \
        .target.place == Place.LAB_ONLY


def test_the_nearer_of_two_results_takes_the_visit_the_other_stays_laboratory_only():
    preview_ = seen(bundle(observation("4537-7", 20, "mm/h", VISIT_DAY - timedelta(days=3)),
                           observation("4537-7", 22, "mm/h", VISIT_DAY - timedelta(days=1))))
    farther, nearer = preview_.results
    assert nearer.target.place == Place.VISIT
    assert farther.target.place == Place.LAB_ONLY and "nearer result" in farther.note


def test_a_result_of_the_baseline_date_goes_to_the_baseline():
    result = only(seen(bundle(observation("2469-5", 9000, "mg/L", at_month(0)))))
    assert result.target.place == Place.BASELINE


def test_a_different_recorded_value_is_a_conflict_kept_unless_the_file_s_is_chosen():
    preview_ = seen(bundle(observation("2469-5", 2.5, "g/L", at_month(1)),
                           observation("2469-5", 3000, "mg/L", at_month(1) + timedelta(1))))
    conflict, duplicate = preview_.results  # 2500 against the recorded 3000; 3000: the same
    assert conflict.status == Status.CONFLICT and conflict.recorded == 3000
    assert duplicate.target.place == Place.LAB_ONLY  # the nearer one took the visit
    kept = preview_.apply()
    assert kept.visits[0].igg4 == 3000
    taken = preview_.apply([conflict.key])
    assert taken.visits[0].igg4 == 2500


def test_a_value_already_recorded_is_not_imported_again():
    result = only(seen(bundle(observation("2469-5", 3, "g/L", at_month(1)))))
    assert result.status == Status.SAME and seen(
        bundle(observation("2469-5", 3, "g/L", at_month(1)))).to_import() == []


# -- laboratory-only entries are read by no rule -----------------------------------------------

def test_laboratory_only_entries_change_no_rule_and_show_in_the_trends():
    from igg4rd.render.series import lab_points

    before = patient()
    days = [at_month(m) + timedelta(days=10) for m in (0.5, 2, 5, 7)]
    observations = [observation(lab.loinc[0], from_canonical(lab.code, lab.plausible[1] / 3,
                                                            lab.canonical), lab.canonical, day)
                    for day in days for lab in LAB_VALUES]
    preview_ = seen(bundle(*observations), before)
    assert {r.target.place for r in preview_.results} == {Place.LAB_ONLY}
    after = preview_.apply()
    assert len(after.lab_results) == len(days)
    for as_of in (at_month(2), at_month(6), TODAY):
        assert answer(assess(after, as_of)) == answer(assess(before, as_of))
        assert next_visit(after, as_of) == next_visit(before, as_of)
        assert month6_record_by(after, as_of) == month6_record_by(before, as_of)
    assert implausible_values(after, TODAY) == implausible_values(before, TODAY)
    assert {p.day for p in lab_points(after, "esr", TODAY)} >= set(days)


def test_a_laboratory_only_entry_after_today_is_unusual():
    later = TODAY + timedelta(days=30)
    after = seen(bundle(observation("4537-7", 20, "mm/h", later))).apply()
    assert [u.field for u in implausible_values(after, TODAY)] == ["lab_results.date"]


# -- the laboratory's table --------------------------------------------------------------------

CHINESE_TABLE = ("病历号,采样时间,项目名称,结果,单位,参考范围\n"
                 f"t-1,{VISIT_DAY:%Y/%m/%d} 08:30,IgG4亚类,\"8,2\",g/L,0.03-2.01\n"
                 f"t-1,{VISIT_DAY:%Y/%m/%d} 08:30,血沉,32↑,mm/h,0-20\n"
                 f"t-1,{VISIT_DAY:%Y/%m/%d} 08:30,超敏C反应蛋白,<0.5,mg/L,0-3\n"
                 f"t-1,{VISIT_DAY:%Y/%m/%d} 08:30,嗜酸性粒细胞（%）,6.1,%,0.4-8\n"
                 f"t-1,{VISIT_DAY:%Y/%m/%d} 08:30,嗜酸性粒细胞绝对值,0.45,10^9/L,0.02-0.52\n"
                 f"t-1,{VISIT_DAY:%Y/%m/%d} 08:30,红细胞沉降率,32,mm/h,0-20\n"
                 f"t-1,{VISIT_DAY:%Y年%m月%d日},C反应蛋白,>1000,mg/L,0-3\n"
                 f"t-1,{VISIT_DAY:%Y-%m-%d},IgE,362,IU/mL,<100\n"
                 f"t-1,{VISIT_DAY:%Y-%m-%d},IgG,1800,mg/dL,\n")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_a_chinese_laboratory_table_in_either_encoding(encoding):
    read = read_table(CHINESE_TABLE.encode(encoding), "lab.csv")
    assert read.problem is None and read.kind == Kind.TABLE
    by_name = {r.name: r for r in read.readings}
    assert by_name["IgG4亚类"].canonical == 8200  # a decimal comma
    assert by_name["血沉"].canonical == 32  # the high mark dropped
    assert "below" in by_name["超敏C反应蛋白"].refused
    assert "above" in by_name["C反应蛋白"].refused
    assert by_name["嗜酸性粒细胞（%）"].code == "eosinophils_pct"
    assert by_name["嗜酸性粒细胞绝对值"].code == "eosinophils_count"
    assert by_name["IgG"].canonical == 18
    statuses = [r.status for r in preview(patient(), read, 3).results]
    assert statuses.count(Status.DUPLICATE) == 1  # ESR twice, by two names, one value
    assert statuses.count(Status.REFUSED) == 2


def test_an_english_table_with_a_title_row_and_semicolons():
    text = ("Laboratory report, printed 2025-06-01\n"
            "Patient;Date;Test;Result;Units;Reference range\n"
            f"t-1;{VISIT_DAY};IgG4;2,5;g/L;0.03-2.01\n"
            f"t-1;{VISIT_DAY};Sed rate;12;mm/hr;0-20\n"
            f"t-1;{VISIT_DAY};Glucose;5.6;mmol/L;3.9-6.1\n")
    read = read_table(text.encode(), "lab.csv")
    assert [r.code for r in read.readings][:2] == ["igg4", "esr"]
    assert read.readings[0].canonical == 2500
    assert read.readings[2].unknown_name


def test_an_unknown_test_name_is_asked_and_remembered_names_are_used():
    text = f"date,test,value,unit\n{VISIT_DAY},IgG4 subclass 4 (serum),900,mg/L\n"
    first = preview(patient(), read_table(text.encode(), "t.csv"), 3)
    assert first.unknown_names == ["IgG4 subclass 4 (serum)"]
    assert first.to_import() == []
    from igg4rd.storage.clinic_settings import ClinicSettings

    named = ClinicSettings().with_test_names({"IgG4 subclass 4 (serum)": "igg4"}).checked()
    again = preview(patient(), read_table(text.encode(), "t.csv", named.test_names), 3)
    assert [r.status for r in again.results] == [Status.NEW]
    none = ClinicSettings().with_test_names({"IgG4 subclass 4 (serum)": ""}).test_names
    assert read_table(text.encode(), "t.csv", none).readings[0].not_used


def test_a_spreadsheet_is_read_like_its_csv():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "项目", "结果", "单位"])
    from datetime import datetime

    sheet.append([datetime(VISIT_DAY.year, VISIT_DAY.month, VISIT_DAY.day, 8, 30),
                  "IgG4亚类", 8.2, "g/L"])
    sheet.append([VISIT_DAY.isoformat(), "血沉", "32", "mm/h"])
    out = io.BytesIO()
    book.save(out)
    read = read_file(out.getvalue(), "lab.xlsx")
    assert [(r.code, r.canonical, r.day) for r in read.readings] == [
        ("igg4", 8200, VISIT_DAY), ("esr", 32, VISIT_DAY)]


@pytest.mark.parametrize(("text", "words"), [
    ("", "no heading row"), ("a,b\n1,2\n", "no heading row"),
    ("test,value\nIgG4,800\n", "no date column"),
])
def test_a_table_without_its_columns_is_refused_whole(text, words):
    assert words in read_table(text.encode(), "x.csv").problem


def test_a_table_of_another_patient_imports_nothing():
    text = f"患者,日期,项目,结果,单位\nP-999,{VISIT_DAY},IgG4,800,mg/L\n"
    preview_ = preview(patient(), read_table(text.encode(), "x.csv"), 3)
    assert preview_.problem and "P-999" in preview_.problem


# -- pasted text --------------------------------------------------------------------------------

def test_pasted_chinese_text_with_its_date_line():
    text = (f"检验报告  采样时间: {VISIT_DAY:%Y-%m-%d} 08:30\n"
            "项目名称\t结果\t单位\t参考范围\n"
            "1\tIgG4亚类\t8.20\t↑\tg/L\t0.03-2.01\n"
            "2  血沉  32 ↑  mm/h  0-20\n"
            "3\t超敏C反应蛋白\t< 0.5\tmg/L\t0-3\n"
            "嗜酸性粒细胞%\t6,1\t%\t0.4-8.0\n"
            "嗜酸性粒细胞绝对值\t0.45\t10^9/L\t0.02-0.52\n"
            "免疫球蛋白G\t18.0\tg/L\t7-16\n"
            "IgE  362  IU/mL  <100\n")
    read = read_paste(text)
    assert read.problem is None and len(read.unread) == 1  # the heading line, listed
    got = {r.code: (r.canonical, r.day) for r in read.readings if not r.refused}
    assert got == {"igg4": (8200, VISIT_DAY), "esr": (32, VISIT_DAY),
                   "eosinophils_pct": (6.1, VISIT_DAY), "eosinophils_count": (0.45, VISIT_DAY),
                   "igg": (18, VISIT_DAY), "ige": (362, VISIT_DAY)}
    assert [r.code for r in read.readings if r.refused] == ["crp"]


def test_pasted_english_text_with_spaces_and_the_date_given_apart():
    text = ("IgG4 8.2 g/L 0.03-2.01\n"
            "C reactive protein 12 mg/L 0-5\n"
            "Eosinophils % 3.2 % 0.4-8\n"
            "Sed rate 12mm/hr\n")
    read = read_paste(text, day=VISIT_DAY)
    assert [(r.code, r.canonical) for r in read.readings] == [
        ("igg4", 8200), ("crp", 12), ("eosinophils_pct", 3.2), ("esr", 12)]
    undated = read_paste(text)
    assert all("no date" in r.refused for r in undated.readings)


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_an_empty_paste_says_so(text):
    preview_ = preview(patient(), read_paste(text), 3)
    assert preview_.problem == "nothing was pasted"


def test_a_paste_without_a_result_line_says_so():
    assert "no result line" in read_paste("hello\nworld\n").problem


# -- the FHIR export and its round trip --------------------------------------------------------

def test_the_fhir_export_imports_back_to_the_same_values():
    full = parse_patient(record(
        [visit(1, ri=8, dose=30, igg4=3000.0, igg=14.2, esr=12.0, crp=1.1,
               eosinophils_pct=2.0, eosinophils_count=0.2, ige=120.0),
         visit(3, ri=6, dose=20, igg4=2000.0)], id="t-1",
        baseline={"igg4": 8960.0, "igg": 18.87, "esr": 25.0, "crp": 3.78,
                  "eosinophils_pct": 3.2, "eosinophils_count": 0.21, "ige": 362.5},
        lab_results=[{"date": at_month(2).isoformat(), "igg4": 2500.0, "crp": 0.8}]))
    exported = labs_bundle(full)
    bundle_ = Bundle.model_validate_json(exported)  # valid FHIR
    assert {e.resource.code.coding[0].system for e in bundle_.entry} == {"http://loinc.org"}
    assert {e.resource.valueQuantity.system for e in bundle_.entry} == {
        "http://unitsofmeasure.org"}
    empty = full.to_record()
    for seen_ in [empty["baseline"], *empty["visits"]]:
        for code in LAB_IDS:
            seen_.pop(code, None)
    empty.pop("lab_results")
    bare = parse_patient(empty)
    preview_ = preview(bare, read_fhir(exported.encode(), "export.json"), 3)
    assert preview_.counted(Status.NEW) == len(bundle_.entry)
    assert preview_.apply() == full
    assert preview(full, read_fhir(exported.encode(), "x"), 3).counted(Status.SAME) \
        == len(bundle_.entry)


def test_imported_lines_name_the_value_the_source_and_the_day():
    preview_ = seen(bundle(observation("2469-5", 8.2, "g/L", ucum="g/L")))
    assert imported_lines(preview_.to_import(), "laboratory file results.json") == [
        f"IgG4 8200 mg/L from laboratory file results.json, {VISIT_DAY} "
        f"(visit of {VISIT_DAY})"]


@pytest.mark.parametrize(("name", "new", "other"), [
    ("labs-fhir.json", 6, Status.NOT_USED), ("labs-table.csv", 7, Status.UNKNOWN_NAME),
    ("labs-paste.txt", 6, None)])
def test_the_readme_s_examples_read_as_documented(name, new, other):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "examples" / name
    who = parse_patient(record([], id="demo-05-pending"))
    preview_ = preview(who, read_file(path.read_bytes(), name), 3)
    assert preview_.problem is None and preview_.counted(Status.NEW) == new
    assert preview_.counted(Status.REFUSED) == 0
    assert [r.status for r in preview_.results if r.status != Status.NEW] == \
        ([other] if other else [])


# -- no input makes a traceback ----------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LINE = st.lists(st.sampled_from(["IgG4亚类", "ESR", "血沉", "8.2", "8,2", "<0.5", ">1000", "g/L",
                                 "mm/h", "↑", "0-20", "2025-02-02", "08:30", "%", "\t", "  ",
                                 "x10^9/L", "嗜酸性粒细胞", "-1", "1e9", "NaN", ""]),
                max_size=8).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=6).map("\n".join), st.binary(max_size=200))
def test_no_paste_table_or_file_raises(text, data):
    for read in (read_paste(text), read_table(text.encode(), "x.csv"),
                 read_table(data, "x.csv"), read_fhir(data, "x.json"),
                 read_file(data, "x.xlsx" if data[:1] == b"P" else "x.txt")):
        preview_ = preview(patient(), read, 3)
        list(rows(preview_))
        preview_.apply()


JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                       | st.text(max_size=12),
                       lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["status", "code", "subject", "effectiveDateTime",
                                        "effectivePeriod", "valueQuantity", "valueString",
                                        "dataAbsentReason", "referenceRange", "valueInteger"]),
                       JSONISH, max_size=5), JSONISH)
def test_no_observation_or_bundle_shape_raises(fields, entry):
    good = observation("2469-5", 800, "mg/L").model_dump(mode="json")
    data = json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {**good, **fields}}, entry, {"resource": entry}]}).encode()
    preview_ = seen(data)
    list(rows(preview_))
    preview_.apply()


def test_a_date_years_ahead_is_refused_for_its_result():
    far = date.today() + timedelta(days=800)
    result = only(seen(bundle(observation("4537-7", 20, "mm/h", far))))
    assert result.status == Status.REFUSED and "more than a year in the future" in result.note

"""Laboratory results from the laboratory system (issue 25), clicked through in Chromium: a
clinician records a follow-up visit of a demo patient (date, dose, RI typed), brings its six
laboratory values in from a FHIR file, reviews the preview (each value shown both ways) and sees
the laboratory trends change; the registry's export holds the values. The clinician's steps
(clicks and typed fields) after opening the patient are counted: at most 7 (issue 25; typing
the same visit's six values with their units by hand took about 15)."""
from __future__ import annotations

from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle
from playwright.sync_api import expect

from harness.streamlit_browser import rerun_by
from igg4rd.rules.dates import month_date
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_clinician import fill
from tests.e2e.test_recorded import exported
from tests.e2e.test_steering import PENDING, START, open_patient

pytestmark = pytest.mark.e2e
STEPS_AT_MOST = 7
DAY = month_date(START, 2)
# the visit's six values as the laboratory reports them (IgG4 in g/L: stored 8200 mg/L)
RESULTS = [("2469-5", 8.2, "g/L", "g/L"), ("2465-3", 1620, "mg/dL", "mg/dL"),
           ("4537-7", 28, "mm/h", "mm/h"), ("1988-5", 0.62, "mg/dL", "mg/dL"),
           ("713-8", 4.1, "%", "%"), ("19113-0", 410, "IU/mL", "[IU]/mL")]  # unit, UCUM


def fhir_file(path: Path) -> Path:
    """The laboratory system's export: a searchset Bundle of the six Observations."""
    entries = [{"resource": {
        "resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": loinc}]},
        "subject": {"reference": f"Patient/{PENDING}"},
        "effectiveDateTime": f"{DAY.isoformat()}T07:45:00+08:00",
        "valueQuantity": {"value": value, "unit": unit,
                          "system": "http://unitsofmeasure.org", "code": ucum}}}
        for loinc, value, unit, ucum in RESULTS]
    path.write_text(Bundle.model_validate({"resourceType": "Bundle", "type": "searchset",
                                           "entry": entries}).model_dump_json())
    return path


class Steps:
    """The clinician's actions, counted: a click, a typed field, a file chosen."""

    def __init__(self, page):
        self.page, self.count, self.done = page, 0, []

    def click(self, locator, what: str) -> None:
        rerun_by(self.page, locator.click)
        self._did(what)

    def type(self, label: str, value: str) -> None:
        fill(self.page, label, value)
        self._did(f"type {label}")

    def upload(self, path: Path) -> None:
        rerun_by(self.page, lambda: self.page.locator(
            '[data-testid="stFileUploaderDropzoneInput"]').set_input_files(path))
        self._did("choose the file")

    def _did(self, what: str) -> None:
        """Each step waits for the rerun it asked for (`rerun_by`, `fill`)."""
        self.count += 1
        self.done.append(what)


def section(page, name: str) -> None:
    """A screenshot of the laboratory import's section: test-artifacts/e2e/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(".st-key-lab-import").screenshot(path=str(ARTIFACTS / f"{name}.png"))


def igg4_trend(page) -> list[float]:
    """The IgG4 panel's values as the lab trends chart draws them (its plotly data)."""
    return page.locator(".st-key-lab-trends-chart .js-plotly-plot").evaluate(
        "e => e.data.find(t => t.name === 'IgG4').y")


def add_the_visit(page, steps) -> None:
    """The visit of `DAY` as a clinician adds it first: its dose and typed RI, no labs."""
    steps.type("Visit date", DAY.isoformat())
    steps.type("Dose (mg/day)", "30")
    steps.click(page.get_by_text("Total typed", exact=True), "RI: total typed")
    steps.type("RI (total)", "6")
    steps.click(page.get_by_role("button", name="Add visit"), "add the visit")
    expect(page.get_by_text("The visit is saved.")).to_be_visible()


def test_a_visit_s_labs_come_from_a_fhir_file_in_seven_steps(page, app_url, tmp_path):
    upload = fhir_file(tmp_path / "results.json")
    open_patient(page, app_url, "visits", PENDING)
    before = igg4_trend(page)
    steps = Steps(page)
    add_the_visit(page, steps)
    steps.upload(upload)
    preview = page.locator('[data-testid="stDataFrame"]').filter(has_text="what happens")
    expect(preview).to_contain_text("8.2 g/L → 8200 mg/L")
    expect(preview).to_contain_text(f"visit of {DAY.isoformat()}")
    expect(page.get_by_text("6 result(s): 6 new", exact=False)).to_be_visible()
    section(page, "lab-import-preview")
    steps.click(page.get_by_role("button", name="Import 6 value(s)"), "import")
    expect(page.get_by_text("Imported 6 laboratory value(s).")).to_be_visible()
    print(f"steps after opening the patient: {steps.count} ({', '.join(steps.done)})")
    assert steps.count <= STEPS_AT_MOST, steps.done
    after = igg4_trend(page)
    assert len(after) == len(before) + 1 and 8200 in after and 8200 not in before
    section(page, "lab-import-done")
    visit = next(v for v in exported(page, PENDING)["visits"] if v["date"] == DAY.isoformat())
    assert visit["gc_dose_mg"] == 30 and visit["ri"] == 6
    assert {code: visit.get(code) for code in ("igg4", "igg", "esr", "crp", "eosinophils_pct",
                                               "ige")} == {
        "igg4": 8200, "igg": 16.2, "esr": 28, "crp": 6.2, "eosinophils_pct": 4.1, "ige": 410}


PASTED = (f"检验报告  采样时间: {DAY.isoformat()} 07:45\n"
          "项目名称\t结果\t单位\t参考范围\n"
          "IgG4亚类\t8.20\t↑\tg/L\t0.03-2.01\n"
          "免疫球蛋白G\t16.2\tg/L\t7-16\n"
          "血沉\t28\t↑\tmm/h\t0-20\n"
          "超敏C反应蛋白\t6.2\tmg/L\t0-3\n"
          "嗜酸性粒细胞%\t4.1\t%\t0.4-8.0\n"
          "IgE\t410\tIU/mL\t<100\n")


def test_a_visit_s_labs_pasted_from_the_laboratory_screen_in_seven_steps(page, app_url):
    """The same visit with its values copied from a Chinese laboratory system's screen (its
    sampling date in the copied text)."""
    open_patient(page, app_url, "visits", PENDING)
    steps = Steps(page)
    add_the_visit(page, steps)
    steps.type("Or text copied from the laboratory system (one result a line: name, value, "
               "unit, range)", PASTED)
    expect(page.get_by_text("6 result(s): 6 new", exact=False)).to_be_visible()
    section(page, "lab-import-pasted")
    steps.click(page.get_by_role("button", name="Import 6 value(s)"), "import")
    expect(page.get_by_text("Imported 6 laboratory value(s).")).to_be_visible()
    print(f"steps after opening the patient: {steps.count} ({', '.join(steps.done)})")
    assert steps.count <= STEPS_AT_MOST, steps.done
    visit = next(v for v in exported(page, PENDING)["visits"] if v["date"] == DAY.isoformat())
    assert (visit["igg4"], visit["esr"], visit["crp"], visit["ige"]) == (8200, 28, 6.2, 410)

"""Every chart's text equivalent holds the numbers the chart draws."""
from datetime import date

import pandas as pd

from igg4rd.render import charts
from igg4rd.render.chart_numbers import SERIES, VALUE, chart_numbers, markdown_table
from igg4rd.render.series import MONTH_AXIS
from igg4rd.rules.assessment import assess
from igg4rd.rules.thresholds import Thresholds
from igg4rd.synthetic.patients import demo_patients

TODAY = date(2025, 6, 1)


def first_demo():
    patient = demo_patients(TODAY)[0]
    return patient, assess(patient, TODAY, Thresholds()).goals


def test_ri_chart_numbers_are_the_patients_ri_values():
    patient, goals = first_demo()
    table = chart_numbers(charts.ri_chart(patient, goals, Thresholds()))
    ri = table[table[SERIES] == "RI"]
    assert list(ri[VALUE]) == [patient.baseline.ri, *[v.ri for v in patient.visits
                                                       if v.date <= TODAY]]
    assert MONTH_AXIS in table.columns and set(table["Measure"]) == {"RI (points)"}


def test_taper_chart_numbers_name_the_unit_and_leave_out_unnamed_helpers():
    patient, goals = first_demo()
    figure = charts.taper_chart(patient, goals, Thresholds())
    table = chart_numbers(figure)
    assert set(table[SERIES]) == {t.name for t in figure.data if t.name}
    assert set(table["Measure"]) == {"Prednisone equivalent (mg/day)"}
    assert len(table) == sum(len(t.x) for t in figure.data if t.name)


def test_a_chart_of_several_panels_names_each_values_measure():
    patient, _ = first_demo()
    table = chart_numbers(charts.lab_trends_chart(patient, TODAY, Thresholds(), {}))
    assert "At" in table.columns and table["Measure"].nunique() > 1
    assert table["Measure"].str.contains("IgG4").any()


def test_the_markdown_table_rounds_numbers_and_keeps_a_pipe_in_a_cell():
    table = pd.DataFrame({"Series": ["a|b", "c"], "At": [0.98630137, 3.0], "Value": [12, 7.25]})
    assert markdown_table(table).splitlines() == ["| Series | At | Value |", "|---|---|---|",
                                                  "| a\\|b | 0.99 | 12 |", "| c | 3 | 7.25 |"]

"""Static chart downloads (PNG, SVG) drawn on the server, from the shared chart series."""
from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from igg4rd.render.series import recorded_dose_points, ri_points, target_taper_points
from igg4rd.render.static_charts import chart_figure, figure_bytes
from igg4rd.rules.assessment import assess
from igg4rd.synthetic.patients import demo_patients

TODAY = date(2026, 11, 25)
RELAPSE = assess(demo_patients(TODAY)[2], TODAY)


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_chart_downloads_without_a_browser(fmt, magic):
    a = RELAPSE
    for kind in ("ri", "taper"):
        data = figure_bytes(chart_figure(kind, a.patient, a.goals, a.thresholds), fmt)
        assert data.startswith(magic)
    if fmt == "png":
        assert Image.open(io.BytesIO(data)).size[0] > 1000



def test_series_follow_the_record():
    patient = RELAPSE.patient
    points = ri_points(patient, TODAY)
    assert points[0].month == 0 and points[0].percent_of_baseline == 100
    assert [p.relapse for p in points].count(True) == 1
    assert [p.dose_mg for p in recorded_dose_points(patient, TODAY)] == [40, 30, 30, 15]
    target = target_taper_points(patient, RELAPSE.thresholds)
    assert target[0].dose_mg == 40 and target[-1].dose_mg == 10
    assert target[1].month == pytest.approx(4 * 7 / 30.4375)

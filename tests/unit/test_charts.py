"""Plotly figure specs: what a narrow screen needs of them."""
from __future__ import annotations

from datetime import date

import pytest

from igg4rd.language.i18n import set_language
from igg4rd.render.charts import (
    TITLE_COLUMNS,
    lab_trends_chart,
    ri_chart,
    risk_strata_chart,
    taper_chart,
)
from igg4rd.render.lines import columns
from igg4rd.rules.assessment import assess
from igg4rd.rules.thresholds import Thresholds
from igg4rd.synthetic.patients import demo_patients


@pytest.mark.parametrize("language", ["en", "zh_Hans"])
def test_a_long_chart_title_takes_two_lines_and_the_margin_grows(language):
    """Plotly never wraps a title: on a phone the Fig. 3c title ran out of the chart."""
    set_language(language)
    try:
        layout = risk_strata_chart(("age",)).layout
    finally:
        set_language("en")
    lines = layout.title.text.split("<br>")
    assert len(lines) == 2 and all(columns(line) <= TITLE_COLUMNS for line in lines)
    assert layout.margin.t == 70
    if language == "en":
        assert " ".join(lines) == "Failure on GC monotherapy by number of risk factors (Fig. 3c)"


def test_the_lab_panels_share_one_month_axis_that_is_never_negative():
    """A quantity measured once (IgE at baseline) had its own axis from month -1 to 1."""
    today = date(2025, 6, 1)
    layout = lab_trends_chart(demo_patients(today)[7], today, Thresholds(), {}).layout
    ranges = {tuple(layout[name].range) for name in layout if name.startswith("xaxis")}
    assert len(ranges) == 1 and next(iter(ranges))[0] == -0.5


@pytest.mark.parametrize("draw", [ri_chart, taper_chart])
def test_the_last_point_is_drawn_whole_inside_the_month_axis(draw):
    today = date(2025, 6, 1)
    patient = demo_patients(today)[0]
    figure = draw(patient, assess(patient, today, Thresholds()).goals, Thresholds())
    last = max(x for trace in figure.data if "markers" in (trace.mode or "")
               for x in trace.x if x is not None)  # a line (the target taper) runs to the end
    assert figure.layout.xaxis.range[1] - last >= 0.5


def test_a_judged_stage_shows_the_stage_not_every_month_up_to_today():
    """A 2024 patient's chart today ran to month 33, the stage squeezed into its first fifth:
    a judged stage ends half a month past the window or the last visit."""
    from igg4rd.rules.assessment import assess
    from tests.unit.helpers import at_month, patient, visit

    judged = patient([visit(1, 8, 30), visit(3, 5, 20), visit(6, 3, 7.5), visit(9, 3, 5)])
    result = assess(judged, at_month(33))
    for figure in (ri_chart(judged, result.goals, result.thresholds),
                   taper_chart(judged, result.goals, result.thresholds)):
        assert figure.layout.xaxis.range[1] == pytest.approx(9.5, abs=0.05)
    pending = patient([visit(1, 8, 30)])
    result = assess(pending, at_month(2))
    assert ri_chart(pending, result.goals, result.thresholds).layout.xaxis.range[1] == 7.5

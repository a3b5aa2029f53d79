"""Plotly figure specs: what a narrow screen needs of them."""
from __future__ import annotations

import pytest

from igg4rd.language.i18n import set_language
from igg4rd.render.charts import TITLE_COLUMNS, risk_strata_chart
from igg4rd.render.lines import columns


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

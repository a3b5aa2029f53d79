"""A chart's text equivalent: the numbers it draws, as a table (its headers in the language of
the run), read from the very figure that is drawn, so the two cannot differ.
"""
from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go

from igg4rd.language.formats import number
from igg4rd.language.i18n import N_, _

SERIES, X, VALUE, MEASURE = N_("Series"), N_("At"), N_("Value"), N_("Measure")


def _axis_title(layout: Any, axis: str) -> str:
    """The title of axis 'x', 'x2', 'y3', ... of a figure's layout ('' if it has none)."""
    name = f"{axis[0]}axis{axis[1:]}"
    title = layout[name].title.text if name in layout else None
    return title or ""


def chart_numbers(figure: go.Figure) -> pd.DataFrame:
    """One row per drawn point of each named trace: the trace, where it is (x, with the x
    axis's title when the chart has one x axis), the value, and what the value measures (its y
    axis's title, which carries the unit). Helper traces without a name or points are left out.
    """
    rows = []
    for trace in figure.data:
        if not trace.name or trace.x is None or trace.y is None:
            continue
        measure = _axis_title(figure.layout, trace.yaxis or "y")
        rows += [{SERIES: trace.name, X: x, VALUE: y, MEASURE: measure}
                 for x, y in zip(trace.x, trace.y, strict=True) if x is not None and y is not None]
    table = pd.DataFrame(rows, columns=[SERIES, X, VALUE, MEASURE])
    x_axes = {trace.xaxis or "x" for trace in figure.data}
    x_title = _axis_title(figure.layout, x_axes.pop()) if len(x_axes) == 1 else ""
    return table.rename(columns={SERIES: _(SERIES), X: x_title or _(X), VALUE: _(VALUE),
                                 MEASURE: _(MEASURE)})


def _cell(value: Any) -> str:
    """A table cell: numbers to at most 2 decimals, without trailing zeros (in the run's
    language); text escaped for a Markdown table (a pipe would end the cell)."""
    if isinstance(value, float):
        return number(value, 2, drop_zeros=True)
    return str(value).replace("|", "\\|")


def markdown_table(table: pd.DataFrame) -> str:
    """A table as Markdown (drawn as an HTML table: screen readers read it, and no grid
    component is loaded for it)."""
    lines = ["| " + " | ".join(map(_cell, table.columns)) + " |",
             "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines)

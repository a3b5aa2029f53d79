"""Plotly figures of the cohort analysis (pure: tables in, `Figure` out; no Streamlit).

Fig. 3b (organ-level failure incidence), Fig. 3c (failure by number of risk factors) and Fig. 4
(month-6 serology by outcome), each with the published PUMCH figure beside the cohort's.
Colours: Okabe-Ito (colour-blind safe), from `palette`. Titles and legends are written in the
language of the run.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from igg4rd.cohort.rows import Fig3bRow, Fig3cRow, Rate
from igg4rd.cohort.tables import REGIMENS
from igg4rd.language.formats import plotly_separators
from igg4rd.language.i18n import N_, Words, _
from igg4rd.language.words import REGIMEN_LABELS
from igg4rd.render.palette import OKABE_ITO
from igg4rd.rules import evidence
from igg4rd.rules.labs import FIG4_LABS

REGIMEN_COLOURS = {"gc": OKABE_ITO["vermillion"], "gc+im": OKABE_ITO["blue"]}
OUTCOME_COLOURS = {"failure": OKABE_ITO["vermillion"], "success": OKABE_ITO["green"]}
OUTCOME_NAMES = Words({"success": N_("Success"), "failure": N_("Failure")})
PUBLISHED = dict(symbol="diamond-open", size=11, color=OKABE_ITO["black"], line=dict(width=2))


def _percent(value: float | None) -> float:
    return math.nan if value is None else 100 * value


def _percent_bars(x: list[str], rates: Sequence[Rate], name: str, colour: str,
                  horizontal: bool = False) -> go.Bar:
    rate = [_percent(r.rate) for r in rates]
    plus = [_percent(r.high) - shown for r, shown in zip(rates, rate, strict=True)]
    minus = [shown - _percent(r.low) for r, shown in zip(rates, rate, strict=True)]
    error = dict(type="data", array=plus, arrayminus=minus, color=OKABE_ITO["grey"])
    text = [f"{r.failed}/{r.patients}" for r in rates]
    axes = dict(x=rate, y=x, error_x=error, orientation="h") if horizontal else dict(
        x=x, y=rate, error_y=error)
    hover = _("{count} failed: {rate}%").format(
        count="%{text}", rate="%{" + ("x" if horizontal else "y") + ":.1f}")
    return go.Bar(name=name, marker_color=colour, text=text, textposition="outside",
                  hovertemplate=hover + "<extra>" + name + "</extra>", **axes)


def fig3b_chart(fig3b: Sequence[Fig3bRow]) -> go.Figure:
    """Fig. 3b analog: failure incidence per involved organ by regimen, exact 95% CI bars,
    published PUMCH rates as open diamonds."""
    shown = [row for row in fig3b if any(rate.patients for rate in row.by_regimen.values())]
    labels = {row.row: row.label for row in shown}
    figure = go.Figure()
    for r in REGIMENS:
        rows = [row for row in shown if row.by_regimen[r].patients]
        figure.add_trace(_percent_bars([row.label for row in rows],
                                       [row.by_regimen[r] for row in rows], REGIMEN_LABELS[r],
                                       REGIMEN_COLOURS[r], horizontal=True))
        points = [(100 * p.rate, labels[site]) for site, p in evidence.ORGAN_FAILURE[r].items()
                  if site in labels]
        if points:
            figure.add_trace(go.Scatter(
                x=[x for x, _y in points], y=[y for _x, y in points], mode="markers",
                marker=PUBLISHED,
                name=_("PUMCH published, {regimen}").format(regimen=REGIMEN_LABELS[r])))
    figure.update_layout(barmode="group", separators=plotly_separators(),
                         title=_("Failure incidence by involved organ (Fig. 3b)"),
                         xaxis_title=_("Failures in the organ / patients with it involved (%)"),
                         yaxis_title=_("Involved organ"), height=max(360, 40 * len(shown) + 140),
                         legend=dict(orientation="h", y=-0.15))
    return figure


def fig3c_chart(fig3c: Sequence[Fig3cRow]) -> go.Figure:
    """Fig. 3c analog: failure rate on GC monotherapy by number of risk factors, exact 95% CI
    bars, the published rates as open diamonds."""
    labels = [row.label for row in fig3c]
    figure = go.Figure(_percent_bars(labels, [row.cohort for row in fig3c], _("This cohort"),
                                     OKABE_ITO["vermillion"]))
    figure.add_trace(go.Scatter(
        x=labels, y=[evidence.FIG3C_PRINTED_PERCENT[row.row] for row in fig3c],
        mode="markers",
        marker=PUBLISHED, name=_("PUMCH published")))
    figure.update_layout(separators=plotly_separators(),
                         title=_("Failure on GC monotherapy by number of risk factors (Fig. 3c)"),
                         xaxis_title=_("Baseline risk factors (eosinophilia, RI in the highest "
                                       "quartile, ≥ 5 organs, dacryoadenitis)"),
                         yaxis_title=_("Failure of remission induction (%)"),
                         yaxis_range=[0, 105], legend=dict(orientation="h", y=-0.25))
    return figure


def fig4_chart(outcomes: pd.DataFrame) -> go.Figure:
    """Fig. 4 analog: month-6 ESR, CRP, IgG and IgG4 by outcome (box plots, one panel each,
    units on the axes); `outcomes` holds `outcome` and the `month6_<marker>` columns."""
    figure = make_subplots(rows=1, cols=len(FIG4_LABS),
                           subplot_titles=[_(lab.label) for lab in FIG4_LABS])
    judged = outcomes[outcomes["outcome"].isin(["success", "failure"])]
    for col, lab in enumerate(FIG4_LABS, start=1):
        key, label, unit = lab.code, _(lab.label), lab.canonical
        for outcome in ("success", "failure"):
            values = judged.loc[judged["outcome"] == outcome, f"month6_{key}"].dropna()
            figure.add_trace(go.Box(y=values, name=OUTCOME_NAMES[outcome], boxpoints="outliers",
                                    marker_color=OUTCOME_COLOURS[outcome],
                                    legendgroup=outcome, showlegend=col == 1), row=1, col=col)
        figure.update_yaxes(title_text=_("{marker} at month 6 ({unit})").format(
                                marker=label, unit=unit), row=1, col=col,
                            type="log" if lab.log_scale else "linear")
    figure.update_layout(title=_("Month-6 serology by outcome (Fig. 4)"), height=420,
                         separators=plotly_separators(),
                         legend=dict(orientation="h", y=-0.15))
    return figure

"""Plotly figures built from domain results (pure: data in, Figure out; no Streamlit).

Time runs in months since the treatment start (clinical-spec §2); every axis names its unit;
colours are the Okabe-Ito colour-blind-safe palette, and meaning never rests on colour alone
(line styles, markers, labels). Hover text gives the exact values. Each figure is one
declarative spec validated once by `go.Figure` (plotly's incremental helpers such as add_vrect
and make_subplots cost ~15 ms per figure, most of the page's time).
"""
from __future__ import annotations

from datetime import date
from typing import Any

import plotly.graph_objects as go

from igg4rd import evidence
from igg4rd.goals import GoalAssessment
from igg4rd.model import Patient
from igg4rd.risk import exact_interval
from igg4rd.taper import (DAYS_PER_MONTH, DAYS_PER_WEEK, cumulative_dose_mg, dose_history,
                          months_between, target_curve)
from igg4rd.thresholds import Thresholds

OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
             "purple": "#CC79A7", "grey": "#999999"}
HEIGHT = 380
MONTH_AXIS = "Months since treatment start"
GRID = "#E5E5E5"
Spec = dict[str, Any]


def _layout(title: str, y_title: str, x_range: list[float] | None = None) -> Spec:
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"}, "height": HEIGHT,
        "margin": {"l": 60, "r": 60, "t": 70, "b": 50}, "font": {"size": 14},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right",
                   "x": 1},
        "hovermode": "closest", "plot_bgcolor": "white", "shapes": [], "annotations": [],
        "xaxis": {"title": {"text": MONTH_AXIS}, "gridcolor": GRID, "zeroline": False,
                  "dtick": 1, "range": x_range},
        "yaxis": {"title": {"text": y_title}, "gridcolor": GRID, "zeroline": False,
                  "rangemode": "tozero"},
    }


def _month_window(layout: Spec, thresholds: Thresholds) -> None:
    """Shade the month-6 assessment window (default months 5-7)."""
    start, end = thresholds.window_start_month, thresholds.window_end_month
    layout["shapes"].append({"type": "rect", "xref": "x", "yref": "paper", "x0": start,
                             "x1": end, "y0": 0, "y1": 1, "fillcolor": OKABE_ITO["sky"],
                             "opacity": 0.15, "line": {"width": 0}, "layer": "below"})
    layout["annotations"].append({"text": "month-6 window", "xref": "x", "yref": "paper",
                                  "x": start, "y": 1, "xanchor": "left", "yanchor": "top",
                                  "showarrow": False, "font": {"size": 12}})


def _x_range(goals: GoalAssessment, thresholds: Thresholds) -> list[float]:
    return [-0.2, max(thresholds.window_end_month + 0.5, goals.months_as_of)]


def ri_chart(patient: Patient, goals: GoalAssessment, thresholds: Thresholds) -> go.Figure:
    """RI at baseline and each visit up to the assessment date, absolute and as % of baseline,
    with the 50% line (goal 1) and the month-6 window (paper, Fig. 2a-b)."""
    start, baseline = patient.treatment.start_date, patient.baseline.ri
    visits = sorted((v for v in patient.visits if v.date <= goals.as_of and v.ri is not None),
                    key=lambda v: v.date)
    points = ([(start, baseline, False)] if baseline is not None else []) + [
        (v.date, v.ri, v.relapse) for v in visits]
    months = [months_between(start, day) for day, _, _ in points]
    ris = [ri for _, ri, _ in points]
    share = [ri / baseline * 100 if baseline else None for ri in ris]
    data = [{"type": "scatter", "x": months, "y": ris, "mode": "lines+markers", "name": "RI",
             "line": {"color": OKABE_ITO["blue"], "width": 3}, "marker": {"size": 9},
             "customdata": [[day.isoformat(), s] for (day, _, _), s in
                            zip(points, share, strict=True)],
             "hovertemplate": "Month %{x:.1f} (%{customdata[0]})<br>RI %{y}"
                              + ("<br>%{customdata[1]:.0f}% of baseline" if baseline else "")
                              + "<extra></extra>"}]
    relapses = [(m, ri) for m, (_, ri, rel) in zip(months, points, strict=True) if rel]
    if relapses:
        data.append({"type": "scatter", "x": [m for m, _ in relapses],
                     "y": [ri for _, ri in relapses], "mode": "markers", "name": "Relapse",
                     "marker": {"symbol": "x", "size": 14, "color": OKABE_ITO["vermillion"]},
                     "hovertemplate": "Relapse at month %{x:.1f}<br>RI %{y}<extra></extra>"})
    layout = _layout("Responder index (RI)", "RI (points)", _x_range(goals, thresholds))
    top = max([*ris, 1]) * 1.15
    layout["yaxis"]["range"] = [0, top]
    if baseline:
        _percent_axis(data, layout, baseline, top)
    _month_window(layout, thresholds)
    return go.Figure({"data": data, "layout": layout})


def _percent_axis(data: list[Spec], layout: Spec, baseline: int, top: float) -> None:
    """A right-hand axis in % of baseline RI, aligned with the RI axis, and the 50% line."""
    remaining = 1 - evidence.RI_DECLINE_GOAL
    layout["yaxis2"] = {"title": {"text": "% of baseline RI"}, "overlaying": "y",
                        "side": "right", "range": [0, top / baseline * 100], "showgrid": False,
                        "ticksuffix": "%", "dtick": 25}
    data.append({"type": "scatter", "x": [None], "y": [None], "yaxis": "y2",
                 "showlegend": False, "hoverinfo": "skip"})
    y = baseline * remaining
    layout["shapes"].append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                             "y0": y, "y1": y,
                             "line": {"dash": "dash", "color": OKABE_ITO["black"]}})
    layout["annotations"].append({"text": f"{remaining * 100:.0f}% of baseline: goal 1 "
                                          "threshold", "xref": "paper", "x": 1, "yref": "y",
                                  "y": y, "xanchor": "right", "yanchor": "bottom",
                                  "showarrow": False, "font": {"size": 12}})


def taper_chart(patient: Patient, goals: GoalAssessment, thresholds: Thresholds) -> go.Figure:
    """Recorded prednisone-equivalent dose (step curve) against the target taper curve, with the
    5-10 mg/day maintenance band and the month-6 window (paper, 'Treatment regimens'; Fig. 2c)."""
    x_range = _x_range(goals, thresholds)
    layout = _layout("Glucocorticoid taper", "Prednisone equivalent (mg/day)", x_range)
    low, high = evidence.MAINTENANCE_DOSE_MG
    layout["shapes"].append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                             "y0": low, "y1": high, "fillcolor": OKABE_ITO["green"],
                             "opacity": 0.2, "line": {"width": 0}, "layer": "below"})
    layout["annotations"].append({"text": f"maintenance {low:g}–{high:g} mg/day",
                                  "xref": "paper", "x": 0.01, "yref": "y", "y": low,
                                  "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                                  "font": {"size": 12, "color": "#2F6B55"}})
    data = [trace for trace in (_target_trace(patient, thresholds, x_range[1]),
                                _dose_trace(patient, goals.as_of)) if trace]
    _month_window(layout, thresholds)
    return go.Figure({"data": data, "layout": layout})


def _target_trace(patient: Patient, thresholds: Thresholds, x_end: float) -> Spec | None:
    initial = patient.treatment.initial_dose_prednisone_mg
    if initial is None:
        return None
    weeks = patient.treatment.initial_weeks
    steps = target_curve(initial, thresholds.default_initial_weeks if weeks is None else weeks,
                         thresholds.maintenance_ceiling_mg)
    months = [s.week * DAYS_PER_WEEK / DAYS_PER_MONTH for s in steps]
    return {"type": "scatter", "x": [*months, x_end],
            "y": [*(s.dose_mg for s in steps), steps[-1].dose_mg], "mode": "lines",
            "line_shape": "hv", "name": "Target taper (protocol)",
            "line": {"color": OKABE_ITO["orange"], "width": 2, "dash": "dash"},
            "hovertemplate": "Target from month %{x:.1f}: %{y:g} mg/day<extra></extra>"}


def _dose_trace(patient: Patient, as_of: date) -> Spec | None:
    history = dose_history(patient, as_of)
    if not history:
        return None
    start = patient.treatment.start_date
    days = [*(c.day for c in history), as_of]  # the last dose is held until the as-of date
    return {"type": "scatter", "x": [months_between(start, d) for d in days],
            "y": [*(c.dose_mg for c in history), history[-1].dose_mg],
            "mode": "lines+markers", "line_shape": "hv", "name": "Recorded dose",
            "line": {"color": OKABE_ITO["blue"], "width": 3},
            "marker": {"size": [9] * len(history) + [0]},
            "customdata": [d.isoformat() for d in days],
            "hovertemplate": "Month %{x:.1f} (%{customdata})<br>%{y:g} mg/day prednisone eq."
                             "<extra></extra>"}


def cumulative_doses(patient: Patient, goals: GoalAssessment) -> dict[str, float]:
    """Cumulative prednisone-equivalent dose (mg) during the stage and up to the as-of date."""
    history = dose_history(patient, goals.as_of)
    return {"stage": cumulative_dose_mg(history, min(goals.stage_end, goals.as_of)),
            "to_date": cumulative_dose_mg(history, goals.as_of)}


def risk_strata_chart(highlight: tuple[str, ...]) -> go.Figure:
    """Fig. 3c failure rate by number of risk factors, with exact 95% intervals and counts;
    the patient's stratum (or possible strata) highlighted by colour, outline and label."""
    names = list(evidence.RISK_STRATA)
    props = list(evidence.RISK_STRATA.values())
    rates = [p.rate * 100 for p in props]
    lows, highs = zip(*(exact_interval(p.events, p.total) for p in props), strict=True)
    lows, highs = [v * 100 for v in lows], [v * 100 for v in highs]
    mine = [name in highlight for name in names]
    mark = "<br><b>▲ this patient</b>" if len(highlight) == 1 else "<br><b>▲ possible</b>"
    labels = [f"{n} factor{'' if n == '1' else 's'}<br>{p.events}/{p.total} = {r:.1f}%"
              + (mark if m else "")
              for n, p, r, m in zip(names, props, rates, mine, strict=True)]
    bar = {
        "type": "bar", "x": labels, "y": rates,
        "marker": {"color": [OKABE_ITO["vermillion"] if m else "#C8C8C8" for m in mine],
                   "line": {"color": [OKABE_ITO["black"] if m else "#C8C8C8" for m in mine],
                            "width": 2}},
        "error_y": {"type": "data", "symmetric": False, "color": "#444444",
                    "array": [hi - r for hi, r in zip(highs, rates, strict=True)],
                    "arrayminus": [r - lo for lo, r in zip(lows, rates, strict=True)]},
        "customdata": [[p.events, p.total, lo, hi]
                       for p, lo, hi in zip(props, lows, highs, strict=True)],
        "hovertemplate": "%{x}: %{customdata[0]}/%{customdata[1]} failed = %{y:.1f}%<br>"
                         "exact 95% CI %{customdata[2]:.1f}–%{customdata[3]:.1f}%"
                         "<extra></extra>"}
    layout = _layout("Failure on GC monotherapy by number of risk factors (Fig. 3c)",
                     "Failure of remission induction (%)")
    layout["xaxis"].update({"title": {"text": "Number of baseline risk factors (failed/total)"},
                            "dtick": None})
    layout["margin"]["b"] = 100
    layout["height"] = HEIGHT + 40
    layout["yaxis"].update({"range": [0, 100], "ticksuffix": "%"})
    layout["showlegend"] = False
    return go.Figure({"data": [bar], "layout": layout})

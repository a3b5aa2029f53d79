"""Plotly figures built from domain results (pure: data in, Figure out; no Streamlit).

Time runs in months since the treatment start (clinical-spec §2); every axis names its unit;
colours are the Okabe-Ito colour-blind-safe palette, and meaning never rests on colour alone
(line styles, markers, labels). Hover text gives the exact values.
"""
from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
from plotly.subplots import make_subplots

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


def _layout(fig: go.Figure, title: str, y_title: str) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"}, height=HEIGHT,
        margin={"l": 60, "r": 60, "t": 70, "b": 50}, font={"size": 14},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hovermode="closest", plot_bgcolor="white")
    fig.update_xaxes(title_text=MONTH_AXIS, gridcolor="#E5E5E5", zeroline=False, dtick=1)
    fig.update_yaxes(title_text=y_title, gridcolor="#E5E5E5", zeroline=False, rangemode="tozero")
    return fig


def _month_window(fig: go.Figure, thresholds: Thresholds) -> None:
    fig.add_vrect(x0=thresholds.window_start_month, x1=thresholds.window_end_month,
                  fillcolor=OKABE_ITO["sky"], opacity=0.15, line_width=0, layer="below",
                  annotation_text="month-6 window", annotation_position="top left")


def _x_end(goals: GoalAssessment, thresholds: Thresholds) -> float:
    return max(thresholds.window_end_month + 0.5, goals.months_as_of)


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
    fig = go.Figure(go.Scatter(
        x=months, y=ris, mode="lines+markers", name="RI",
        line={"color": OKABE_ITO["blue"], "width": 3}, marker={"size": 9},
        customdata=[[day.isoformat(), s] for (day, _, _), s in zip(points, share, strict=True)],
        hovertemplate="Month %{x:.1f} (%{customdata[0]})<br>RI %{y}"
                      + ("<br>%{customdata[1]:.0f}% of baseline" if baseline else "")
                      + "<extra></extra>"))
    relapses = [(m, ri) for m, (_, ri, rel) in zip(months, points, strict=True) if rel]
    if relapses:
        fig.add_trace(go.Scatter(
            x=[m for m, _ in relapses], y=[ri for _, ri in relapses], mode="markers",
            name="Relapse", marker={"symbol": "x", "size": 14, "color": OKABE_ITO["vermillion"]},
            hovertemplate="Relapse at month %{x:.1f}<br>RI %{y}<extra></extra>"))
    _layout(fig, "Responder index (RI)", "RI (points)")
    top = max([*ris, 1]) * 1.15
    fig.update_yaxes(range=[0, top])
    fig.update_xaxes(range=[-0.2, _x_end(goals, thresholds)])
    if baseline:
        _percent_axis(fig, baseline, top)
    _month_window(fig, thresholds)
    return fig


def _percent_axis(fig: go.Figure, baseline: int, top: float) -> None:
    """A right-hand axis in % of baseline RI, aligned with the RI axis, and the 50% line."""
    goal = evidence.RI_DECLINE_GOAL
    fig.update_layout(yaxis2={"title": {"text": "% of baseline RI"}, "overlaying": "y",
                              "side": "right", "range": [0, top / baseline * 100],
                              "showgrid": False, "ticksuffix": "%", "dtick": 25})
    fig.add_trace(go.Scatter(x=[None], y=[None], yaxis="y2", showlegend=False,
                             hoverinfo="skip"))
    fig.add_hline(y=baseline * (1 - goal), line_dash="dash", line_color=OKABE_ITO["black"],
                  annotation_text=f"{(1 - goal) * 100:.0f}% of baseline: goal 1 threshold",
                  annotation_position="top right")


def _months_of(start: date, days: list[date]) -> list[float]:
    return [months_between(start, day) for day in days]


def taper_chart(patient: Patient, goals: GoalAssessment, thresholds: Thresholds) -> go.Figure:
    """Recorded prednisone-equivalent dose (step curve) against the target taper curve, with the
    5-10 mg/day maintenance band and the month-6 window (paper, 'Treatment regimens'; Fig. 2c)."""
    start, as_of = patient.treatment.start_date, goals.as_of
    history = dose_history(patient, as_of)
    x_end = _x_end(goals, thresholds)
    fig = go.Figure()
    low, high = evidence.MAINTENANCE_DOSE_MG
    fig.add_hrect(y0=low, y1=high, fillcolor=OKABE_ITO["green"], opacity=0.2, line_width=0,
                  layer="below")
    fig.add_annotation(text=f"maintenance {low:g}–{high:g} mg/day", xref="x domain", x=0.01,
                       y=low, yanchor="bottom", xanchor="left", showarrow=False,
                       font={"size": 12, "color": "#2F6B55"})
    initial = patient.treatment.initial_dose_prednisone_mg
    if initial is not None:
        weeks = patient.treatment.initial_weeks
        steps = target_curve(initial, thresholds.default_initial_weeks if weeks is None else weeks,
                             thresholds.maintenance_ceiling_mg)
        months = [s.week * DAYS_PER_WEEK / DAYS_PER_MONTH for s in steps]
        fig.add_trace(go.Scatter(
            x=[*months, x_end], y=[*(s.dose_mg for s in steps), steps[-1].dose_mg],
            mode="lines", line_shape="hv", name="Target taper (protocol)",
            line={"color": OKABE_ITO["orange"], "width": 2, "dash": "dash"},
            hovertemplate="Target from month %{x:.1f}: %{y:g} mg/day<extra></extra>"))
    if history:
        days = [c.day for c in history]
        fig.add_trace(go.Scatter(
            x=[*_months_of(start, days), months_between(start, as_of)],
            y=[*(c.dose_mg for c in history), history[-1].dose_mg],
            mode="lines+markers", line_shape="hv", name="Recorded dose",
            line={"color": OKABE_ITO["blue"], "width": 3},
            marker={"size": [9] * len(history) + [0]},
            customdata=[*(d.isoformat() for d in days), as_of.isoformat()],
            hovertemplate="Month %{x:.1f} (%{customdata})<br>%{y:g} mg/day prednisone eq."
                          "<extra></extra>"))
    _layout(fig, "Glucocorticoid taper", "Prednisone equivalent (mg/day)")
    fig.update_xaxes(range=[-0.2, x_end])
    _month_window(fig, thresholds)
    return fig


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
    fig = go.Figure(go.Bar(
        x=[f"{n} factor{'' if n == '1' else 's'}" for n in names], y=rates,
        marker={"color": [OKABE_ITO["vermillion"] if m else "#C8C8C8" for m in mine],
                "line": {"color": [OKABE_ITO["black"] if m else "#C8C8C8" for m in mine],
                         "width": 2}},
        error_y={"type": "data", "symmetric": False, "color": "#444444",
                 "array": [hi - r for hi, r in zip(highs, rates, strict=True)],
                 "arrayminus": [r - lo for lo, r in zip(lows, rates, strict=True)]},
        text=[f"{p.events}/{p.total}<br>{r:.1f}%" + ("<br><b>this patient</b>" if m else "")
              for p, r, m in zip(props, rates, mine, strict=True)],
        textposition="inside", insidetextanchor="start",
        customdata=[[p.events, p.total, lo, hi]
                    for p, lo, hi in zip(props, lows, highs, strict=True)],
        hovertemplate="%{x}: %{customdata[0]}/%{customdata[1]} failed = %{y:.1f}%<br>"
                      "exact 95% CI %{customdata[2]:.1f}–%{customdata[3]:.1f}%<extra></extra>"))
    _layout(fig, "Failure on GC monotherapy by number of risk factors (Fig. 3c)",
            "Failure of remission induction (%)")
    fig.update_xaxes(title_text="Number of baseline risk factors", dtick=None)
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    fig.update_layout(showlegend=False)
    return fig


SEROLOGY_LABELS = {"esr": "ESR", "crp": "CRP", "igg4": "IgG4"}


def serology_chart(values: dict[str, float | None]) -> go.Figure:
    """The patient's month-6 ESR, CRP and IgG4 against the Fig. 4 medians (IQR) of patients who
    failed or succeeded. CRP on a log axis (its IQRs differ tenfold)."""
    quantities = list(evidence.MONTH6_SEROLOGY)
    fig = make_subplots(rows=1, cols=len(quantities), horizontal_spacing=0.1,
                        subplot_titles=[SEROLOGY_LABELS[q] for q in quantities])
    for col, quantity in enumerate(quantities, start=1):
        failed, succeeded, p_value = evidence.MONTH6_SEROLOGY[quantity]
        for label, group, colour in (("Failed", failed, OKABE_ITO["vermillion"]),
                                     ("Succeeded", succeeded, OKABE_ITO["green"])):
            fig.add_trace(go.Scatter(
                x=[label], y=[group.median], mode="markers", showlegend=False,
                marker={"size": 12, "color": colour, "symbol": "square"},
                error_y={"type": "data", "symmetric": False, "array": [group.q3 - group.median],
                         "arrayminus": [group.median - group.q1], "color": colour},
                hovertemplate=f"{label} (paper, {group.source}): median %{{y:g}} {group.unit}"
                              f"<br>IQR {group.q1:g}–{group.q3:g}; p = {p_value:g}"
                              "<extra></extra>"), row=1, col=col)
        if values.get(quantity) is not None:
            fig.add_trace(go.Scatter(
                x=["This patient"], y=[values[quantity]], mode="markers", showlegend=False,
                marker={"size": 14, "color": OKABE_ITO["blue"], "symbol": "diamond"},
                hovertemplate=f"This patient at month 6: %{{y:g}} {failed.unit}<extra></extra>"),
                row=1, col=col)
        fig.update_yaxes(title_text=failed.unit, row=1, col=col)
    fig.update_yaxes(type="log", tickvals=[0.1, 0.3, 1, 3, 10, 30, 100], row=1,
                     col=quantities.index("crp") + 1)
    fig.update_layout(height=HEIGHT, margin={"l": 60, "r": 20, "t": 60, "b": 40},
                      font={"size": 14}, plot_bgcolor="white",
                      title={"text": "Month-6 serology vs the paper's medians (IQR), Fig. 4",
                             "x": 0})
    fig.update_xaxes(categoryorder="array",
                     categoryarray=["Failed", "Succeeded", "This patient"])
    fig.update_yaxes(gridcolor="#E5E5E5", rangemode="tozero")
    return fig

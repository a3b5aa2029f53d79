"""Plotly figures built from domain results (pure: data in, Figure out; no Streamlit).

The RI and taper points come from `series` (shared with the static report charts). Time runs
in months since the treatment start (docs/clinical-rules.md §2); every axis names its unit;
colours are the Okabe-Ito colour-blind-safe palette, and meaning never rests on colour alone
(line styles, markers, labels). Hover text gives the exact values. Each figure is one
declarative spec validated once by `go.Figure` (plotly's incremental helpers such as add_vrect
and make_subplots cost ~15 ms per figure, most of the page's time).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import plotly.graph_objects as go

from igg4rd.language.formats import (
    after_number,
    date_text,
    number,
    plotly_separators,
    with_unit,
)
from igg4rd.language.i18n import _
from igg4rd.language.words import RI_ITEM_LABELS, VISIT_STATUS_WORDS, stratum_name
from igg4rd.render.lines import wrap
from igg4rd.render.palette import OKABE_ITO, STATUS_LOOK
from igg4rd.render.patient_text import short_label
from igg4rd.render.series import (
    MONTH_AXIS,
    MONTH_COLUMN,
    lab_points,
    months_shown,
    organ_scores,
    recorded_dose_points,
    ri_points,
    target_taper_points,
)
from igg4rd.rules import evidence
from igg4rd.rules.assessment import VisitStatus
from igg4rd.rules.dates import months_between
from igg4rd.rules.goals import GoalAssessment
from igg4rd.rules.labs import LAB_VALUES, from_canonical
from igg4rd.rules.model import Patient
from igg4rd.rules.risk import exact_interval
from igg4rd.rules.taper import dose_at, dose_history
from igg4rd.rules.thresholds import Thresholds

HEIGHT = 420
TITLE_COLUMNS = 34  # of a title's line: one fits a phone's chart (390 px screen)
GRID = "#E5E5E5"
Spec = dict[str, Any]


def _layout(title: str, y_title: str, x_range: list[float] | None = None) -> Spec:
    lines = wrap(title, TITLE_COLUMNS)  # plotly never wraps a title: a phone cut it
    return {
        "title": {"text": "<br>".join(lines), "x": 0, "xanchor": "left"}, "height": HEIGHT,
        "margin": {"l": 60, "r": 60, "t": 30 + 20 * len(lines), "b": 50}, "font": {"size": 14},
        # below the axis, where a narrow chart has room for it (above, it overlaps the title)
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left",
                   "x": 0},
        "hovermode": "closest", "plot_bgcolor": "white", "shapes": [], "annotations": [],
        "separators": plotly_separators(),
        "xaxis": {"title": {"text": _(MONTH_AXIS)}, "gridcolor": GRID, "zeroline": False,
                  "dtick": 1, "range": x_range, "automargin": True},
        "yaxis": {"title": {"text": y_title}, "gridcolor": GRID, "zeroline": False,
                  "rangemode": "tozero"},
    }


def _month_window(layout: Spec, thresholds: Thresholds) -> None:
    """Shade the month-6 assessment window (default months 5-7)."""
    start, end = thresholds.window_start_month, thresholds.window_end_month
    layout["shapes"].append({"type": "rect", "xref": "x", "yref": "paper", "x0": start,
                             "x1": end, "y0": 0, "y1": 1, "fillcolor": OKABE_ITO["sky"],
                             "opacity": 0.15, "line": {"width": 0}, "layer": "below"})
    layout["annotations"].append({"text": _("month-6 window"), "xref": "x", "yref": "paper",
                                  "x": start, "y": 1, "xanchor": "left", "yanchor": "top",
                                  "showarrow": False, "font": {"size": 12}})


def ri_chart(patient: Patient, goals: GoalAssessment, thresholds: Thresholds) -> go.Figure:
    """RI at baseline and each visit up to the assessment date, absolute and as % of baseline,
    with the 50% line (goal 1) and the month-6 window (paper, Fig. 2a-b)."""
    baseline = patient.baseline.ri
    points = ri_points(patient, goals.as_of)
    ris = [p.ri for p in points]
    data = [{"type": "scatter", "x": [p.month for p in points], "y": ris,
             "mode": "lines+markers", "name": "RI",
             "line": {"color": OKABE_ITO["blue"], "width": 3}, "marker": {"size": 9},
             "customdata": [[date_text(p.day), p.percent_of_baseline] for p in points],
             "hovertemplate": _("Month %{x:.1f} (%{customdata[0]})<br>RI %{y}")
                              + (_("<br>%{customdata[1]:.0f}% of baseline") if baseline else "")
                              + "<extra></extra>"}]
    relapses = [p for p in points if p.relapse]
    if relapses:
        data.append({"type": "scatter", "x": [p.month for p in relapses],
                     "y": [p.ri for p in relapses], "mode": "markers", "name": _("Relapse"),
                     "marker": {"symbol": "x", "size": 14, "color": OKABE_ITO["vermillion"]},
                     "hovertemplate": _("Relapse at month %{x:.1f}<br>RI %{y}")
                                      + "<extra></extra>"})
    layout = _layout(_("Responder index (RI)"), _("RI (points)"),
                     [-0.2, months_shown(patient, goals, thresholds)])
    top = max([*ris, 1]) * 1.15
    layout["yaxis"]["range"] = [0, top]
    if baseline:
        _percent_axis(data, layout, baseline, top)
    _month_window(layout, thresholds)
    return go.Figure({"data": data, "layout": layout})


def _percent_axis(data: list[Spec], layout: Spec, baseline: int, top: float) -> None:
    """A right-hand axis in % of baseline RI, aligned with the RI axis, and the 50% line."""
    remaining = 1 - evidence.RI_DECLINE_GOAL
    layout["yaxis2"] = {"title": {"text": _("% of baseline RI")}, "overlaying": "y",
                        "side": "right", "range": [0, top / baseline * 100], "showgrid": False,
                        "ticksuffix": "%", "dtick": 25}
    data.append({"type": "scatter", "x": [None], "y": [None], "yaxis": "y2",
                 "showlegend": False, "hoverinfo": "skip"})
    y = baseline * remaining
    layout["shapes"].append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                             "y0": y, "y1": y,
                             "line": {"dash": "dash", "color": OKABE_ITO["black"]}})
    layout["annotations"].append({"text": _("goal 1: {percent}%").format(
                                      percent=number(remaining * 100, 0)), "xref": "paper",
                                  "x": 1, "yref": "y",
                                  "y": y, "xanchor": "right", "yanchor": "bottom",
                                  "showarrow": False, "font": {"size": 12}})


def taper_chart(patient: Patient, goals: GoalAssessment, thresholds: Thresholds,
                statuses: Sequence[VisitStatus] = ()) -> go.Figure:
    """Recorded prednisone-equivalent dose (step curve) against the target taper curve, with the
    5-10 mg/day maintenance band and the month-6 window (paper, 'Treatment regimens'; Fig. 2c);
    each visit marked with its status as of its date (clinical-rules §3c), one legend entry and
    marker shape a status."""
    end = months_shown(patient, goals, thresholds)
    layout = _layout(_("Glucocorticoid taper"), _("Prednisone equivalent (mg/day)"), [-0.2, end])
    low, high = evidence.MAINTENANCE_DOSE_MG
    layout["shapes"].append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                             "y0": low, "y1": high, "fillcolor": OKABE_ITO["green"],
                             "opacity": 0.2, "line": {"width": 0}, "layer": "below"})
    layout["annotations"].append({"text": _("maintenance {low}–{high} mg/day").format(
                                      low=number(low), high=number(high)),
                                  "xref": "paper", "x": 0.01, "yref": "y", "y": low,
                                  "xanchor": "left", "yanchor": "bottom", "showarrow": False,
                                  "font": {"size": 12, "color": "#2F6B55"}})
    data = [trace for trace in (_target_trace(patient, thresholds, end),
                                _dose_trace(patient, goals)) if trace]
    _month_window(layout, thresholds)
    marks = _status_traces(patient, statuses)
    if marks:  # up to six legend entries: on a phone two rows, clear of the axis title
        layout["legend"].update({"y": -0.3})
        layout["height"] = HEIGHT + 80
        layout["margin"]["b"] = 110
    return go.Figure({"data": [*data, *marks], "layout": layout})


def _target_trace(patient: Patient, thresholds: Thresholds, end: float) -> Spec | None:
    """The protocol's target curve, its last step held to the axis end."""
    target = target_taper_points(patient, thresholds)
    if not target:
        return None
    return {"type": "scatter", "x": [*(p.month for p in target), end],
            "y": [*(p.dose_mg for p in target), target[-1].dose_mg], "mode": "lines",
            "line_shape": "hv", "name": _("Target taper (protocol)"),
            "line": {"color": OKABE_ITO["orange"], "width": 2, "dash": "dash"},
            "hovertemplate": _("Target from month %{x:.1f}: %{y:g} mg/day") + "<extra></extra>"}


def _dose_trace(patient: Patient, goals: GoalAssessment) -> Spec | None:
    """The recorded dose steps, the last dose held until the as-of date."""
    recorded = recorded_dose_points(patient, goals.as_of)
    if not recorded:
        return None
    return {"type": "scatter", "x": [*(p.month for p in recorded), goals.months_as_of],
            "y": [*(p.dose_mg for p in recorded), recorded[-1].dose_mg],
            "mode": "lines+markers", "line_shape": "hv", "name": _("Recorded dose"),
            "line": {"color": OKABE_ITO["blue"], "width": 3},
            "marker": {"size": [9] * len(recorded) + [0]},
            "customdata": [*(date_text(p.day) if p.day else "" for p in recorded),
                           date_text(goals.as_of)],
            "hovertemplate": _("Month %{x:.1f} (%{customdata})<br>%{y:g} mg/day prednisone eq.")
                             + "<extra></extra>"}


def _status_traces(patient: Patient, statuses: Sequence[VisitStatus]) -> list[Spec]:
    """The visits marked with their status as of their date, at their dose in effect: one
    legend entry (the status row above the charts names each); the marker's shape carries the
    status, its colour only helps, the hover text says it."""
    if not statuses:
        return []
    history = dose_history(patient)
    looks = [STATUS_LOOK[v.status] for v in statuses]
    return [{
        "type": "scatter", "mode": "markers", "name": _("Status at the visit"),
        "x": [months_between(patient.treatment.start_date, v.day) for v in statuses],
        "y": [dose_at(history, v.day) for v in statuses],
        "customdata": [_("{day}: {status}").format(day=date_text(v.day),
                                                   status=VISIT_STATUS_WORDS[v.status])
                       for v in statuses],
        "marker": {"symbol": [look.symbol for look in looks], "size": 13,
                   "color": [look.colour for look in looks],
                   "line": {"width": 2, "color": [look.colour for look in looks]}},
        "hovertemplate": "%{customdata}<extra></extra>"}]


def risk_strata_chart(highlight: tuple[str, ...]) -> go.Figure:
    """Fig. 3c failure rate by number of risk factors, with exact 95% intervals and counts;
    the patient's stratum (or possible strata) highlighted by colour, outline and label."""
    names = list(evidence.RISK_STRATA)
    props = list(evidence.RISK_STRATA.values())
    rates = [p.rate * 100 for p in props]
    intervals = [exact_interval(p.events, p.total) for p in props]
    lows, highs = [i[0] * 100 for i in intervals], [i[1] * 100 for i in intervals]
    mine = [name in highlight for name in names]
    mark = "<br><b>" + (_("▲ this patient") if len(highlight) == 1 else _("▲ possible")) + "</b>"
    one, more = _("{count} factor<br>{events}/{total} = {rate}%"), \
        _("{count} factors<br>{events}/{total} = {rate}%")
    labels = [(one if n == "1" else more).format(count=stratum_name(n), events=p.events,
                                                 total=p.total, rate=number(r, 1))
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
        "hovertemplate": _("%{x}: %{customdata[0]}/%{customdata[1]} failed = %{y:.1f}%<br>"
                           "exact 95% CI %{customdata[2]:.1f}–%{customdata[3]:.1f}%")
                         + "<extra></extra>"}
    layout = _layout(_("Failure on GC monotherapy by number of risk factors (Fig. 3c)"),
                     _("Failure of remission induction (%)"))
    layout["xaxis"].update({"title": {"text": _("Number of baseline risk factors "
                                                "(failed/total)")}, "dtick": None})
    layout["margin"]["b"] = 100
    layout["height"] = HEIGHT + 40
    layout["yaxis"].update({"range": [0, 100], "ticksuffix": "%"})
    layout["showlegend"] = False
    return go.Figure({"data": [bar], "layout": layout})


LAB_TRENDS = tuple(lab for lab in LAB_VALUES if lab.trend)  # one panel each


def _month_line(day: str) -> str:
    """'Month 2.5 (2026-03-01)' of a hover text: the month and `day` as plotly fields."""
    return _("Month {month} ({day})").format(month="%{x:.1f}", day=day)


def lab_trends_chart(patient: Patient, as_of: date, thresholds: Thresholds,
                     units: Mapping[str, str]) -> go.Figure:
    """IgG4 (against its upper limit of normal), IgG, ESR, CRP, eosinophils and IgE at baseline
    and each visit, one panel each in the unit chosen (`units`, canonical by default), with the
    normal band (docs/clinical-rules.md §8); one declarative figure, panels placed by domain."""
    data: list[Spec] = []
    layout: Spec = {"height": 800, "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
                    "font": {"size": 13}, "showlegend": False, "plot_bgcolor": "white",
                    "shapes": [], "annotations": [], "hovermode": "closest",
                    "separators": plotly_separators()}
    panels = {lab.code: lab_points(patient, lab.code, as_of) for lab in LAB_TRENDS}
    visits = [months_between(patient.treatment.start_date, v.date) for v in patient.visits
              if v.date <= as_of]  # the axis reaches the last visit, measured or not
    last = max([*(point.month for points in panels.values() for point in points), *visits],
               default=0.0)
    months = [-0.5, max(last, 1.0) + 0.5]  # one month axis for every panel, never negative
    for i, lab in enumerate(LAB_TRENDS):
        quantity, label = lab.code, _(lab.label)
        unit = units.get(quantity, lab.canonical)
        axis = "" if i == 0 else str(i + 1)
        row, column = divmod(i, 2)
        # a wide gap, headings in two lines and a short month axis: a phone's panels are ~110 px
        x_domain = [0.0, 0.35] if column == 0 else [0.65, 1.0]
        y_domain = [1 - (row + 1) / 3 + 0.08, 1 - row / 3 - 0.06]
        points = panels[quantity]
        values = [from_canonical(quantity, p.value, unit) for p in points]
        low, high = (from_canonical(quantity, v, unit) for v in lab.normal_band(thresholds))
        layout[f"xaxis{axis}"] = {"domain": x_domain, "anchor": f"y{axis}", "gridcolor": GRID,
                                  "title": {"text": _(MONTH_COLUMN), "font": {"size": 11}},
                                  "range": months, "zeroline": False}
        layout[f"yaxis{axis}"] = {"domain": y_domain, "anchor": f"x{axis}", "gridcolor": GRID,
                                  "title": {"text": with_unit(label, unit),
                                            "font": {"size": 12}},
                                  "rangemode": "tozero", "zeroline": False}
        layout["shapes"].append({"type": "rect", "xref": f"x{axis} domain", "x0": 0, "x1": 1,
                                 "yref": f"y{axis}", "y0": low, "y1": high, "layer": "below",
                                 "fillcolor": OKABE_ITO["green"], "opacity": 0.12,
                                 "line": {"width": 0}})
        # the unit carries the space before it, or none (Chinese: 0～5%)
        layout["annotations"].append({"text": _("<b>{label}</b><br>normal {low}–{high}{unit}")
                                      .format(label=label, low=number(low), high=number(high),
                                              unit=after_number(unit))
                                      if points else _("<b>{label}</b> · not measured")
                                      .format(label=label),
                                      "xref": f"x{axis} domain", "yref": f"y{axis} domain",
                                      "x": 0, "y": 1.02, "xanchor": "left", "yanchor": "bottom",
                                      "align": "left",
                                      "showarrow": False, "font": {"size": 12}})
        data.append({"type": "scatter", "xaxis": f"x{axis}", "yaxis": f"y{axis}",
                     "x": [p.month for p in points], "y": values, "mode": "lines+markers",
                     "name": label, "line": {"color": OKABE_ITO["blue"], "width": 2},
                     "marker": {"size": 8},
                     "customdata": [[date_text(p.day), _("above normal") if v > high
                                     else _("below normal") if v < low else _("normal")]
                                    for p, v in zip(points, values, strict=True)],
                     "hovertemplate": _month_line("%{customdata[0]}") + "<br>"
                                      + _("{label} {value}{unit}: {status}").format(
                                          label=label, value="%{y:g}", unit=after_number(unit),
                                          status="%{customdata[1]}") + "<extra></extra>"})
    return go.Figure({"data": data, "layout": layout})


def organ_ri_chart(patient: Patient, as_of: date) -> go.Figure:
    """The RI at baseline and each visit as stacked bars, one segment per scored item (organ
    score, urgent doubled; the IgG4 item), so the organ that drove each change shows; a total
    typed without its form is one grey bar. Segments are labelled, not told apart by colour
    alone."""
    observations = organ_scores(patient, as_of)
    items = list(dict.fromkeys(item for o in observations for item in o.items))
    colours = [c for name, c in OKABE_ITO.items() if name not in ("black", "grey")]
    data: list[Spec] = []
    for i, item in enumerate(items):
        label = _("Serum IgG4 item") if item == "igg4" else RI_ITEM_LABELS[item]
        short = short_label(label)
        scored = [o for o in observations if item in o.items]
        data.append({"type": "bar", "name": label, "x": [o.month for o in scored],
                     "y": [o.items[item] for o in scored],
                     "text": [short] * len(scored), "textposition": "inside",
                     "insidetextanchor": "middle", "marker": {"color": colours[i % len(colours)]},
                     "customdata": [date_text(o.day) for o in scored],
                     "hovertemplate": _("{item}: {points} point(s)").format(item=label,
                                                                            points="%{y}")
                                      + "<br>" + _month_line("%{customdata}")
                                      + "<extra></extra>"})
    typed = [o for o in observations if not o.items]
    if typed:
        data.append({"type": "bar", "name": _("Total only (no form kept)"),
                     "x": [o.month for o in typed], "y": [o.total for o in typed],
                     "marker": {"color": "#C8C8C8", "pattern": {"shape": "/"}},
                     "customdata": [date_text(o.day) for o in typed],
                     "hovertemplate": _("RI %{y} (total typed)") + "<br>"
                                      + _month_line("%{customdata}") + "<extra></extra>"})
    layout = _layout(_("RI by organ: which organ drove each change"), _("RI (points)"))
    layout.update({"barmode": "stack", "bargap": 0.5, "uniformtext": {"minsize": 9,
                                                                      "mode": "hide"}})
    layout["legend"].update({"y": -0.3})
    layout["height"] = HEIGHT + 80
    layout["margin"]["b"] = 110
    return go.Figure({"data": data, "layout": layout})

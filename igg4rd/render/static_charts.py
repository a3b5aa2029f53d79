"""Static (vector) RI and taper charts for the PDF report and for PNG/SVG downloads.

Drawn with matplotlib on the server (no browser needed), from the same `series` as the
interactive charts: RI absolute and as % of baseline with the 50% line (goal 1; paper Fig. 2a-b),
recorded prednisone-equivalent dose against the target taper with the 5-10 mg/day maintenance
band (paper, 'Treatment regimens'; Fig. 2c), and the month-6 window.
"""
from __future__ import annotations

from igg4rd.language.i18n import _

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from igg4rd.render.palette import OKABE_ITO
from igg4rd.render.series import (
    MONTH_AXIS,
    months_shown,
    recorded_dose_points,
    ri_points,
    target_taper_points,
)
from igg4rd.rules import evidence
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.goals import GoalAssessment
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import Thresholds

FONT_SIZE = 8


def _frame(ax: Axes, title: str, y_label: str, goals: GoalAssessment,
           thresholds: Thresholds) -> None:
    ax.set_title(title, loc="left", fontsize=FONT_SIZE + 2, fontweight="bold")
    ax.set_xlabel(_(MONTH_AXIS), fontsize=FONT_SIZE)
    ax.set_ylabel(y_label, fontsize=FONT_SIZE)
    ax.set_xlim(-0.2, months_shown(goals, thresholds))
    ax.axvspan(thresholds.window_start_month, thresholds.window_end_month,
               color=OKABE_ITO["sky"], alpha=0.15, lw=0, label="month-6 window")
    ax.grid(color="#E5E5E5", lw=0.6)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.spines["top"].set_visible(False)
    # below the axis title: never over the data, nor over the chart's title
    ax.legend(fontsize=FONT_SIZE - 1, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2,
              frameon=False, borderaxespad=0.2, handlelength=1.8)


def draw_ri(ax: Axes, patient: Patient, goals: GoalAssessment, thresholds: Thresholds) -> None:
    """RI trajectory with the goal-1 line and a right-hand axis in % of baseline."""
    points = ri_points(patient, goals.as_of)
    baseline = patient.baseline.ri
    ax.plot([p.month for p in points], [p.ri for p in points], "-o", color=OKABE_ITO["blue"],
            lw=2, ms=4, label="RI")
    relapses = [p for p in points if p.relapse]
    if relapses:
        ax.plot([p.month for p in relapses], [p.ri for p in relapses], "x", ms=9, mew=2,
                color=OKABE_ITO["vermillion"], label="relapse")
    ax.set_ylim(0, max([p.ri for p in points] + [1]) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # RI points are whole numbers
    if baseline:
        ax.axhline(baseline * (1 - evidence.RI_DECLINE_GOAL), ls="--", color="black", lw=1,
                   label="50% of baseline (goal 1)")
        percent = ax.secondary_yaxis("right", functions=(lambda ri: ri / baseline * 100,
                                                         lambda pct: pct * baseline / 100))
        percent.set_ylabel("% of baseline RI", fontsize=FONT_SIZE)
        percent.tick_params(labelsize=FONT_SIZE)
    _frame(ax, "Responder index (RI)", "RI (points)", goals, thresholds)


def draw_taper(ax: Axes, patient: Patient, goals: GoalAssessment,
               thresholds: Thresholds) -> None:
    """Recorded dose steps against the target taper, with the maintenance band."""
    low, high = evidence.MAINTENANCE_DOSE_MG
    end = months_shown(goals, thresholds)
    ax.axhspan(low, high, color=OKABE_ITO["green"], alpha=0.15, lw=0,
               label=f"maintenance {low:g}–{high:g} mg/day")
    target = target_taper_points(patient, thresholds)
    if target:
        ax.step([p.month for p in target] + [end], [p.dose_mg for p in target]
                + [target[-1].dose_mg], where="post", ls="--", color=OKABE_ITO["orange"], lw=1.5,
                label="target taper (protocol)")
    recorded = recorded_dose_points(patient, goals.as_of)
    if recorded:
        ax.step([p.month for p in recorded] + [goals.months_as_of],
                [p.dose_mg for p in recorded] + [recorded[-1].dose_mg], where="post",
                color=OKABE_ITO["blue"], lw=2, label="recorded dose")
        ax.plot([p.month for p in recorded], [p.dose_mg for p in recorded], "o",
                color=OKABE_ITO["blue"], ms=4)
    ax.set_ylim(0, max([high, *(p.dose_mg for p in (*target, *recorded))]) * 1.15)
    _frame(ax, "Glucocorticoid taper", "Prednisone equivalent\n(mg/day)", goals, thresholds)


def chart_figure(kind: str, patient: Patient, goals: GoalAssessment,
                 thresholds: Thresholds) -> Figure:
    """One chart ('ri' or 'taper') on its own figure, for a download."""
    figure = Figure(figsize=(7, 3.6), layout="constrained")
    draw = draw_ri if kind == "ri" else draw_taper
    draw(figure.add_subplot(), patient, goals, thresholds)
    return figure


def figure_bytes(figure: Figure, fmt: str, dpi: int = 200) -> bytes:
    """The figure as PNG, SVG or PDF bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, dpi=dpi)
    return buffer.getvalue()


def chart_file(kind: str, fmt: str, assessment: Assessment) -> bytes:
    """One chart ('ri' or 'taper') of an assessment as a PNG or SVG file."""
    return figure_bytes(chart_figure(kind, assessment.patient, assessment.goals,
                                     assessment.thresholds), fmt)

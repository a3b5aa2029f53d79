"""Static (vector) RI and taper charts for the PDF report and for PNG/SVG downloads.

Drawn with matplotlib on the server (no browser needed), from the same `series` as the
interactive charts: RI absolute and as % of baseline with the 50% line (goal 1; paper Fig. 2a-b),
recorded prednisone-equivalent dose against the target taper with the 5-10 mg/day maintenance
band (paper, 'Treatment regimens'; Fig. 2c), and the month-6 window.
"""
from __future__ import annotations

import contextvars
import io
import logging
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import matplotlib
import numpy as np
from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from igg4rd.language.formats import number, percent
from igg4rd.language.i18n import _, current_language, set_language
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

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

FONT_SIZE = 8
# Chinese text: Debian's fonts-noto-cjk (CFF outlines in .ttc collections), after the default
# family, which keeps the Latin letters, digits and symbols of the English charts
CJK_FAMILY = "Noto Sans CJK SC"
CJK_FONT_DIR = Path("/usr/share/fonts/opentype/noto")  # where fonts-noto-cjk installs them
CJK_FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")
DRAWING_LOCK = threading.Lock()  # rc_context changes matplotlib's global settings
_log = logging.getLogger(__name__)
T = TypeVar("T")


def _has_font(family: str) -> bool:
    try:
        font_manager.findfont(font_manager.FontProperties(family=family),
                              fallback_to_default=False)
    except ValueError:
        return False
    return True


@cache
def cjk_family() -> str | None:
    """The CJK font family for Chinese text, or None (logged once) when it is not installed.
    A font installed after matplotlib cached its font list is added from its files."""
    if not _has_font(CJK_FAMILY):
        for name in CJK_FONT_FILES:
            if (CJK_FONT_DIR / name).is_file():
                font_manager.fontManager.addfont(CJK_FONT_DIR / name)
    if _has_font(CJK_FAMILY):
        return CJK_FAMILY
    _log.warning("font %r not found (Debian package fonts-noto-cjk, files %s in %s): Chinese "
                 "text in the PDF report and the chart files will show missing glyphs",
                 CJK_FAMILY, ", ".join(CJK_FONT_FILES), CJK_FONT_DIR)
    return None


def drawing_settings(pdf: bool = False) -> dict[RcKeyType, Any]:
    """matplotlib settings for drawing in the language of the run. Text is drawn literally:
    matplotlib reads `$…$` as mathematics by default (a clinician's name `$\\frac{a}{b}$`
    drawn as a fraction, `$$x$$` an error), so that is off for every text made within
    `drawing`, and TeX is never used. In English: text as TrueType (Type 42) in a PDF, as
    before. In Chinese: the CJK font as fallback, and a PDF's text as Type 3 fonts (matplotlib
    embeds CFF-based OpenType fonts as Type 42 wrongly, declared TrueType; its Type 3 fonts
    carry a ToUnicode map, so the text stays extractable)."""
    settings: dict[RcKeyType, Any] = {"text.parse_math": False, "text.usetex": False}
    if pdf:
        settings["pdf.fonttype"] = 42
    if current_language().startswith("zh") and (family := cjk_family()):
        settings["font.family"] = [*matplotlib.rcParams["font.family"], family]
        if pdf:
            settings["pdf.fonttype"] = 3
    return settings


def in_language(language: str, build: Callable[..., T], *args: object) -> T:
    """`build(*args)` in `language`, in a copy of the caller's context (whose language stays)."""
    def run() -> T:
        set_language(language)
        return build(*args)
    return contextvars.copy_context().run(run)


@contextmanager
def drawing(pdf: bool = False) -> Iterator[None]:
    """Draw (create the figures and save them) within this: the fonts of the run's language,
    scoped to the drawing, one drawing at a time (safe from several threads). Without the CJK
    font, Chinese text still draws (as missing glyphs): `cjk_family` logged it once, so
    matplotlib's warning for each missing glyph is silenced."""
    with DRAWING_LOCK, rc_context(settings := drawing_settings(pdf)), warnings.catch_warnings():
        if current_language().startswith("zh") and "font.family" not in settings:
            warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        yield


def _frame(ax: Axes, title: str, y_label: str, patient: Patient, goals: GoalAssessment,
           thresholds: Thresholds) -> None:
    ax.set_title(title, loc="left", fontsize=FONT_SIZE + 2, fontweight="bold")
    ax.set_xlabel(_(MONTH_AXIS), fontsize=FONT_SIZE)
    ax.set_ylabel(y_label, fontsize=FONT_SIZE)
    ax.set_xlim(-0.2, months_shown(patient, goals, thresholds))
    ax.axvspan(thresholds.window_start_month, thresholds.window_end_month,
               color=OKABE_ITO["sky"], alpha=0.15, lw=0, label=_("month-6 window"))
    ax.grid(color="#E5E5E5", lw=0.6)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.spines["top"].set_visible(False)
    # below the axis title: never over the data, nor over the chart's title
    ax.legend(fontsize=FONT_SIZE, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=2,
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
                color=OKABE_ITO["vermillion"], label=_("relapse"))
    ax.set_ylim(0, max([p.ri for p in points] + [1]) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # RI points are whole numbers
    if baseline:
        ax.axhline(baseline * (1 - evidence.RI_DECLINE_GOAL), ls="--", color="black", lw=1,
                   label=_("{goal} of baseline (goal 1)").format(
                       goal=percent(evidence.RI_DECLINE_GOAL, 0)))
        share = ax.secondary_yaxis("right",
                                   functions=(lambda ri: np.asarray(ri) / baseline * 100,
                                              lambda pct: np.asarray(pct) * baseline / 100))
        share.set_ylabel(_("% of baseline RI"), fontsize=FONT_SIZE)
        share.tick_params(labelsize=FONT_SIZE)
    _frame(ax, _("Responder index (RI)"), _("RI (points)"), patient, goals, thresholds)


def draw_taper(ax: Axes, patient: Patient, goals: GoalAssessment,
               thresholds: Thresholds) -> None:
    """Recorded dose steps against the target taper, with the maintenance band."""
    low, high = evidence.MAINTENANCE_DOSE_MG
    end = months_shown(patient, goals, thresholds)
    ax.axhspan(low, high, color=OKABE_ITO["green"], alpha=0.15, lw=0,
               label=_("maintenance {low}–{high} mg/day").format(low=number(low),
                                                                 high=number(high)))
    target = target_taper_points(patient, thresholds)
    if target:
        ax.step([p.month for p in target] + [end], [p.dose_mg for p in target]
                + [target[-1].dose_mg], where="post", ls="--", color=OKABE_ITO["orange"], lw=1.5,
                label=_("target taper (protocol)"))
    recorded = recorded_dose_points(patient, goals.as_of)
    if recorded:
        ax.step([p.month for p in recorded] + [goals.months_as_of],
                [p.dose_mg for p in recorded] + [recorded[-1].dose_mg], where="post",
                color=OKABE_ITO["blue"], lw=2, label=_("recorded dose"))
        ax.plot([p.month for p in recorded], [p.dose_mg for p in recorded], "o",
                color=OKABE_ITO["blue"], ms=4)
    ax.set_ylim(0, max([high, *(p.dose_mg for p in (*target, *recorded))]) * 1.15)
    _frame(ax, _("Glucocorticoid taper"), _("Prednisone equivalent\n(mg/day)"), patient, goals,
           thresholds)


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


def chart_file(kind: str, fmt: str, assessment: Assessment,
               language: str | None = None) -> bytes:
    """One chart ('ri' or 'taper') of an assessment as a PNG or SVG file, in the language of
    the run (`language`, when given: a deferred download runs off the script's thread)."""
    if language is not None:
        return in_language(language, chart_file, kind, fmt, assessment)
    with drawing():
        return figure_bytes(chart_figure(kind, assessment.patient, assessment.goals,
                                         assessment.thresholds), fmt)

"""The one-page patient report (PDF, A4 or Letter): outcome, goals with their basis, the RI and
taper charts as vector graphics, the risk stratum with its published rate, sources, disclaimer.

Words come from `report` (the same as the Assessment page), charts from `static_charts`.
"""
from __future__ import annotations

import io
import textwrap
import threading
from datetime import date

from matplotlib import rc_context
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from igg4rd import __version__
from igg4rd.language.words import (
    COMBINATION_ADVICE,
    DISCLAIMER,
    FACTOR_LABELS,
    FACTOR_PRESENCE,
    GOAL_STATUS_WORDS,
)
from igg4rd.render.report import (
    banner_text,
    goal_lines,
    published_rate_text,
    regimen_text,
    relapsed,
    secondary_relapse_warning,
    stratum_text,
)
from igg4rd.render.static_charts import draw_ri, draw_taper
from igg4rd.rules import evidence
from igg4rd.rules.assessment import Assessment

PAGE_SIZES = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}  # inches
OUTCOME_ICONS = {"success": "✔", "failure": "✖", "pending": "…", "insufficient_data": "?"}
STATUS_ICONS = {True: "✔", False: "✖", None: "…"}
MARGIN = 0.06
_RC_LOCK = threading.Lock()  # rc_context changes matplotlib's global settings
WRAP = 110


class _Writer:
    """Places wrapped lines of text down the page, from the top."""

    def __init__(self, figure: Figure, height_in: float):
        self.figure, self.y, self.line = figure, 1 - MARGIN * 0.8, 0.16 / height_in

    def text(self, words: str, size: float = 8, weight: str = "normal", indent: float = 0,
             colour: str = "black", width: int = WRAP) -> None:
        for line in textwrap.wrap(words, width=width) or [""]:
            self.figure.text(MARGIN + indent, self.y, line, fontsize=size, fontweight=weight,
                             color=colour, va="top")
            self.y -= self.line * size / 8
        self.y -= self.line * 0.25

    def gap(self, lines: float = 0.5) -> None:
        self.y -= self.line * lines


def _header(out: _Writer, assessment: Assessment, generated: date) -> None:
    patient, goals = assessment.patient, assessment.goals
    out.text("IgG4-RD remission induction: patient report", size=13, weight="bold")
    synthetic = "  ·  SYNTHETIC DEMO PATIENT, not a real person" if patient.synthetic else ""
    out.text(f"Patient {patient.id}{synthetic}", size=10, weight="bold")
    out.text(regimen_text(patient))
    out.text(f"Treatment start {patient.treatment.start_date}  ·  baseline "
             f"{patient.baseline.date}  ·  assessed as of {goals.as_of} "
             f"(month {goals.months_as_of:.1f})")


def _outcome(out: _Writer, assessment: Assessment) -> None:
    goals = assessment.goals
    words, reason = banner_text(goals)
    out.gap()
    out.text(f"{OUTCOME_ICONS[goals.outcome]} {words}", size=14, weight="bold")
    out.text(reason, size=9)
    for line in goal_lines(assessment):
        out.text(f"{STATUS_ICONS[line.met]} {line.title}: {GOAL_STATUS_WORDS[line.met]}", size=9,
                 weight="bold")
        out.text(f"{line.numbers}. Threshold: {line.threshold}.", indent=0.02)
    if relapsed(assessment.patient, goals.as_of):
        out.text(secondary_relapse_warning(), weight="bold")
    out.text(f"Source: {evidence.PAPER}; {evidence.GOALS_SOURCE}.", size=7, colour="#444444")


def _charts(figure: Figure, out: _Writer, assessment: Assessment) -> None:
    height = 0.18
    for draw in (draw_ri, draw_taper):
        top = out.y - 0.01
        axes = figure.add_axes((MARGIN + 0.05, top - height + 0.035, 1 - 2 * MARGIN - 0.12,
                                height - 0.065))
        draw(axes, assessment.patient, assessment.goals, assessment.thresholds)
        out.y = top - height - 0.005


def _risk(out: _Writer, assessment: Assessment) -> None:
    risk = assessment.risk
    out.text("Baseline risk factors for failure on GC monotherapy (Table 3, Fig. 3c)", size=10,
             weight="bold")
    for factor in risk.factors:
        out.text(f"{FACTOR_LABELS[factor.name]}: {FACTOR_PRESENCE[factor.present]} "
                 f"({factor.value}; rule {factor.rule})", indent=0.02)
    out.text(stratum_text(risk))
    out.text(published_rate_text(risk), weight="bold" if risk.published else "normal")
    if risk.combination_suggested:
        out.text(COMBINATION_ADVICE, weight="bold")


def _footer(out: _Writer, generated: date) -> None:
    out.gap()
    out.text(f"Sources: {evidence.PAPER}. Thresholds the paper leaves open are the clinic's "
             f"settings (see the Evidence page).", size=7, colour="#444444", width=140)
    out.text(DISCLAIMER, size=7, colour="#444444", width=140)
    out.text(f"Generated {generated.isoformat()} by igg4rd {__version__}.", size=7,
             colour="#444444")


def report_page(assessment: Assessment, page_size: str = "A4",
                generated: date | None = None) -> Figure:
    """One report page for one patient's assessment."""
    width, height = PAGE_SIZES[page_size]
    figure = Figure(figsize=(width, height))
    out = _Writer(figure, height)
    generated = generated or date.today()
    _header(out, assessment, generated)
    _outcome(out, assessment)
    _charts(figure, out, assessment)
    _risk(out, assessment)
    _footer(out, generated)
    return figure


def report_pdf(assessments: list[Assessment], page_size: str = "A4",
               generated: date | None = None) -> bytes:
    """A PDF with one page per assessment (text kept as text, charts as vectors). Safe to call
    from several threads (Streamlit builds deferred downloads off the script thread)."""
    buffer = io.BytesIO()
    with _RC_LOCK, rc_context({"pdf.fonttype": 42}), PdfPages(buffer, metadata={
            "Title": "IgG4-RD remission induction report", "Creator": f"igg4rd {__version__}"}
    ) as pdf:
        for assessment in assessments:
            pdf.savefig(report_page(assessment, page_size, generated))
    return buffer.getvalue()

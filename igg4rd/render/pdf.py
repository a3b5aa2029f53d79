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
    track_text,
)
from igg4rd.render.static_charts import draw_ri, draw_taper
from igg4rd.rules import evidence
from igg4rd.rules.assessment import Assessment

PAGE_SIZES = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}  # inches
OUTCOME_ICONS = {"success": "✔", "failure": "✖", "pending": "…", "insufficient_data": "?"}
STATUS_ICONS = {True: "✔", False: "✖", None: "…"}
MARGIN = 0.06
BOTTOM = 0.02  # the lowest a line may reach (fraction of the page)
_RC_LOCK = threading.Lock()  # rc_context changes matplotlib's global settings
WRAP = 110


class _Writer:
    """Places wrapped lines of text down the page, from the top; a page that is full continues
    on a new one (the text is never shrunk to fit)."""

    def __init__(self, size_in: tuple[float, float]):
        self.size_in, self.pages = size_in, []
        self.line = 0.16 / size_in[1]
        self.new_page()

    def new_page(self) -> None:
        self.figure = Figure(figsize=self.size_in)
        self.pages.append(self.figure)
        self.y = 1 - MARGIN * 0.8

    def room(self, height: float) -> None:
        """Start a new page unless `height` (a fraction of the page) still fits."""
        if self.y - height < BOTTOM:
            self.new_page()

    def text(self, words: str, size: float = 8, weight: str = "normal", indent: float = 0,
             colour: str = "black", width: int = WRAP) -> None:
        for line in textwrap.wrap(words, width=int(width * 8 / max(size, 8))) or [""]:
            self.room(self.line * size / 8)
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
    if assessment.on_track:
        track = track_text(assessment.patient, assessment.on_track)
        out.text(f"{track.headline}. {track.reason}", size=9, weight="bold")
        out.text(" ".join(track.basis), size=6.5, width=150, colour="#444444")
    for line in goal_lines(assessment):
        out.text(f"{STATUS_ICONS[line.met]} {line.title}: {GOAL_STATUS_WORDS[line.met]}", size=9,
                 weight="bold")
        out.text(f"{line.numbers}. Threshold: {line.threshold}.", indent=0.02)
    if relapsed(assessment.patient, goals.as_of):
        out.text(secondary_relapse_warning(), weight="bold")
    out.text(f"Source: {evidence.PAPER}; {evidence.GOALS_SOURCE}.", size=7, colour="#444444")


def _charts(out: _Writer, assessment: Assessment) -> None:
    """The RI and taper charts side by side, as vectors."""
    height, gap = 0.23, 0.08
    out.room(height + 0.01)
    top = out.y - 0.01
    width = (1 - 2 * MARGIN - 2 * gap) / 2
    for column, draw in enumerate((draw_ri, draw_taper)):
        left = MARGIN + 0.045 + column * (width + gap + 0.02)
        axes = out.figure.add_axes((left, top - height + 0.08, width - 0.02, height - 0.11))
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


def report_pages(assessment: Assessment, page_size: str = "A4",
                 generated: date | None = None) -> list[Figure]:
    """The report pages of one patient's assessment (one for a typical patient)."""
    out = _Writer(PAGE_SIZES[page_size])
    generated = generated or date.today()
    _header(out, assessment, generated)
    _outcome(out, assessment)
    _charts(out, assessment)
    _risk(out, assessment)
    _footer(out, generated)
    return out.pages


def report_pdf(assessments: list[Assessment], page_size: str = "A4",
               generated: date | None = None) -> bytes:
    """A PDF of each assessment's pages (text kept as text, charts as vectors). Safe to call
    from several threads (Streamlit builds deferred downloads off the script thread)."""
    buffer = io.BytesIO()
    with _RC_LOCK, rc_context({"pdf.fonttype": 42}), PdfPages(buffer, metadata={
            "Title": "IgG4-RD remission induction report", "Creator": f"igg4rd {__version__}"}
    ) as pdf:
        for assessment in assessments:
            for page in report_pages(assessment, page_size, generated):
                pdf.savefig(page)
    return buffer.getvalue()

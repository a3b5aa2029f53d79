"""The one-page patient report (PDF, A4 or Letter): outcome, goals with their basis, the RI and
taper charts as vector graphics, the risk stratum with its published rate, sources, disclaimer.

Words come from `report` (the same as the Assessment page), charts from `static_charts`, in the
language of the run; its fonts (the CJK font for Chinese, embedded) are `static_charts.drawing`'s.
"""
from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from igg4rd import __version__
from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import _
from igg4rd.language.words import (
    COMBINATION_ADVICE,
    DISCLAIMER,
    FACTOR_LABELS,
    FACTOR_PRESENCE,
    GOAL_STATUS_WORDS,
)
from igg4rd.render.goal_text import banner_text, goal_lines, secondary_relapse_warning
from igg4rd.render.lines import columns, wrap
from igg4rd.render.patient_text import (
    VISIT_COLUMNS,
    baseline_labs_text,
    patient_facts,
    sites_text,
    start_dose_text,
    visit_table_rows,
)
from igg4rd.render.risk_text import published_rate_text, stratum_text
from igg4rd.render.static_charts import draw_ri, draw_taper, drawing, in_language
from igg4rd.render.track import track_text
from igg4rd.rules import evidence
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.goals import relapsed
from igg4rd.rules.schedule import next_visit

PAGE_SIZES = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}  # inches
# a mark at a line's start: never '…', which read as a stray ellipsis
OUTCOME_ICONS = {"success": "✔", "failure": "✖", "pending": "○", "insufficient_data": "?"}
STATUS_ICONS = {True: "✔", False: "✖", None: "○"}
MIN_PT = 8  # the smallest text of the report
MARGIN = 0.06
BOTTOM = 0.02  # the lowest a line may reach (fraction of the page)
TOP = 0.035  # the highest a line may start (fraction of the page from its top)
WRAP = 125  # characters of 8-pt text across the A4/Letter text width
class _Writer:
    """Places wrapped lines of text down the page, from the top; a page that is full continues
    on a new one headed by `running_head` (the text is never shrunk to fit)."""

    def __init__(self, size_in: tuple[float, float], running_head: str):
        self.size_in, self.running_head = size_in, running_head
        self.pages: list[Figure] = []
        self.line = 0.145 / size_in[1]
        self.new_page()

    def new_page(self) -> None:
        self.figure = Figure(figsize=self.size_in)
        self.pages.append(self.figure)
        self.y = 1 - TOP
        if len(self.pages) > 1:
            self.text(_("{running_head} (continued)").format(running_head=self.running_head),
                      size=MIN_PT, colour="#444444")

    def number_pages(self) -> None:
        """'Page 1 of 2' at the foot of each page of a report longer than one page."""
        for page_number, page in enumerate(self.pages, start=1):
            if len(self.pages) > 1:
                page.text(1 - MARGIN, BOTTOM / 2,
                          _("Page {number} of {count}").format(number=page_number,
                                                               count=len(self.pages)),
                          fontsize=MIN_PT, color="#444444", ha="right", va="bottom")

    def room(self, height: float) -> bool:
        """Start a new page unless `height` (a fraction of the page) still fits; whether it
        did."""
        if self.y - height < BOTTOM:
            self.new_page()
            return True
        return False

    def text(self, words: str, size: float = 8, weight: str = "normal", indent: float = 0,
             colour: str = "black") -> None:
        chars = WRAP * 8 / max(size, 8) * (0.88 if weight == "bold" else 1)
        for line in wrap(words, int(chars)) or [""]:
            self.room(self.line * size / 8)
            self.figure.text(MARGIN + indent, self.y, line, fontsize=size, fontweight=weight,
                             color=colour, va="top")
            self.y -= self.line * size / 8
        self.y -= self.line * 0.25

    def gap(self, lines: float = 0.5) -> None:
        self.y -= self.line * lines


def _header(out: _Writer, assessment: Assessment, institution: str | None,
            lab_units: Mapping[str, str] | None) -> None:
    patient, goals = assessment.patient, assessment.goals
    if institution:
        out.text(institution, size=10, weight="bold")
    out.text(_("IgG4-RD remission induction: patient report"), size=13, weight="bold")
    name = (_("Patient {patient_id}  ·  SYNTHETIC DEMO PATIENT, not a real person")
            if patient.synthetic else
            _("Patient {patient_id}  ·  record number {record_number}")
            if patient.record_number else _("Patient {patient_id}"))
    out.text(name.format(patient_id=patient.id, record_number=patient.record_number), size=10,
             weight="bold")
    out.text(patient_facts(patient))
    out.text(sites_text(patient))
    out.text(start_dose_text(patient, assessment.thresholds.default_initial_weeks))
    out.text(baseline_labs_text(patient, lab_units))
    due = next_visit(patient, goals.as_of)
    out.text(_("Treatment start {start}  ·  assessed as of {day} (month {month})  ·  next visit "
               "due {due} ({visit})").format(
        start=date_text(patient.treatment.start_date), day=date_text(goals.as_of),
        month=number(goals.months_as_of, 1), due=date_text(due.due), visit=due.label))


def _outcome(out: _Writer, assessment: Assessment) -> None:
    goals = assessment.goals
    words, reason = banner_text(goals)
    out.gap()
    out.text(f"{OUTCOME_ICONS[goals.outcome]} {words}", size=14, weight="bold")
    out.text(reason, size=9)
    if track := track_text(assessment):
        out.text(_("{headline}. {reason}").format(headline=track.headline,
                                                   reason=track.sentences),
                 size=8.5, weight="bold")
        out.text(" ".join(track.basis), size=MIN_PT, colour="#444444")
    for line in goal_lines(assessment):
        out.text(_("{icon} {goal}: {status}").format(
            icon=STATUS_ICONS[line.met], goal=line.title, status=GOAL_STATUS_WORDS[line.met]),
            size=8.5, weight="bold")
        out.text(_("{numbers}. Threshold: {threshold}.").format(numbers=line.numbers,
                                                                threshold=line.threshold),
                 size=MIN_PT, indent=0.02)
    if relapsed(assessment.patient, goals.as_of):
        out.text(secondary_relapse_warning(), weight="bold")
    out.text(_("Source of the goals: {source}.").format(source=_(evidence.GOALS_SOURCE)),
             size=MIN_PT, colour="#444444")


def _charts(out: _Writer, assessment: Assessment) -> None:
    """The RI and taper charts side by side, as vectors."""
    height, gap = 0.205, 0.1
    out.room(height + 0.01)
    top = out.y - 0.01
    width = (1 - 2 * MARGIN - 2 * gap) / 2
    for column, draw in enumerate((draw_ri, draw_taper)):
        left = MARGIN + 0.045 + column * (width + gap + 0.02)
        axes = out.figure.add_axes((left, top - height + 0.08, width - 0.02, height - 0.11))
        draw(axes, assessment.patient, assessment.goals, assessment.thresholds)
    out.y = top - height - 0.005


TABLE_X = (0.0, 0.11, 0.18, 0.24, 0.47, 0.66)  # column starts (fraction of the text width)
TABLE_WIDTH = 1 - 2 * MARGIN - 0.02  # of the page's width
TABLE_FONT_PT = MIN_PT
LATIN_COLUMN_EM = 0.6  # DejaVu Sans, an average Latin character; a CJK one counts two


def _visits(out: _Writer, assessment: Assessment) -> None:
    """The visit table: date, month, RI, drug and dose, prednisone equivalent, relapse; a long
    history continues on the next page, its header repeated."""
    rows = visit_table_rows(assessment.patient, assessment.goals.as_of)
    out.text(_("Visits ({count})").format(count=len(rows)), size=10, weight="bold")
    if not rows:
        out.text(_("No visit recorded yet."), indent=0.02)
        return
    header = tuple(_(column) for column in VISIT_COLUMNS)
    starts = _table_starts(out, [header, *rows])
    for i, row in enumerate([header, *rows]):
        if out.room(out.line * 0.95) or i == 0:
            _table_row(out, header, "bold", starts)
        if i:
            _table_row(out, row, "normal", starts)
    out.gap(0.3)


def _table_starts(out: _Writer, rows: list[tuple[str, ...]]) -> tuple[float, ...]:
    """The columns' starts: `TABLE_X`, each moved right where the column before it has a
    wider cell (a date in Chinese, 2024年11月30日, is wider than 2024-11-30)."""
    width_pt = TABLE_WIDTH * out.size_in[0] * 72
    starts = [TABLE_X[0]]
    for column, layout_start in enumerate(TABLE_X[1:]):
        widest = max(columns(row[column]) for row in rows) * LATIN_COLUMN_EM * TABLE_FONT_PT
        starts.append(max(layout_start, starts[-1] + (widest + TABLE_FONT_PT) / width_pt))
    return tuple(starts)


def _table_row(out: _Writer, cells: tuple[str, ...], weight: str,
               starts: tuple[float, ...]) -> None:
    for x, cell in zip(starts, cells, strict=True):
        out.figure.text(MARGIN + 0.02 + x * TABLE_WIDTH, out.y, cell, fontsize=TABLE_FONT_PT,
                        fontweight=weight, va="top")
    out.y -= out.line * 0.95


def _risk(out: _Writer, assessment: Assessment) -> None:
    risk = assessment.risk
    out.text(_("Baseline risk factors for failure on GC monotherapy (Table 3, Fig. 3c)"),
             size=10, weight="bold")
    for factor in risk.factors:
        out.text(_("{factor}: {presence} ({value}; rule {rule})").format(
            factor=FACTOR_LABELS[factor.name], presence=FACTOR_PRESENCE[factor.present],
            value=factor.value, rule=factor.rule), size=MIN_PT, indent=0.02)
    out.text(stratum_text(risk))
    out.text(published_rate_text(risk), weight="bold" if risk.published else "normal")
    if risk.combination_suggested:
        out.text(_(COMBINATION_ADVICE), weight="bold")


def _footer(out: _Writer, generated: date, clinician: str | None) -> None:
    figures = {"day": date_text(generated), "clinician": clinician, "version": __version__,
               "paper": _(evidence.PAPER)}
    out.text((_("Generated {day} by {clinician} with igg4rd {version}. Sources: {paper}. "
                "Thresholds the paper leaves open are the clinic's settings (see the Evidence "
                "page).") if clinician else
              _("Generated {day} with igg4rd {version}. Sources: {paper}. Thresholds the paper "
                "leaves open are the clinic's settings (see the Evidence page).")
              ).format(**figures), size=MIN_PT, colour="#444444")
    out.text(_(DISCLAIMER), size=MIN_PT, colour="#444444")


def report_pages(assessment: Assessment, page_size: str = "A4", generated: date | None = None,
                 clinician: str | None = None, institution: str | None = None,
                 lab_units: Mapping[str, str] | None = None) -> list[Figure]:
    """The report pages of one patient's assessment: one for a typical patient (up to 8 visits);
    a longer history continues on a second page rather than shrinking the text. In the
    language of the run; to be drawn and saved within `static_charts.drawing(pdf=True)`, which
    sets the fonts (as `report_pdf` does). `institution`: the hospital and department heading
    it and `lab_units` each laboratory value's unit (the clinic's settings)."""
    out = _Writer(PAGE_SIZES[page_size],
                  _("Patient {patient_id}").format(patient_id=assessment.patient.id))
    _header(out, assessment, institution, lab_units)
    _outcome(out, assessment)
    _charts(out, assessment)
    _visits(out, assessment)
    _risk(out, assessment)
    _footer(out, generated or date.today(), clinician)
    out.number_pages()
    return out.pages


def report_pdf(assessments: list[Assessment], page_size: str = "A4",
               generated: date | None = None, clinician: str | None = None,
               language: str | None = None, institution: str | None = None,
               lab_units: Mapping[str, str] | None = None) -> bytes:
    """A PDF of each assessment's pages (text kept as text, with its fonts embedded; charts as
    vectors), in the language of the run, or in `language` when given (Streamlit builds
    deferred downloads off the script thread, where the run's language is not set). Safe to
    call from several threads."""
    if language is not None:
        return in_language(language, report_pdf, assessments, page_size, generated, clinician,
                           None, institution, lab_units)
    buffer = io.BytesIO()
    with drawing(pdf=True), PdfPages(buffer, metadata={
            "Title": _("IgG4-RD remission induction report"),
            "Creator": f"igg4rd {__version__}"}) as pdf:
        for assessment in assessments:
            for page in report_pages(assessment, page_size, generated, clinician, institution,
                                     lab_units):
                pdf.savefig(page)
    return buffer.getvalue()

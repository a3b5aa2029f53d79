"""Cohort page: the paper's analysis (Tables 1-3, Fig. 3b, 3c, 4) on a cohort, beside the
published PUMCH figures. Source: the synthetic demo cohort (default), this clinic's registry, or
an uploaded file. Thin: the statistics live in igg4rd.cohort."""
from __future__ import annotations

import hashlib
from dataclasses import astuple
from datetime import date
from typing import Any

import streamlit as st

from igg4rd.cohort.analysis import CohortAnalysis, analyse
from igg4rd.cohort.tables import csv_header
from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import N_, _, current_language, pgettext
from igg4rd.language.words import REGIMEN_LABELS
from igg4rd.render import cohort_charts
from igg4rd.rules import evidence
from igg4rd.rules.thresholds import Thresholds, threshold_rows
from igg4rd.ui import session
from igg4rd.ui.chart_view import chart
from igg4rd.ui.kept import Kept
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.text import plain

require_app_frame()

# the choices are the English messages (stable values across languages), shown translated
DEMO = N_("Synthetic demo cohort (215 patients reproducing the paper's counts)")
REGISTRY = N_("This clinic's registry")
UPLOAD = N_("Upload a cohort file")
REPRODUCED = {True: N_("✔ as printed"), False: N_("✖ not reproduced")}
NOT_REPRODUCED_NOTE = N_("✖ not reproduced: the synthetic cohort's values for this row differ "
                         "from the paper's printed ones (the demo is built to reproduce the "
                         "counts, not every distribution). Read the PUMCH column there.")
TITLES = {"table1": N_("Table 1"), "table2": N_("Table 2"), "table3": N_("Table 3"),
          "fig3b": N_("Fig. 3b"), "fig3c": N_("Fig. 3c"), "fig4": N_("Fig. 4")}
KEPT_ANALYSES = 8  # finished analyses kept for every session
CANCELLED = "cohort.cancelled"  # the analysis a click on Cancel stopped (its key)
FROM_REGISTRY = "registry"  # the cohort's format: read from the database, not a file


def _columns(name: str) -> tuple[tuple[str, str], ...]:
    """The columns a table shows: (column, header), in the language of the run."""
    gc, gc_im = REGIMEN_LABELS["gc"], REGIMEN_LABELS["gc+im"]
    pumch_gc, pumch_gc_im = _("PUMCH GC"), _("PUMCH GC + IM")
    return {
        "table1": (("label", _("Baseline")), ("value", _("This cohort")),
                   ("missing", _("Not recorded")), ("published", _("PUMCH (n = 215)"))),
        "table2": (("label", _("By regimen")), ("gc:shown", gc), ("gc+im:shown", gc_im),
                   ("p_shown", "p"), ("test", _("Test")), ("published:gc", pumch_gc),
                   ("published:gc+im", pumch_gc_im), ("published:p", _("PUMCH p")),
                   ("note", _("Why no p"))),
        "table3": (("factor", _("Factor")), ("label", _("Group")),
                   ("gc:shown", _("OR (95% CI), {regimen}").format(regimen=gc)),
                   ("published:gc", pumch_gc),
                   ("gc+im:shown", _("OR (95% CI), {regimen}").format(regimen=gc_im)),
                   ("published:gc+im", pumch_gc_im)),
        "fig3b": (("label", _("Involved organ")), ("gc:shown", gc), ("published:gc", pumch_gc),
                  ("gc+im:shown", gc_im), ("published:gc+im", pumch_gc_im)),
        "fig3c": (("label", _("GC monotherapy")), ("cohort:shown", _("Failed [exact 95% CI]")),
                  ("published", "PUMCH")),
        "fig4": (("label", _("Month 6")), ("failure:shown", _("Failure")),
                 ("success:shown", _("Success")), ("p_shown", _("p (Mann-Whitney)")),
                 ("published:failure", _("PUMCH failure")),
                 ("published:success", _("PUMCH success")), ("published:p", _("PUMCH p"))),
    }[name]


@st.cache_resource(show_spinner=False)
def _analyses() -> Kept[CohortAnalysis]:
    """The finished analyses, shared by every session (the last `KEPT_ANALYSES`)."""
    return Kept(KEPT_ANALYSES)


def _key(content: bytes | None, fmt: str, as_of: date | None, today: date,
         thresholds: Thresholds) -> tuple:
    """What an analysis depends on: the file's content (its digest) or the registry as of its
    last change, the assessment date, the thresholds and the language (the tables' labels and
    notes are written in it)."""
    cohort = ((session.registry(), session.change_number()) if fmt == FROM_REGISTRY
              else None if content is None else hashlib.blake2b(content).hexdigest())
    return cohort, fmt, as_of, today, astuple(thresholds), current_language()


def _analyse(content: bytes | None, fmt: str, as_of: date | None, today: date,
             thresholds: Thresholds, bar: Any) -> CohortAnalysis:
    """The whole analysis of the file's content, the registry (streamed from the database) or
    the demo cohort, its progress drawn on `bar` as the patients are read and judged (a click
    elsewhere stops it there)."""
    from igg4rd.storage.exchange import read_records
    from igg4rd.synthetic.cohort import demo_cohort

    def shown(done: int, total: int | None) -> None:
        if total is None:  # a file's records checked before any is analysed
            bar.progress(0.0, text=_("Checked {done} record(s)…").format(done=done))
        else:
            bar.progress(min(done / max(total, 1), 1.0), text=_(
                "Analysed {done} of {total} patient(s)…").format(done=done, total=total))

    if fmt == FROM_REGISTRY:
        total = session.active_count()
        analysis = analyse(session.registry().active_patients(), as_of, thresholds,
                           progress=lambda done: shown(done, total))
    else:
        analysis = analyse(demo_cohort(today) if content is None
                           else read_records(content, fmt, progress=shown), as_of, thresholds)
    shown(analysis.counts["patients"], analysis.counts["patients"])
    return analysis


def _analysed(content: bytes | None, fmt: str, as_of: date | None, today: date,
              thresholds: Thresholds) -> tuple[CohortAnalysis | None, list[str]]:
    """The analysis, kept from an earlier run or made now with its progress and a Cancel button
    (a click stops the run: nothing is shown, nothing kept, and it is not started again until
    asked); or None and the problems that keep it from being made."""
    key = _key(content, fmt, as_of, today, thresholds)
    analysis = _analyses().get(key)
    if analysis is None and st.session_state.get(CANCELLED) == key:
        st.warning(_("The analysis was cancelled: nothing is shown."), icon=":material/cancel:")
        st.button(_("Analyse again"), icon=":material/refresh:", key="cohort.again",
                  on_click=st.session_state.pop, args=(CANCELLED, None))
        return None, []
    with st.status(_("Analysing the cohort…"), expanded=analysis is None) as status:
        if analysis is None:
            cancel = st.empty()
            cancel.button(_("Cancel the analysis"), icon=":material/cancel:", key="cohort.cancel",
                          on_click=st.session_state.__setitem__, args=(CANCELLED, key))
            bar = st.progress(0.0, text=_("Reading the cohort…"))
            try:
                analysis = _analyse(content, fmt, as_of, today, thresholds, bar)
            except Exception as exc:  # noqa: BLE001 - the page shows a reason, never a traceback
                cancel.empty()
                status.update(label=_("The cohort could not be analysed"), state="error")
                return None, getattr(exc, "problems", None) or [str(exc) or type(exc).__name__]
            cancel.empty()
            _analyses().put(key, analysis)
        count = analysis.counts["patients"]
        status.update(label=_("Analysed {count} patients as of stage end").format(count=count)
                      if analysis.as_of == "stage end" else
                      _("Analysed {count} patients as of {day}").format(
                          count=count, day=date_text(date.fromisoformat(analysis.as_of))),
                      state="complete", expanded=False)
    return analysis, []


def _source() -> tuple[bytes | None, str] | None:
    """The chosen cohort: (None, "") for the demo, (None, FROM_REGISTRY) for the registry,
    (bytes, format) for a file, None: waiting."""
    shown = {choice: _(choice) for choice in (DEMO, REGISTRY, UPLOAD)}  # translated here
    source = st.radio(_("Cohort"), tuple(shown), format_func=shown.__getitem__, horizontal=True,
                      key="cohort-source",
                      help=_("The registry is the Patients page's active (not archived) "
                             "patients."))
    if source == REGISTRY:
        st.caption(_("{count} active patient(s) in the registry.").format(
            count=session.active_count()))
        return None, FROM_REGISTRY
    if source == DEMO:
        st.info(_("**Synthetic data**: no real patient is described. The demo cohort is built so "
                  "that the paper's published counts are reproduced."), icon=":material/science:")
        return None, ""
    upload = st.file_uploader(_("Cohort file: a JSON list of igg4rd.patient/1 records, or the "
                                "CSV export"), type=["json", "csv"], key="cohort-upload")
    if upload is None:
        return None
    return upload.getvalue(), "csv" if upload.name.lower().endswith(".csv") else "json"


def _show_table(analysis: CohortAnalysis, name: str, synthetic: bool) -> None:
    """One table; for the synthetic demo cohort, each row says whether it reproduces the paper's
    printed row."""
    columns = _columns(name)
    table = analysis.frame(name)
    shown = table[[c for c, _header in columns]].rename(columns=dict(columns))
    if synthetic:
        reproduced = {value: _(word) for value, word in REPRODUCED.items()}
        shown.insert(0, _("Reproduces PUMCH"), table["reproduced"].map(reproduced).fillna("—"))
        if (table["reproduced"] == False).any():  # noqa: E712 - a nullable column
            st.caption(_(NOT_REPRODUCED_NOTE))
    st.dataframe(shown, hide_index=True, width="stretch")
    csv = table.rename(columns=csv_header).to_csv(index=False).encode("utf-8")
    st.download_button(_("Download {title} (CSV)").format(title=_(TITLES[name])), csv,
                       file_name=f"cohort-{name}.csv", mime="text/csv", key=f"csv-{name}")


def _show(analysis: CohortAnalysis, synthetic: bool) -> None:
    counts = analysis.counts
    cols = st.columns(5)
    # a count: other words than the worklist's title 'Patients' in Chinese (患者数, 患者列表)
    cols[0].metric(pgettext("count", "Patients"), counts["patients"])
    cols[1].metric(_("Analysed (success or failure)"), counts["analysed"])
    cols[2].metric(_("Pending, excluded"), counts["pending"])
    cols[3].metric(_("Insufficient data, excluded"), counts["insufficient_data"])
    cols[4].metric(_("GC / GC + IM"), f"{counts['gc']} / {counts['gc+im']}")
    if counts["analysed"] == 0:
        st.warning(_("No patient has an outcome as of this date: the tables are empty."))
    tabs = st.tabs([_(title) for title in TITLES.values()])
    for tab, name in zip(tabs, TITLES, strict=True):
        with tab:
            _show_table(analysis, name, synthetic)
            if name == "fig3b":
                chart(cohort_charts.fig3b_chart(analysis.fig3b), key="chart-3b")
            elif name == "fig3c":
                p = analysis.fig3c_p
                st.markdown(_("Fisher exact, 0-1 vs 2-4 risk factors: **p = {p}** "
                              "(PUMCH: p = {published}).").format(
                    p="NA" if p is None else number(p, 4),
                    published=number(evidence.RISK_STRATA_P)))
                if analysis.fig3c_note:
                    st.caption(analysis.fig3c_note)
                st.caption(_("Small groups give wide exact intervals: read the rates with them."))
                chart(cohort_charts.fig3c_chart(analysis.fig3c), key="chart-3c")
            elif name == "fig4":
                chart(cohort_charts.fig4_chart(analysis.results), key="chart-4")


st.title(_("Cohort analytics"))
st.caption(_("The analysis of {paper} on your cohort, each table beside the published figures. "
             "Only patients with an outcome (success or failure) are analysed.").format(
    paper=_(evidence.PAPER)))
chosen = _source()
today = session.today()
JUDGED = {"today": _("as of today ({day})").format(day=date_text(today)),
          "stage_end": _("at each patient's end of the 6-month stage")}
stage_end = st.radio(_("Judge outcomes"), tuple(JUDGED), format_func=JUDGED.__getitem__,
                     horizontal=True, key="cohort-judged") == "stage_end"
if chosen is not None:
    content, fmt = chosen
    thresholds = session.thresholds()
    analysis, problems = _analysed(content, fmt, None if stage_end else today, today, thresholds)
    if problems:
        shown = "\n".join(f"- {plain(p)}" for p in problems[:20])
        if len(problems) > 20:
            shown += "\n- " + _("… and {count} more").format(count=len(problems) - 20)
        st.error(_("The cohort could not be analysed:\n{problems}").format(problems=shown))
    elif analysis is not None:
        _show(analysis, synthetic=content is None and fmt != FROM_REGISTRY)
        st.caption(_("Thresholds in use (Evidence page): {thresholds}").format(
            thresholds=_("; ").join(f"{row['threshold']} = {number(row['value'])}"
                                    for row in threshold_rows(thresholds))))

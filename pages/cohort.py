"""Cohort page: the paper's analysis (Tables 1-3, Fig. 3b, 3c, 4) on a cohort, beside the
published PUMCH figures. Source: the synthetic demo cohort (default), this clinic's registry, or
an uploaded file. Thin: the statistics live in igg4rd.cohort."""
from __future__ import annotations

from dataclasses import astuple, fields
from datetime import date

import streamlit as st

from igg4rd.cohort.analysis import CohortAnalysis, analyse
from igg4rd.language.words import REGIMEN_LABELS
from igg4rd.render import cohort_charts
from igg4rd.rules import evidence
from igg4rd.rules.thresholds import Thresholds
from igg4rd.storage.exchange import export_json
from igg4rd.ui import session
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.text import plain
from igg4rd.ui.widgets import chart

require_app_frame()

DEMO = "Synthetic demo cohort (215 patients reproducing the paper's counts)"
REGISTRY = "This clinic's registry"
UPLOAD = "Upload a cohort file"
REPRODUCED = {True: "✔ as printed", False: "✖ not reproduced"}
NOT_REPRODUCED_NOTE = ("✖ not reproduced: the synthetic cohort's values for this row differ from "
                       "the paper's printed ones (the demo is built to reproduce the counts, not "
                       "every distribution). Read the PUMCH column there.")
TABLES = {  # name: (tab title, columns shown: (column, header))
    "table1": ("Table 1", (("label", "Baseline"), ("value", "This cohort"),
                           ("missing", "Not recorded"), ("published", "PUMCH (n = 215)"))),
    "table2": ("Table 2", (("label", "By regimen"), ("gc:shown", REGIMEN_LABELS["gc"]),
                           ("gc+im:shown", REGIMEN_LABELS["gc+im"]), ("p_shown", "p"),
                           ("test", "Test"), ("published:gc", "PUMCH GC"),
                           ("published:gc+im", "PUMCH GC + IM"), ("published:p", "PUMCH p"),
                           ("note", "Why no p"))),
    "table3": ("Table 3", (("factor", "Factor"), ("label", "Group"),
                           ("gc:shown", f"OR (95% CI), {REGIMEN_LABELS['gc']}"),
                           ("published:gc", "PUMCH GC"),
                           ("gc+im:shown", f"OR (95% CI), {REGIMEN_LABELS['gc+im']}"),
                           ("published:gc+im", "PUMCH GC + IM"))),
    "fig3b": ("Fig. 3b", (("label", "Involved organ"), ("gc:shown", REGIMEN_LABELS["gc"]),
                          ("published:gc", "PUMCH GC"), ("gc+im:shown", REGIMEN_LABELS["gc+im"]),
                          ("published:gc+im", "PUMCH GC + IM"))),
    "fig3c": ("Fig. 3c", (("label", "GC monotherapy"),
                          ("cohort:shown", "Failed [exact 95% CI]"), ("published", "PUMCH"))),
    "fig4": ("Fig. 4", (("label", "Month 6"), ("failure:shown", "Failure"),
                        ("success:shown", "Success"), ("p_shown", "p (Mann-Whitney)"),
                        ("published:failure", "PUMCH failure"),
                        ("published:success", "PUMCH success"), ("published:p", "PUMCH p"))),
}


@st.cache_data(show_spinner=False, max_entries=8)
def _analysis(content: bytes | None, fmt: str, as_of: date | None, today: date,
              threshold_values: tuple) -> CohortAnalysis:
    """The whole analysis, cached on the file's content (or the demo's date), the assessment
    date and the thresholds."""
    from igg4rd.storage.exchange import read_records
    from igg4rd.synthetic.cohort import demo_cohort

    patients = demo_cohort(today) if content is None else read_records(content, fmt)
    return analyse(patients, as_of, Thresholds(*threshold_values))


def _source() -> tuple[bytes | None, str] | None:
    """The chosen cohort: (None, "") for the demo, (bytes, format) for a file, None: waiting."""
    source = st.radio("Cohort", (DEMO, REGISTRY, UPLOAD), horizontal=True,
                      help="The registry is the Patients page's active (not archived) patients.")
    if source == REGISTRY:
        patients = [s.patient for s in session.stored_patients()]
        st.caption(f"{len(patients)} active patient(s) in the registry.")
        return export_json(patients).encode("utf-8"), "json"
    if source == DEMO:
        st.info("**Synthetic data**: no real patient is described. The demo cohort is built so "
                "that the paper's published counts are reproduced.", icon=":material/science:")
        return None, ""
    upload = st.file_uploader("Cohort file: a JSON list of igg4rd.patient/1 records, or the "
                              "CSV export", type=["json", "csv"])
    if upload is None:
        return None
    return upload.getvalue(), "csv" if upload.name.lower().endswith(".csv") else "json"


def _show_table(analysis: CohortAnalysis, name: str, synthetic: bool) -> None:
    """One table; for the synthetic demo cohort, each row says whether it reproduces the paper's
    printed row."""
    title, columns = TABLES[name]
    table = getattr(analysis, name)
    shown = table[[c for c, _ in columns]].rename(columns=dict(columns))
    if synthetic:
        shown.insert(0, "Reproduces PUMCH", table["reproduced"].map(REPRODUCED).fillna("—"))
        if (table["reproduced"] == False).any():  # noqa: E712 - a nullable column
            st.caption(NOT_REPRODUCED_NOTE)
    st.dataframe(shown, hide_index=True, width="stretch")
    st.download_button(f"Download {title} (CSV)", table.to_csv(index=False).encode("utf-8"),
                       file_name=f"cohort-{name}.csv", mime="text/csv", key=f"csv-{name}")


def _show(analysis: CohortAnalysis, synthetic: bool) -> None:
    counts = analysis.counts
    cols = st.columns(5)
    cols[0].metric("Patients", counts["patients"])
    cols[1].metric("Analysed (success or failure)", counts["analysed"])
    cols[2].metric("Pending, excluded", counts["pending"])
    cols[3].metric("Insufficient data, excluded", counts["insufficient_data"])
    cols[4].metric("GC / GC + IM", f"{counts['gc']} / {counts['gc+im']}")
    if counts["analysed"] == 0:
        st.warning("No patient has an outcome as of this date: the tables are empty.")
    tabs = st.tabs([title for title, _ in TABLES.values()])
    for tab, name in zip(tabs, TABLES, strict=True):
        with tab:
            _show_table(analysis, name, synthetic)
            if name == "fig3b":
                chart(cohort_charts.fig3b_chart(analysis.fig3b), key="chart-3b")
            elif name == "fig3c":
                p = analysis.fig3c_p
                st.markdown(f"Fisher exact, 0-1 vs 2-4 risk factors: **p = "
                            f"{'NA' if p is None else f'{p:.4f}'}** "
                            f"(PUMCH: p = {evidence.RISK_STRATA_P:g}).")
                if analysis.fig3c_note:
                    st.caption(analysis.fig3c_note)
                st.caption("Small groups give wide exact intervals: read the rates with them.")
                chart(cohort_charts.fig3c_chart(analysis.fig3c), key="chart-3c")
            elif name == "fig4":
                chart(cohort_charts.fig4_chart(analysis.results), key="chart-4")


st.title("Cohort analytics")
st.caption(f"The analysis of {evidence.PAPER} on your cohort, each table beside the published "
           "figures. Only patients with an outcome (success or failure) are analysed.")
chosen = _source()
today = session.today()
stage_end = st.radio("Judge outcomes", (f"as of today ({today.isoformat()})",
                                        "at each patient's end of the 6-month stage"),
                     horizontal=True) != f"as of today ({today.isoformat()})"
if chosen is not None:
    content, fmt = chosen
    thresholds = session.thresholds()
    with st.status("Analysing the cohort…", expanded=False) as status:
        try:
            analysis = _analysis(content, fmt, None if stage_end else today, today,
                                 astuple(thresholds))
        except Exception as exc:  # noqa: BLE001 - the page shows a reason, never a traceback
            status.update(label="The cohort could not be analysed", state="error")
            problems = getattr(exc, "problems", None) or [str(exc) or type(exc).__name__]
            analysis = None
        else:
            status.update(label=f"Analysed {analysis.counts['patients']} patients "
                                f"as of {analysis.as_of}", state="complete")
    if analysis is None:
        shown = "\n".join(f"- {plain(p)}" for p in problems[:20])
        more = f"\n- … and {len(problems) - 20} more" if len(problems) > 20 else ""
        st.error(f"The cohort could not be analysed:\n{shown}{more}")
    else:
        _show(analysis, synthetic=content is None)
        st.caption("Thresholds in use (Evidence page): "
                   + ", ".join(f"{f.name} = {getattr(thresholds, f.name):g}"
                               for f in fields(thresholds)))

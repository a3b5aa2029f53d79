"""Assessment page: the outcome, the three goals with their basis, the RI and taper charts, the
paper's context (secondary relapse, month-6 serology), and the report, chart files and clinic-note
summary to take away."""
from functools import partial

import streamlit as st

from igg4rd.language.formats import date_text, number
from igg4rd.language.i18n import N_, _, current_language
from igg4rd.render.clinic_note import clinic_note
from igg4rd.render.goal_text import judged_as_of, secondary_relapse_warning
from igg4rd.render.patient_text import serology_basis, serology_table
from igg4rd.render.pdf import PAGE_SIZES, report_pdf
from igg4rd.render.static_charts import chart_file
from igg4rd.rules.assessment import Assessment
from igg4rd.rules.goals import relapsed
from igg4rd.rules.taper import dose_summary
from igg4rd.ui import session
from igg4rd.ui.chart_view import chart, patient_chart
from igg4rd.ui.frame import require_patient
from igg4rd.ui.navigation import require_app_frame
from igg4rd.ui.text import plain
from igg4rd.ui.verdict import goal_checklist, outcome_banner, status_row

require_app_frame()

CHART_FILES = {"ri": N_("RI chart"), "taper": N_("Taper chart")}
IMAGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


def downloads(assessment: Assessment) -> None:
    """The PDF report and the chart files, each built only when its button is clicked (a
    callable `data` runs on click: the PDF takes ~0.4 s), and the clinic-note summary."""
    stem = f"igg4rd-{assessment.patient.id}-{assessment.goals.as_of.isoformat()}"
    st.subheader(_("Report and downloads"))
    st.caption(" ".join((_("One-page report: the patient's details, outcome and goals, charts, "
                           "visits, risk, sources."),
                         _("Charts as image files, drawn on the server."))))
    # built on click, off the script's thread: the language is passed along
    clinic = session.clinic_settings()
    institution = " · ".join(name for name in (clinic.hospital, clinic.department) if name)
    build = partial(report_pdf, [assessment], generated=session.calendar_today(),
                    clinician=session.report_author(), language=current_language(),
                    institution=institution or None, lab_units=clinic.lab_units)
    with st.container(horizontal=True):
        for size in PAGE_SIZES:
            st.download_button(_("PDF report ({size})").format(size=size),
                               partial(build, page_size=size),
                               file_name=f"{stem}-{size}.pdf", mime="application/pdf",
                               on_click="ignore", icon=":material/picture_as_pdf:",
                               key=f"pdf-{size}")
        for kind, label in CHART_FILES.items():
            for fmt, mime in IMAGE_TYPES.items():
                st.download_button(_("{chart} ({format})").format(chart=_(label),
                                                                   format=fmt.upper()),
                                   partial(chart_file, kind, fmt, assessment,
                                           language=current_language()),
                                   file_name=f"{stem}-{kind}.{fmt}", mime=mime,
                                   on_click="ignore", icon=":material/image:",
                                   key=f"{kind}-{fmt}")
    # in a popover: drawn (and its code component loaded) only when opened, not on first open
    with st.popover(_("Summary for a clinic note"), icon=":material/content_copy:"):
        st.caption(_("Copy it with the button at its top right."))
        st.code(clinic_note(assessment), language=None, wrap_lines=True)


patient = require_patient()
assessment = session.assessment(patient)
goals = assessment.goals

st.title(_("Assessment · {patient_id}").format(patient_id=plain(patient.id)))
st.caption(judged_as_of(patient, goals))
outcome_banner(assessment, basis=True)
if relapsed(patient, goals.as_of):
    st.warning(secondary_relapse_warning(), icon=":material/warning:")

with st.container(key="igg4rd-stack-goals"):  # stacked on a tablet (igg4rd/ui/style.py)
    checklist_col, dose_col = st.columns([3, 1])
with checklist_col:
    st.subheader(_("Therapeutic goals"))
    goal_checklist(assessment)
with dose_col:
    st.subheader(_("Glucocorticoid"))
    doses = dose_summary(patient, goals.as_of)
    in_effect = doses.in_effect_mg
    st.metric(_("Dose in effect on {day}").format(day=date_text(goals.as_of)),
              _("not recorded") if in_effect is None
              else _("{dose} mg/day").format(dose=number(in_effect)),
              help=_("Prednisone equivalent: the last recorded dose, held until the next "
                     "record"))
    st.metric(_("During the 6-month stage"), f"{number(doses.stage_mg / 1000, 2)} g",
              help=_("{mg} mg prednisone equivalent").format(
                  mg=number(doses.stage_mg, 0, grouped=True)))
    st.metric(_("Up to the assessment date"), f"{number(doses.to_date_mg / 1000, 2)} g",
              help=_("{mg} mg prednisone equivalent").format(
                  mg=number(doses.to_date_mg, 0, grouped=True)))
    st.caption(_("{stage} mg and {to_date} mg prednisone equivalent (area under the recorded "
                 "dose curve).").format(stage=number(doses.stage_mg, 0, grouped=True),
                                        to_date=number(doses.to_date_mg, 0, grouped=True)))

status_row(assessment)
with st.container(key="igg4rd-stack-charts"):
    ri_col, taper_col = st.columns(2)
with ri_col:
    chart(patient_chart("ri", assessment), key="ri-chart")
with taper_col:
    chart(patient_chart("taper", assessment), key="taper-chart")

month6 = goals.assessment_visit
if month6 is not None and goals.month6_final:
    st.subheader(_("Month-6 serology in context (Fig. 4)"))
    st.markdown(serology_table(month6))
    st.caption(serology_basis(patient, month6))

downloads(assessment)

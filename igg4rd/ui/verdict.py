"""The verdict drawn: the outcome banner (the on-track status leading while pending), the
three goals as a checklist, and the status at each visit as a row of badges. Icons and words
carry each status; colour only helps (render/palette.STATUS_LOOK)."""
from __future__ import annotations

import streamlit as st

from igg4rd.language.formats import date_text
from igg4rd.language.i18n import _
from igg4rd.language.words import GOAL_STATUS_WORDS, VISIT_STATUS_WORDS
from igg4rd.render.goal_text import banner_text, goal_lines
from igg4rd.render.palette import STATUS_LOOK
from igg4rd.render.track import track_text
from igg4rd.rules.assessment import Assessment

STATUS_ICONS = {True: ":material/check_circle:", False: ":material/cancel:",
                None: ":material/radio_button_unchecked:"}
STATUS_COLOURS = {True: "green", False: "red", None: "gray"}


def status_row(assessment: Assessment) -> None:
    """The status at each visit, as of its own date (clinical-rules §3c): when did this patient
    fall behind? A badge a visit, icon and words (colour only helps), in one Markdown element
    (a badge element each cost 0.4 ms a run at 24 visits, bench/pages.py)."""
    statuses = assessment.status_by_visit
    if not statuses:
        return
    badges = [_badge(_("{day}: {status}").format(day=date_text(visit.day),
                                                 status=VISIT_STATUS_WORDS[visit.status]),
                     visit.status) for visit in statuses]
    if statuses[-1].day != assessment.goals.as_of:  # and where it stands now
        now = str(assessment.on_track.status if assessment.on_track
                  else assessment.goals.outcome)
        badges.append(_badge(_("now ({day}): {status}").format(
            day=date_text(assessment.goals.as_of), status=VISIT_STATUS_WORDS[now]), now))
    st.markdown(_("**Status at each visit:**") + " " + " ".join(badges))


def _badge(words: str, status: str) -> str:
    """Streamlit Markdown's badge of `status`'s look, saying `words` (ours: dates and the
    catalog's words, no Markdown in them)."""
    look = STATUS_LOOK[status]
    return f":{look.badge}-badge[{look.icon} {words}]"


def outcome_banner(assessment: Assessment, basis: bool = False) -> None:
    """The outcome in words and icon (never colour alone), with its reason; while pending, the
    on-track status leads (a warning when behind target), with its basis if `basis`. In a
    container keyed 'igg4rd-verdict' (bench/first_open.py waits for it)."""
    goals = assessment.goals
    words, reason = banner_text(goals)
    track = track_text(assessment)
    with st.container(key="igg4rd-verdict"):
        if not track or assessment.on_track is None:
            alert = {"success": st.success, "failure": st.error, "pending": st.info,
                     "insufficient_data": st.warning}[goals.outcome]
            alert(reason, title=words, icon=STATUS_LOOK[goals.outcome].icon)
            return
        behind = assessment.on_track.gc_maintenance_at_risk
        (st.warning if behind else st.info)(
            _("**{headline}.** {why}  \n{outcome_reason}.").format(
                headline=track.headline, why=track.sentences, outcome_reason=reason),
            title=words, icon=STATUS_LOOK["behind_target" if behind else goals.outcome].icon)
        if basis:
            with st.expander(_("Basis of the on-track status"), icon=":material/functions:"):
                st.markdown("\n".join(f"- {line}" for line in track.basis))


def goal_checklist(assessment: Assessment) -> None:
    """The three goals, each with its status in words and icon, and its basis."""
    st.markdown("\n\n".join(
        f"{STATUS_ICONS[line.met]} **{line.title}** — "
        f":{STATUS_COLOURS[line.met]}[**{GOAL_STATUS_WORDS[line.met]}**]  \n"
        f"{line.numbers}  \n:gray["
        + _("Threshold: {threshold}. Source: {source}.").format(threshold=line.threshold,
                                                              source=line.source) + "]"
        for line in goal_lines(assessment)))

"""The app's pages (st.Page) and the guard against Streamlit's legacy `pages/` mode."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from igg4rd.language.i18n import _, pgettext
from igg4rd.ui import session
from igg4rd.ui.auth import account_controls, require_login
from igg4rd.ui.frame import app_identity, frame_notices, patient_picker, sidebar_tools
from igg4rd.ui.page_scripts import ASSESSMENT, page_script
from igg4rd.ui.style import PAGE_STYLE

_FRAME = "igg4rd.frame"
PAGES = Path(__file__).resolve().parents[2] / "pages"
# a page's URL path is its file's name (pages/risk.py: /risk)
PAGE_URL_PATHS = tuple(sorted(script.stem for script in PAGES.glob("*.py")))


def _open_assessment() -> None:
    """The root URL opens the Assessment page. (A default page's URL is the root only, so
    making Assessment the default would break links to /assessment.)"""
    st.switch_page(ASSESSMENT)


def _page(url_path: str, title: str) -> st.Page:
    return st.Page(page_script(url_path), title=title, url_path=url_path)


def app_pages() -> list[st.Page]:
    """The clinician pages, plus the Cohort page once its file exists.

    Page icons are emoji: a `:material/...:` page icon becomes the favicon, fetched from
    fonts.gstatic.com, and a clinic page never calls out.
    """
    # pgettext: a page's name may need other words than the same English elsewhere
    pages = [
        st.Page(_open_assessment, title=pgettext("navigation", "Home"), url_path="home",
                default=True, visibility="hidden"),
        _page("patients", pgettext("navigation", "Patients")),
        _page("assessment", pgettext("navigation", "Assessment")),
        _page("patient", pgettext("navigation", "Patient")),
        _page("visits", pgettext("navigation", "Visits")),
        _page("risk", pgettext("navigation", "Risk")),
        _page("evidence", pgettext("navigation", "Evidence")),
    ]
    if "cohort" in PAGE_URL_PATHS:
        pages.append(_page("cohort", pgettext("navigation", "Cohort")))
    return pages


def open_app() -> None:
    """What the dashboard does: navigation, the frame every page shares, then the chosen page."""
    session.use_session_language()  # page titles are words too
    # the pages are the session's own, made once a language (~0.4 ms a run otherwise)
    page = st.navigation(session.memoised("app pages", app_pages), position="top")
    draw_frame()
    page.run()


def draw_frame() -> None:
    """What every page shares, above it: page setup, the login gate (clinic mode), then the
    app's name (with the demo's 'synthetic' notice), the patient picker and its notices, so
    that the first screen says what this is at every width. The page links are the top
    navigation; the sidebar starts collapsed (on a tablet it would cover half the page) and
    holds the occasional tools: the review of a past date and the account."""
    st.set_page_config(page_title=_("igg4rd · IgG4-RD remission induction"), page_icon="🩺",
                       layout="wide", initial_sidebar_state="collapsed")
    st.html(PAGE_STYLE)
    require_login()
    session.app_run_started()
    with st.container(key="igg4rd-frame", horizontal=True, vertical_alignment="bottom",
                      gap="medium"):
        app_identity()
        patient_picker()
    frame_notices()
    sidebar_tools()
    account_controls()
    st.session_state[_FRAME] = True


def require_app_frame() -> None:
    """First line of every page. While Streamlit is in its legacy `pages/` mode (a fresh
    server's very first run; every AppTest run), it runs a page without dashboard.py: no picker, the
    legacy page list (architecture.md), and widget ids that differ from later runs, so the
    first interaction would be lost. Then do what dashboard.py does (the public `st.navigation`
    also ends legacy mode), run the page from there, and stop this outer run.
    """
    if st.session_state.pop(_FRAME, False):
        return
    open_app()
    st.stop()

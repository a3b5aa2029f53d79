"""The login gate of clinic mode: nothing of a page renders before it is passed.

OIDC through `st.login` when secrets have an `[auth]` section; otherwise the clinic password
(secrets `[clinic] password` or env IGG4RD_CLINIC_PASSWORD), compared in constant time, with the
clinician's name for the audit trail; wrong passwords are throttled per client address
(igg4rd.storage.login_throttle: counted in the clinic database). Demo mode has no login. A
misconfigured deployment (a database without a login) stops with the reason (storage.config).
Either way a session is bound to the browser that opened it (igg4rd.ui.server.gate).
"""
from __future__ import annotations

import math
import re
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from igg4rd.language.i18n import _
from igg4rd.storage.config import ConfigError, password_matches
from igg4rd.storage.login_throttle import LoginThrottle
from igg4rd.ui import session
from igg4rd.ui.server.gate import ADMISSIONS, XSRF_COOKIE, browser_token, session_objects
from igg4rd.ui.text import plain

_FAILED = "igg4rd.login_failed"
NAME = re.compile(r"[^\W_][\w .'-]{0,59}")  # the audit trail's "who": plain words only


def require_login() -> None:
    """Return when the visitor may see patient pages; otherwise draw the login and stop."""
    try:
        setup = session.current_deployment()
    except ConfigError as error:
        st.error(_("**igg4rd cannot start.** {reason}").format(reason=plain(error)),
                 icon=":material/lock:")
        st.stop()
    _require_same_browser(demo=setup.mode == "demo")
    problem = session.registry_problem()
    if problem is not None:
        st.error(_("**The clinic database cannot be opened:** {reason}. Nothing is shown or "
                   "saved until it can; tell the clinic's administrator.").format(
                       reason=plain(problem)), icon=":material/database:")
        st.stop()
    if setup.login == "oidc":
        _oidc()
    elif setup.login == "password":
        _password()


def _session_id() -> str:
    context = get_script_run_ctx()
    assert context is not None, "called outside a script run"
    return context.session_id


def _require_same_browser(demo: bool) -> None:
    """Bind this session to the browser that opened it (its XSRF cookie; without one, the
    connection it opened on: igg4rd.ui.server.gate), for as long as the session lives. A run from
    another browser, a session id taken over, ends the session: its login and its data are
    dropped. Demo sessions are admitted at once (uploads, downloads); clinic sessions at login."""
    ADMISSIONS.media_open = demo
    session_id = _session_id()
    owner, connection = session_objects(session_id)
    if not ADMISSIONS.bind(session_id, browser_token(st.context.cookies.get(XSRF_COOKIE)),
                           owner, connection):
        for key in list(st.session_state):
            del st.session_state[key]
        ADMISSIONS.forget(session_id)
        st.error(_("This session was opened from another browser, so it was closed and nothing "
                   "of it is shown. Reload the page to start again."), icon=":material/lock:")
        st.stop()
    if demo:
        ADMISSIONS.admit(session_id)


def account_controls() -> None:
    """Sidebar: who is signed in, and the way out (clinic mode only)."""
    user = session.state().user
    if user is None:
        return
    st.sidebar.caption(_("Signed in as {user}.").format(user=plain(user)))
    st.sidebar.button(_("Log out"), on_click=_log_out, icon=":material/logout:",
                      key="igg4rd.log_out")


def _oidc() -> None:
    if st.user.is_logged_in:
        session.state().user = str(st.user.get("email") or st.user.get("name") or "user")
        ADMISSIONS.admit(_session_id())
        return
    st.title(_("igg4rd · clinic login"))
    st.button(_("Log in with the clinic's single sign-on"), on_click=st.login, type="primary",
              key="login.sso")
    st.stop()


@st.cache_resource(show_spinner=False)
def login_throttle(database_url: str) -> LoginThrottle:
    """The count of failed logins, in the clinic database: one object per process, the counts
    shared by every session and replica."""
    return LoginThrottle(session.registry().engine)


def _client_address() -> str:
    """The client's IP address, as the server saw the connection (behind a trusted local
    proxy, from its X-Forwarded-For); "local" for localhost, where Streamlit gives none."""
    address = st.context.ip_address
    return address if isinstance(address, str) else "local"


def _check_password() -> None:
    session.use_session_language()  # a callback runs before the frame sets the language
    name = st.session_state.get("login.name", "").strip()
    typed = st.session_state.get("login.password", "")
    st.session_state["login.password"] = ""
    if not NAME.fullmatch(name):
        st.session_state[_FAILED] = _("Enter your name (letters, digits, spaces, . ' -; at "
                                      "most 60 characters).")
        return
    address, now = _client_address(), time.time()
    throttle = login_throttle(session.current_deployment().database_url)
    wait_s = throttle.attempt(address, now)
    if wait_s > 0:
        st.session_state[_FAILED] = _("Too many wrong passwords from your address: try again "
                                      "in {seconds} s.").format(seconds=math.ceil(wait_s))
    elif password_matches(typed, session.clinic_password()):
        throttle.succeeded(address, now)
        session.state().user = name
        ADMISSIONS.admit(_session_id())
        st.session_state.pop(_FAILED, None)
    else:
        st.session_state[_FAILED] = _("Wrong password.")


def _password() -> None:
    if session.state().user is not None:
        return
    st.title(_("igg4rd · clinic login"))
    st.caption(_("Patient records are shown only after login. Your name goes into the audit "
                 "trail of every change you save."))
    with st.form("login"):
        st.text_input(_("Your name"), key="login.name")
        st.text_input(_("Clinic password"), type="password", key="login.password")
        st.form_submit_button(_("Log in"), type="primary", on_click=_check_password,
                              key="login.submit")
    if _FAILED in st.session_state:
        st.error(st.session_state[_FAILED], icon=":material/lock:")
    st.stop()


def _log_out() -> None:
    """End the login and the session: no more uploads or files for this browser, its state
    dropped, and (`st.logout`, with or without OIDC) the session shut down, which releases its
    uploads and downloads, and a page that starts afresh at the login."""
    ADMISSIONS.admit(_session_id(), admitted=False)
    for key in list(st.session_state):
        del st.session_state[key]
    st.logout()

"""The login gate of clinic mode: nothing of a page renders before it is passed.

OIDC through `st.login` when secrets have an `[auth]` section; otherwise the clinic password
(secrets `[clinic] password` or env IGG4RD_CLINIC_PASSWORD), compared in constant time, with the
clinician's name for the audit trail; wrong passwords are throttled per client address
(igg4rd.login_throttle). Demo mode has no gate. A misconfigured deployment (a
database without a login) stops with the reason (igg4rd.config).
"""
from __future__ import annotations

import math
import re
import time

import streamlit as st

from igg4rd.storage.config import ConfigError, password_matches
from igg4rd.storage.login_throttle import LoginThrottle
from igg4rd.ui import session
from igg4rd.ui.text import plain

_FAILED = "igg4rd.login_failed"
NAME = re.compile(r"[^\W_][\w .'-]{0,59}")  # the audit trail's "who": plain words only


def require_login() -> None:
    """Return when the visitor may see patient pages; otherwise draw the login and stop."""
    try:
        login = session.current_deployment().login
    except ConfigError as error:
        st.error(f"**igg4rd cannot start.** {error}", icon=":material/lock:")
        st.stop()
    if login == "oidc":
        _oidc()
    elif login == "password":
        _password()


def account_controls() -> None:
    """Sidebar: who is signed in, and the way out (clinic mode only)."""
    if session.USER not in st.session_state:
        return
    st.sidebar.caption(f"Signed in as {plain(st.session_state[session.USER])}.")
    oidc = session.current_deployment().login == "oidc"
    st.sidebar.button("Log out", on_click=st.logout if oidc else _log_out,
                      icon=":material/logout:")


def _oidc() -> None:
    if st.user.is_logged_in:
        st.session_state[session.USER] = st.user.get("email") or st.user.get("name") or "user"
        return
    st.title("igg4rd · clinic login")
    st.button("Log in with the clinic's single sign-on", on_click=st.login, type="primary")
    st.stop()


@st.cache_resource(show_spinner=False)
def login_throttle() -> LoginThrottle:
    """One count of failed logins for the whole process (every session)."""
    return LoginThrottle()


def _client_address() -> str:
    """The client's IP address, as the server saw the connection (behind a trusted local
    proxy, from its X-Forwarded-For); "local" for localhost, where Streamlit gives none."""
    address = st.context.ip_address
    return address if isinstance(address, str) else "local"


def _check_password() -> None:
    name = st.session_state.get("login.name", "").strip()
    typed = st.session_state.get("login.password", "")
    st.session_state["login.password"] = ""
    if not NAME.fullmatch(name):
        st.session_state[_FAILED] = ("Enter your name (letters, digits, spaces, . ' -; at most "
                                     "60 characters).")
        return
    address, now = _client_address(), time.monotonic()
    wait_s = login_throttle().attempt(address, now)
    if wait_s > 0:
        st.session_state[_FAILED] = (f"Too many wrong passwords from your address: try again in "
                                     f"{math.ceil(wait_s)} s.")
    elif password_matches(typed, session.clinic_password()):
        login_throttle().succeeded(address, now)
        st.session_state[session.USER] = name
        st.session_state.pop(_FAILED, None)
    else:
        st.session_state[_FAILED] = "Wrong password."


def _password() -> None:
    if session.USER in st.session_state:
        return
    st.title("igg4rd · clinic login")
    st.caption("Patient records are shown only after login. Your name goes into the audit "
               "trail of every change you save.")
    with st.form("login"):
        st.text_input("Your name", key="login.name")
        st.text_input("Clinic password", type="password", key="login.password")
        st.form_submit_button("Log in", type="primary", on_click=_check_password)
    if _FAILED in st.session_state:
        st.error(st.session_state[_FAILED], icon=":material/lock:")
    st.stop()


def _log_out() -> None:
    for key in list(st.session_state):
        del st.session_state[key]

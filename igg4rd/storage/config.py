"""Deployment configuration: which mode the app runs in, its database and its login.

- Demo mode (no database configured; shared demo deployments): every browser session gets its
  own in-memory store seeded with the synthetic demo patients; nothing reaches the disk.
- Clinic mode: a persistent database from `IGG4RD_DATABASE_URL` or `[database] url` in
  `.streamlit/secrets.toml` (a SQLite file URL or a PostgreSQL URL), behind a login: OIDC via
  `st.login` when secrets have an `[auth]` section, else the clinic password (`[clinic] password`
  or `IGG4RD_CLINIC_PASSWORD`). Clinic mode with
  neither is refused: patient data is never served without a login.
"""
from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

DEMO_DATABASE_URL = "sqlite://"  # one private in-memory database per browser session
ENV_DATABASE_URL = "IGG4RD_DATABASE_URL"
ENV_CLINIC_PASSWORD = "IGG4RD_CLINIC_PASSWORD"


class ConfigError(RuntimeError):
    """The deployment is misconfigured; the message says how to fix it."""


class Deployment(NamedTuple):
    mode: Literal["demo", "clinic"]
    database_url: str
    login: Literal["none", "oidc", "password"]


def deployment(environ: Mapping[str, str], secrets: Mapping[str, Any]) -> Deployment:
    """The mode, database and login from the environment and the Streamlit secrets."""
    url = environ.get(ENV_DATABASE_URL) or (secrets.get("database") or {}).get("url")
    if not url:
        return Deployment("demo", DEMO_DATABASE_URL, "none")
    if "auth" in secrets:
        return Deployment("clinic", url, "oidc")
    if clinic_password(environ, secrets):
        return Deployment("clinic", url, "password")
    raise ConfigError("A database is configured but no login: add an [auth] section (OIDC) or "
                      "[clinic] password to .streamlit/secrets.toml. Patient data is never "
                      "served without a login.")


def clinic_password(environ: Mapping[str, str], secrets: Mapping[str, Any]) -> str | None:
    """The shared clinic password: env IGG4RD_CLINIC_PASSWORD, else secrets [clinic] password."""
    return environ.get(ENV_CLINIC_PASSWORD) or (secrets.get("clinic") or {}).get("password")


def redacted(url: str) -> str:
    """A database URL safe to show or log: its password replaced by ***."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(a database URL that cannot be read)"


def scrubbed(message: str, url: str) -> str:
    """`message` with the URL's password (if it has one) replaced by ***."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        password = make_url(url).password
    except ArgumentError:
        return message.replace(url, redacted(url))
    return message.replace(str(password), "***") if password else message


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of a typed password with the configured one."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))

"""Deployment configuration: which mode the app runs in, its database and its login.

- Demo mode (no database configured; shared demo deployments): every browser session gets its
  own in-memory store seeded with the synthetic demo patients; nothing reaches the disk.
- Clinic mode: a persistent database from `IGG4RD_DATABASE_URL` or `[database] url` in
  `.streamlit/secrets.toml` (a SQLite file URL or a PostgreSQL URL), behind a login: OIDC via
  `st.login` when secrets have an `[auth]` section, else the clinic password (`[clinic] password`
  or `IGG4RD_CLINIC_PASSWORD`). Clinic mode with neither is refused: patient data is never
  served without a login.
A database URL that cannot be used (unreadable, an unknown or missing driver) is refused with
what is wrong before anything connects (`check_database_url`): the app and the command line say
so in words, never with a traceback.
"""
from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

DEMO_DATABASE_URL = "sqlite://"  # one private in-memory database per browser session
ENV_DATABASE_URL = "IGG4RD_DATABASE_URL"
ENV_CLINIC_PASSWORD = "IGG4RD_CLINIC_PASSWORD"
ENV_IMPORT_LIMIT = "IGG4RD_IMPORT_LIMIT"
DEFAULT_IMPORT_LIMIT = 100_000  # records per import (bounded work and memory)


class ConfigError(RuntimeError):
    """The deployment is misconfigured; the message says how to fix it."""


class Deployment(NamedTuple):
    mode: Literal["demo", "clinic"]
    database_url: str
    login: Literal["none", "oidc", "password"]


def deployment(environ: Mapping[str, str], secrets: Mapping[str, Any]) -> Deployment:
    """The mode, database and login from the environment and the Streamlit secrets (the import
    limit checked too: a typo in it stops the start in words, not a later import)."""
    import_limit(environ)
    url = environ.get(ENV_DATABASE_URL) or (secrets.get("database") or {}).get("url")
    if not url:
        return Deployment("demo", DEMO_DATABASE_URL, "none")
    check_database_url(url)
    if "auth" in secrets:
        return Deployment("clinic", url, "oidc")
    if clinic_password(environ, secrets):
        return Deployment("clinic", url, "password")
    raise ConfigError("A database is configured but no login: add an [auth] section (OIDC) or "
                      "[clinic] password to .streamlit/secrets.toml. Patient data is never "
                      "served without a login.")


def import_limit(environ: Mapping[str, str]) -> int:
    """The most records one import may hold: env IGG4RD_IMPORT_LIMIT, else 100,000."""
    typed = environ.get(ENV_IMPORT_LIMIT, str(DEFAULT_IMPORT_LIMIT))
    if not typed.strip().isdecimal() or int(typed) < 1:
        raise ConfigError(f"{ENV_IMPORT_LIMIT} must be a whole number of records (1 or more), "
                          f"not {typed!r}.")
    return int(typed)


def clinic_password(environ: Mapping[str, str], secrets: Mapping[str, Any]) -> str | None:
    """The shared clinic password: env IGG4RD_CLINIC_PASSWORD, else secrets [clinic] password."""
    return environ.get(ENV_CLINIC_PASSWORD) or (secrets.get("clinic") or {}).get("password")


def check_database_url(url: str) -> None:
    """Raise ConfigError saying what is wrong with a database URL, before anything connects: one
    that cannot be read (a port that is not a number, a broken [IPv6] host), a port out of
    range, a host in brackets that is not an IPv6 address, a driver SQLAlchemy does not know,
    one that is not installed, or an option the driver cannot read (sqlite's ?timeout=abc).
    The password is never shown."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    shown = redacted(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError, TypeError):
        raise ConfigError(
            f"The database URL {shown} cannot be read: write it as "
            "dialect+driver://user:password@host:port/database (for example "
            "sqlite:////var/lib/igg4rd/clinic.db or postgresql+psycopg://igg4rd:PASSWORD@"
            "db.example/igg4rd), the port a number, an IPv6 host in [brackets], and any @ : / "
            "in the password written %40 %3A %2F.") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise ConfigError(f"The database URL {shown} cannot be used: its port {parsed.port} is "
                          "not a number from 1 to 65535.")
    if parsed.host and ":" in parsed.host:
        try:
            ipaddress.IPv6Address(parsed.host)
        except ValueError:
            raise ConfigError(f"The database URL {shown} cannot be used: its host "
                              f"[{parsed.host}] is not an IPv6 address.") from None
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise ConfigError(f"The database URL {shown} cannot be used: SQLAlchemy has no driver "
                          f"'{parsed.drivername}' (use sqlite:/// or postgresql+psycopg://)."
                          ) from None
    try:
        dialect.import_dbapi()
    except ImportError as missing:
        raise ConfigError(f"The database URL {shown} cannot be used: its driver "
                          f"'{parsed.drivername}' is not installed ({missing}).") from None
    try:
        dialect().create_connect_args(parsed)  # reads the options (?timeout=…), connects not
    except (ValueError, TypeError) as option:
        raise ConfigError(f"The database URL {shown} cannot be used: an option after '?' "
                          f"cannot be read ({scrubbed(str(option), url)}).") from None


def redacted(url: str) -> str:
    """A database URL safe to show or log: its password replaced by ***. One that cannot be
    read is shown with everything between the user's ':' and the last '@' replaced."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError, TypeError):
        return _PASSWORD_PART.sub(r"\1***@", str(url)) or "(an empty database URL)"


_PASSWORD_PART = re.compile(r"(://[^:/@]*:).*@")


def scrubbed(message: str, url: str) -> str:
    """`message` with the URL's password (if it has one) replaced by ***, where it stands as
    a word of its own (a one-letter password does not turn 'psycopg' into 'ps***ycopg')."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if not url:
        return message
    try:
        password = make_url(url).password
    except (ArgumentError, ValueError, TypeError):
        return message.replace(url, redacted(url))
    if not password:
        return message
    return re.sub(rf"(?<!\w){re.escape(str(password))}(?!\w)", "***", message)


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison of a typed password with the configured one."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))

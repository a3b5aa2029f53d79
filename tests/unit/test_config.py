"""Deployment modes: demo by default, clinic only behind a login."""
from __future__ import annotations

import pytest

from igg4rd.storage.config import (
    ConfigError,
    clinic_password,
    deployment,
    import_limit,
    password_matches,
)

POSTGRES = "postgresql+psycopg://igg4rd@db/igg4rd"


def test_no_database_means_demo_mode_in_memory():
    assert deployment({}, {}) == ("demo", "sqlite://", "none")


def test_database_from_environment_or_secrets_with_a_password_login():
    secrets = {"clinic": {"password": "s3cret"}}
    assert deployment({"IGG4RD_DATABASE_URL": POSTGRES}, secrets).database_url == POSTGRES
    from_secrets = deployment({}, {"database": {"url": "sqlite:///clinic.db"}, **secrets})
    assert from_secrets == ("clinic", "sqlite:///clinic.db", "password")


def test_environment_wins_over_secrets():
    secrets = {"database": {"url": "sqlite:///a.db"}, "clinic": {"password": "x"}}
    assert deployment({"IGG4RD_DATABASE_URL": POSTGRES}, secrets).database_url == POSTGRES


def test_clinic_password_from_the_environment():
    environ = {"IGG4RD_DATABASE_URL": POSTGRES, "IGG4RD_CLINIC_PASSWORD": "from-env"}
    assert deployment(environ, {}).login == "password"
    assert clinic_password(environ, {"clinic": {"password": "from-secrets"}}) == "from-env"
    assert clinic_password({}, {"clinic": {"password": "from-secrets"}}) == "from-secrets"


def test_oidc_when_an_auth_section_is_configured():
    secrets = {"database": {"url": POSTGRES}, "auth": {"client_id": "x"}}
    assert deployment({}, secrets).login == "oidc"


def test_a_database_without_any_login_is_refused():
    with pytest.raises(ConfigError, match="no login"):
        deployment({"IGG4RD_DATABASE_URL": POSTGRES}, {})


def test_password_comparison():
    assert password_matches("s3cret", "s3cret")
    assert not password_matches("s3cre", "s3cret")
    assert not password_matches("", "s3cret")


@pytest.mark.parametrize("typed", ["abc", "1e5", "0", "-5", " "])
def test_an_import_limit_that_is_not_a_whole_number_of_records_stops_the_start_in_words(typed):
    """IGG4RD_IMPORT_LIMIT read when the app starts (demo and clinic mode): a typo is said with
    the variable's name and what it must be (it was a ValueError when a module was imported)."""
    with pytest.raises(ConfigError, match=r"IGG4RD_IMPORT_LIMIT .* whole number"):
        deployment({"IGG4RD_IMPORT_LIMIT": typed}, {})


def test_the_import_limit_is_read_from_the_environment():
    assert import_limit({}) == 100_000
    assert import_limit({"IGG4RD_IMPORT_LIMIT": "250"}) == 250

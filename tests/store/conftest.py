"""Databases for the store tests: SQLite always; PostgreSQL when a server URL is given.

`.ci/run` starts a throwaway server (`.ci/start-postgres`) and sets IGG4RD_TEST_POSTGRES_URL and
IGG4RD_REQUIRE_POSTGRES=1; elsewhere the PostgreSQL cases skip with the reason.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("IGG4RD_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("IGG4RD_REQUIRE_POSTGRES") == "1"


def fresh_postgres_database() -> Iterator[str]:
    """Create an empty database on the test server, yield its URL, drop it afterwards."""
    if not POSTGRES_URL:
        reason = "PostgreSQL tests need IGG4RD_TEST_POSTGRES_URL (.ci/start-postgres prints one)"
        if REQUIRE_POSTGRES:
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"igg4rd_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'igg4rd.db'}"
    else:
        yield from fresh_postgres_database()

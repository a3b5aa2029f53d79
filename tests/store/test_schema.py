"""The schema exists twice: the SQLAlchemy tables the code declares and the Alembic migrations
that build a database. They must agree (Alembic's `compare_metadata`), on SQLite and PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, Table

from igg4rd.storage.store import METADATA, Store


def _drift(url: str, metadata: MetaData) -> list:
    store, _ = Store.open(url)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_server_default": True,
                                                               "compare_type": True})
        return compare_metadata(context, metadata)


def test_the_migrations_build_the_declared_schema(database_url):
    assert _drift(database_url, METADATA) == []


def test_a_table_the_migrations_lack_is_found(tmp_path):
    """The comparison bites: a declared table no migration creates is reported."""
    extended = MetaData()
    for table in METADATA.tables.values():
        table.to_metadata(extended)
    Table("undeclared", extended, Column("id", Integer, primary_key=True))
    drift = _drift(f"sqlite:///{tmp_path / 'drift.db'}", extended)
    assert [d[0] for d in drift] == ["add_table"] and drift[0][1].name == "undeclared"

"""Persistence of patient records (SQLAlchemy 2): SQLite by default, PostgreSQL by URL.

Each patient is one row holding its whole validated `igg4rd.patient/1` record and a version
number. A save is one transaction: the record is validated whole, the version checked
(optimistic concurrency: a stale save is refused, never a silent overwrite), and an audit row
written with who, when and what changed. Schema changes are Alembic migrations, applied on open.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    false,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import StaticPool

from igg4rd.rules.model import Patient, parse_patient

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD_REVISION = "0006"
PROGRESS_EVERY = 500  # patients between two progress reports of a long import
_ALEMBIC = threading.Lock()  # alembic's `op` and `context` are module globals: one at a time

METADATA = MetaData()  # the declared schema; the migrations build it (tests/store/test_schema.py)
patients_table = Table(
    "patients", METADATA,
    Column("id", String(100), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("record", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(200), nullable=False),
    Column("archived", Boolean, nullable=False, default=False, server_default=false()),
    Column("record_number", String(40), nullable=True, index=True),  # the record's, to look up
    Column("change_seq", BigInteger, nullable=False, server_default="0", index=True),
)
registry_changes_table = Table(  # the change counter: one row, the last number taken
    "registry_changes", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
)
audit_table = Table(
    "audit", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("patient_id", String(100), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("changes", Text, nullable=False),
)


clinic_settings_table = Table(  # storage.clinic_settings
    "clinic_settings", METADATA,
    Column("name", String(100), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("updated_by", String(200), nullable=False),
)


login_attempts_table = Table(  # storage.login_throttle
    "login_attempts", METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("address", String(100), nullable=False, index=True),
    Column("at", Float, nullable=False, index=True),
)


class SchemaError(RuntimeError):
    """The database's schema is not one this igg4rd knows (written by a newer version)."""


class ConflictError(RuntimeError):
    """The stored patient changed since it was loaded (or already exists): reload, then edit."""


class NotFoundError(KeyError):
    """No patient with that id."""


@dataclass(frozen=True)
class StoredPatient:
    patient: Patient
    version: int
    archived: bool
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True)
class AuditEntry:
    version: int
    at: datetime
    user: str
    action: str
    changes: list[str]


def _flatten(value: Any, path: str, out: dict[str, Any]) -> dict[str, Any]:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list) and value and isinstance(value[0], dict) and "date" in value[0]:
        for item in value:  # visits are keyed by date, so a deleted row names itself
            _flatten(item, f"{path}[{item['date']}]", out)
    else:
        out[path] = value
    return out


def record_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """What changed between two records, one line per field: `path: old → new`."""
    before, after = _flatten(old or {}, "", {}), _flatten(new, "", {})
    return [f"{path}: {json.dumps(before.get(path))} → {json.dumps(after.get(path))}"
            for path in sorted(set(before) | set(after)) if before.get(path) != after.get(path)]


def create_engine_for(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL mode and a busy timeout, `sqlite://` one shared
    in-memory connection (a demo session's private store)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                           poolclass=StaticPool if in_memory else None)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def migrate(engine: Engine, target: str = HEAD_REVISION) -> tuple[str | None, str]:
    """Upgrade the schema to `target` (the newest revision); returns (before, after)."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    with _ALEMBIC, engine.begin() as connection:
        before = MigrationContext.configure(connection).get_current_revision()
        if before is not None and before not in known:
            raise SchemaError(f"the database's schema revision {before} is newer than this "
                              f"igg4rd's ({target}): upgrade igg4rd; the database is unchanged")
        if before != target:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    return before, target


class Store:
    """The registry of patients in one database."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._count: int | None = None  # an in-memory registry's change counter, as last read
        self._in_memory = isinstance(engine.pool, StaticPool)  # only this engine can change it
        if self._in_memory:
            event.listen(engine, "commit", self._forget_count)

    def _forget_count(self, _connection: Any) -> None:
        self._count = None

    @classmethod
    def open(cls, url: str) -> tuple[Store, str | None]:
        """Open (and upgrade) the database at `url`; returns the store and the revision it was
        upgraded from (None when it was already current)."""
        engine = create_engine_for(url)
        before, after = migrate(engine)
        return cls(engine), (before or "empty") if before != after else None

    def list_patients(self, include_archived: bool = False) -> list[StoredPatient]:
        query = select(patients_table).order_by(patients_table.c.id)
        if not include_archived:
            query = query.where(patients_table.c.archived.is_(False))
        with self.engine.connect() as connection:
            return [self._stored(row) for row in connection.execute(query)]

    def active_patients(self, batch: int = 1000) -> Iterator[Patient]:
        """Every active (not archived) patient, in id order, fetched `batch` rows at a time: a
        large registry streamed into a computation, never held whole."""
        query = (select(patients_table.c.record).where(patients_table.c.archived.is_(False))
                 .order_by(patients_table.c.id))
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=batch).execute(query):
                yield parse_patient(row.record)

    def change_count(self) -> int:
        """The registry's change counter: the number the last write (of a patient or the clinic
        settings) took. An in-memory registry (a demo session's own) is asked again only after
        a commit on it (a question a rerun saved: bench/pages.py)."""
        if self._count is None:
            with self.engine.connect() as connection:
                count = connection.execute(select(registry_changes_table.c.seq)).scalar_one()
            if self._in_memory:
                self._count = count
            return count
        return self._count

    def changed_since(self, seq: int) -> list[tuple[str, int, bool]]:
        """(id, version, archived) of every patient written after change number `seq`."""
        columns = patients_table.c
        query = select(columns.id, columns.version, columns.archived).where(
            columns.change_seq > seq)
        with self.engine.connect() as connection:
            return [(row.id, row.version, row.archived) for row in connection.execute(query)]

    def records(self, ids: Collection[str]) -> dict[str, StoredPatient]:
        """The stored patients of `ids` (asked 1,000 at a time)."""
        wanted, found = list(ids), {}
        with self.engine.connect() as connection:
            for chunk in range(0, len(wanted), 1000):
                query = select(patients_table).where(
                    patients_table.c.id.in_(wanted[chunk:chunk + 1000]))
                found.update({row.id: self._stored(row) for row in connection.execute(query)})
        return found

    def active_count(self) -> int:
        """How many patients are active (not archived)."""
        query = select(func.count()).select_from(patients_table).where(
            patients_table.c.archived.is_(False))
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one()

    def version_of(self, patient_id: str, active_only: bool = True) -> int | None:
        """A patient's stored version (None if there is no such patient, or it is archived and
        `active_only`), without reading its record."""
        query = select(patients_table.c.version).where(patients_table.c.id == patient_id)
        if active_only:
            query = query.where(patients_table.c.archived.is_(False))
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def get(self, patient_id: str) -> StoredPatient:
        query = select(patients_table).where(patients_table.c.id == patient_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            raise NotFoundError(patient_id)
        return self._stored(row)

    def save(self, patient: Patient | dict[str, Any], expected_version: int | None,
             user: str, action: str | None = None, source: dict[str, str] | None = None
             ) -> int:
        """Validate the whole record and save it atomically; returns the new version (the
        loaded one, with nothing written, when the record is the one stored).

        `expected_version` is the version the editor loaded (None for a new patient); if the
        stored one differs, `ConflictError` and nothing is written. The audit row's `action` is
        'create' or 'update' unless given ('undo': an earlier version saved again; 'labs':
        laboratory results brought in), and `source` (where the values came from: {"kind":
        "fhir" | "table" | "paste", "name": …}) leads its changes as `source: null → {…}`.
        """
        record = parse_patient(patient if isinstance(patient, dict)
                               else patient.to_record()).to_record()
        try:
            with self.engine.begin() as connection:
                return self._write(connection, record, expected_version, user, action,
                                   source=source)
        except IntegrityError:  # created by someone else at the same moment
            raise ConflictError(f"a patient with id {record['id']} already exists") from None

    def set_archived(self, patient_id: str, archived: bool, expected_version: int,
                     user: str) -> int:
        """Archive (soft delete) or restore a patient; returns the new version."""
        with self.engine.begin() as connection:
            new_version = self._bump(connection, patient_id, expected_version, user,
                                     archived=archived)
            self._audit(connection, patient_id, new_version, user,
                        "archive" if archived else "restore", [f"archived: {archived}"])
            mark_changed(connection, patient_id)
        return new_version

    def import_patients(self, patients: list[Patient], user: str,
                        archived: Collection[str] = (),
                        progress: Callable[[int], None] | None = None) -> int:
        """Add every patient in one transaction, or none (`ConflictError` names existing ids,
        also when another import adds them at the same moment); the ids in `archived` are added
        archived (a registry export re-imports as it was). `progress(n)` is called every
        `PROGRESS_EVERY` patients written: whatever it raises (a cancel) rolls every one back."""
        ids = [p.id for p in patients]
        try:
            with self.engine.begin() as connection:
                existing = _existing(connection, ids)
                if existing:
                    raise ConflictError(_already_there(existing))
                for written, patient in enumerate(patients, start=1):
                    self._write(connection, patient.to_record(), None, user, action="import",
                                archived=patient.id in archived)
                    if progress and written % PROGRESS_EVERY == 0:
                        progress(written)
        except IntegrityError:
            with self.engine.connect() as connection:
                raise ConflictError(_already_there(_existing(connection, ids))) from None
        return len(patients)

    def audit_trail(self, patient_id: str) -> list[AuditEntry]:
        query = (select(audit_table).where(audit_table.c.patient_id == patient_id)
                 .order_by(audit_table.c.id))
        with self.engine.connect() as connection:
            return [AuditEntry(row.version, row.at, row.user, row.action, json.loads(row.changes))
                    for row in connection.execute(query)]

    def _write(self, connection: Any, record: dict[str, Any], expected_version: int | None,
               user: str, action: str | None = None, archived: bool = False,
               source: dict[str, str] | None = None) -> int:
        patient_id = record["id"]
        current = _stored_row(connection, patient_id)
        if expected_version is None:
            if current is not None:
                raise ConflictError(f"a patient with id {patient_id} already exists")
            connection.execute(insert(patients_table).values(
                id=patient_id, version=1, record=json.dumps(record), updated_at=_now(),
                updated_by=user, archived=archived,
                record_number=record.get("record_number")))
            version, old = 1, None
        else:
            old = json.loads(current.record) if current is not None else None
            if old == record and current.version == expected_version:
                return expected_version  # nothing changed: no version, no audit row
            version = self._bump(connection, patient_id, expected_version, user,
                                 record=json.dumps(record),
                                 record_number=record.get("record_number"))
        changes = ([f"source: null → {json.dumps(source, ensure_ascii=False)}"] if source
                   else []) + record_changes(old, record) + (["archived: True"] if archived
                                                             else [])
        self._audit(connection, patient_id, version, user,
                    action or ("create" if old is None else "update"), changes)
        mark_changed(connection, patient_id)
        return version

    def _bump(self, connection: Any, patient_id: str, expected_version: int, user: str,
              **values: Any) -> int:
        result = connection.execute(
            update(patients_table)
            .where(patients_table.c.id == patient_id, patients_table.c.version == expected_version)
            .values(version=expected_version + 1, updated_at=_now(), updated_by=user, **values))
        if result.rowcount != 1:
            columns = patients_table.c
            stored = connection.execute(select(columns.version, columns.updated_by)
                                        .where(columns.id == patient_id)).first()
            if stored is None:
                raise NotFoundError(patient_id)
            raise ConflictError(f"patient {patient_id} was changed by {stored.updated_by} "
                                f"(version {stored.version}) after you loaded version "
                                f"{expected_version}: reload it and apply your edit again")
        return expected_version + 1

    @staticmethod
    def _audit(connection: Any, patient_id: str, version: int, user: str, action: str,
               changes: list[str]) -> None:
        connection.execute(insert(audit_table).values(
            patient_id=patient_id, version=version, at=_now(), user=user, action=action,
            changes=json.dumps(changes)))

    @staticmethod
    def _stored(row: Any) -> StoredPatient:
        return StoredPatient(parse_patient(row.record), row.version, row.archived,
                             row.updated_at, row.updated_by)


def mark_changed(connection: Any, patient_id: str | None = None) -> None:
    """Take the next change number and mark `patient_id`'s row with it (None: a write of the
    clinic settings, no patient). A writing transaction's last statement: the counter's one row
    stays locked from here to the commit, so numbers are taken in the order writes commit, and
    another writer waits for this one's commit alone, not for its other statements (issue 27:
    with the lock taken first, saves on both replicas queued behind a holder waiting for its
    interpreter)."""
    counter = registry_changes_table
    taken = update(counter).values(seq=counter.c.seq + 1).returning(counter.c.seq)
    if patient_id is None:
        connection.execute(taken)
        return
    marked = update(patients_table).where(patients_table.c.id == patient_id)
    if connection.dialect.name == "postgresql":  # one statement: a data-modifying WITH
        connection.execute(marked.values(
            change_seq=select(taken.cte("taken").c.seq).scalar_subquery()))
    else:  # SQLite has no data-modifying WITH (and locks the whole database for a write)
        connection.execute(marked.values(change_seq=connection.execute(taken).scalar_one()))


def _stored_row(connection: Any, patient_id: str) -> Any:
    """The stored version and record of `patient_id`, or None."""
    return connection.execute(select(patients_table.c.version, patients_table.c.record)
                              .where(patients_table.c.id == patient_id)).first()


def _existing(connection: Any, ids: list[str]) -> list[str]:
    """Which of `ids` are stored (asked 1,000 at a time: drivers bound their parameters)."""
    return [found for chunk in range(0, len(ids), 1000) for found in connection.execute(
        select(patients_table.c.id).where(patients_table.c.id.in_(ids[chunk:chunk + 1000])))
        .scalars()]


def _already_there(ids: list[str]) -> str:
    return f"already in the registry: {', '.join(sorted(ids))}"


def _now() -> datetime:
    return datetime.now(UTC)

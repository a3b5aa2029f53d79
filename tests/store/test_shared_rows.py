"""The worklist's rows shared by every session of a process (issue 27): built once, refreshed for
exactly the patients written since (the store's change counter), and a save through another
replica (another Store on the same database) reaching this one's rows on its next call."""
from __future__ import annotations

from datetime import date
from unittest import mock

import pytest

from igg4rd.rules.thresholds import DEFAULTS
from igg4rd.storage.clinic_settings import ClinicSettings, save_settings
from igg4rd.storage.store import Store
from igg4rd.synthetic.patients import demo_patients
from igg4rd.ui.worklist_rows import SharedRows

TODAY = date(2025, 6, 1)


def edited(patient):
    """`patient` with a change to save (a save that changes nothing writes nothing)."""
    return patient.model_copy(update={"weight_kg": (patient.weight_kg or 60) + 1})


def statuses(rows) -> dict[str, str]:
    return {row.id: row.status for row, _archived in rows}


def test_a_save_on_one_replica_reaches_the_other_s_rows(database_url):
    first, _ = Store.open(database_url)
    first.import_patients(demo_patients(TODAY), "admin")
    second, _ = Store.open(database_url)  # another replica, the same database
    shared = SharedRows(second)
    assert statuses(shared.rows(TODAY, DEFAULTS, False))["demo-01-success"] == "✔ Success"
    stored = first.get("demo-01-success")
    failed = stored.patient.model_copy(deep=True)
    failed.visits[2].gc_dose_mg = 20.0  # 20 mg at month 6: the taper failed
    first.save(failed, stored.version, "Dr A")
    assert statuses(shared.rows(TODAY, DEFAULTS, False))["demo-01-success"] == "✖ Failure"
    first.set_archived("demo-02-taper-failure", True, 1, "Dr A")
    assert "demo-02-taper-failure" not in statuses(shared.rows(TODAY, DEFAULTS, False))
    assert "demo-02-taper-failure" in statuses(shared.rows(TODAY, DEFAULTS, True))


def test_only_the_patients_written_since_are_read_again(database_url):
    store, _ = Store.open(database_url)
    store.import_patients(demo_patients(TODAY), "admin")
    shared = SharedRows(store)
    with mock.patch.object(store, "records", wraps=store.records) as read:
        shared.rows(TODAY, DEFAULTS, False)
        assert sum(len(call.args[0]) for call in read.call_args_list) == 8  # the first time
        read.reset_mock()
        shared.rows(TODAY, DEFAULTS, False)
        assert read.call_count == 0  # nothing changed: nothing read
        stored = store.get("demo-05-pending")
        store.save(edited(stored.patient), stored.version, "Dr A")
        shared.rows(TODAY, DEFAULTS, False)
        assert [list(call.args[0]) for call in read.call_args_list] == [["demo-05-pending"]]


def test_the_change_counter_counts_every_write(database_url):
    store, _ = Store.open(database_url)
    assert store.change_count() == 0
    store.import_patients(demo_patients(TODAY)[:2], "admin")
    assert store.change_count() == 2
    assert {pid for pid, _v, _a in store.changed_since(1)} == {demo_patients(TODAY)[1].id}
    save_settings(store.engine, ClinicSettings(hospital="PUMCH"), "Dr A")
    assert store.change_count() == 3  # every session reads the clinic's settings again
    assert store.changed_since(2) == []  # no patient to judge again


def test_every_write_takes_its_change_number_last(database_url):
    """The counter's row is locked from the moment a number is taken to the commit: taken last,
    another replica's save waits for this write's commit alone, never for its other
    statements (issue 27: saves on both replicas queued behind one waiting for its interpreter)."""
    from sqlalchemy import event

    store, _ = Store.open(database_url)
    store.import_patients(demo_patients(TODAY)[:1], "admin")
    stored = store.get(demo_patients(TODAY)[0].id)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda _conn, _cursor, sql, *_rest: statements.append(sql))

    def after_the_number(write) -> list[str]:
        statements.clear()
        write()
        taken = next(i for i, sql in enumerate(statements) if "registry_changes" in sql)
        return [" ".join(sql.split()[:2]) for sql in statements[taken + 1:]
                if "SET change_seq" not in sql]

    heavier = edited(stored.patient)
    assert after_the_number(lambda: store.save(heavier, stored.version, "Dr A")) == []
    assert after_the_number(lambda: store.set_archived(heavier.id, True, 2, "Dr A")) == []
    assert after_the_number(lambda: save_settings(store.engine, ClinicSettings(), "Dr A")) == []


def test_an_import_cancelled_midway_keeps_nothing(database_url):
    """Long work can be cancelled without a partial result (issue 27): whatever the progress
    report raises (a click that stops the page's run; Ctrl+C) rolls every patient back."""
    from igg4rd.storage.store import PROGRESS_EVERY

    many = [demo_patients(TODAY)[0].model_copy(update={"id": f"c{i:04d}"})
            for i in range(PROGRESS_EVERY * 2)]
    store, _ = Store.open(database_url)
    reported: list[int] = []

    def cancel(done: int) -> None:
        reported.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.import_patients(many, "admin", progress=cancel)
    assert reported == [PROGRESS_EVERY] and store.active_count() == 0
    assert store.change_count() == 0  # the counter rolled back with them


def test_an_in_memory_registry_is_asked_its_counter_again_only_after_a_commit():
    """A demo session's own registry: nothing but its own engine can write to it, so a rerun
    needs no question to the database until something was committed."""
    store, _ = Store.open("sqlite://")
    assert store.change_count() == 0
    with mock.patch.object(store.engine, "connect", wraps=store.engine.connect) as connect:
        assert store.change_count() == 0
        assert connect.call_count == 0
    store.import_patients(demo_patients(TODAY)[:2], "admin")
    assert store.change_count() == 2
    save_settings(store.engine, ClinicSettings(hospital="PUMCH"), "Dr A")
    assert store.change_count() == 3
    from igg4rd.storage.store import PROGRESS_EVERY

    many = [demo_patients(TODAY)[0].model_copy(update={"id": f"c{i:04d}"})
            for i in range(PROGRESS_EVERY * 2)]
    with pytest.raises(KeyboardInterrupt):  # rolled back: nothing changed
        store.import_patients(many, "admin", progress=mock.Mock(side_effect=KeyboardInterrupt))
    assert store.change_count() == 3 and store.active_count() == 2


def test_versions_and_the_active_count_are_asked_once_a_change_for_every_session(database_url):
    """A session's frame asks, every rerun, how many patients are active and whether its
    patient was saved elsewhere: answered from one process-wide copy, read again from the
    database only for what changed since (one question a change, not two a session)."""
    first, _ = Store.open(database_url)
    first.import_patients(demo_patients(TODAY), "admin")
    second, _ = Store.open(database_url)  # another replica
    shared = SharedRows(second)
    now = second.change_count()
    assert shared.active_count(now) == 8 and shared.stored_version("demo-01-success", now) == 1
    with mock.patch.object(second, "changed_since", wraps=second.changed_since) as asked:
        for _session in range(5):
            assert shared.active_count(now) == 8
        assert asked.call_count == 0
        stored = first.get("demo-01-success")
        first.save(edited(stored.patient), stored.version, "Dr A")
        first.set_archived("demo-02-taper-failure", True, 1, "Dr A")
        now = second.change_count()
        assert shared.stored_version("demo-01-success", now) == 2
        assert shared.stored_version("demo-02-taper-failure", now) is None  # archived
        assert shared.active_count(now) == 7
        assert shared.stored_version("no-such-patient", now) is None
        assert asked.call_count == 1

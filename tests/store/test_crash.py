"""A writer killed mid-save (SIGKILL) leaves the database consistent, committed patients intact:
killed inside its third batch's transaction (every row written, the commit not yet sent)."""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from sqlalchemy import text

from igg4rd.storage.store import Store

BATCH = 150
WRITER = textwrap.dedent("""
    import sys
    import threading
    from datetime import date
    from sqlalchemy import event
    from igg4rd.synthetic.patients import synthetic_population
    from igg4rd.storage.store import Store

    store = Store.open(sys.argv[1])[0]
    population = synthetic_population(BATCH * 3, date(2026, 11, 25), n_visits=8)
    for start in (0, BATCH):
        store.import_patients(population[start:start + BATCH], "writer")
        print(start + BATCH, flush=True)

    @event.listens_for(store.engine, "commit")
    def hold(connection):  # the third batch is written and about to commit: wait to be killed
        print("committing", flush=True)
        threading.Event().wait()

    store.import_patients(population[2 * BATCH:], "writer")
""").replace("BATCH", str(BATCH))


def test_killed_writer_leaves_only_whole_batches(database_url):
    Store.open(database_url)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, database_url],
                              stdout=subprocess.PIPE, text=True)
    assert int(writer.stdout.readline()) == BATCH  # the first batch is committed
    committed = int(writer.stdout.readline())  # and the second
    assert writer.stdout.readline() == "committing\n"  # inside the third batch's transaction
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)

    store = Store.open(database_url)[0]
    stored = store.list_patients()
    assert len(stored) == committed == 2 * BATCH, "a half-written batch is visible"
    assert all(s.version == 1 for s in stored)
    with store.engine.connect() as connection:
        audit_rows = connection.execute(text("SELECT count(*) FROM audit")).scalar_one()
        if database_url.startswith("sqlite"):
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    assert audit_rows == len(stored)

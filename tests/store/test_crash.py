"""A writer killed mid-save (SIGKILL) leaves the database consistent, committed patients intact."""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

from sqlalchemy import text

from igg4rd.storage.store import Store

BATCH = 150
WRITER = textwrap.dedent("""
    import sys
    from datetime import date
    from igg4rd.synthetic.patients import synthetic_population
    from igg4rd.storage.store import Store

    store = Store.open(sys.argv[1])[0]
    population = synthetic_population(BATCH * 40, date(2026, 11, 25), n_visits=8)
    for start in range(0, len(population), BATCH):
        store.import_patients(population[start:start + BATCH], "writer")
        print(start + BATCH, flush=True)
""").replace("BATCH", str(BATCH))


def test_killed_writer_leaves_only_whole_batches(database_url):
    Store.open(database_url)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, database_url],
                              stdout=subprocess.PIPE, text=True)
    committed = int(writer.stdout.readline())  # the first batch is committed
    committed = int(writer.stdout.readline())
    time.sleep(0.05)  # now inside a later batch's transaction
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)

    store = Store.open(database_url)[0]
    stored = store.list_patients()
    assert len(stored) >= committed
    assert len(stored) % BATCH == 0, "a half-written batch is visible"
    assert all(s.version == 1 for s in stored)
    with store.engine.connect() as connection:
        audit_rows = connection.execute(text("SELECT count(*) FROM audit")).scalar_one()
        if database_url.startswith("sqlite"):
            assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    assert audit_rows == len(stored)

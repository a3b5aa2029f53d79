"""Migration 0004 on a database holding forms of the earlier 0-3 RI calculator: each form names
its instrument, no stored total changes, and a form the 2012 grades might score differently is
kept and flagged for review, with a new version and an audit row."""
from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import insert

from igg4rd.storage.store import Store, create_engine_for, migrate, patients_table
from igg4rd.synthetic.patients import demo_patients

OLD_BASELINE = {"organs": {"lacrimal": {"activity": 3, "urgent": True, "damage": False},
                           "constitutional": {"activity": 2, "urgent": False, "damage": False}},
                "igg4": 3}  # 6 + 2 + 3 = 11
OLD_VISIT = {"organs": {"lacrimal": {"activity": 3, "urgent": False, "damage": False}},
             "igg4": 1}  # 4
QUIET_VISIT = {"organs": {"lacrimal": {"activity": 1, "urgent": False, "damage": False}},
               "igg4": 0}  # 1


def test_old_breakdowns_keep_their_totals_and_are_flagged(database_url):
    engine = create_engine_for(database_url)
    migrate(engine, target="0003")
    record = demo_patients(datetime(2026, 11, 25).date())[0].to_record()
    record["baseline"].update(ri=11, ri_breakdown=OLD_BASELINE)
    record["visits"][0].update(ri=4, ri_breakdown=OLD_VISIT)
    record["visits"][1].update(ri=1, ri_breakdown=QUIET_VISIT)
    with engine.begin() as connection:
        connection.execute(insert(patients_table).values(
            id=record["id"], version=3, record=json.dumps(record), updated_at=datetime.now(UTC),
            updated_by="dr-a", archived=False))
    store, upgraded_from = Store.open(database_url)
    assert upgraded_from == "0003"
    stored = store.get(record["id"])
    baseline, first, second = (stored.patient.baseline, *stored.patient.visits[:2])
    assert (baseline.ri, first.ri, second.ri) == (11, 4, 1)  # no total changed
    assert all(o.ri_breakdown.instrument == "2012" for o in (baseline, first, second))
    assert "constitutional" in baseline.ri_breakdown.review
    assert "4" in first.ri_breakdown.review  # a 3 on treatment may be a 4 now
    assert second.ri_breakdown.review is None
    assert stored.version == 4 and stored.updated_by == "igg4rd migration 0004"
    trail = store.audit_trail(record["id"])
    assert trail[-1].action == "migrate" and len(trail[-1].changes) == 3

"""Every scored RI form names its instrument (2012); forms of the earlier 0-3 calculator that the
2012 grades might score differently are kept as they were and flagged for review.

The earlier calculator graded organs 0-3 (3 = "new, recurrent or worse despite treatment") and
offered a constitutional-symptoms item (of the 2018 form). The 2012 form grades 0-4 (3 = new or
recurrent off treatment, 4 = worse or new despite treatment) and has no constitutional item. So:
- a baseline form (off treatment) keeps its meaning unless it scores constitutional symptoms;
- a visit form (on treatment) with a 3 may mean a 4 today;
either way the total would change on rescoring, so no total is changed here: the form is kept,
marked `instrument: "2012"`, and given a `review` note the app shows until it is rescored. Each
patient so changed gets a new version and an audit row.

Revision ID: 0004
Revises: 0003
"""
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
WHO = "igg4rd migration 0004"
CONSTITUTIONAL = ("it scores constitutional symptoms, not an item of the 2012 form (its total "
                  "keeps them until the form is rescored)")
GRADE_3 = ("a 3 here meant 'new, recurrent or worse despite treatment'; on treatment the 2012 "
           "form grades worse or new as 4")

patients = sa.table("patients", sa.column("id", sa.String), sa.column("version", sa.Integer),
                    sa.column("record", sa.Text), sa.column("updated_at", sa.DateTime),
                    sa.column("updated_by", sa.String))
audit = sa.table("audit", sa.column("patient_id", sa.String), sa.column("version", sa.Integer),
                 sa.column("at", sa.DateTime), sa.column("user", sa.String),
                 sa.column("action", sa.String), sa.column("changes", sa.Text))


def _marked(form: dict, on_treatment: bool) -> dict:
    organs = form.get("organs", {})
    reasons = [CONSTITUTIONAL] if "constitutional" in organs else []
    if on_treatment and (form.get("igg4") == 3
                         or any(item.get("activity") == 3 for item in organs.values())):
        reasons.append(GRADE_3)
    marked = {**form, "instrument": "2012"}
    if reasons:
        marked["review"] = "Scored with the earlier 0-3 calculator: " + "; ".join(reasons) + "."
    return marked


def _migrated(record: dict) -> tuple[dict, list[str]]:
    changes = []
    observations = [("baseline", record.get("baseline", {}), False)] + [
        (f"visits[{v.get('date')}]", v, True) for v in record.get("visits", [])]
    for where, observation, on_treatment in observations:
        form = observation.get("ri_breakdown")
        if form is not None and "instrument" not in form:
            observation["ri_breakdown"] = _marked(form, on_treatment)
            flag = observation["ri_breakdown"].get("review")
            changes.append(f"{where}.ri_breakdown: instrument 2012"
                           + (f"; flagged for review: {flag}" if flag else ""))
    return record, changes


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(patients.c.id, patients.c.version, patients.c.record))
    for patient_id, version, text in rows.all():
        record, changes = _migrated(json.loads(text))
        if not changes:
            continue
        now = datetime.now(UTC)
        connection.execute(patients.update().where(patients.c.id == patient_id).values(
            record=json.dumps(record), version=version + 1, updated_at=now, updated_by=WHO))
        connection.execute(audit.insert().values(
            patient_id=patient_id, version=version + 1, at=now, user=WHO, action="migrate",
            changes=json.dumps(changes)))

"""The hospital's record number of a patient, as a column to look a patient up by (it is also in
the record), and the clinic's own settings (hospital, department, each laboratory value's
default unit), kept in the database: they survive a restart and every replica shares them.

Revision ID: 0005
Revises: 0004
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.add_column(sa.Column("record_number", sa.String(40), nullable=True))
        batch.create_index("ix_patients_record_number", ["record_number"])
    connection = op.get_bind()
    patients = sa.table("patients", sa.column("id", sa.String), sa.column("record", sa.Text),
                        sa.column("record_number", sa.String))
    for row in connection.execute(sa.select(patients.c.id, patients.c.record)).fetchall():
        number = json.loads(row.record).get("record_number")
        if number:
            connection.execute(sa.update(patients).where(patients.c.id == row.id)
                               .values(record_number=number))
    op.create_table(
        "clinic_settings",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )

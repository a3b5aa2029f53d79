"""A change counter for the registry: every write takes the next number (in one row, locked by
the writing transaction, so numbers are taken in the order writes commit) and marks the patient
with it. A process's shared worklist asks for the patients changed since the number it last saw:
a save on one replica shows on every replica's next rerun, without a timer and without reading
every record.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    counter = op.create_table(
        "registry_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(counter, [{"id": 1, "seq": 0}])
    with op.batch_alter_table("patients") as batch:
        batch.add_column(sa.Column("change_seq", sa.BigInteger, nullable=False,
                                   server_default="0"))
        batch.create_index("ix_patients_change_seq", ["change_seq"])

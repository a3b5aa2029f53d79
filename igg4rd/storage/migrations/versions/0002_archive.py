"""Soft delete: patients can be archived and restored.

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("patients") as batch:
        batch.add_column(sa.Column("archived", sa.Boolean, nullable=False,
                                   server_default=sa.false()))

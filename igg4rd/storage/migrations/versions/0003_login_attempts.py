"""Password attempts per client address, shared by every replica and kept over restarts.

Revision ID: 0003
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("address", sa.String(100), nullable=False, index=True),
        sa.Column("at", sa.Float, nullable=False, index=True),
    )

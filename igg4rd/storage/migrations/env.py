"""Alembic environment: runs on the connection `igg4rd.store` hands over (no alembic.ini)."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

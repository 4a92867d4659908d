"""Alembic environment of the server: runs on the connection handed over by server.db."""

from __future__ import annotations

from alembic import context

from server.models import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  version_table="alembic_version_server")
with context.begin_transaction():
    context.run_migrations()

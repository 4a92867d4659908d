"""The migrated database is exactly what the server's models describe, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from server.models import metadata


def test_migrations_produce_the_schema_of_the_models(db):
    with db.write_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": "alembic_version_server"})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_server_tables_live_apart_from_the_desktop_app_metadata():
    from sqlmodel import SQLModel

    import app.storage.tables  # noqa: F401 - registers the desktop app's tables

    assert "worker" in SQLModel.metadata.tables
    assert not set(metadata.tables) & set(SQLModel.metadata.tables)
    assert metadata is not SQLModel.metadata


def test_the_change_log_counter_row_exists_after_init(db):
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM seq_counter WHERE id = 1")).scalar_one() == 1


def test_sqlite_commits_are_durable_through_a_power_cut(db):
    if db.dialect != "sqlite":
        import pytest

        pytest.skip("PostgreSQL's durability is fsync at commit by default")
    with db.read() as session:
        # 2 = FULL: the WAL is synced at every commit, as on the desktop.
        assert session.execute(text("PRAGMA synchronous")).scalar_one() == 2

"""Integration fixtures: a real ``aula-server serve`` on 127.0.0.1, on SQLite and, when
``AULA_TEST_POSTGRES_URL`` is set, on PostgreSQL (a fresh database per run)."""

from __future__ import annotations

import os

import pytest
from server_harness import Device, Fixture, ServerProcess, create_postgres_database, drop_postgres_database

POSTGRES_URL = os.environ.get("AULA_TEST_POSTGRES_URL")


@pytest.fixture(scope="session", params=[
    "sqlite",
    pytest.param("postgresql", marks=[pytest.mark.postgres, pytest.mark.skipif(
        not POSTGRES_URL, reason="AULA_TEST_POSTGRES_URL no está definida (ver .ci/postgres.sh)")]),
])
def server(request, tmp_path_factory) -> ServerProcess:
    """One server process per backend for the whole run; tests isolate themselves by unit."""
    home = tmp_path_factory.mktemp(f"server_{request.param}")
    database_name = None
    url = None
    if request.param == "postgresql":
        url, database_name = create_postgres_database(POSTGRES_URL)
    process = ServerProcess(home, url)
    try:
        process.start()
        yield process
    finally:
        process.stop()
        if database_name:
            drop_postgres_database(POSTGRES_URL, database_name)


@pytest.fixture
def unit(server):
    """A fresh unit on the server."""
    return server.create_unit()


@pytest.fixture
def instructor(server, unit) -> Device:
    device = server.enroll(unit, "instructor")
    yield device
    device.close()


@pytest.fixture
def seeded(instructor, unit) -> Fixture:
    """A worker, course, group, session and activity of ``unit``, pushed by ``instructor``."""
    data = Fixture(unit.id)
    results = instructor.push(data.setup_ops())
    assert [r["status"] for r in results] == ["applied"] * 5, results
    return data


@pytest.fixture
def db(server):
    """The server's database, opened directly to check what was (not) written."""
    database = server.database()
    yield database
    database.dispose()


def count_rows(db, table: str) -> int:
    from sqlalchemy import text

    with db.read() as session:
        return session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


@pytest.fixture
def snapshot(db):
    """Counts of every table that a write touches, to prove nothing was written."""
    tables = ("records", "change_log", "processed_ops", "record_history", "constancias")
    return lambda: {table: count_rows(db, table) for table in tables}

"""Integration fixtures: a real ``aula-server serve`` on 127.0.0.1, on SQLite and, when
``AULA_TEST_POSTGRES_URL`` is set, on PostgreSQL (a fresh database per run)."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
from server_harness import (
    OPEN_DEVICES,
    Device,
    Fixture,
    ServerProcess,
    create_postgres_database,
    drop_postgres_database,
)

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


#: Modules that drive the desktop client (the sync engine, the fault proxy, the browser) against the
#: server. The server's contract and storage are proved on both backends by the other modules; these
#: run on SQLite only unless AULA_FULL_BACKEND_MATRIX=1 (about five minutes of the CI's budget).
CLIENT_SIDE = {"test_sync_client_cli", "test_sync_client_clock", "test_sync_client_identity",
               "test_sync_client_offline_first", "test_sync_client_roundtrip", "test_sync_faults",
               "test_sync_state_machine", "test_fault_proxy", "test_coordination_browser"}


def _postgres_variant_of_a_client_test(item) -> bool:  # noqa: ANN001
    callspec = getattr(item, "callspec", None)
    return (callspec is not None and callspec.params.get("server") == "postgresql"
            and Path(str(item.fspath)).stem in CLIENT_SIDE)


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001
    """Warnings are errors everywhere, but for the sockets of the HTTP clients the integration
    tests' simulated devices keep open until garbage collection: they are the tests' own, not the
    server's, and closing each would only add noise to every test."""
    here = Path(__file__).parent
    if os.environ.get("AULA_FULL_BACKEND_MATRIX") != "1":
        deselected = [item for item in items if _postgres_variant_of_a_client_test(item)]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = [item for item in items if not _postgres_variant_of_a_client_test(item)]
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.fixture(scope="session", autouse=True)
def _close_devices_at_the_end():
    """Close every simulated device's client and collect garbage while a test is still running,
    so nothing is left for pytest to report after the session."""
    yield
    for device in OPEN_DEVICES:
        device.close()
    OPEN_DEVICES.clear()
    gc.collect()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):  # noqa: ANN001, ANN201
    """Collect the garbage of an integration test (and of the fixtures it tore down) while its
    warning filters still apply, so none of it is finalized during a desktop test that follows."""
    yield
    if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
        gc.collect()

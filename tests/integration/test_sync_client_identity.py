"""Enrollment that survives a lost answer; a restored or copied database must re-enroll."""

from __future__ import annotations

import sqlite3

import pytest
from sqlmodel import func, select
from sync_client_harness import new_unit_code, open_app

from app.services import catalog, staff
from app.services.context import Context
from app.storage.tables import AuditLog, Outbox, Worker
from app.sync.engine import SyncEngine
from app.sync.status import SyncPhase
from app.sync.transport import Transport, Unreachable


class LosesFirstRegistrationAnswer(Transport):
    """The registration reaches the server, its answer never comes back (once)."""

    lost = 0

    def post(self, path, body=None):  # noqa: ANN001, ANN201
        answer = super().post(path, body)
        if path == "/v1/devices/register" and not self.lost:
            self.lost += 1
            raise Unreachable("La conexión se cortó.")
        return answer


@pytest.fixture
def unit_code(server) -> str:
    code = new_unit_code()
    server.create_unit(code)
    return code


def test_an_enrollment_whose_answer_was_lost_succeeds_when_asked_again_with_the_same_code(server, unit_code,
                                                                                           tmp_path):
    app = open_app(tmp_path, "a")
    transport = LosesFirstRegistrationAnswer(server.base_url, timeout=30)
    engine = SyncEngine(app.ctx, transport=transport, keys=app.keys)
    try:
        result = engine.enroll(server.base_url, server.enroll_code(unit_code))
        assert transport.lost == 1
        assert result.unit_code == unit_code
        assert engine.run_round().phase is SyncPhase.UP_TO_DATE
    finally:
        app.close()


def _copy(source: Context, target) -> None:  # noqa: ANN001
    with sqlite3.connect(source.db.path) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _workers(ctx: Context) -> int:
    with ctx.db.read() as s:
        return s.exec(select(func.count()).select_from(Worker)).one()


def test_a_database_restored_from_a_backup_must_re_enroll_and_loses_nothing(server, unit_code, tmp_path):
    app = open_app(tmp_path, "a", unit_code=unit_code)
    app.engine.enroll(server.base_url, server.enroll_code(unit_code))
    app.sync()
    _copy(app.ctx, tmp_path / "backup.sqlite3")
    unit = catalog.get_unit(app.ctx, unit_code)
    staff.add_worker(app.ctx, matricula="31415926", given_names="Rosa", paternal_surname="Luna", unit_id=unit.id,
                     in_staff_list=True)
    app.sync()  # the server's record of this device moves on

    restored = Context.open(tmp_path / "backup.sqlite3", actor="Instructor a")
    engine = SyncEngine(restored, keys=app.keys, timeout=30)
    try:
        unit = catalog.get_unit(restored, unit_code)
        staff.add_worker(restored, matricula="27182818", given_names="Luis", paternal_surname="Sol", unit_id=unit.id,
                         in_staff_list=True)
        workers, pending = _workers(restored), engine.status().pending_ops
        status = engine.run_round()
        assert status.phase is SyncPhase.REENROLL_REQUIRED
        assert (_workers(restored), engine.status().pending_ops) == (workers, pending)
        assert engine.run_round().phase is SyncPhase.REENROLL_REQUIRED  # not retried by itself

        engine.enroll(server.base_url, server.enroll_code(unit_code))
        assert engine.run_round().phase is SyncPhase.UP_TO_DATE
        with restored.db.read() as s:
            assert s.exec(select(func.count()).select_from(Outbox)).one() == 0
            assert s.exec(select(AuditLog).where(AuditLog.action == "device.enroll")).all()
        # one device identity, one database: the other copy is now the one that must re-enroll
        assert app.engine.run_round().phase is SyncPhase.REENROLL_REQUIRED
    finally:
        engine.close()
        restored.close()
        app.close()

"""Fault drills: the app's sync engine through a fault-injecting proxy and a server killed mid-push.

After each fault the faults stop and sync runs again; then every op was applied exactly once
(the server's ``processed_ops`` holds each op id once, applied, and its change log one row per
op), nothing local was lost, and every database converges with the others."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading

import pytest
from server_harness import ServerProcess
from sync_client_harness import new_unit_code, open_app

from app.domain.enums import AttendanceStatus
from app.services import attendance
from app.sync.enrolling import EnrollmentFailed
from app.sync.status import SyncPhase
from tests.support.fault_proxy import FaultProxy, Mode
from tests.support.sync_world import (
    finished_group,
    local_state,
    outbox,
    server_device_id,
    server_ledger,
    state_differences,
)

TIMEOUT = 2.0  # the engine's timeout per request in these drills (a stall outlasts it)


@pytest.fixture
def unit_code(server) -> str:
    code = new_unit_code()
    server.create_unit(code, "Unidad de prueba de fallas")
    return code


@pytest.fixture
def proxy(server):
    with FaultProxy(("127.0.0.1", server.port)) as running:
        yield running


@pytest.fixture
def apps(tmp_path):
    opened = []

    def make(name: str, **kwargs):  # noqa: ANN202
        app = open_app(tmp_path, name, **kwargs)
        app.engine.timeout = TIMEOUT
        opened.append(app)
        return app

    yield make
    for app in opened:
        app.close()


def _enrolled(apps, server, unit_code, proxy_url: str, name: str, *, used_before: bool = False):  # noqa: ANN001, ANN202
    """A device enrolled through the proxy and synced once (so its unit and courses carry the server's ids);
    ``used_before``: it held the unit and the shipped courses before enrolling."""
    app = apps(name, unit_code=unit_code) if used_before else apps(name)
    app.engine.enroll(proxy_url, server.enroll_code(unit_code))
    app.sync()
    return app


def _logged(server_db, app) -> int:  # noqa: ANN001
    """Change-log rows the device has written so far."""
    return server_ledger(server_db, server_device_id(app.ctx), []).change_log_rows


def _assert_exactly_once(server_db, app, op_ids: list[str], logged_before: int) -> None:  # noqa: ANN001
    """Every op the device queued was processed once and applied; the change log grew by one row per op."""
    ledger = server_ledger(server_db, server_device_id(app.ctx), op_ids)
    assert set(ledger.results) == set(op_ids), "some ops never reached the server"
    assert ledger.statuses() == {"applied"}, ledger.statuses()
    assert ledger.change_log_rows - logged_before == len(op_ids)


def _assert_converged(*apps) -> None:  # noqa: ANN002
    states = [local_state(app.ctx) for app in apps]
    for other in states[1:]:
        assert other == states[0], state_differences(states[0], other)


def _sync_until_up_to_date(*apps, rounds: int = 2) -> None:  # noqa: ANN002
    """Quiescence: every device syncs, twice round, so what the last one pushed reaches the first."""
    for _ in range(rounds):
        for app in apps:
            status = app.engine.run_round()
            assert status.phase is SyncPhase.UP_TO_DATE, status


@pytest.mark.parametrize("mode", [Mode.DROP_RESPONSE, Mode.RESET_MID_RESPONSE, Mode.STALL,
                                  Mode.SERVICE_UNAVAILABLE])
def test_a_push_broken_by_the_network_is_applied_exactly_once_when_sync_runs_again(
        server, db, unit_code, proxy, apps, mode):
    first = _enrolled(apps, server, unit_code, proxy.url, "a", used_before=True)
    built = finished_group(first.ctx, unit_code, first.keys, people=8)
    assert built.issued == 8  # the drill carries constancias too
    queued = outbox(first.ctx)
    before = local_state(first.ctx)
    logged = _logged(db, first)

    proxy.set_mode(mode, times=1, path="/v1/sync/push")
    broken = first.engine.run_round()
    assert broken.phase is SyncPhase.OFFLINE, broken
    assert proxy.stats().faults == 1
    assert [op.op_id for op in outbox(first.ctx)] == [op.op_id for op in queued], "an unanswered op left the outbox"
    assert local_state(first.ctx) == before

    assert first.engine.run_round().phase is SyncPhase.UP_TO_DATE
    assert outbox(first.ctx) == []
    _assert_exactly_once(db, first, [op.op_id for op in queued], logged)

    second = _enrolled(apps, server, unit_code, proxy.url, "b")
    _sync_until_up_to_date(first, second)
    _assert_converged(first, second)


@pytest.mark.parametrize("mode", [Mode.DROP_RESPONSE, Mode.RESET_MID_RESPONSE, Mode.STALL,
                                  Mode.SERVICE_UNAVAILABLE])
def test_a_pull_broken_by_the_network_resumes_at_its_cursor_and_converges(server, unit_code, proxy, apps,
                                                                          mode):
    first = _enrolled(apps, server, unit_code, proxy.url, "a", used_before=True)
    finished_group(first.ctx, unit_code, first.keys, people=8)
    first.engine.run_round()
    second = _enrolled(apps, server, unit_code, proxy.url, "b")
    second.engine.run_round()
    finished_group(first.ctx, unit_code, first.keys, people=6, first_day=dt.date(2026, 11, 19))
    first.engine.run_round()

    proxy.set_mode(mode, times=1, path="/v1/sync/pull")
    assert second.engine.run_round().phase is SyncPhase.OFFLINE
    _sync_until_up_to_date(second, first)
    _assert_converged(first, second)


def test_a_server_killed_in_the_middle_of_a_push_loses_nothing_and_applies_each_op_once(tmp_path, apps):
    killable = ServerProcess(tmp_path / "server")
    killable.start()
    try:
        code = new_unit_code()
        killable.create_unit(code, "Unidad de prueba de fallas")
        with FaultProxy(("127.0.0.1", killable.port)) as proxy:
            first = _enrolled(apps, killable, code, proxy.url, "a", used_before=True)
            finished_group(first.ctx, code, first.keys, people=40)
            queued = outbox(first.ctx)
            database = killable.database()
            logged = _logged(database, first)
            assert len(queued) > 600  # two push batches at least: the kill lands on the second

            pushes = []
            killed = threading.Event()

            def kill_on_second_push(path: str) -> None:
                if path.startswith("/v1/sync/push"):
                    pushes.append(path)
                    if len(pushes) == 2 and not killed.is_set():
                        os.kill(killable.process.pid, signal.SIGKILL)
                        killed.set()

            proxy.on_request_forwarded = kill_on_second_push
            assert first.engine.run_round().phase is SyncPhase.OFFLINE
            assert killed.is_set()
            killable.process.wait()
            left = outbox(first.ctx)
            assert 0 < len(left) < len(queued)
            assert [op.op_id for op in left] == [op.op_id for op in queued][-len(left):]

            proxy.on_request_forwarded = None
            killable.start()
            assert first.engine.run_round().phase is SyncPhase.UP_TO_DATE
            assert outbox(first.ctx) == []
            try:
                _assert_exactly_once(database, first, [op.op_id for op in queued], logged)
            finally:
                database.dispose()
            second = _enrolled(apps, killable, code, proxy.url, "b")
            _sync_until_up_to_date(first, second)
            _assert_converged(first, second)
    finally:
        killable.stop()


def test_a_lost_registration_answer_is_retried_and_the_enrollment_survives(server, db, unit_code, proxy, apps):
    app = apps("a", unit_code=unit_code)
    proxy.set_mode(Mode.DROP_RESPONSE, times=1, path="/v1/devices/register")
    result = app.engine.enroll(proxy.url, server.enroll_code(unit_code))
    assert result.unit_code == unit_code
    assert proxy.stats().faults == 1
    assert _devices_with_install_id(db, app) == 1
    app.sync()


def test_an_enrollment_whose_every_answer_was_lost_succeeds_later_with_the_same_code(server, db, unit_code,
                                                                                    proxy, apps):
    app = apps("a", unit_code=unit_code)
    code = server.enroll_code(unit_code)
    proxy.set_mode(Mode.RESET_MID_RESPONSE, path="/v1/devices/register")
    with pytest.raises(EnrollmentFailed):
        app.engine.enroll(proxy.url, code)
    assert proxy.stats().faults >= 1
    assert _devices_with_install_id(db, app) == 1  # the server did register it

    proxy.pass_through()
    assert app.engine.enroll(proxy.url, code).unit_code == unit_code
    assert _devices_with_install_id(db, app) == 1
    app.sync()


def test_three_devices_converge_after_faults_on_every_kind_of_request(server, db, unit_code, proxy, apps):
    first = _enrolled(apps, server, unit_code, proxy.url, "a", used_before=True)
    group = finished_group(first.ctx, unit_code, first.keys, people=5)
    first.sync()
    second = _enrolled(apps, server, unit_code, proxy.url, "b")
    third = _enrolled(apps, server, unit_code, proxy.url, "c")
    second.sync()
    third.sync()
    session_ids = _session_ids(first.ctx, group.group_id)
    for index, (app, status) in enumerate(((second, AttendanceStatus.LATE), (third, AttendanceStatus.EXCUSED))):
        attendance.set_status(app.ctx, session_ids[index], group.worker_ids[index], status)
    attendance.set_status(first.ctx, session_ids[1], group.worker_ids[4], AttendanceStatus.ABSENT)
    for mode, app in ((Mode.DROP_RESPONSE, second), (Mode.STALL, third), (Mode.RESET_MID_RESPONSE, first)):
        proxy.set_mode(mode, times=1)
        app.engine.run_round()
    proxy.pass_through()
    _sync_until_up_to_date(first, second, third)
    _assert_converged(first, second, third)


def _session_ids(ctx, group_id):  # noqa: ANN001, ANN202
    from app.services.groups import get_group

    return [session.id for session in get_group(ctx, group_id).sessions]


def _devices_with_install_id(db, app) -> int:  # noqa: ANN001
    from sqlalchemy import text

    from app.storage.tables import Device

    with app.ctx.db.read() as s:
        install_id = str(s.get(Device, 1).install_id)
    with db.read() as session:
        return session.execute(text("SELECT count(*) FROM devices WHERE install_id = :i"),
                               {"i": install_id}).scalar_one()

"""Many devices push while others pull: every change reaches every puller in its scope
exactly once and in order, none skipped; every op is applied exactly once.

Also proves the change-log design directly: a writer cannot take a seq while an
earlier writer's transaction is open, so commit order is seq order (see
``server.changelog``).
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from server_harness import Device, Fixture, op
from sqlalchemy import select, text

from server import changelog
from server.models import ChangeLog

UNITS = 2
PUSHERS_PER_UNIT = 3
BATCHES = 30
WORKERS_PER_BATCH = 5  # each batch: 5 workers + 5 enrollments + 5 attendances = 15 ops


def _batches(fixture: Fixture) -> list[list[dict]]:
    from app.domain.ids import attendance_id, enrollment_id

    batches = [fixture.setup_ops()]
    for _ in range(BATCHES):
        ops = []
        for _ in range(WORKERS_PER_BATCH):
            worker = str(uuid.uuid4())
            ops.append(op("worker", worker, {"unit_id": fixture.unit_id, "matricula": str(uuid.uuid4().int)[:12],
                                             "given_names": "N", "paternal_surname": "P"}))
            ops.append(op("enrollment", enrollment_id(uuid.UUID(fixture.group_id), uuid.UUID(worker)),
                          {"group_id": fixture.group_id, "worker_id": worker, "status": "enrolled"}))
            ops.append(op("attendance", attendance_id(uuid.UUID(fixture.session_id), uuid.UUID(worker)),
                          {"session_id": fixture.session_id, "worker_id": worker, "group_id": fixture.group_id,
                           "status": "present"}))
        batches.append(ops)
    return batches


def _pull_loop(device: Device, stop: threading.Event, received: list[dict], errors: list[str]) -> None:
    cursor = 0
    try:
        while True:
            finishing = stop.is_set()
            while True:
                response = device.pull_raw(cursor, limit=97)
                if response.status_code != 200:
                    errors.append(f"pull {response.status_code}: {response.text}")
                    return
                page = response.json()
                received.extend(page["changes"])
                cursor = page["next_cursor"]
                if not page["has_more"]:
                    break
            if finishing:
                return
    except Exception as exc:  # noqa: BLE001 - reported by the test
        errors.append(repr(exc))


def _push_loop(device: Device, batches: list[list[dict]], results: dict[str, list[str]],
               errors: list[str]) -> None:
    try:
        for batch in batches:
            for attempt in range(2):  # the second push of every batch is a replay
                response = device.push_raw(batch, gzip_body=attempt == 1)
                if response.status_code != 200:
                    errors.append(f"push {response.status_code}: {response.text}")
                    return
                for result in response.json()["results"]:
                    results.setdefault(result["op_id"], []).append(result["status"])
    except Exception as exc:  # noqa: BLE001
        errors.append(repr(exc))


def _observe_prefix(db, stop: threading.Event, violations: list[str]) -> None:
    """Read the whole change log repeatedly: what is visible must always be 1..N without holes."""
    with db.read_engine.connect() as conn:
        while not stop.is_set():
            seqs = [row[0] for row in conn.execute(text("SELECT seq FROM change_log ORDER BY seq"))]
            conn.rollback()
            if seqs != list(range(1, len(seqs) + 1)):
                missing = sorted(set(range(1, seqs[-1] + 1)) - set(seqs))[:5]
                violations.append(f"visible change log has holes: {missing}")
                return


@pytest.mark.slow
def test_concurrent_pushers_and_pullers_see_every_change_once_in_order(server, db):
    units = [server.create_unit() for _ in range(UNITS)]
    pushers = {u.id: [server.enroll(u, "instructor") for _ in range(PUSHERS_PER_UNIT)] for u in units}
    pullers = {u.id: [server.enroll(u, "director"), server.enroll(u, "instructor")] for u in units}
    plans = {device.device_id: _batches(Fixture(u.id)) for u in units for device in pushers[u.id]}

    stop_pulling, stop_observing = threading.Event(), threading.Event()
    errors: list[str] = []
    violations: list[str] = []
    received = {p.device_id: [] for group in pullers.values() for p in group}
    results: dict[str, list[str]] = {}
    pull_threads = [threading.Thread(target=_pull_loop, args=(p, stop_pulling, received[p.device_id], errors))
                    for group in pullers.values() for p in group]
    push_threads = [threading.Thread(target=_push_loop, args=(d, plans[d.device_id], results, errors))
                    for group in pushers.values() for d in group]
    observer = threading.Thread(target=_observe_prefix, args=(db, stop_observing, violations))
    for thread in [observer, *pull_threads, *push_threads]:
        thread.start()
    for thread in push_threads:
        thread.join()
    stop_pulling.set()
    for thread in pull_threads:
        thread.join()
    stop_observing.set()
    observer.join()

    assert errors == []
    assert violations == []
    # every op applied exactly once, its replay answered duplicate
    pushed = [o["op_id"] for plan in plans.values() for batch in plan for o in batch]
    assert sorted(results) == sorted(pushed)
    assert all(statuses == ["applied", "duplicate"] for statuses in results.values()), \
        {k: v for k, v in results.items() if v != ["applied", "duplicate"]}
    # every puller got exactly the changes of its scope, once each, in order
    with db.read() as session:
        log = list(session.scalars(select(ChangeLog).order_by(ChangeLog.seq)))
    for unit in units:
        expected = [row.seq for row in log if row.unit_id in (unit.id, None)]
        for puller in pullers[unit.id]:
            assert [c["seq"] for c in received[puller.device_id]] == expected
    for unit in units:  # one change-log row per applied op, none for the replays
        devices = {d.device_id for d in pushers[unit.id]}
        applied_here = sum(len(batch) for d in pushers[unit.id] for batch in plans[d.device_id])
        assert sum(1 for row in log if row.device_id in devices) == applied_here

def test_a_writer_cannot_take_a_seq_while_an_earlier_writer_is_uncommitted(server, db):
    """The proof of "never skip a late commit" on PostgreSQL: the counter row serialises writers."""
    if server.backend != "postgresql":
        pytest.skip("on SQLite BEGIN IMMEDIATE already admits one writer at a time")
    outcome: dict[str, int] = {}

    def later_writer() -> None:
        with db.write() as session:
            outcome["later"] = changelog.allocate(session, 1)
            session.commit()

    with db.write() as early:
        early_seq = changelog.allocate(early, 1)
        thread = threading.Thread(target=later_writer)
        thread.start()
        # wait until the later writer is blocked on the counter row's lock
        with db.read_engine.connect() as conn:
            while True:
                waiting = conn.execute(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query LIKE 'UPDATE seq_counter%'")).scalar_one()
                conn.rollback()
                if waiting:
                    break
                time.sleep(0.01)
        assert "later" not in outcome
        early.commit()
    thread.join()
    assert outcome["later"] == early_seq + 1


def test_a_rolled_back_writer_leaves_no_hole(server, db):
    with db.write() as session:
        first = changelog.allocate(session, 3)
        session.rollback()
    with db.write() as session:
        again = changelog.allocate(session, 1)
        session.rollback()
    assert again == first

"""An instructor never loses a mark: SIGKILL in the middle of recording loses nothing reported."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from service_helpers import add_people, make_group
from sqlmodel import select

from app.domain.ids import attendance_id
from app.services import roster
from app.services.context import Context
from app.storage.tables import Attendance, Outbox
from tests.support.killing import run_and_kill

WRITER = Path(__file__).with_name("crash_writer.py")
ROOT = Path(__file__).resolve().parents[2]
BASE = dt.datetime(2026, 11, 24, 7, 0)


def _run_and_kill(db_path: Path, session_id, worker_ids, seed: int) -> list[int]:
    reported = run_and_kill([str(WRITER), str(db_path), str(session_id), *map(str, worker_ids)],
                            warmup=20, pause=random.Random(seed).uniform(0.0, 0.8), deadline=60)
    assert reported, "the writer never committed a mark"
    return reported


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_every_reported_mark_survives_sigkill(ctx, seed, tmp_path):
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    session = group.sessions[0]
    ctx.close()
    worker_ids = [p.id for p in people]

    reported = _run_and_kill(ctx.db.path, session.id, worker_ids, seed)

    reopened = Context.open(ctx.db.path)
    try:
        assert reopened.db.integrity_check() == "ok"
        with reopened.db.read() as s:
            stored = {w: s.get(Attendance, attendance_id(session.id, w)) for w in worker_ids}
            queued = [json.loads(op.payload)["check_in"] for op in s.exec(
                select(Outbox).where(Outbox.entity == "attendance")).all()]
        for i in reported:
            # The latest committed value of that worker is this mark or a later one...
            row = stored[worker_ids[i % len(worker_ids)]]
            assert row is not None and row.check_in >= BASE + dt.timedelta(seconds=i)
            # ...and the mark itself is queued for the server.
            assert (BASE + dt.timedelta(seconds=i)).isoformat() in queued
    finally:
        reopened.close()

"""Helpers shared by the sync fault drills, the sync state machine and ``bench/bench_sync.py``:
what a desktop database holds (to compare devices), what the server recorded for a device's ops
(to prove each was applied exactly once), and a finished group built through the services."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import select

from app.domain.enums import AttendanceStatus
from app.services import attendance, catalog, constancias, groups, participation, roster, staff
from app.services.context import Context
from app.storage.keys import DeviceKeys
from app.storage.tables import Device, Outbox
from app.sync.apply import TABLES

#: Columns that are each database's own bookkeeping, not the record's synced state.
LOCAL_COLUMNS = frozenset({"created_at", "updated_at"})


def local_state(ctx: Context) -> dict[str, dict[str, dict[str, Any]]]:
    """Every synced record of a desktop database, by entity and id, without its local bookkeeping."""
    state: dict[str, dict[str, dict[str, Any]]] = {}
    with ctx.db.read() as s:
        for entity, table in TABLES.items():
            rows = s.exec(select(table)).all()
            state[entity.value] = {str(row.id): {k: v for k, v in row.model_dump(mode="json").items()
                                                 if k not in LOCAL_COLUMNS} for row in rows}
    return state


def state_differences(first: dict, second: dict, limit: int = 5) -> list[str]:
    """Where two :func:`local_state` snapshots differ (a few examples), for assertion messages."""
    out: list[str] = []
    for entity in sorted(set(first) | set(second)):
        a, b = first.get(entity, {}), second.get(entity, {})
        for ident in sorted(set(a) | set(b)):
            if a.get(ident) != b.get(ident):
                fields = {k for k in set(a.get(ident) or {}) | set(b.get(ident) or {})
                          if (a.get(ident) or {}).get(k) != (b.get(ident) or {}).get(k)}
                out.append(f"{entity} {ident}: {sorted(fields) if a.get(ident) and b.get(ident) else 'missing'}")
                if len(out) >= limit:
                    return out
    return out


@dataclass(frozen=True)
class QueuedOp:
    op_id: str
    entity: str
    entity_id: str
    state: str


def outbox(ctx: Context) -> list[QueuedOp]:
    with ctx.db.read() as s:
        rows = s.exec(select(Outbox).order_by(Outbox.seq)).all()
    return [QueuedOp(str(r.op_id), r.entity, str(r.entity_id), r.state) for r in rows]


def server_device_id(ctx: Context) -> str:
    with ctx.db.read() as s:
        return str(s.get(Device, 1).server_device_id)


@dataclass(frozen=True)
class ServerLedger:
    """What the server recorded for a set of op ids: each op's stored result, and the change-log rows."""

    results: dict[str, str]   # op_id → stored status (applied, rejected…)
    change_log_rows: int      # change-log rows written by the device

    def statuses(self) -> set[str]:
        return set(self.results.values())


def server_ledger(db, device_id: str, op_ids: list[str]) -> ServerLedger:  # noqa: ANN001 - server.db.Database
    """Read the server's ``processed_ops`` for ``op_ids`` and its change log for ``device_id``."""
    results: dict[str, str] = {}
    with db.read() as session:
        for start in range(0, len(op_ids), 500):
            chunk = op_ids[start:start + 500]
            marks = ", ".join(f":o{i}" for i in range(len(chunk)))
            rows = session.execute(text(f"SELECT op_id, result FROM processed_ops WHERE op_id IN ({marks})"),
                                   {f"o{i}": op_id for i, op_id in enumerate(chunk)}).all()
            for op_id, result in rows:
                assert op_id not in results, f"op {op_id} processed twice"
                results[op_id] = json.loads(result)["status"]
        logged = session.execute(text("SELECT count(*) FROM change_log WHERE device_id = :d"),
                                 {"d": device_id}).scalar_one()
    return ServerLedger(results, logged)


def server_processed_count(db, device_id: str) -> int:  # noqa: ANN001
    with db.read() as session:
        return session.execute(text("SELECT count(*) FROM processed_ops WHERE device_id = :d"),
                               {"d": device_id}).scalar_one()


# ---------------------------------------------------------------------- a finished group


@dataclass(frozen=True)
class BuiltGroup:
    group_id: uuid.UUID
    code: str
    worker_ids: list[uuid.UUID]
    issued: int


def new_matricula(n: int, prefix: int | None = None) -> str:
    base = prefix if prefix is not None else uuid.uuid4().int % 10_000
    return f"9{base:04d}{n:05d}"


def finished_group(ctx: Context, unit_code: str, keys: DeviceKeys, *, people: int = 40,
                   first_day: dt.date = dt.date(2026, 11, 17), prefix: int | None = None) -> BuiltGroup:
    """A two-day SER-BT group of ``people`` workers, everyone present at both sessions and in every
    activity, with a constancia each: what one finished course leaves on an instructor's laptop."""
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    unit = catalog.get_unit(ctx, unit_code)
    days = (first_day, first_day + dt.timedelta(days=1))
    plans = [groups.SessionPlan(day, t.start, t.end) for day, t in zip(days, course.sessions)]
    group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans, room="Aula 1",
                                instructors="Mariana Torres", capacity=max(40, people))
    prefix = prefix if prefix is not None else uuid.uuid4().int % 10_000
    workers = [staff.add_worker(ctx, matricula=new_matricula(n, prefix), given_names="Ana",
                                paternal_surname=f"Pérez{n}", maternal_surname="López", unit_id=unit.id,
                                in_staff_list=True) for n in range(people)]
    for worker in workers:
        roster.enroll(ctx, group.id, worker.id)
    for session in group.sessions:
        start, end = session.schedule.starts_at, session.schedule.ends_at
        for worker in workers:
            attendance.record_attendance(ctx, session.id, worker.id, AttendanceStatus.PRESENT,
                                         check_in=start - dt.timedelta(minutes=5), check_out=end)
        for activity in session.activities:
            participation.mark_everyone(ctx, activity.id)
    report = constancias.issue_constancias(ctx, group.id, keys=keys)
    return BuiltGroup(group.id, group.summary.code, [w.id for w in workers], len(report.issued))

"""Participation: per worker and activity, took part or not."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import and_, bindparam
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Row
from sqlmodel import select

from app.domain.enums import EnrollmentStatus, GroupStatus, OpKind
from app.domain.ids import participation_id
from app.services.context import Context
from app.services.errors import ChangedSince, GroupClosed, NotEnrolled, NotFound
from app.services.permissions import require_instructor
from app.storage import changes
from app.storage.prepared import PreparedWrite
from app.storage.tables import Activity, CourseGroup, Enrollment, Participation, Worker, utcnow


@dataclass(frozen=True)
class ParticipationGrid:
    """Who took part in which activity of a session: ``marks[(worker_id, activity_id)]``."""

    activity_ids: tuple[uuid.UUID, ...]
    worker_ids: tuple[uuid.UUID, ...]
    marks: dict[tuple[uuid.UUID, uuid.UUID], bool]

    def participated(self, worker_id: uuid.UUID, activity_id: uuid.UUID) -> bool:
        return self.marks.get((worker_id, activity_id), False)


# One read (activity, group, enrollment, worker, current mark), one upsert and the
# outbox/audit inserts: SQLAlchemy Core statements built once.
_ACT, _G, _E = Activity.__table__, CourseGroup.__table__, Enrollment.__table__
_W, _P = Worker.__table__, Participation.__table__
_MARK_COLUMNS = tuple(_P.c.keys())  # the model's field order: the outbox payload's order
_ACTIVITY_COLUMNS = (_ACT.c.id, _ACT.c.group_id, _ACT.c.deleted_at, _G.c.id.label("g_id"),
                     _G.c.code.label("group_code"), _G.c.status.label("group_status"),
                     _G.c.deleted_at.label("g_deleted_at"))
_ACTIVITY = (select(*_ACTIVITY_COLUMNS).select_from(_ACT.outerjoin(_G, _G.c.id == _ACT.c.group_id))
             .where(_ACT.c.id == bindparam("activity_id")))
_FOR_WORKER = (select(*_ACTIVITY_COLUMNS, _E.c.status.label("e_status"), _W.c.id.label("w_id"), _W.c.matricula,
                      *(_P.c[name].label(f"p_{name}") for name in _MARK_COLUMNS))
               .select_from(_ACT.outerjoin(_G, _G.c.id == _ACT.c.group_id)
                            .outerjoin(_E, and_(_E.c.group_id == _ACT.c.group_id,
                                                _E.c.worker_id == bindparam("worker_id"),
                                                _E.c.deleted_at.is_(None)))
                            .outerjoin(_W, and_(_W.c.id == bindparam("worker_id"), _W.c.deleted_at.is_(None)))
                            .outerjoin(_P, and_(_P.c.activity_id == _ACT.c.id,
                                                _P.c.worker_id == bindparam("worker_id"))))
               .where(_ACT.c.id == bindparam("activity_id")))
_UPSERT_MARK = PreparedWrite(sqlite_insert(_P).on_conflict_do_update(
    index_elements=[_P.c.id], set_={name: sqlite_insert(_P).excluded[name] for name in _MARK_COLUMNS
                                    if name not in ("id", "created_at")}))


@dataclass(frozen=True)
class _Activity:
    id: uuid.UUID
    group_id: uuid.UUID


def _open_activity(row: Row | None) -> _Activity:
    """The activity of an open group, or the error that says why not (as ``require_open_group``)."""
    if row is None or row.deleted_at is not None:
        raise NotFound("Esa actividad ya no existe.")
    if row.g_id is None or row.g_deleted_at is not None:
        raise NotFound("Ese grupo ya no existe.")
    if row.group_status is GroupStatus.CLOSED:
        raise GroupClosed(row.group_code)
    return _Activity(row.id, row.group_id)


def _activity(conn: Connection, activity_id: uuid.UUID) -> _Activity:
    return _open_activity(conn.execute(_ACTIVITY, {"activity_id": activity_id}).first())


def _participated(mark: dict | None) -> bool:
    """Whether a stored mark (its columns; ``None``: never marked) says the worker took part."""
    return bool(mark is not None and mark["deleted_at"] is None and mark["participated"])


def _write(ctx: Context, conn: Connection, activity: _Activity, worker_id: uuid.UUID, mark: dict | None,
           participated: bool, action: str) -> bool:
    """Store one mark (``mark``: its current columns) in the caller's transaction; returns the previous value."""
    live = mark is not None and mark["deleted_at"] is None
    previous = _participated(mark)
    if live and mark["participated"] == participated:
        return previous
    now = utcnow()
    if mark is None:
        mark = {"id": participation_id(activity.id, worker_id), "created_at": now, "version": 0,
                "activity_id": activity.id, "worker_id": worker_id, "group_id": activity.group_id}
    values = {name: mark.get(name) for name in _MARK_COLUMNS}
    values.update(updated_at=now, version=mark["version"] + 1, deleted_at=None, participated=participated)
    _UPSERT_MARK(conn, values)
    # A row never saved has version 0: its op has no base version to conflict with.
    changes.record_core(conn, _P.name, values, kind=OpKind.UPSERT,
                        base_version=None if mark["version"] == 0 else mark["version"], actor=ctx.actor,
                        action=action, details={"participated": participated})
    return previous


def _enrolled(group_id: uuid.UUID):  # noqa: ANN202
    """The enrolled workers of a group, leaving out enrollments and workers deleted through sync."""
    return select(_E.c.worker_id).join(_W, _W.c.id == _E.c.worker_id).where(
        _E.c.group_id == group_id, _E.c.status == EnrollmentStatus.ENROLLED, _E.c.deleted_at.is_(None),
        _W.c.deleted_at.is_(None))


def _marks(conn: Connection, activity_id: uuid.UUID) -> dict[uuid.UUID, dict]:
    """Every stored mark of the activity (tombstones included) by worker, as column dicts."""
    return {row.worker_id: dict(row._mapping)
            for row in conn.execute(select(_P).where(_P.c.activity_id == activity_id))}


def record_participation(ctx: Context, activity_id: uuid.UUID, worker_id: uuid.UUID,
                         participated: bool = True) -> bool:
    """Mark whether a worker took part in an activity; returns the previous value (for undo)."""
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        row = conn.execute(_FOR_WORKER, {"activity_id": activity_id, "worker_id": worker_id}).first()
        activity = _open_activity(row)
        if row.w_id is None:
            raise NotFound("Ese trabajador ya no existe.")
        if row.e_status is not EnrollmentStatus.ENROLLED:
            raise NotEnrolled(row.matricula if row.matricula else str(worker_id), row.group_code)
        mark = None if row.p_id is None else {name: row._mapping[f"p_{name}"] for name in _MARK_COLUMNS}
        return _write(ctx, conn, activity, worker_id, mark, participated, "participation.record")


def mark_everyone(ctx: Context, activity_id: uuid.UUID, participated: bool = True) -> dict[uuid.UUID, bool]:
    """"Todos participaron": set every enrolled worker's mark in one transaction.

    Returns the previous value of each worker whose mark changed.
    """
    changed = {}
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        activity = _activity(conn, activity_id)
        marks = _marks(conn, activity_id)
        workers = conn.execute(_enrolled(activity.group_id)).scalars().all()
        for worker_id in workers:
            previous = _write(ctx, conn, activity, worker_id, marks.get(worker_id), participated,
                              "participation.everyone")
            if previous != participated:
                changed[worker_id] = previous
    return changed


def restore_participation(ctx: Context, activity_id: uuid.UUID, values: dict[uuid.UUID, bool], *,
                          expected: dict[uuid.UUID, bool] | None = None) -> None:
    """Put marks back as they were (undo/redo of one tick or a bulk action), in one transaction.

    Args:
        expected: each mark as the step left it; when any stored mark is no longer that
            (changed since on another device or screen), nothing is written.

    Raises:
        ChangedSince: some stored marks are not as ``expected``.
    """
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        activity = _activity(conn, activity_id)
        marks = _marks(conn, activity_id)
        if expected is not None:
            changed = sum(_participated(marks.get(worker_id)) != value for worker_id, value in expected.items())
            if changed:
                raise ChangedSince(changed)
        for worker_id, participated in values.items():
            _write(ctx, conn, activity, worker_id, marks.get(worker_id), participated, "participation.restore")


def session_grid(ctx: Context, session_id: uuid.UUID) -> ParticipationGrid:
    """The participation marks of a session's activities for its enrolled workers."""
    with ctx.db.read() as s:
        activities = s.exec(select(Activity).where(Activity.session_id == session_id,
                                                   Activity.deleted_at.is_(None))
                            .order_by(Activity.position)).all()
        if not activities:
            return ParticipationGrid((), (), {})
        group_id = activities[0].group_id
        workers = s.exec(_enrolled(group_id)).all()
        ids = [a.id for a in activities]
        marks = {(p.worker_id, p.activity_id): p.participated for p in s.exec(
            select(Participation).where(Participation.activity_id.in_(ids),
                                        Participation.deleted_at.is_(None))).all()}
    return ParticipationGrid(tuple(ids), tuple(workers), marks)

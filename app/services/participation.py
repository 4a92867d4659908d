"""Participation: per worker and activity, took part or not."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from app.domain.enums import EnrollmentStatus
from app.domain.ids import enrollment_id, participation_id
from app.services.context import Context
from app.services.errors import NotEnrolled, NotFound
from app.services.groups import require_open_group
from app.services.permissions import require_instructor
from app.storage import changes
from app.storage.tables import Activity, CourseGroup, Enrollment, Participation, Worker


@dataclass(frozen=True)
class ParticipationGrid:
    """Who took part in which activity of a session: ``marks[(worker_id, activity_id)]``."""

    activity_ids: tuple[uuid.UUID, ...]
    worker_ids: tuple[uuid.UUID, ...]
    marks: dict[tuple[uuid.UUID, uuid.UUID], bool]

    def participated(self, worker_id: uuid.UUID, activity_id: uuid.UUID) -> bool:
        return self.marks.get((worker_id, activity_id), False)


def _activity(s: Session, activity_id: uuid.UUID) -> tuple[Activity, CourseGroup]:
    activity = s.get(Activity, activity_id)
    if activity is None or activity.deleted_at is not None:
        raise NotFound("Esa actividad ya no existe.")
    return activity, require_open_group(s, activity.group_id)


def _write(ctx: Context, s: Session, activity: Activity, worker_id: uuid.UUID, participated: bool,
           action: str) -> bool:
    """Store one mark in the caller's transaction; returns the previous value."""
    row = s.get(Participation, participation_id(activity.id, worker_id))
    previous = bool(row and row.deleted_at is None and row.participated)
    if row is not None and row.deleted_at is None and row.participated == participated:
        return previous
    if row is None:
        row = Participation(id=participation_id(activity.id, worker_id), activity_id=activity.id,
                            worker_id=worker_id, group_id=activity.group_id)
    row.participated, row.deleted_at = participated, None
    changes.save(s, row, actor=ctx.actor, action=action, details={"participated": participated})
    return previous


def record_participation(ctx: Context, activity_id: uuid.UUID, worker_id: uuid.UUID,
                         participated: bool = True) -> bool:
    """Mark whether a worker took part in an activity; returns the previous value (for undo)."""
    require_instructor(ctx)
    with ctx.db.write() as s:
        activity, group = _activity(s, activity_id)
        enrollment = s.get(Enrollment, enrollment_id(activity.group_id, worker_id))
        if enrollment is None or enrollment.status is not EnrollmentStatus.ENROLLED:
            worker = s.get(Worker, worker_id)
            raise NotEnrolled(worker.matricula if worker else str(worker_id), group.code)
        return _write(ctx, s, activity, worker_id, participated, "participation.record")


def mark_everyone(ctx: Context, activity_id: uuid.UUID, participated: bool = True) -> dict[uuid.UUID, bool]:
    """"Todos participaron": set every enrolled worker's mark in one transaction.

    Returns the previous value of each worker whose mark changed.
    """
    require_instructor(ctx)
    changed = {}
    with ctx.db.write() as s:
        activity, _group = _activity(s, activity_id)
        workers = s.exec(select(Enrollment.worker_id).where(
            Enrollment.group_id == activity.group_id, Enrollment.status == EnrollmentStatus.ENROLLED)).all()
        for worker_id in workers:
            previous = _write(ctx, s, activity, worker_id, participated, "participation.everyone")
            if previous != participated:
                changed[worker_id] = previous
    return changed


def restore_participation(ctx: Context, activity_id: uuid.UUID, values: dict[uuid.UUID, bool]) -> None:
    """Put marks back as they were (undo of a bulk action), in one transaction."""
    require_instructor(ctx)
    with ctx.db.write() as s:
        activity, _group = _activity(s, activity_id)
        for worker_id, participated in values.items():
            _write(ctx, s, activity, worker_id, participated, "participation.restore")


def session_grid(ctx: Context, session_id: uuid.UUID) -> ParticipationGrid:
    """The participation marks of a session's activities for its enrolled workers."""
    with ctx.db.read() as s:
        activities = s.exec(select(Activity).where(Activity.session_id == session_id,
                                                   Activity.deleted_at.is_(None))
                            .order_by(Activity.position)).all()
        if not activities:
            return ParticipationGrid((), (), {})
        group_id = activities[0].group_id
        workers = s.exec(select(Enrollment.worker_id).where(
            Enrollment.group_id == group_id, Enrollment.status == EnrollmentStatus.ENROLLED)).all()
        ids = [a.id for a in activities]
        marks = {(p.worker_id, p.activity_id): p.participated for p in s.exec(
            select(Participation).where(Participation.activity_id.in_(ids),
                                        Participation.deleted_at.is_(None))).all()}
    return ParticipationGrid(tuple(ids), tuple(workers), marks)

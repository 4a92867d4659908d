"""One worker's course history: every group, attendance per session, participation, constancias."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlmodel import select

from app.domain.enums import AttendanceStatus, EnrollmentStatus
from app.services import constancias
from app.services.constancias import ConstanciaInfo
from app.services.context import Context
from app.services.errors import NotFound
from app.services.results import evaluate_group
from app.services.staff import WorkerInfo, worker_info
from app.storage.tables import Attendance, Constancia, CourseGroup, Enrollment, Participation, Worker, get_live


@dataclass(frozen=True)
class SessionLine:
    index: int
    date: dt.date
    start: dt.time
    end: dt.time
    status: AttendanceStatus | None  # None: no mark
    check_in: dt.datetime | None
    check_out: dt.datetime | None


@dataclass(frozen=True)
class ActivityLine:
    session_index: int
    name: str
    participated: bool | None  # None: not marked


@dataclass(frozen=True)
class CourseAttempt:
    group_id: uuid.UUID
    group_code: str
    course_name: str
    first_date: dt.date | None
    last_date: dt.date | None
    enrollment: EnrollmentStatus
    result: str  # "Acredita", the reasons, or what is pending
    qualifies: bool
    sessions: tuple[SessionLine, ...]
    activities: tuple[ActivityLine, ...]


@dataclass(frozen=True)
class WorkerHistory:
    worker: WorkerInfo
    attempts: tuple[CourseAttempt, ...]  # most recent first
    constancias: tuple[ConstanciaInfo, ...]


def worker_history(ctx: Context, worker_id: uuid.UUID) -> WorkerHistory:
    with ctx.db.read() as s:
        row = get_live(s, Worker, worker_id)
        if row is None:
            raise NotFound("Ese trabajador ya no existe.")
        info = worker_info(row)
        enrollments = s.exec(select(Enrollment.group_id, Enrollment.status)
                             .join(CourseGroup, CourseGroup.id == Enrollment.group_id).where(
            Enrollment.worker_id == worker_id, Enrollment.deleted_at.is_(None),
            CourseGroup.deleted_at.is_(None))).all()
        marks = {sid: (status, cin, cout) for sid, status, cin, cout in s.exec(
            select(Attendance.session_id, Attendance.status, Attendance.check_in, Attendance.check_out)
            .where(Attendance.worker_id == worker_id, Attendance.deleted_at.is_(None))).all()}
        parts = dict(s.exec(select(Participation.activity_id, Participation.participated).where(
            Participation.worker_id == worker_id, Participation.deleted_at.is_(None))).all())
        issued = s.exec(select(Constancia).where(Constancia.worker_id == worker_id,
                                                 Constancia.deleted_at.is_(None))
                        .order_by(Constancia.issued_at.desc())).all()
        issued_infos = tuple(constancias.values.info(c) for c in issued)
    attempts = []
    for group_id, status in enrollments:
        results = evaluate_group(ctx, group_id)
        mine = next((p for p in results.participants if p.worker_id == worker_id), None)
        detail = results.group
        sessions = tuple(SessionLine(x.index, x.date, x.start, x.end, *marks.get(x.id, (None, None, None)))
                         for x in detail.sessions)
        activities = tuple(ActivityLine(a.session_index, a.name, parts.get(a.id)) for a in detail.activities)
        attempts.append(CourseAttempt(group_id, detail.summary.code, detail.summary.course_name,
                                      detail.summary.first_date, detail.summary.last_date, status,
                                      mine.reasons_text if mine else "", bool(mine and mine.qualifies),
                                      sessions, activities))
    attempts.sort(key=lambda a: a.first_date or dt.date.min, reverse=True)
    return WorkerHistory(info, tuple(attempts), issued_infos)


def qr_text_for_folio(ctx: Context, folio: str) -> str | None:
    """The QR text of the constancia with that folio on this device (to verify it by its folio)."""
    with ctx.db.read() as s:
        row = s.exec(select(Constancia).where(Constancia.folio == folio.strip().upper())).first()
    return row.qr_text if row is not None else None

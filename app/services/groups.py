"""Groups: one edition of a course with its sessions and activities."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import Session, select

from app.domain.completion import SessionSchedule
from app.domain.enums import AttendanceStatus, EnrollmentStatus, GroupStatus
from app.services.catalog import CourseInfo, course_info
from app.services.context import Context
from app.services.errors import GroupClosed, InvalidInput, NotFound
from app.storage import changes
from app.storage.tables import (
    Activity,
    Attendance,
    Course,
    CourseGroup,
    Enrollment,
    GroupSession,
    Unit,
    Worker,
    get_live,
)


class Phase(StrEnum):
    UPCOMING = "upcoming"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


@dataclass(frozen=True)
class SessionPlan:
    """The date and times an instructor sets for one session."""

    date: dt.date
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class ActivityInfo:
    id: uuid.UUID
    session_index: int
    position: int
    name: str
    required: bool


@dataclass(frozen=True)
class SessionInfo:
    id: uuid.UUID
    index: int
    date: dt.date
    start: dt.time
    end: dt.time
    activities: tuple[ActivityInfo, ...]

    @property
    def schedule(self) -> SessionSchedule:
        return SessionSchedule(self.id, self.index, self.date, self.start, self.end)


@dataclass(frozen=True)
class GroupSummary:
    id: uuid.UUID
    code: str
    course_code: str
    course_name: str
    unit_code: str
    unit_name: str
    room: str
    instructors: str
    capacity: int
    status: GroupStatus
    first_date: dt.date | None
    last_date: dt.date | None
    enrolled: int
    attended: int
    phase: Phase
    qualified: int | None = None  # filled in by results.with_qualified; None = not evaluated
    pending: int | None = None  # idem: enrolled whose result depends on what has not happened yet

    def results_text(self) -> str:
        """``N acreditan · M pendientes`` (plain Spanish for the CLI); empty when not evaluated."""
        if self.qualified is None:
            return ""
        text = f"{self.qualified} acreditan"
        return f"{text} · {self.pending} pendientes" if self.pending else text


@dataclass(frozen=True)
class GroupDetail:
    summary: GroupSummary
    course: CourseInfo
    sessions: tuple[SessionInfo, ...]

    @property
    def id(self) -> uuid.UUID:
        return self.summary.id

    @property
    def activities(self) -> tuple[ActivityInfo, ...]:
        return tuple(a for s in self.sessions for a in s.activities)

    def session(self, index: int) -> SessionInfo:
        for s in self.sessions:
            if s.index == index:
                return s
        raise NotFound(f"El grupo {self.summary.code} no tiene sesión {index}.")


def _validate_plans(plans: list[SessionPlan]) -> None:
    for i, plan in enumerate(plans, start=1):
        if plan.end <= plan.start:
            raise InvalidInput(f"Sesión {i}: la hora de término debe ser posterior a la de inicio.")
    dates = [p.date for p in plans]
    if dates != sorted(dates):
        raise InvalidInput("Las sesiones deben estar en orden de fecha.")


def default_plans(course: CourseInfo, first_day: dt.date) -> list[SessionPlan]:
    """One session per consecutive weekday from ``first_day``, with the course's times."""
    plans, day = [], first_day
    for template in course.sessions:
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        plans.append(SessionPlan(day, template.start, template.end))
        day += dt.timedelta(days=1)
    return plans


def _new_code(s: Session, course_code: str, unit_code: str, first_day: dt.date) -> str:
    base = f"{course_code}-{first_day:%y%m%d}-{unit_code}"
    taken = set(s.exec(select(CourseGroup.code).where(CourseGroup.code.startswith(base))).all())
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def create_group(ctx: Context, *, course_id: uuid.UUID, unit_id: uuid.UUID,
                 sessions: list[SessionPlan], room: str = "", instructors: str = "",
                 capacity: int = 40, code: str | None = None) -> GroupDetail:
    """Create a group with its sessions and activities generated from the course.

    Raises:
        InvalidInput: the plans do not match the course or are inconsistent.
    """
    if capacity < 1:
        raise InvalidInput("El cupo debe ser de al menos 1 participante.")
    _validate_plans(sessions)
    with ctx.db.write() as s:
        course_row = get_live(s, Course, course_id)
        unit = get_live(s, Unit, unit_id)
        if course_row is None or unit is None:
            raise NotFound("El curso o la unidad ya no existen.")
        course = course_info(course_row)
        if len(sessions) != len(course.sessions):
            raise InvalidInput(
                f"El curso {course.name} tiene {len(course.sessions)} sesiones; se indicaron {len(sessions)}.")
        code = (code or "").strip().upper() or _new_code(s, course.code, unit.code, sessions[0].date)
        if s.exec(select(CourseGroup).where(CourseGroup.code == code)).first():
            raise InvalidInput(f"Ya existe un grupo con la clave {code}.")
        group = CourseGroup(code=code, course_id=course.id, unit_id=unit.id, room=room.strip(),
                            instructors=instructors.strip(), capacity=capacity)
        changes.save(s, group, actor=ctx.actor, action="group.create")
        s.flush()  # the tables have no ORM relationships: parents go in before children
        for template, plan in zip(course.sessions, sessions):
            session = GroupSession(group_id=group.id, index=template.index, date=plan.date,
                                   start_time=plan.start, end_time=plan.end)
            changes.save(s, session, actor=ctx.actor, action="session.create")
            s.flush()
            for position, name in enumerate(template.activities, start=1):
                changes.save(s, Activity(group_id=group.id, session_id=session.id, position=position,
                                         name=name), actor=ctx.actor, action="activity.create")
        group_id = group.id
    return get_group(ctx, group_id)


def update_group(ctx: Context, group_id: uuid.UUID, *, room: str, instructors: str, capacity: int,
                 sessions: list[SessionPlan]) -> GroupDetail:
    """Change a group's venue details and session dates/times."""
    if capacity < 1:
        raise InvalidInput("El cupo debe ser de al menos 1 participante.")
    _validate_plans(sessions)
    with ctx.db.write() as s:
        group = require_open_group(s, group_id)
        rows = s.exec(select(GroupSession).where(GroupSession.group_id == group_id,
                                                 GroupSession.deleted_at.is_(None))
                      .order_by(GroupSession.index)).all()
        if len(rows) != len(sessions):
            raise InvalidInput(f"El grupo tiene {len(rows)} sesiones; se indicaron {len(sessions)}.")
        enrolled = enrolled_count(s, group_id)
        if capacity < enrolled:
            raise InvalidInput(f"El cupo ({capacity}) no puede ser menor que los inscritos ({enrolled}).")
        if (group.room, group.instructors, group.capacity) != (room.strip(), instructors.strip(), capacity):
            group.room, group.instructors, group.capacity = room.strip(), instructors.strip(), capacity
            changes.save(s, group, actor=ctx.actor, action="group.update")
        for row, plan in zip(rows, sessions):
            if (row.date, row.start_time, row.end_time) != (plan.date, plan.start, plan.end):
                row.date, row.start_time, row.end_time = plan.date, plan.start, plan.end
                changes.save(s, row, actor=ctx.actor, action="session.reschedule")
    return get_group(ctx, group_id)


def _live_enrollments(query):  # noqa: ANN001, ANN202
    """``query`` over enrollments kept to the live ones of live workers (not deleted through sync)."""
    return query.join(Worker, Worker.id == Enrollment.worker_id).where(
        Enrollment.deleted_at.is_(None), Worker.deleted_at.is_(None))


def enrolled_count(s: Session, group_id: uuid.UUID) -> int:
    """How many are enrolled (not withdrawn, not deleted) in the group: what its capacity limits."""
    return s.exec(_live_enrollments(select(func.count()).select_from(Enrollment)).where(
        Enrollment.group_id == group_id, Enrollment.status == EnrollmentStatus.ENROLLED)).one()


def require_open_group(s: Session, group_id: uuid.UUID) -> CourseGroup:
    """The group, or :class:`GroupClosed` when its marks are locked (also used by other services)."""
    group = s.get(CourseGroup, group_id)
    if group is None or group.deleted_at is not None:
        raise NotFound("Ese grupo ya no existe.")
    if group.status is GroupStatus.CLOSED:
        raise GroupClosed(group.code)
    return group


def _phase(status: GroupStatus, first: dt.date | None, last: dt.date | None, today: dt.date) -> Phase:
    if status is GroupStatus.CLOSED or (last is not None and last < today):
        return Phase.FINISHED
    if first is None or first > today:
        return Phase.UPCOMING
    return Phase.IN_PROGRESS


def list_groups(ctx: Context, search: str = "", *, only: uuid.UUID | None = None) -> list[GroupSummary]:
    """Every group with its counts, most recent first.

    Args:
        search: keeps groups whose code, course, venue or instructors contain it.
        only: the one group to summarise (for :func:`get_group`).
    """
    query = (select(CourseGroup, Course, Unit)
             .join(Course, Course.id == CourseGroup.course_id)
             .join(Unit, Unit.id == CourseGroup.unit_id)
             .where(CourseGroup.deleted_at.is_(None)))
    if only is not None:
        query = query.where(CourseGroup.id == only)
    with ctx.db.read() as s:
        groups = s.exec(query).all()
        dates = {gid: (first, last) for gid, first, last in s.exec(
            select(GroupSession.group_id, func.min(GroupSession.date), func.max(GroupSession.date))
            .where(GroupSession.deleted_at.is_(None)).group_by(GroupSession.group_id)).all()}
        enrolled = dict(s.exec(_live_enrollments(select(Enrollment.group_id, func.count())).where(
            Enrollment.status == EnrollmentStatus.ENROLLED).group_by(Enrollment.group_id)).all())
        attended_statuses = [st for st in AttendanceStatus if st.attended]
        attended = dict(s.exec(_live_enrollments(
            select(Attendance.group_id, func.count(func.distinct(Attendance.worker_id)))
            .join(Enrollment, (Enrollment.group_id == Attendance.group_id)
                  & (Enrollment.worker_id == Attendance.worker_id)))
            .where(Attendance.status.in_(attended_statuses), Attendance.deleted_at.is_(None),
                   Enrollment.status == EnrollmentStatus.ENROLLED)
            .group_by(Attendance.group_id)).all())
    today = ctx.clock().date()
    needle = search.strip().casefold()
    result = []
    for group, course, unit in groups:
        first, last = dates.get(group.id, (None, None))
        summary = GroupSummary(group.id, group.code, course.code, course.name, unit.code, unit.name,
                               group.room, group.instructors, group.capacity, group.status, first, last,
                               enrolled.get(group.id, 0), attended.get(group.id, 0),
                               _phase(group.status, first, last, today))
        haystack = f"{group.code} {course.name} {unit.name} {group.room} {group.instructors}".casefold()
        if not needle or needle in haystack:
            result.append(summary)
    result.sort(key=lambda g: g.first_date or dt.date.max, reverse=True)
    return result


def find_group(ctx: Context, id_or_code: str) -> GroupSummary:
    """A group by its UUID (or a unique prefix of it) or by its code."""
    text = id_or_code.strip()
    matches = [g for g in list_groups(ctx)
               if g.code == text.upper() or str(g.id) == text.lower()
               or (len(text) >= 6 and str(g.id).startswith(text.lower()))]
    if len(matches) != 1:
        raise NotFound(f"No existe el grupo «{text}»." if not matches
                       else f"«{text}» corresponde a varios grupos; use la clave completa.")
    return matches[0]


def get_group(ctx: Context, group_id: uuid.UUID) -> GroupDetail:
    summary = next(iter(list_groups(ctx, only=group_id)), None)
    if summary is None:
        raise NotFound("Ese grupo ya no existe.")
    with ctx.db.read() as s:
        group = s.get(CourseGroup, group_id)
        course = course_info(s.get(Course, group.course_id))
        sessions = s.exec(select(GroupSession).where(GroupSession.group_id == group_id,
                                                     GroupSession.deleted_at.is_(None))
                          .order_by(GroupSession.index)).all()
        activities = s.exec(select(Activity).where(Activity.group_id == group_id,
                                                   Activity.deleted_at.is_(None))
                            .order_by(Activity.position)).all()
        index_of = {row.id: row.index for row in sessions}
        infos = tuple(
            SessionInfo(row.id, row.index, row.date, row.start_time, row.end_time, tuple(
                ActivityInfo(a.id, index_of[a.session_id], a.position, a.name, a.required)
                for a in activities if a.session_id == row.id))
            for row in sessions)
    return GroupDetail(summary, course, infos)


def close_group(ctx: Context, group_id: uuid.UUID) -> None:
    """Close a group: its attendance and participation marks become read-only."""
    with ctx.db.write() as s:
        group = require_open_group(s, group_id)
        group.status = GroupStatus.CLOSED
        group.closed_at = dt.datetime.now(dt.UTC)
        changes.save(s, group, actor=ctx.actor, action="group.close")


def reopen_group(ctx: Context, group_id: uuid.UUID, reason: str) -> None:
    """Reopen a closed group; the reason is kept in the audit log."""
    if not reason.strip():
        raise InvalidInput("Indique el motivo para reabrir el grupo.")
    with ctx.db.write() as s:
        group = get_live(s, CourseGroup, group_id)
        if group is None:
            raise NotFound("Ese grupo ya no existe.")
        if group.status is not GroupStatus.CLOSED:
            raise InvalidInput(f"El grupo {group.code} no está cerrado.")
        group.status = GroupStatus.OPEN
        group.closed_at = None
        changes.save(s, group, actor=ctx.actor, action="group.reopen", details={"reason": reason.strip()})

"""Coverage of a unit's staff list by a course: one status per worker, the headline and breakdowns.

Everything is read in a handful of queries (workers, groups, sessions,
activities, enrollments, marks, constancias) and the completion rule
(:mod:`app.domain.completion`) is applied in memory, only to the
enrollments of workers who do not already hold a valid constancia.

Each worker gets exactly one status, the first that applies:

1. *capacitado*: holds a valid constancia of the course (folio, date);
2. *acreditó, constancia por emitir*: qualified in a group, no constancia yet;
3. *no acreditó*: the last decided attempt failed (reason; re-enrolled when
   also on the roster of a group still under way or to come);
4. *en curso*: on the roster of a group under way or to come (group, dates);
5. *pendiente*: never enrolled.

Workers of the unit who are no longer on the staff list but appear in the
course's groups are listed as *ya no está en la plantilla* and do not count
in what is expected.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import String, func, select, type_coerce
from sqlmodel import Session

from app.domain.completion import (
    ActivitySpec,
    AttendanceMark,
    CompletionRule,
    Outcome,
    SessionSchedule,
    describe_all,
    evaluate,
)
from app.domain.enums import ConstanciaStatus, EnrollmentStatus, GroupStatus
from app.domain.text import search_key
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound
from app.storage import changes
from app.storage.tables import (
    Activity,
    Attendance,
    Constancia,
    Course,
    CourseGroup,
    CoverageTarget,
    Device,
    Enrollment,
    GroupSession,
    Outbox,
    Participation,
    Unit,
    Worker,
    utcnow,
)


class CoverageStatus(StrEnum):
    TRAINED = "capacitado"
    TO_ISSUE = "acreditó, constancia por emitir"
    FAILED = "no acreditó"
    IN_COURSE = "en curso"
    PENDING = "pendiente"
    LEFT = "ya no está en la plantilla"


#: The statuses of workers on the staff list, in the order screens and exports show them.
STAFF_STATUSES = (CoverageStatus.PENDING, CoverageStatus.IN_COURSE, CoverageStatus.FAILED,
                  CoverageStatus.TO_ISSUE, CoverageStatus.TRAINED)

DIMENSIONS = {"department": "Servicio", "category": "Categoría", "shift": "Turno"}


@dataclass(frozen=True)
class WorkerCoverage:
    """One worker's line of the dashboard."""

    worker_id: uuid.UUID
    matricula: str
    name: str  # "Paterno Materno Nombre(s)", the order of a list
    category: str
    department: str
    shift: str
    status: CoverageStatus
    group_id: uuid.UUID | None = None
    group_code: str = ""
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    folio: str = ""
    issued_on: dt.date | None = None
    reason: str = ""
    reenrolled_group: str = ""  # a failed worker's group still under way or to come
    search_text: str = ""

    def value(self, dimension: str) -> str:
        return getattr(self, dimension) or "(sin dato)"

    def matches(self, text: str) -> bool:
        """Accent- and case-insensitive match on matrícula, name, category, service or group."""
        needle = search_key(text)
        return not needle or needle in self.search_text


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    counts: tuple[int, ...]  # one per STAFF_STATUSES

    @property
    def expected(self) -> int:
        return sum(self.counts)

    @property
    def trained(self) -> int:
        return self.counts[STAFF_STATUSES.index(CoverageStatus.TRAINED)]

    @property
    def percent(self) -> float:
        return 0.0 if not self.expected else round(100.0 * self.trained / self.expected, 1)


@dataclass(frozen=True)
class Breakdown:
    dimension: str  # department, category or shift
    title: str
    rows: tuple[BreakdownRow, ...]  # by coverage, lowest first


@dataclass(frozen=True)
class GroupFill:
    """An upcoming or running group of the course with how full it is."""

    group_id: uuid.UUID
    code: str
    first_date: dt.date | None
    last_date: dt.date | None
    enrolled: int
    capacity: int
    running: bool


@dataclass(frozen=True)
class Coverage:
    unit_code: str
    unit_name: str
    course_code: str
    course_name: str
    as_of: dt.datetime
    workers: tuple[WorkerCoverage, ...]  # staff list first (pending first), then those who left
    groups: tuple[GroupFill, ...]
    target_date: dt.date | None = None

    def count(self, status: CoverageStatus) -> int:
        return sum(1 for w in self.workers if w.status is status)

    @property
    def staff(self) -> tuple[WorkerCoverage, ...]:
        return tuple(w for w in self.workers if w.status is not CoverageStatus.LEFT)

    @property
    def expected(self) -> int:
        return len(self.staff)

    @property
    def trained(self) -> int:
        return self.count(CoverageStatus.TRAINED)

    @property
    def percent(self) -> float:
        return percent(self.trained, self.expected)

    @property
    def on_track(self) -> int:
        """Trained, qualified, or in a group that ends by the target date (all trained without one)."""
        if self.target_date is None:
            return self.trained
        done = (CoverageStatus.TRAINED, CoverageStatus.TO_ISSUE)
        return sum(1 for w in self.staff if w.status in done or (
            w.status is CoverageStatus.IN_COURSE and w.last_date is not None and w.last_date <= self.target_date))

    @property
    def on_track_percent(self) -> float:
        return percent(self.on_track, self.expected)

    @property
    def days_to_target(self) -> int | None:
        return None if self.target_date is None else (self.target_date - self.as_of.date()).days

    def breakdown(self, dimension: str) -> Breakdown:
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(STAFF_STATUSES))
        for w in self.staff:
            counts[w.value(dimension)][STAFF_STATUSES.index(w.status)] += 1
        rows = sorted((BreakdownRow(key, tuple(c)) for key, c in counts.items()),
                      key=lambda r: (r.percent, -r.expected, r.key))
        return Breakdown(dimension, DIMENSIONS[dimension], tuple(rows))

    def breakdowns(self) -> tuple[Breakdown, ...]:
        return tuple(self.breakdown(d) for d in DIMENSIONS)

    def select(self, *, status: CoverageStatus | None = None, dimension: str | None = None,
               key: str | None = None, text: str = "") -> tuple[WorkerCoverage, ...]:
        """The workers with that status, in that breakdown bar, matching the search text."""
        return tuple(w for w in self.workers
                     if (status is None or w.status is status)
                     and (dimension is None or w.value(dimension) == key)
                     and w.matches(text))


def percent(part: int, whole: int) -> float:
    return 0.0 if not whole else round(100.0 * part / whole, 1)


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class CourseChoice:
    code: str
    name: str
    groups: int


def courses_of_unit(ctx: Context, unit_code: str) -> list[CourseChoice]:
    """The courses, those with groups in the unit first (most groups first)."""
    with ctx.db.read() as s:
        unit = _unit(s, unit_code)
        counts = dict(s.execute(select(CourseGroup.course_id, func.count()).where(
            CourseGroup.unit_id == unit.id, CourseGroup.deleted_at.is_(None)).group_by(CourseGroup.course_id)).all())
        courses = s.execute(select(Course.id, Course.code, Course.name).where(Course.deleted_at.is_(None))).all()
    return sorted((CourseChoice(code, name, counts.get(cid, 0)) for cid, code, name in courses),
                  key=lambda c: (-c.groups, c.code))


def _unit(s: Session, unit_code: str) -> Unit:
    unit = s.execute(select(Unit).where(Unit.code == unit_code.strip().upper(),
                                        Unit.deleted_at.is_(None))).scalar_one_or_none()
    if unit is None:
        raise NotFound(f"No existe la unidad «{unit_code}».")
    return unit


def _course(s: Session, ctx: Context, unit: Unit, course_code: str | None) -> Course:
    if course_code:
        course = s.execute(select(Course).where(Course.code == course_code.strip().upper(),
                                                Course.deleted_at.is_(None))).scalar_one_or_none()
        if course is None:
            raise NotFound(f"No existe el curso «{course_code}».")
        return course
    choice = courses_of_unit(ctx, unit.code)
    if not choice:
        raise NotFound("No hay cursos en esta base de datos.")
    return s.execute(select(Course).where(Course.code == choice[0].code)).scalar_one()


def _raw(column):
    """A UUID column as its stored hex text: tens of thousands of ids are only compared, never shown."""
    return type_coerce(column, String)


@dataclass
class _Attempt:
    group_id: uuid.UUID
    outcome: Outcome
    reason: str
    last_date: dt.date | None


def unit_coverage(ctx: Context, unit_code: str, course_code: str | None = None) -> Coverage:
    """The coverage of ``unit_code``'s staff list by a course (by default the one with most groups)."""
    now = ctx.clock()
    with ctx.db.read() as s:
        unit = _unit(s, unit_code)
        course = _course(s, ctx, unit, course_code)
        target = s.get(CoverageTarget, unit.id)
        rule = CompletionRule(course.min_attendance_percent, course.tolerance_minutes, course.all_activities_required)
        in_course = (CourseGroup.unit_id == unit.id) & (CourseGroup.course_id == course.id) \
            & CourseGroup.deleted_at.is_(None)
        groups = {row.id: row for row in s.execute(
            select(_raw(CourseGroup.id).label("id"), CourseGroup.code, CourseGroup.status, CourseGroup.capacity)
            .where(in_course)).all()}
        sessions: dict[uuid.UUID, list[SessionSchedule]] = defaultdict(list)
        index_of: dict[uuid.UUID, int] = {}
        for sid, gid, index, date, start, end in s.execute(
                select(_raw(GroupSession.id), _raw(GroupSession.group_id), GroupSession.index, GroupSession.date,
                       GroupSession.start_time, GroupSession.end_time)
                .join(CourseGroup, CourseGroup.id == GroupSession.group_id)
                .where(in_course, GroupSession.deleted_at.is_(None))).all():
            sessions[gid].append(SessionSchedule(sid, index, date, start, end))
            index_of[sid] = index
        activities: dict[uuid.UUID, list[ActivitySpec]] = defaultdict(list)
        for aid, gid, sid, name, required in s.execute(
                select(_raw(Activity.id), _raw(Activity.group_id), _raw(Activity.session_id), Activity.name,
                       Activity.required)
                .join(CourseGroup, CourseGroup.id == Activity.group_id)
                .where(in_course, Activity.deleted_at.is_(None)).order_by(Activity.position)).all():
            activities[gid].append(ActivitySpec(aid, index_of.get(sid, 0), name, required))
        workers = s.execute(
            select(_raw(Worker.id).label("id"), Worker.matricula, Worker.given_names, Worker.paternal_surname,
                   Worker.maternal_surname, Worker.category, Worker.department, Worker.shift, Worker.in_staff_list,
                   Worker.deleted_at, Worker.search_key)
            .where(Worker.unit_id == unit.id, Worker.matricula.is_not(None))).all()
        certified = (select(Constancia.worker_id).join(CourseGroup, CourseGroup.id == Constancia.group_id)
                     .where(in_course, Constancia.status == ConstanciaStatus.VALID,
                            Constancia.deleted_at.is_(None)))
        constancias = {}
        for wid, gid, folio, issued_on in s.execute(
                select(_raw(Constancia.worker_id), _raw(Constancia.group_id), Constancia.folio,
                       func.json_extract(Constancia.snapshot, "$.issued_on"))
                .join(CourseGroup, CourseGroup.id == Constancia.group_id)
                .where(in_course, Constancia.status == ConstanciaStatus.VALID, Constancia.deleted_at.is_(None))
                .order_by(Constancia.issued_at)).all():
            constancias[wid] = (gid, folio, dt.date.fromisoformat(issued_on))
        # A worker deleted through sync keeps their attempts (they show as "left"), but fills no place.
        enrollments = s.execute(
            select(_raw(Enrollment.worker_id), _raw(Enrollment.group_id), Enrollment.status,
                   Worker.deleted_at.is_(None))
            .join(CourseGroup, CourseGroup.id == Enrollment.group_id)
            .join(Worker, Worker.id == Enrollment.worker_id)
            .where(in_course, Enrollment.deleted_at.is_(None))).all()
        marks: dict[tuple[uuid.UUID, uuid.UUID], dict[int, AttendanceMark]] = defaultdict(dict)
        recorded: dict[uuid.UUID, set[int]] = defaultdict(set)
        for wid, gid, sid, status, check_in, check_out in s.execute(
                select(_raw(Attendance.worker_id), _raw(Attendance.group_id), _raw(Attendance.session_id),
                       Attendance.status,
                       Attendance.check_in, Attendance.check_out)
                .join(CourseGroup, CourseGroup.id == Attendance.group_id)
                .where(in_course, Attendance.deleted_at.is_(None), Attendance.worker_id.not_in(certified))).all():
            marks[(wid, gid)][index_of[sid]] = AttendanceMark(status, check_in, check_out)
            recorded[gid].add(index_of[sid])
        took_part: dict[tuple[uuid.UUID, uuid.UUID], set[uuid.UUID]] = defaultdict(set)
        marked: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        for wid, gid, aid, participated in s.execute(
                select(_raw(Participation.worker_id), _raw(Participation.group_id), _raw(Participation.activity_id),
                       Participation.participated)
                .join(CourseGroup, CourseGroup.id == Participation.group_id)
                .where(in_course, Participation.deleted_at.is_(None),
                       Participation.worker_id.not_in(certified))).all():
            marked[gid].add(aid)
            if participated:
                took_part[(wid, gid)].add(aid)
    dates = {gid: (min((x.date for x in ss), default=None), max((x.date for x in ss), default=None))
             for gid, ss in sessions.items()}

    attempts: dict[uuid.UUID, list[_Attempt]] = defaultdict(list)
    enrolled_count: dict[uuid.UUID, int] = defaultdict(int)
    for wid, gid, status, live_worker in enrollments:
        if status is EnrollmentStatus.ENROLLED and live_worker:
            enrolled_count[gid] += 1
        if wid in constancias:
            continue
        closed = groups[gid].status is GroupStatus.CLOSED
        verdict = evaluate(rule, sessions[gid], activities[gid], marks.get((wid, gid), {}),
                           took_part.get((wid, gid), set()), EnrollmentStatus(status),
                           now=None if closed else now, recorded_sessions=None if closed else recorded[gid],
                           marked_activities=None if closed else marked[gid])
        attempts[wid].append(_Attempt(gid, verdict.outcome, describe_all(verdict), dates.get(gid, (None, None))[1]))

    lines = []
    keys: dict[str, str] = {}  # search keys of categories, services, shifts and groups: few distinct values
    group_ids = {gid: uuid.UUID(gid) for gid in groups}
    for w in workers:
        on_staff = w.in_staff_list and w.deleted_at is None
        if not on_staff and w.id not in constancias and w.id not in attempts:
            continue
        lines.append(_line(w, on_staff, constancias.get(w.id), attempts.get(w.id, []), groups, group_ids, dates,
                           keys))
    order = {status: n for n, status in enumerate((*STAFF_STATUSES, CoverageStatus.LEFT))}
    lines.sort(key=lambda line: (order[line.status], line.name))

    today = now.date()
    fills = []
    for gid, g in groups.items():
        first, last = dates.get(gid, (None, None))
        if g.status is GroupStatus.CLOSED or last is None or last < today:
            continue
        fills.append(GroupFill(group_ids[gid], g.code, first, last, enrolled_count[gid], g.capacity, first <= today))
    fills.sort(key=lambda f: (f.first_date, f.code))
    return Coverage(unit.code, unit.name, course.code, course.name, now, tuple(lines), tuple(fills),
                    target.target_date if target else None)


def _line(w, on_staff: bool, constancia, attempts: list[_Attempt], groups, group_ids, dates,
          keys: dict[str, str]) -> WorkerCoverage:
    """One worker's status and what backs it (built positionally: this runs once per worker)."""
    name = f"{w.paternal_surname} {w.maternal_surname} {w.given_names}" if w.maternal_surname \
        else f"{w.paternal_surname} {w.given_names}"
    gid = folio = issued_on = None
    reason = reenrolled = ""
    if constancia is not None:
        status = CoverageStatus.TRAINED
        gid, folio, issued_on = constancia
    elif attempts:
        if len(attempts) > 1:
            attempts = sorted(attempts, key=lambda a: a.last_date or dt.date.min)
        by_outcome: dict[Outcome, _Attempt] = {a.outcome: a for a in attempts}  # the latest of each
        if Outcome.QUALIFIES in by_outcome:
            status, gid = CoverageStatus.TO_ISSUE, by_outcome[Outcome.QUALIFIES].group_id
        elif Outcome.FAILS in by_outcome:
            failed = by_outcome[Outcome.FAILS]
            status, gid, reason = CoverageStatus.FAILED, failed.group_id, failed.reason
            if Outcome.PENDING in by_outcome:
                reenrolled = groups[by_outcome[Outcome.PENDING].group_id].code
        else:
            status, gid = CoverageStatus.IN_COURSE, by_outcome[Outcome.PENDING].group_id
    else:
        status = CoverageStatus.PENDING
    if not on_staff:
        status = CoverageStatus.LEFT
    code, (first, last) = (groups[gid].code, dates.get(gid, (None, None))) if gid else ("", (None, None))
    for text in (w.category, w.department, w.shift, code):
        if text not in keys:
            keys[text] = search_key(text)
    search = " ".join((w.matricula.lower(), w.search_key or search_key(name), keys[w.category],
                       keys[w.department], keys[w.shift], keys[code], (folio or "").lower()))
    return WorkerCoverage(uuid.UUID(w.id), w.matricula, name, w.category, w.department, w.shift, status,
                          group_ids[gid] if gid else None, code, first, last, folio or "", issued_on, reason,
                          reenrolled, search)


# --------------------------------------------------------------------------- target date and freshness


def set_target_date(ctx: Context, unit_code: str, target: dt.date | None) -> dt.date | None:
    """Set (or clear) the date by which the unit wants its staff list trained."""
    with ctx.db.write() as s:
        unit = _unit(s, unit_code)
        row = s.get(CoverageTarget, unit.id)
        if target is None:
            if row is not None:
                s.delete(row)
        else:
            if target.year < 2000:
                raise InvalidInput("La fecha meta no es válida.")
            row = row or CoverageTarget(unit_id=unit.id, target_date=target)
            row.target_date, row.updated_at = target, utcnow()
            s.add(row)
        changes.audit(s, actor=ctx.actor, action="coverage.target_date", entity="unit", entity_id=unit.id,
                      details={"target_date": target.isoformat() if target else None})
    return target


@dataclass(frozen=True)
class DeviceFreshness:
    """A device of the unit: when it last synced and whether it still had changes to send."""

    label: str
    this_device: bool
    last_sync_at: dt.datetime | None  # UTC; None: never synced
    pending_changes: int

    @property
    def synced(self) -> bool:
        return self.last_sync_at is not None


@dataclass(frozen=True)
class Freshness:
    as_of: dt.datetime  # the venue's local time the data was read
    devices: tuple[DeviceFreshness, ...]

    @property
    def never_synced(self) -> bool:
        return not any(d.synced for d in self.devices)


def freshness(ctx: Context) -> Freshness:
    """How fresh the data on this device is: its own outbox and last successful sync."""
    with ctx.db.read() as s:
        device = s.get(Device, 1)
        pending = s.execute(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")).scalar_one()
    label = f"Este equipo ({device.device_code})" if device is not None else "Este equipo"
    last = device.last_sync_at if device is not None else None
    return Freshness(ctx.clock(), (DeviceFreshness(label, True, last, pending),))

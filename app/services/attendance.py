"""Pase de lista: attendance marks for one session.

Every function here is one transaction: when it returns, the mark is on disk
(with its outbox operation and audit entry), so the screen may show it.
Functions that change marks return the previous state so the UI can undo.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

from app.domain.completion import AttendanceMark, SessionSchedule, attended_minutes, classify
from app.domain.enums import AttendanceStatus, EnrollmentStatus, GroupStatus
from app.domain.ids import attendance_id, enrollment_id
from app.domain.text import full_name, roster_sort_key, search_key
from app.services.context import Context
from app.services.errors import (
    CheckOutAlreadyRecorded,
    CheckOutBeforeCheckIn,
    GroupClosed,
    NotEnrolled,
    NotFound,
    SessionNotToday,
    UnknownMatricula,
)
from app.services.permissions import require_instructor
from app.services.staff import find_by_badge
from app.storage import changes
from app.storage.tables import Attendance, Course, CourseGroup, Enrollment, GroupSession, Worker

# A second scan this soon after the first is the badge read twice, not a check-out.
DOUBLE_SCAN_WINDOW = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class AttendanceState:
    """A mark as the undo stack remembers it; ``status=None`` means no mark."""

    status: AttendanceStatus | None = None
    check_in: dt.datetime | None = None
    check_out: dt.datetime | None = None


NO_MARK = AttendanceState()


class ScanOutcome(StrEnum):
    CHECK_IN = "check_in"
    CHECK_OUT = "check_out"
    REPEATED = "repeated"


@dataclass(frozen=True)
class ScanResult:
    outcome: ScanOutcome
    worker_id: uuid.UUID
    matricula: str
    name: str
    previous: AttendanceState
    current: AttendanceState
    correction: bool = False  # a past day corrected on purpose


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the pase de lista."""

    worker_id: uuid.UUID
    matricula: str
    name: str
    status: AttendanceStatus | None
    check_in: dt.datetime | None
    check_out: dt.datetime | None
    minutes: int


@dataclass(frozen=True)
class _SessionFacts:
    schedule: SessionSchedule
    group_id: uuid.UUID
    tolerance: int


def _facts(s: Session, session_id: uuid.UUID) -> _SessionFacts:
    row = s.exec(select(GroupSession, CourseGroup, Course)
                 .join(CourseGroup, CourseGroup.id == GroupSession.group_id)
                 .join(Course, Course.id == CourseGroup.course_id)
                 .where(GroupSession.id == session_id)).first()
    if row is None:
        raise NotFound("Esa sesión ya no existe.")
    session, group, course = row
    if group.status is GroupStatus.CLOSED:
        raise GroupClosed(group.code)
    schedule = SessionSchedule(session.id, session.index, session.date, session.start_time, session.end_time)
    return _SessionFacts(schedule, group.id, course.tolerance_minutes)


def _state(row: Attendance | None) -> AttendanceState:
    if row is None or row.deleted_at is not None:
        return NO_MARK
    return AttendanceState(row.status, row.check_in, row.check_out)


def _require_enrolled(s: Session, group_id: uuid.UUID, worker: Worker) -> None:
    enrollment = s.get(Enrollment, enrollment_id(group_id, worker.id))
    if enrollment is None or enrollment.status is not EnrollmentStatus.ENROLLED:
        group = s.get(CourseGroup, group_id)
        raise NotEnrolled(worker.matricula, group.code)


def _enrolled_worker(s: Session, facts: _SessionFacts, worker_id: uuid.UUID) -> Worker:
    worker = s.get(Worker, worker_id)
    if worker is None:
        raise NotFound("Ese trabajador ya no existe.")
    _require_enrolled(s, facts.group_id, worker)
    return worker


def _write(ctx: Context, s: Session, facts: _SessionFacts, worker_id: uuid.UUID,
           state: AttendanceState, action: str) -> AttendanceState:
    """Make the stored mark equal ``state``; returns what it was.

    Raises:
        CheckOutBeforeCheckIn: whoever asked, a mark never leaves before it arrives.
    """
    if state.check_in is not None and state.check_out is not None and state.check_out < state.check_in:
        raise CheckOutBeforeCheckIn(state.check_in, state.check_out)
    row = s.get(Attendance, attendance_id(facts.schedule.session_id, worker_id))
    previous = _state(row)
    if previous == state:
        return previous
    if state.status is None:
        if row is not None:
            changes.delete(s, row, actor=ctx.actor, action=action)
        return previous
    if row is None:
        row = Attendance(id=attendance_id(facts.schedule.session_id, worker_id),
                         session_id=facts.schedule.session_id, worker_id=worker_id,
                         group_id=facts.group_id, status=state.status)
    row.status, row.check_in, row.check_out, row.deleted_at = state.status, state.check_in, state.check_out, None
    row.minutes = attended_minutes(facts.schedule, AttendanceMark(state.status, state.check_in, state.check_out))
    changes.save(s, row, actor=ctx.actor, action=action,
                 details={"status": state.status.value, "check_in": state.check_in, "check_out": state.check_out})
    return previous


def record_attendance(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID,
                      status: AttendanceStatus, *, check_in: dt.datetime | None = None,
                      check_out: dt.datetime | None = None) -> AttendanceState:
    """Store a worker's mark for a session exactly as given; returns the previous state.

    Raises:
        CheckOutBeforeCheckIn: ``check_out`` is earlier than ``check_in``.
    """
    require_instructor(ctx)
    with ctx.db.write() as s:
        facts = _facts(s, session_id)
        _enrolled_worker(s, facts, worker_id)
        return _write(ctx, s, facts, worker_id, AttendanceState(status, check_in, check_out),
                      "attendance.record")


def restore_attendance(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID,
                       state: AttendanceState) -> AttendanceState:
    """Put a mark back as it was (undo/redo); ``NO_MARK`` removes it."""
    require_instructor(ctx)
    with ctx.db.write() as s:
        facts = _facts(s, session_id)
        return _write(ctx, s, facts, worker_id, state, "attendance.restore")


def set_status(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID,
               status: AttendanceStatus) -> AttendanceState:
    """Change only the status (a click or a shortcut), keeping the recorded times."""
    require_instructor(ctx)
    with ctx.db.write() as s:
        facts = _facts(s, session_id)
        _enrolled_worker(s, facts, worker_id)
        current = _state(s.get(Attendance, attendance_id(session_id, worker_id)))
        keep_times = status.attended
        state = AttendanceState(status, current.check_in if keep_times else None,
                                current.check_out if keep_times else None)
        return _write(ctx, s, facts, worker_id, state, "attendance.status")


def _require_scan_day(s: Session, facts: _SessionFacts, at: dt.datetime, allow_other_day: bool) -> bool:
    """Refuse a scan into a session not held on the scan's day; True when correcting a past day.

    Only a past day can be corrected, and only when the caller says so on purpose.
    """
    held = facts.schedule.date
    if held == at.date():
        return False
    if allow_other_day and held < at.date():
        return True
    today = s.exec(select(GroupSession).where(GroupSession.group_id == facts.group_id,
                                              GroupSession.date == at.date(),
                                              GroupSession.deleted_at.is_(None))
                   .order_by(GroupSession.index)).first()
    raise SessionNotToday(facts.schedule.index, held, at.date(), today.id if today else None,
                          today.index if today else None)


def _scan_state(facts: _SessionFacts, current: AttendanceState, at: dt.datetime,
                correcting: bool, name: str) -> tuple[ScanOutcome, AttendanceState]:
    """What a scan at ``at`` does to the current mark.

    Today: check-in the first time, check-out the next (a second read within
    ``DOUBLE_SCAN_WINDOW`` is the same badge read twice). Correcting a past day,
    the clock's time means nothing for that day: a scan marks the person present
    for the whole session, or records the check-out at the scheduled end, and
    never replaces a check-out already recorded.
    """
    if current.status is None or not current.status.attended:
        if correcting:
            return ScanOutcome.CHECK_IN, AttendanceState(AttendanceStatus.PRESENT)
        return ScanOutcome.CHECK_IN, AttendanceState(classify(facts.schedule, at, None, facts.tolerance), at)
    if correcting:
        if current.check_out is not None:
            raise CheckOutAlreadyRecorded(name, facts.schedule.index, current.check_out)
        if current.check_in is None:
            return ScanOutcome.REPEATED, current
        at = facts.schedule.ends_at
    elif current.check_in is not None and current.check_out is None \
            and at - current.check_in < DOUBLE_SCAN_WINDOW:
        return ScanOutcome.REPEATED, current
    if current.check_in is not None and at < current.check_in:
        raise CheckOutBeforeCheckIn(current.check_in, at)
    status = classify(facts.schedule, current.check_in, at, facts.tolerance)
    return ScanOutcome.CHECK_OUT, AttendanceState(status, current.check_in, at)


def _scan_worker(ctx: Context, s: Session, facts: _SessionFacts, worker: Worker, at: dt.datetime,
                 correcting: bool) -> ScanResult:
    name = full_name(worker.given_names, worker.paternal_surname, worker.maternal_surname)
    current = _state(s.get(Attendance, attendance_id(facts.schedule.session_id, worker.id)))
    outcome, state = _scan_state(facts, current, at, correcting, name)
    action = f"attendance.{outcome.value}" + (".correction" if correcting else "")
    previous = _write(ctx, s, facts, worker.id, state, action)
    return ScanResult(outcome, worker.id, worker.matricula, name, previous, state, correcting)


def scan(ctx: Context, session_id: uuid.UUID, matricula: str, at: dt.datetime | None = None, *,
         allow_other_day: bool = False) -> ScanResult:
    """A badge scan or a typed matrícula: check-in the first time, check-out the next.

    Args:
        at: the moment of the scan (default: now, from ``ctx.clock``).
        allow_other_day: the instructor confirmed they are correcting a past
            session on purpose (see ``_scan_state`` for what a scan does then).

    Raises:
        SessionNotToday: the session is not held on the day of the scan (checked first).
        UnknownMatricula: nobody has that matrícula on this device.
        NotEnrolled: the worker exists but is not on this group's roster.
        CheckOutBeforeCheckIn, CheckOutAlreadyRecorded: the scan would break the marks' time order.
    """
    require_instructor(ctx)
    at = (at or ctx.clock()).replace(microsecond=0)
    matricula = matricula.strip()
    with ctx.db.write() as s:
        facts = _facts(s, session_id)
        correcting = _require_scan_day(s, facts, at, allow_other_day)
        worker = find_by_badge(s, matricula)
        if worker is None:
            raise UnknownMatricula(matricula)
        _require_enrolled(s, facts.group_id, worker)
        return _scan_worker(ctx, s, facts, worker, at, correcting)


def scan_worker(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID, at: dt.datetime | None = None,
                *, allow_other_day: bool = False) -> ScanResult:
    """The same as ``scan`` for a participant found by name (no badge at hand)."""
    require_instructor(ctx)
    at = (at or ctx.clock()).replace(microsecond=0)
    with ctx.db.write() as s:
        facts = _facts(s, session_id)
        correcting = _require_scan_day(s, facts, at, allow_other_day)
        worker = _enrolled_worker(s, facts, worker_id)
        return _scan_worker(ctx, s, facts, worker, at, correcting)


def find_by_name(rows: list[AttendanceRow], text: str) -> list[AttendanceRow]:
    """The rows whose name contains every word of ``text``, accents and case ignored.

    ``"pena jose"`` finds José Luis Núñez Peña; the roster's order is kept.
    """
    words = search_key(text).split()
    if not words:
        return []
    return [row for row in rows if all(word in search_key(row.name) for word in words)]


def _enrolled_ids(s: Session, group_id: uuid.UUID) -> list[uuid.UUID]:
    return list(s.exec(select(Enrollment.worker_id).where(
        Enrollment.group_id == group_id, Enrollment.status == EnrollmentStatus.ENROLLED,
        Enrollment.deleted_at.is_(None))).all())


def mark_all_present(ctx: Context, session_id: uuid.UUID) -> dict[uuid.UUID, AttendanceState]:
    """"Todos presentes": everyone enrolled without a mark becomes present, in one transaction.

    Returns the previous state of each worker it changed (for one undo step).
    """
    require_instructor(ctx)
    changed = {}
    with ctx.db.write() as s:
        facts = _facts(s, session_id)
        for worker_id in _enrolled_ids(s, facts.group_id):
            row = s.get(Attendance, attendance_id(session_id, worker_id))
            if _state(row).status is None:
                changed[worker_id] = _write(ctx, s, facts, worker_id,
                                            AttendanceState(AttendanceStatus.PRESENT), "attendance.all_present")
    return changed


def check_out_all(ctx: Context, session_id: uuid.UUID,
                  at: dt.datetime | None = None) -> dict[uuid.UUID, AttendanceState]:
    """"Registrar salida de todos" at the scheduled end (or ``at``) for everyone still in.

    Whoever checked in after that moment keeps an open mark: a check-out never precedes its check-in.
    """
    require_instructor(ctx)
    changed = {}
    with ctx.db.write() as s:
        facts = _facts(s, session_id)
        leave = at or facts.schedule.ends_at
        for worker_id in _enrolled_ids(s, facts.group_id):
            current = _state(s.get(Attendance, attendance_id(session_id, worker_id)))
            if current.status is not None and current.status.attended and current.check_out is None \
                    and (current.check_in is None or current.check_in <= leave):
                status = classify(facts.schedule, current.check_in, leave, facts.tolerance)
                if current.status is AttendanceStatus.LATE and status is AttendanceStatus.PRESENT:
                    status = AttendanceStatus.LATE
                changed[worker_id] = _write(ctx, s, facts, worker_id,
                                            AttendanceState(status, current.check_in, leave),
                                            "attendance.all_out")
    return changed


def restore_many(ctx: Context, session_id: uuid.UUID, states: dict[uuid.UUID, AttendanceState]) -> None:
    """Undo a bulk action in one transaction."""
    require_instructor(ctx)
    with ctx.db.write() as s:
        facts = _facts(s, session_id)
        for worker_id, state in states.items():
            _write(ctx, s, facts, worker_id, state, "attendance.restore")


def session_attendance(ctx: Context, session_id: uuid.UUID) -> list[AttendanceRow]:
    """The enrolled participants with their mark for the session, ordered by surname."""
    with ctx.db.read() as s:
        session = s.get(GroupSession, session_id)
        if session is None:
            raise NotFound("Esa sesión ya no existe.")
        workers = s.exec(select(Worker).join(Enrollment, Enrollment.worker_id == Worker.id).where(
            Enrollment.group_id == session.group_id, Enrollment.status == EnrollmentStatus.ENROLLED,
            Enrollment.deleted_at.is_(None))).all()
        marks = {a.worker_id: a for a in s.exec(select(Attendance).where(
            Attendance.session_id == session_id, Attendance.deleted_at.is_(None))).all()}
    rows = []
    for w in sorted(workers, key=lambda w: roster_sort_key(w.given_names, w.paternal_surname,
                                                           w.maternal_surname)):
        mark = marks.get(w.id)
        rows.append(AttendanceRow(w.id, w.matricula, full_name(w.given_names, w.paternal_surname,
                                                               w.maternal_surname),
                                  mark.status if mark else None, mark.check_in if mark else None,
                                  mark.check_out if mark else None, mark.minutes if mark else 0))
    return rows

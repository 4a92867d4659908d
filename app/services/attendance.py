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

from sqlalchemy import and_, bindparam
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Row
from sqlmodel import Session, select

from app.domain.completion import AttendanceMark, SessionSchedule, attended_minutes, classify
from app.domain.enums import AttendanceStatus, EnrollmentStatus, GroupStatus, OpKind
from app.domain.identifiers import normalize_matricula
from app.domain.ids import attendance_id
from app.domain.text import full_name, roster_sort_key, search_key
from app.services.context import Context
from app.services.errors import (
    ChangedSince,
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
from app.storage.prepared import PreparedWrite
from app.storage.tables import Attendance, Course, CourseGroup, Enrollment, GroupSession, Worker, get_live, utcnow

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
    minutes: int = 0  # the attended minutes of ``current``, as stored (the row shows them as they are)


@dataclass(frozen=True)
class MarkChange:
    """A mark changed by a click: what it was, what it is now and its stored minutes."""

    worker_id: uuid.UUID
    previous: AttendanceState
    current: AttendanceState
    minutes: int


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


@dataclass(frozen=True)
class _Person:
    """The worker a mark is for, as the one-query read found them."""

    id: uuid.UUID
    matricula: str | None
    name: str
    enrolled: bool


# One read for everything a mark needs (session, group, course, worker, enrollment,
# current mark), then one upsert and the outbox/audit inserts: SQLAlchemy Core
# statements built once here and compiled once by SQLAlchemy's statement cache.
_S, _G, _C = GroupSession.__table__, CourseGroup.__table__, Course.__table__
_W, _E, _A = Worker.__table__, Enrollment.__table__, Attendance.__table__
_MARK_COLUMNS = tuple(_A.c.keys())  # the model's field order: the outbox payload's order
_FACT_COLUMNS = (_S.c.id, _S.c.index, _S.c.date, _S.c.start_time, _S.c.end_time, _G.c.id.label("group_id"),
                 _G.c.status.label("group_status"), _G.c.code.label("group_code"), _C.c.tolerance_minutes)
_PERSON_COLUMNS = (_W.c.id.label("w_id"), _W.c.matricula, _W.c.given_names, _W.c.paternal_surname,
                   _W.c.maternal_surname, _E.c.status.label("e_status"),
                   *(_A.c[name].label(f"a_{name}") for name in _MARK_COLUMNS))
_FACTS_JOIN = _S.join(_G, _G.c.id == _S.c.group_id).join(_C, _C.c.id == _G.c.course_id)
# A session or group deleted through sync is gone; so are a deleted worker and enrollment.
# The stored mark is read tombstone included: it is rewritten in place (its version goes on).
_LIVE_SESSION = and_(_S.c.id == bindparam("session_id"), _S.c.deleted_at.is_(None), _G.c.deleted_at.is_(None))


def _person_query(worker_match):  # noqa: ANN001, ANN202
    return (select(*_FACT_COLUMNS, *_PERSON_COLUMNS)
            .select_from(_FACTS_JOIN.outerjoin(_W, and_(worker_match, _W.c.deleted_at.is_(None)))
                         .outerjoin(_E, and_(_E.c.group_id == _G.c.id, _E.c.worker_id == _W.c.id,
                                             _E.c.deleted_at.is_(None)))
                         .outerjoin(_A, and_(_A.c.session_id == _S.c.id, _A.c.worker_id == _W.c.id)))
            .where(_LIVE_SESSION))


_BY_WORKER_ID = _person_query(_W.c.id == bindparam("worker_id"))
_BY_MATRICULA = _person_query(_W.c.matricula == bindparam("matricula"))
_FACTS_ONLY = select(*_FACT_COLUMNS).select_from(_FACTS_JOIN).where(_LIVE_SESSION)
_SESSION_MARKS = select(_A).where(_A.c.session_id == bindparam("session_id"))
_UPSERT_MARK = PreparedWrite(sqlite_insert(_A).on_conflict_do_update(
    index_elements=[_A.c.id], set_={name: sqlite_insert(_A).excluded[name] for name in _MARK_COLUMNS
                                    if name not in ("id", "created_at")}))


def _session_facts(row: Row | None) -> _SessionFacts:
    if row is None:
        raise NotFound("Esa sesión ya no existe.")
    if row.group_status is GroupStatus.CLOSED:
        raise GroupClosed(row.group_code)
    return _SessionFacts(SessionSchedule(row.id, row.index, row.date, row.start_time, row.end_time),
                         row.group_id, row.tolerance_minutes)


def _facts(conn: Connection, session_id: uuid.UUID) -> _SessionFacts:
    return _session_facts(conn.execute(_FACTS_ONLY, {"session_id": session_id}).first())


def _mark_of(row: Row) -> dict | None:
    """The stored mark's columns from a person row (``None`` when there is none)."""
    if row.a_id is None:
        return None
    return {name: row._mapping[f"a_{name}"] for name in _MARK_COLUMNS}


def _person_of(row: Row) -> _Person | None:
    if row.w_id is None:
        return None
    return _Person(row.w_id, row.matricula,
                   full_name(row.given_names, row.paternal_surname, row.maternal_surname),
                   row.e_status is EnrollmentStatus.ENROLLED)


def _by_worker_id(conn: Connection, session_id: uuid.UUID,
                  worker_id: uuid.UUID) -> tuple[_SessionFacts, Row]:
    row = conn.execute(_BY_WORKER_ID, {"session_id": session_id, "worker_id": worker_id}).first()
    return _session_facts(row), row


def _require_enrolled(conn: Connection, facts: _SessionFacts, row: Row) -> _Person:
    person = _person_of(row)
    if person is None:
        raise NotFound("Ese trabajador ya no existe.")
    if not person.enrolled:
        code = conn.execute(select(_G.c.code).where(_G.c.id == facts.group_id)).scalar_one()
        raise NotEnrolled(person.matricula, code)
    return person


def _state(mark: dict | None) -> AttendanceState:
    if mark is None or mark["deleted_at"] is not None:
        return NO_MARK
    return AttendanceState(mark["status"], mark["check_in"], mark["check_out"])


def _minutes(facts: _SessionFacts, state: AttendanceState) -> int:
    if state.status is None:
        return 0
    return attended_minutes(facts.schedule, AttendanceMark(state.status, state.check_in, state.check_out))


def _write(ctx: Context, conn: Connection, facts: _SessionFacts, worker_id: uuid.UUID, mark: dict | None,
           state: AttendanceState, action: str) -> AttendanceState:
    """Make the stored mark (``mark``, its current columns) equal ``state``; returns what it was.

    One upsert plus the outbox op and audit entry, in the caller's transaction.

    Raises:
        CheckOutBeforeCheckIn: whoever asked, a mark never leaves before it arrives.
    """
    if state.check_in is not None and state.check_out is not None and state.check_out < state.check_in:
        raise CheckOutBeforeCheckIn(state.check_in, state.check_out)
    previous = _state(mark)
    if previous == state:
        return previous
    now = utcnow()
    if state.status is None:
        if mark is not None:
            values = {**mark, "updated_at": now, "version": mark["version"] + 1, "deleted_at": now}
            _UPSERT_MARK(conn, values)
            changes.record_core(conn, _A.name, values, kind=OpKind.DELETE, base_version=mark["version"],
                                actor=ctx.actor, action=action)
        return previous
    if mark is None:
        mark = {"id": attendance_id(facts.schedule.session_id, worker_id), "created_at": now,
                "updated_at": now, "version": 0, "deleted_at": None,
                "session_id": facts.schedule.session_id, "worker_id": worker_id, "group_id": facts.group_id}
    minutes = _minutes(facts, state)
    values = {name: mark.get(name) for name in _MARK_COLUMNS}
    values.update(updated_at=now, version=mark["version"] + 1, deleted_at=None, status=state.status,
                  check_in=state.check_in, check_out=state.check_out, minutes=minutes)
    _UPSERT_MARK(conn, values)
    # A row never saved has version 0: its op has no base version to conflict with.
    changes.record_core(conn, _A.name, values, kind=OpKind.UPSERT,
                        base_version=None if mark["version"] == 0 else mark["version"], actor=ctx.actor,
                        action=action, details={"status": state.status.value, "check_in": state.check_in,
                                                "check_out": state.check_out})
    return previous


def record_attendance(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID,
                      status: AttendanceStatus, *, check_in: dt.datetime | None = None,
                      check_out: dt.datetime | None = None) -> AttendanceState:
    """Store a worker's mark for a session exactly as given; returns the previous state.

    Raises:
        CheckOutBeforeCheckIn: ``check_out`` is earlier than ``check_in``.
    """
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        facts, row = _by_worker_id(conn, session_id, worker_id)
        _require_enrolled(conn, facts, row)
        return _write(ctx, conn, facts, worker_id, _mark_of(row), AttendanceState(status, check_in, check_out),
                      "attendance.record")


def restore_attendance(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID,
                       state: AttendanceState, *, expected: AttendanceState | None = None) -> AttendanceState:
    """Put a mark back as it was (undo/redo); ``NO_MARK`` removes it.

    Args:
        expected: the mark as the undone (or redone) step left it. When the stored mark is no
            longer that (changed since on another device or screen), nothing is written.

    Raises:
        ChangedSince: the stored mark is not ``expected``.
    """
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        facts, row = _by_worker_id(conn, session_id, worker_id)
        person = _person_of(row)
        if person is None:
            raise NotFound("Ese trabajador ya no existe.")
        mark = _mark_of(row)
        if expected is not None and _state(mark) != expected:
            raise ChangedSince(1, person.name)
        return _write(ctx, conn, facts, worker_id, mark, state, "attendance.restore")


def set_status(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID,
               status: AttendanceStatus) -> AttendanceState:
    """Change only the status (a click or a shortcut), keeping the recorded times; returns the previous state."""
    return change_status(ctx, session_id, worker_id, status).previous


def change_status(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID,
                  status: AttendanceStatus) -> MarkChange:
    """:func:`set_status` telling the screen the mark as stored, so it updates the row without a reload."""
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        facts, row = _by_worker_id(conn, session_id, worker_id)
        _require_enrolled(conn, facts, row)
        mark = _mark_of(row)
        current = _state(mark)
        keep_times = status.attended
        state = AttendanceState(status, current.check_in if keep_times else None,
                                current.check_out if keep_times else None)
        previous = _write(ctx, conn, facts, worker_id, mark, state, "attendance.status")
        return MarkChange(worker_id, previous, state, _minutes(facts, state))


def _require_scan_day(conn: Connection, facts: _SessionFacts, at: dt.datetime, allow_other_day: bool) -> bool:
    """Refuse a scan into a session not held on the scan's day; True when correcting a past day.

    Only a past day can be corrected, and only when the caller says so on purpose.
    """
    held = facts.schedule.date
    if held == at.date():
        return False
    if allow_other_day and held < at.date():
        return True
    today = conn.execute(select(_S.c.id, _S.c.index).where(_S.c.group_id == facts.group_id,
                                                           _S.c.date == at.date(), _S.c.deleted_at.is_(None))
                         .order_by(_S.c.index)).first()
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


def _scan_worker(ctx: Context, conn: Connection, facts: _SessionFacts, person: _Person, mark: dict | None,
                 at: dt.datetime, correcting: bool) -> ScanResult:
    current = _state(mark)
    outcome, state = _scan_state(facts, current, at, correcting, person.name)
    action = f"attendance.{outcome.value}" + (".correction" if correcting else "")
    previous = _write(ctx, conn, facts, person.id, mark, state, action)
    return ScanResult(outcome, person.id, person.matricula, person.name, previous, state, correcting,
                      _minutes(facts, state))


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
    at = (at or ctx.clock()).replace(microsecond=0)
    matricula = matricula.strip()
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        row = conn.execute(_BY_MATRICULA, {"session_id": session_id,
                                           "matricula": normalize_matricula(matricula) if matricula else None}
                           ).first()
        facts = _session_facts(row)
        correcting = _require_scan_day(conn, facts, at, allow_other_day)
        if row.w_id is None:  # not a matrícula: an external's CURP or credential number, the slow way
            with Session(bind=conn) as s:
                worker = find_by_badge(s, matricula)
            if worker is None:
                raise UnknownMatricula(matricula)
            _facts_again, row = _by_worker_id(conn, session_id, worker.id)
        person = _require_enrolled(conn, facts, row)
        return _scan_worker(ctx, conn, facts, person, _mark_of(row), at, correcting)


def scan_worker(ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID, at: dt.datetime | None = None,
                *, allow_other_day: bool = False) -> ScanResult:
    """The same as ``scan`` for a participant found by name (no badge at hand)."""
    at = (at or ctx.clock()).replace(microsecond=0)
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        facts, row = _by_worker_id(conn, session_id, worker_id)
        correcting = _require_scan_day(conn, facts, at, allow_other_day)
        person = _require_enrolled(conn, facts, row)
        return _scan_worker(ctx, conn, facts, person, _mark_of(row), at, correcting)


def find_by_name(rows: list[AttendanceRow], text: str) -> list[AttendanceRow]:
    """The rows whose name contains every word of ``text``, accents and case ignored.

    ``"pena jose"`` finds José Luis Núñez Peña; the roster's order is kept.
    """
    words = search_key(text).split()
    if not words:
        return []
    return [row for row in rows if all(word in search_key(row.name) for word in words)]


def _enrolled_ids(conn: Connection, group_id: uuid.UUID) -> list[uuid.UUID]:
    return list(conn.execute(select(_E.c.worker_id).join(_W, _W.c.id == _E.c.worker_id).where(
        _E.c.group_id == group_id, _E.c.status == EnrollmentStatus.ENROLLED, _E.c.deleted_at.is_(None),
        _W.c.deleted_at.is_(None))).scalars())


def _session_marks(conn: Connection, session_id: uuid.UUID) -> dict[uuid.UUID, dict]:
    """Every stored mark of the session (tombstones included) by worker, as column dicts."""
    return {row.worker_id: dict(row._mapping) for row in conn.execute(_SESSION_MARKS, {"session_id": session_id})}


def mark_all_present(ctx: Context, session_id: uuid.UUID) -> dict[uuid.UUID, AttendanceState]:
    """"Todos presentes": everyone enrolled without a mark becomes present, in one transaction.

    Returns the previous state of each worker it changed (for one undo step).
    """
    changed = {}
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        facts = _facts(conn, session_id)
        marks = _session_marks(conn, session_id)
        for worker_id in _enrolled_ids(conn, facts.group_id):
            mark = marks.get(worker_id)
            if _state(mark).status is None:
                changed[worker_id] = _write(ctx, conn, facts, worker_id, mark,
                                            AttendanceState(AttendanceStatus.PRESENT), "attendance.all_present")
    return changed


def check_out_all(ctx: Context, session_id: uuid.UUID,
                  at: dt.datetime | None = None) -> dict[uuid.UUID, AttendanceState]:
    """"Registrar salida de todos" at the scheduled end (or ``at``) for everyone still in.

    Whoever checked in after that moment keeps an open mark: a check-out never precedes its check-in.
    """
    changed = {}
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        facts = _facts(conn, session_id)
        leave = at or facts.schedule.ends_at
        marks = _session_marks(conn, session_id)
        for worker_id in _enrolled_ids(conn, facts.group_id):
            mark = marks.get(worker_id)
            current = _state(mark)
            if current.status is not None and current.status.attended and current.check_out is None \
                    and (current.check_in is None or current.check_in <= leave):
                status = classify(facts.schedule, current.check_in, leave, facts.tolerance)
                if current.status is AttendanceStatus.LATE and status is AttendanceStatus.PRESENT:
                    status = AttendanceStatus.LATE
                changed[worker_id] = _write(ctx, conn, facts, worker_id, mark,
                                            AttendanceState(status, current.check_in, leave),
                                            "attendance.all_out")
    return changed


def restore_many(ctx: Context, session_id: uuid.UUID, states: dict[uuid.UUID, AttendanceState], *,
                 expected: dict[uuid.UUID, AttendanceState] | None = None) -> None:
    """Undo (or redo) a bulk action in one transaction: every mark, or none.

    Args:
        expected: each mark as the step left it; when any stored mark is no longer that,
            nothing is written.

    Raises:
        ChangedSince: some stored marks are not as ``expected``.
    """
    with ctx.db.write_core() as conn:
        require_instructor(ctx, conn)
        facts = _facts(conn, session_id)
        marks = _session_marks(conn, session_id)
        if expected is not None:
            changed = sum(_state(marks.get(worker_id)) != state for worker_id, state in expected.items())
            if changed:
                raise ChangedSince(changed)
        for worker_id, state in states.items():
            _write(ctx, conn, facts, worker_id, marks.get(worker_id), state, "attendance.restore")


def session_attendance(ctx: Context, session_id: uuid.UUID) -> list[AttendanceRow]:
    """The enrolled participants with their mark for the session, ordered by surname."""
    with ctx.db.read() as s:
        session = get_live(s, GroupSession, session_id)
        if session is None:
            raise NotFound("Esa sesión ya no existe.")
        workers = s.exec(select(Worker).join(Enrollment, Enrollment.worker_id == Worker.id).where(
            Enrollment.group_id == session.group_id, Enrollment.status == EnrollmentStatus.ENROLLED,
            Enrollment.deleted_at.is_(None), Worker.deleted_at.is_(None))).all()
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

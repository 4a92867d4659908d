"""Pase de lista and participation through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import func, select

from app.domain.enums import AttendanceStatus
from app.domain.ids import attendance_id
from app.services import attendance, groups, participation, results, roster
from app.services.attendance import NO_MARK, ScanOutcome
from app.services.errors import GroupClosed, NotEnrolled, UnknownMatricula
from app.storage.tables import Attendance, AuditLog, Outbox
from service_helpers import DAY1, DAY2, add_people, make_group


@pytest.fixture
def room(ctx):
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    return group, people


def test_first_scan_checks_in_on_time(ctx, clock, room):
    group, people = room
    clock.set("07:58", DAY1)
    result = attendance.scan(ctx, group.sessions[0].id, "10000001")
    assert result.outcome is ScanOutcome.CHECK_IN
    assert result.current.status is AttendanceStatus.PRESENT
    assert result.previous == NO_MARK
    with ctx.db.read() as s:
        row = s.get(Attendance, attendance_id(group.sessions[0].id, people[0].id))
    assert (row.status, row.check_in) == (AttendanceStatus.PRESENT, dt.datetime(2026, 11, 24, 7, 58))


def test_scan_beyond_tolerance_marks_late(ctx, clock, room):
    group, _ = room
    clock.set("08:11", DAY1)
    assert attendance.scan(ctx, group.sessions[0].id, "10000002").current.status is AttendanceStatus.LATE


def test_second_scan_checks_out_and_counts_minutes(ctx, clock, room):
    group, people = room
    session = group.sessions[0]
    clock.set("08:00", DAY1)
    attendance.scan(ctx, session.id, "10000001")
    clock.set("13:30", DAY1)
    result = attendance.scan(ctx, session.id, "10000001")
    assert result.outcome is ScanOutcome.CHECK_OUT
    assert result.current.status is AttendanceStatus.LEFT_EARLY
    row = next(r for r in attendance.session_attendance(ctx, session.id) if r.worker_id == people[0].id)
    assert (row.check_out, row.minutes) == (dt.datetime(2026, 11, 24, 13, 30), 330)


def test_a_badge_read_twice_is_not_a_check_out(ctx, clock, room):
    group, _ = room
    clock.set("07:59", DAY1)
    attendance.scan(ctx, group.sessions[0].id, "10000001")
    clock.set("08:01", DAY1)
    result = attendance.scan(ctx, group.sessions[0].id, "10000001")
    assert result.outcome is ScanOutcome.REPEATED
    assert result.current.check_out is None


def test_unknown_and_not_enrolled_matriculas_are_told_apart(ctx, clock, room):
    group, _ = room
    with pytest.raises(UnknownMatricula, match="No se encontró la matrícula 99999999"):
        attendance.scan(ctx, group.sessions[0].id, "99999999")
    roster.withdraw(ctx, group.id, room[1][2].id)
    with pytest.raises(NotEnrolled, match="no está inscrita"):
        attendance.scan(ctx, group.sessions[0].id, "10000003")


def test_undo_restores_the_previous_mark_and_redo_reapplies_it(ctx, clock, room):
    group, people = room
    session = group.sessions[0]
    clock.set("08:00", DAY1)
    result = attendance.scan(ctx, session.id, "10000001")
    attendance.restore_attendance(ctx, session.id, people[0].id, result.previous)
    assert attendance.session_attendance(ctx, session.id)[2].status is None
    attendance.restore_attendance(ctx, session.id, people[0].id, result.current)
    assert attendance.session_attendance(ctx, session.id)[2].status is AttendanceStatus.PRESENT
    with ctx.db.read() as s:
        kinds = [op.kind for op in s.exec(select(Outbox).where(Outbox.entity == "attendance")
                                          .order_by(Outbox.seq)).all()]
    assert kinds == ["upsert", "delete", "upsert"]


def test_status_change_by_click_keeps_the_times_of_an_attended_mark(ctx, clock, room):
    group, people = room
    session = group.sessions[0]
    clock.set("08:20", DAY1)
    attendance.scan(ctx, session.id, "10000001")
    attendance.set_status(ctx, session.id, people[0].id, AttendanceStatus.PRESENT)
    row = next(r for r in attendance.session_attendance(ctx, session.id) if r.worker_id == people[0].id)
    assert (row.status, row.check_in) == (AttendanceStatus.PRESENT, dt.datetime(2026, 11, 24, 8, 20))
    attendance.set_status(ctx, session.id, people[0].id, AttendanceStatus.ABSENT)
    row = next(r for r in attendance.session_attendance(ctx, session.id) if r.worker_id == people[0].id)
    assert (row.status, row.check_in, row.minutes) == (AttendanceStatus.ABSENT, None, 0)


def test_everyone_present_then_everyone_out_at_the_scheduled_end(ctx, clock, room):
    group, people = room
    session = group.sessions[1]
    clock.set("08:30", DAY2)
    attendance.scan(ctx, session.id, "10000002")  # late
    changed = attendance.mark_all_present(ctx, session.id)
    assert set(changed) == {people[0].id, people[2].id}
    attendance.check_out_all(ctx, session.id)
    rows = {r.worker_id: r for r in attendance.session_attendance(ctx, session.id)}
    assert rows[people[1].id].status is AttendanceStatus.LATE
    assert rows[people[0].id].check_out == dt.datetime(2026, 11, 25, 14, 0)
    assert rows[people[0].id].minutes == 360
    attendance.restore_many(ctx, session.id, changed)
    assert attendance.session_attendance(ctx, session.id)[0].status is AttendanceStatus.LATE  # Ávila


def test_a_failed_write_leaves_no_mark_outbox_op_or_audit_entry(ctx, clock, room, monkeypatch):
    group, _ = room

    def broken_audit(*args, **kwargs):
        raise OSError("disco lleno")

    with ctx.db.read() as s:
        before = (s.exec(select(func.count()).select_from(Outbox)).one(),
                  s.exec(select(func.count()).select_from(AuditLog)).one())
    monkeypatch.setattr("app.storage.changes.AuditLog", broken_audit)
    with pytest.raises(OSError):
        attendance.scan(ctx, group.sessions[0].id, "10000001")
    with ctx.db.read() as s:
        after = (s.exec(select(func.count()).select_from(Outbox)).one(),
                 s.exec(select(func.count()).select_from(AuditLog)).one())
        assert s.exec(select(func.count()).select_from(Attendance)).one() == 0
    assert after == before


def test_participation_everyone_then_one_exception(ctx, room):
    group, people = room
    activity = group.sessions[0].activities[0]
    assert participation.mark_everyone(ctx, activity.id) == {p.id: False for p in people}
    assert participation.record_participation(ctx, activity.id, people[1].id, False) is True
    grid = participation.session_grid(ctx, group.sessions[0].id)
    assert [grid.participated(p.id, activity.id) for p in people] == [True, False, True]


def test_results_explain_who_qualifies_and_why_not(ctx, clock, room):
    group, people = room
    for session, day in zip(group.sessions, (DAY1, DAY2)):
        clock.set("07:55", day)
        for person in people:
            attendance.scan(ctx, session.id, person.matricula)
        attendance.check_out_all(ctx, session.id)
        for activity in session.activities:
            participation.mark_everyone(ctx, activity.id)
    participation.record_participation(ctx, group.sessions[1].activities[0].id, people[2].id, False)
    clock.set("14:30", DAY2)  # the course is over: nothing pending
    outcome = results.evaluate_group(ctx, group.id)
    by_matricula = {p.matricula: p for p in outcome.participants}
    assert outcome.qualified == 2
    assert by_matricula["10000003"].reasons_text == (
        "Sesión 2: sin participación en «Responder: resolución de casos reales»")
    assert by_matricula["10000001"].reasons_text == "Acredita"


def test_closed_group_locks_attendance_and_participation(ctx, clock, room):
    group, people = room
    groups.close_group(ctx, group.id)
    with pytest.raises(GroupClosed):
        attendance.scan(ctx, group.sessions[0].id, "10000001")
    with pytest.raises(GroupClosed):
        participation.record_participation(ctx, group.sessions[0].activities[0].id, people[0].id)

"""Pase de lista and participation through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from service_helpers import DAY1, DAY2, add_people, make_group
from sqlmodel import func, select

from app.domain.enums import AttendanceStatus
from app.domain.ids import attendance_id
from app.services import attendance, groups, participation, results, roster
from app.services.attendance import NO_MARK, ScanOutcome
from app.services.errors import (
    CheckOutAlreadyRecorded,
    CheckOutBeforeCheckIn,
    GroupClosed,
    NotEnrolled,
    SessionNotToday,
    UnknownMatricula,
)
from app.storage.tables import Attendance, AuditLog, Outbox


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


def _stored(ctx, session_id, worker_id):
    with ctx.db.read() as s:
        row = s.get(Attendance, attendance_id(session_id, worker_id))
        return None if row is None else (row.status, row.check_in, row.check_out)


def _outbox_size(ctx) -> int:
    with ctx.db.read() as s:
        return s.exec(select(func.count()).select_from(Outbox)).one()


def test_scan_into_a_past_session_is_refused_and_changes_nothing(ctx, clock, room):
    group, people = room
    day1, day2 = group.sessions
    clock.set("07:55", DAY2)
    before = _outbox_size(ctx)
    with pytest.raises(SessionNotToday) as refused:
        attendance.scan(ctx, day1.id, "10000001")
    assert refused.value.today_session_id == day2.id
    assert refused.value.session_date == DAY1 and refused.value.is_past
    assert str(refused.value) == ("La sesión 1 fue el martes 24 de noviembre de 2026 y hoy es miércoles "
                                  "25 de noviembre de 2026: no se registró nada. Cambie a la sesión 2, "
                                  "la de hoy.")
    assert _stored(ctx, day1.id, people[0].id) is None
    assert _outbox_size(ctx) == before


def test_scan_into_a_future_session_is_refused_even_when_correcting(ctx, clock, room):
    group, people = room
    clock.set("07:55", DAY1)
    with pytest.raises(SessionNotToday, match="La sesión 2 será el miércoles 25 de noviembre"):
        attendance.scan(ctx, group.sessions[1].id, "10000001", allow_other_day=True)
    assert _stored(ctx, group.sessions[1].id, people[0].id) is None


def test_a_day_without_session_says_so(ctx, clock, room):
    group, _ = room
    clock.set("08:00", DAY2 + dt.timedelta(days=1))
    with pytest.raises(SessionNotToday, match="Este grupo no tiene sesión hoy.") as refused:
        attendance.scan(ctx, group.sessions[1].id, "10000001")
    assert refused.value.today_session_id is None


def test_a_scan_never_overwrites_the_check_out_of_a_past_day(ctx, clock, room):
    group, people = room
    day1 = group.sessions[0]
    clock.set("07:58", DAY1)
    attendance.scan(ctx, day1.id, "10000001")
    clock.set("14:03", DAY1)
    attendance.scan(ctx, day1.id, "10000001")
    day1_mark = _stored(ctx, day1.id, people[0].id)
    clock.set("08:01", DAY2)
    with pytest.raises(SessionNotToday):
        attendance.scan(ctx, day1.id, "10000001")
    with pytest.raises(CheckOutAlreadyRecorded,
                       match="ya tiene registrada su salida de la sesión 1 a las 14:03"):
        attendance.scan(ctx, day1.id, "10000001", allow_other_day=True)
    assert _stored(ctx, day1.id, people[0].id) == day1_mark


def test_correcting_a_past_day_marks_present_for_the_whole_session(ctx, clock, room):
    group, people = room
    day1 = group.sessions[0]
    clock.set("10:30", DAY2)
    result = attendance.scan(ctx, day1.id, "10000002", allow_other_day=True)
    assert result.correction and result.outcome is ScanOutcome.CHECK_IN
    assert _stored(ctx, day1.id, people[1].id) == (AttendanceStatus.PRESENT, None, None)
    row = next(r for r in attendance.session_attendance(ctx, day1.id) if r.worker_id == people[1].id)
    assert row.minutes == 360


def test_correcting_a_past_day_records_a_missing_check_out_at_the_scheduled_end(ctx, clock, room):
    group, people = room
    day1 = group.sessions[0]
    clock.set("08:00", DAY1)
    attendance.scan(ctx, day1.id, "10000003")
    clock.set("07:50", DAY2)
    result = attendance.scan(ctx, day1.id, "10000003", allow_other_day=True)
    assert result.outcome is ScanOutcome.CHECK_OUT
    assert _stored(ctx, day1.id, people[2].id) == (
        AttendanceStatus.PRESENT, dt.datetime(2026, 11, 24, 8, 0), dt.datetime(2026, 11, 24, 14, 0))


def test_a_check_out_earlier_than_the_check_in_is_refused(ctx, clock, room):
    group, people = room
    session = group.sessions[0]
    with pytest.raises(CheckOutBeforeCheckIn,
                       match=r"La salida \(09:00\) no puede ser anterior a la entrada \(10:00\)"):
        attendance.record_attendance(ctx, session.id, people[0].id, AttendanceStatus.PRESENT,
                                     check_in=dt.datetime(2026, 11, 24, 10, 0),
                                     check_out=dt.datetime(2026, 11, 24, 9, 0))
    assert _stored(ctx, session.id, people[0].id) is None


def test_a_scan_earlier_than_the_check_in_is_not_a_check_out(ctx, clock, room):
    group, people = room
    session = group.sessions[0]
    clock.set("08:00", DAY1)
    attendance.scan(ctx, session.id, "10000001")
    clock.set("13:00", DAY1)
    attendance.scan(ctx, session.id, "10000001")
    clock.set("07:40", DAY1)  # the laptop's clock was set back
    with pytest.raises(CheckOutBeforeCheckIn):
        attendance.scan(ctx, session.id, "10000001")
    assert _stored(ctx, session.id, people[0].id)[2] == dt.datetime(2026, 11, 24, 13, 0)


def test_check_out_everyone_leaves_open_whoever_arrived_after_the_end(ctx, clock, room):
    group, people = room
    session = group.sessions[0]
    clock.set("14:10", DAY1)
    attendance.scan(ctx, session.id, "10000001")
    changed = attendance.check_out_all(ctx, session.id)
    assert people[0].id not in changed
    assert _stored(ctx, session.id, people[0].id)[2] is None


def test_find_by_name_ignores_accents_case_and_word_order(ctx, clock, room):
    group, people = room
    rows = attendance.session_attendance(ctx, group.sessions[0].id)
    assert [r.worker_id for r in attendance.find_by_name(rows, "PENA jose")] == [people[0].id]
    everyone_with_an_a = [people[1].id, people[2].id, people[0].id]  # Ávila, Bravo, Núñez
    assert [r.worker_id for r in attendance.find_by_name(rows, "a")] == everyone_with_an_a
    assert attendance.find_by_name(rows, "  ") == []


def test_a_participant_found_by_name_is_checked_in_like_a_scan(ctx, clock, room):
    group, people = room
    session = group.sessions[0]
    clock.set("08:02", DAY1)
    result = attendance.scan_worker(ctx, session.id, people[2].id)
    assert (result.outcome, result.name) == (ScanOutcome.CHECK_IN, "Ana Bravo")
    assert _stored(ctx, session.id, people[2].id) == (
        AttendanceStatus.PRESENT, dt.datetime(2026, 11, 24, 8, 2), None)

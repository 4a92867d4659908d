"""A device whose clock is days off: the difference is measured and shown, and never decides a write."""

from __future__ import annotations

import datetime as dt

import pytest
from server_harness import new_matricula
from sqlmodel import select
from sync_client_harness import new_unit_code, open_app, utc_shifted

from app.domain.enums import AttendanceStatus
from app.domain.ids import attendance_id
from app.services import attendance, catalog, groups, roster, staff
from app.storage import changes
from app.storage.tables import Attendance

DAY1 = dt.date(2026, 11, 24)


def _status(app, session_id, worker_id) -> AttendanceStatus:  # noqa: ANN001
    with app.ctx.db.read() as s:
        return s.get(Attendance, attendance_id(session_id, worker_id)).status


@pytest.mark.parametrize("days", [3, -3])
def test_three_days_of_clock_skew_change_nothing_about_which_write_wins(server, tmp_path, monkeypatch, days):
    code = new_unit_code()
    server.create_unit(code)
    straight = open_app(tmp_path, "straight", unit_code=code)
    skewed = open_app(tmp_path, "skewed", now=utc_shifted(days))
    try:
        course = next(c for c in catalog.list_courses(straight.ctx) if c.code == "SER-BT")
        unit = catalog.get_unit(straight.ctx, code)
        group = groups.create_group(straight.ctx, course_id=course.id, unit_id=unit.id, room="Aula 1",
                                    instructors="Mariana Torres", capacity=40,
                                    sessions=[groups.SessionPlan(DAY1 + dt.timedelta(days=n), t.start, t.end)
                                              for n, t in enumerate(course.sessions)])
        worker = staff.add_worker(straight.ctx, matricula=new_matricula(), given_names="Ana", paternal_surname="Ruiz",
                                  unit_id=unit.id, in_staff_list=True)
        roster.enroll(straight.ctx, group.id, worker.id)
        session_id = group.sessions[0].id
        straight.engine.enroll(server.base_url, server.enroll_code(code))
        straight.sync()
        skewed.engine.enroll(server.base_url, server.enroll_code(code))
        skewed.sync()

        # the skewed device marks first, stamped days away; the straight one marks afterwards
        with monkeypatch.context() as patch:
            patch.setattr(changes, "utcnow", utc_shifted(days))
            attendance.record_attendance(skewed.ctx, session_id, worker.id, AttendanceStatus.ABSENT)
        attendance.record_attendance(straight.ctx, session_id, worker.id, AttendanceStatus.EXCUSED)

        # arrival order decides: the skewed device's write arrives last and wins...
        straight.sync()
        status = skewed.sync()
        straight.sync()
        assert _status(straight, session_id, worker.id) is _status(skewed, session_id, worker.id) \
            is AttendanceStatus.ABSENT
        assert status.clock_skewed and abs(status.clock_skew_seconds - days * 86400) < 120

        # ...and when the straight device's write arrives last, it wins, whatever the stamps say
        with monkeypatch.context() as patch:
            patch.setattr(changes, "utcnow", utc_shifted(days))
            attendance.record_attendance(skewed.ctx, session_id, worker.id, AttendanceStatus.PRESENT)
        skewed.sync()
        attendance.record_attendance(straight.ctx, session_id, worker.id, AttendanceStatus.LATE)
        straight.sync()
        skewed.sync()
        assert _status(straight, session_id, worker.id) is _status(skewed, session_id, worker.id) \
            is AttendanceStatus.LATE
        with straight.ctx.db.read() as s:
            assert len(s.exec(select(Attendance)).all()) == 1
    finally:
        straight.close()
        skewed.close()

"""The app's sync engine against a real aula-server: enrollment, push, pull, convergence."""

from __future__ import annotations

import datetime as dt

import pytest
from server_harness import new_matricula
from sqlmodel import func, select
from sync_client_harness import new_unit_code, open_app

from app.domain.enums import AttendanceStatus
from app.services import attendance, catalog, groups, roster, staff
from app.storage.tables import Attendance, Device, Outbox, Unit, Worker
from app.sync.engine import enrolled_role
from app.sync.status import SyncPhase

DAY1 = dt.date(2026, 11, 24)


@pytest.fixture
def unit_code(server) -> str:
    code = new_unit_code()
    server.create_unit(code, "Unidad de Medicina Familiar de prueba")
    return code


@pytest.fixture
def apps(tmp_path):
    opened = []

    def make(name: str, **kwargs):  # noqa: ANN202
        app = open_app(tmp_path, name, **kwargs)
        opened.append(app)
        return app

    yield make
    for app in opened:
        app.close()


def _count(ctx, table, *where) -> int:  # noqa: ANN001
    with ctx.db.read() as s:
        return s.exec(select(func.count()).select_from(table).where(*where)).one()


def _group_with_people(ctx, unit_code: str):  # noqa: ANN001, ANN202
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    unit = catalog.get_unit(ctx, unit_code)
    plans = [groups.SessionPlan(day, t.start, t.end)
             for day, t in zip((DAY1, DAY1 + dt.timedelta(days=1)), course.sessions)]
    group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans, room="Aula 1",
                                instructors="Mariana Torres", capacity=40)
    people = [staff.add_worker(ctx, matricula=new_matricula(), given_names="Ana", paternal_surname=f"P{n}",
                               maternal_surname="", unit_id=unit.id, in_staff_list=True) for n in range(3)]
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    return group, people


def test_an_enrolled_device_pushes_its_offline_work_and_another_device_receives_it(server, unit_code, apps):
    first = apps("a", unit_code=unit_code)
    group, people = _group_with_people(first.ctx, unit_code)
    attendance.record_attendance(first.ctx, group.sessions[0].id, people[0].id, AttendanceStatus.PRESENT,
                                 check_in=dt.datetime(2026, 11, 24, 7, 55))
    result = first.engine.enroll(server.base_url, server.enroll_code(unit_code))
    assert (result.role, result.unit_code) == ("instructor", unit_code)
    assert enrolled_role(first.ctx) == "instructor"
    assert first.engine.status().phase is SyncPhase.PENDING

    first.sync()
    assert _count(first.ctx, Outbox) == 0

    second = apps("b")
    second.engine.enroll(server.base_url, server.enroll_code(unit_code))
    second.sync()
    with second.ctx.db.read() as s:
        units = s.exec(select(Unit)).all()
        mark = s.get(Attendance, next(iter(s.exec(select(Attendance.id)).all())))
    assert [u.code for u in units] == [unit_code]
    assert _count(second.ctx, Worker) == 3
    assert mark.status is AttendanceStatus.PRESENT and mark.worker_id == people[0].id
    assert any(change.touches("attendance", group.id) for change in second.heard)

    # and back: a change made on the second device reaches the first
    attendance.record_attendance(second.ctx, group.sessions[0].id, people[1].id, AttendanceStatus.ABSENT)
    second.sync()
    first.sync()
    assert _count(first.ctx, Attendance, Attendance.status == AttendanceStatus.ABSENT) == 1


def test_the_local_unit_made_before_enrolling_takes_the_servers_id(server, unit_code, apps):
    app = apps("a", unit_code=unit_code)
    with app.ctx.db.read() as s:
        local_id = s.exec(select(Unit.id)).one()
    app.engine.enroll(server.base_url, server.enroll_code(unit_code))
    app.sync()
    with app.ctx.db.read() as s:
        unit = s.exec(select(Unit)).one()
        device = s.get(Device, 1)
    assert unit.id != local_id and unit.code == unit_code
    assert device.verify_base_url == server.base_url
    assert app.engine.status().up_to_date

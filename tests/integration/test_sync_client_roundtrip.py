"""The app's sync engine against a real aula-server: enrollment, push, pull, convergence."""

from __future__ import annotations

import datetime as dt

import pytest
from server_harness import new_matricula
from sqlmodel import func, select
from sync_client_harness import new_unit_code, open_app

from app.domain.enums import AttendanceStatus
from app.domain.ids import attendance_id
from app.services import attendance, catalog, groups, roster, staff
from app.storage.tables import Attendance, Device, Outbox, Unit, Worker
from app.sync.engine import SyncEngine, enrolled_role
from app.sync.protocol import HEADER_SCHEMA, SCHEMA_VERSION
from app.sync.status import SyncPhase
from app.sync.transport import ServerRefused, Transport

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


class RefusesBigBatches(Transport):
    """A reverse proxy whose body limit lets through at most ``limit`` ops: 413 above it."""

    def __init__(self, *args, limit: int, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.limit, self.sizes = limit, []

    def post(self, path, body=None):  # noqa: ANN001, ANN201
        if path == "/v1/sync/push":
            self.sizes.append(len(body["ops"]))
            if len(body["ops"]) > self.limit:
                raise ServerRefused(413, "too_large", "La solicitud es demasiado grande.")
        return super().post(path, body)


def test_a_413_halves_the_batch_until_the_server_takes_it(server, unit_code, apps):
    app = apps("a", unit_code=unit_code)
    _group_with_people(app.ctx, unit_code)
    transport = RefusesBigBatches(server.base_url, timeout=30, limit=5)
    engine = SyncEngine(app.ctx, transport=transport, keys=app.keys)
    engine.enroll(server.base_url, server.enroll_code(unit_code))
    assert engine.run_round().phase is SyncPhase.UP_TO_DATE
    refused = [n for n in transport.sizes if n > 5]
    accepted = [n for n in transport.sizes if n <= 5]
    assert refused == [transport.sizes[0], transport.sizes[0] // 2]  # halved, then halved again
    assert sum(accepted) == transport.sizes[0]  # every op went, once, in batches the server took
    assert _count(app.ctx, Outbox) == 0


def test_a_mark_removed_on_one_device_is_removed_on_the_other(server, unit_code, apps):
    first, second = apps("a", unit_code=unit_code), apps("b")
    group, people = _group_with_people(first.ctx, unit_code)
    session_id = group.sessions[0].id
    attendance.record_attendance(first.ctx, session_id, people[0].id, AttendanceStatus.PRESENT)
    for app in (first, second):
        app.engine.enroll(server.base_url, server.enroll_code(unit_code))
        app.sync()
    assert _count(second.ctx, Attendance, Attendance.deleted_at.is_(None)) == 1
    attendance.restore_attendance(first.ctx, session_id, people[0].id, attendance.AttendanceState())
    first.sync()
    second.sync()
    with second.ctx.db.read() as s:
        mark = s.get(Attendance, attendance_id(session_id, people[0].id))
    assert mark.deleted_at is not None
    assert any(change.touches("attendance", group.id) for change in second.heard)


def test_a_worker_of_another_unit_taking_a_course_here_syncs_as_this_units_guest(server, unit_code, apps):
    home_code = new_unit_code()
    server.create_unit(home_code)
    home = apps("home", unit_code=home_code)
    matricula = new_matricula()
    home_unit = catalog.get_unit(home.ctx, home_code)
    staff.add_worker(home.ctx, matricula=matricula, given_names="Rosa", paternal_surname="Luna",
                     unit_id=home_unit.id, in_staff_list=True)
    home.engine.enroll(server.base_url, server.enroll_code(home_code))
    home.sync()

    here = apps("here", unit_code=unit_code)
    group, _people = _group_with_people(here.ctx, unit_code)
    unit = catalog.get_unit(here.ctx, unit_code)
    guest = staff.add_worker(here.ctx, matricula=matricula, given_names="Rosa", paternal_surname="Luna",
                             unit_id=unit.id, in_staff_list=False)
    roster.enroll(here.ctx, group.id, guest.id)
    attendance.record_attendance(here.ctx, group.sessions[0].id, guest.id, AttendanceStatus.PRESENT)
    here.engine.enroll(server.base_url, server.enroll_code(unit_code))
    status = here.sync()
    assert (status.pending_ops, status.rejected_ops) == (0, 0)

    home.sync()  # the home unit never sees the other unit's room
    with home.ctx.db.read() as s:
        assert s.exec(select(func.count()).select_from(Attendance)).one() == 0
        assert s.get(Worker, guest.id).unit_id == catalog.get_unit(home.ctx, home_code).id


class SpeaksAnOldSchema(Transport):
    """What an Aula two schema versions behind the server sends."""

    def _headers(self) -> dict[str, str]:
        return {**super()._headers(), HEADER_SCHEMA: str(SCHEMA_VERSION - 2)}


def test_an_outdated_app_is_told_to_update_and_syncs_once_updated(server, unit_code, apps):
    app = apps("a", unit_code=unit_code)
    app.engine.enroll(server.base_url, server.enroll_code(unit_code))
    old = SyncEngine(app.ctx, transport=SpeaksAnOldSchema(server.base_url, timeout=30), keys=app.keys)
    status = old.run_round()
    assert status.phase is SyncPhase.UPDATE_REQUIRED and status.pending_ops > 0
    assert "Actualice" in status.reason or "actualice" in status.reason.lower()
    app.sync()  # the updated app: nobody had to clear anything

"""``aula enroll`` / ``aula sync`` / ``aula unenroll`` against a real server, and parked changes."""

from __future__ import annotations

import datetime as dt

import pytest
from server_harness import free_port, new_matricula
from sqlmodel import select
from sync_client_harness import new_unit_code, open_app

from app.cli import main
from app.domain.enums import AttendanceStatus
from app.services import attendance, catalog, groups, roster, staff
from app.services.context import Context
from app.storage.tables import AuditLog, Device
from app.sync.status import SyncPhase

DAY1 = dt.date(2026, 11, 24)


@pytest.fixture
def unit_code(server) -> str:
    code = new_unit_code()
    server.create_unit(code)
    return code


def _a_group_with_one_person(ctx: Context, unit_code: str):  # noqa: ANN202
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    unit = catalog.get_unit(ctx, unit_code)
    group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, room="Aula 1", instructors="M. Torres",
                                sessions=[groups.SessionPlan(DAY1 + dt.timedelta(days=n), t.start, t.end)
                                          for n, t in enumerate(course.sessions)])
    worker = staff.add_worker(ctx, matricula=new_matricula(), given_names="Ana", paternal_surname="Ruiz",
                              unit_id=unit.id, in_staff_list=True)
    roster.enroll(ctx, group.id, worker.id)
    return group, worker


def test_aula_sync_exits_0_only_when_everything_went_and_came(server, unit_code, tmp_path, capsys):
    db = tmp_path / "aula.sqlite3"
    ctx = Context.open(db)
    catalog.create_unit(ctx, unit_code, "Unidad")
    catalog.ensure_default_courses(ctx)
    ctx.close()

    assert main(["--db", str(db), "sync"]) == 1
    assert "no está inscrito" in capsys.readouterr().err

    assert main(["--db", str(db), "enroll", server.base_url, server.enroll_code(unit_code)]) == 0
    assert f"unidad {unit_code}" in capsys.readouterr().out
    assert main(["--db", str(db), "sync"]) == 0

    ctx = Context.open(db)
    _a_group_with_one_person(ctx, unit_code)
    with ctx.db.write() as s:  # the server moved away
        device = s.get(Device, 1)
        device.server_url = f"http://127.0.0.1:{free_port()}"
        s.add(device)
    ctx.close()
    assert main(["--db", str(db), "sync"]) == 1
    err = capsys.readouterr().err
    assert "sin conexión" in err and "cambios por enviar" in err and len(err.strip().splitlines()) == 1

    assert main(["--db", str(db), "unenroll"]) == 0
    assert main(["--db", str(db), "sync"]) == 1
    assert "no está inscrito" in capsys.readouterr().err


def test_a_refused_change_is_parked_with_the_servers_reason_until_retried_or_discarded(server, unit_code,
                                                                                       tmp_path, capsys):
    instructor = open_app(tmp_path, "instructor", unit_code=unit_code)
    director = open_app(tmp_path, "director")
    try:
        group, worker = _a_group_with_one_person(instructor.ctx, unit_code)
        instructor.engine.enroll(server.base_url, server.enroll_code(unit_code))
        instructor.sync()
        director.engine.enroll(server.base_url, server.enroll_code(unit_code, "director"))
        director.sync()

        attendance.record_attendance(director.ctx, group.sessions[0].id, worker.id, AttendanceStatus.PRESENT)
        status = director.engine.run_round()
        assert status.phase is SyncPhase.REJECTED and status.rejected_ops == 1 and status.pending_ops == 0
        [parked] = director.engine.parked()
        assert (parked.entity, parked.entity_label, parked.reason_code) == ("attendance", "Asistencia",
                                                                            "forbidden_role")
        assert "dirección" in parked.reason
        assert director.engine.run_round().rejected_ops == 1  # never retried by itself

        director.engine.retry_parked(parked.op_id)
        assert director.engine.status().pending_ops == 1
        assert director.engine.run_round().rejected_ops == 1  # the server still refuses it
        director.engine.discard_parked(parked.op_id)
        assert director.engine.run_round().phase is SyncPhase.UP_TO_DATE
        with director.ctx.db.read() as s:
            actions = [a.action for a in s.exec(select(AuditLog).where(AuditLog.action.like("sync.%"))).all()]
        assert actions == ["sync.retry_parked", "sync.discard_parked"]
    finally:
        instructor.close()
        director.close()


def test_a_device_revoked_on_the_server_stops_and_says_so(server, unit_code, tmp_path, capsys):
    app = open_app(tmp_path, "a", unit_code=unit_code)
    try:
        result = app.engine.enroll(server.base_url, server.enroll_code(unit_code))
        app.sync()
        server.cli("revoke-device", result.device_id)
        catalog.update_unit(app.ctx, unit_code, director_name="Dra. Elena Ríos")
        status = app.engine.run_round()
        assert (status.phase, status.pending_ops) == (SyncPhase.REVOKED, 1)
        assert main(["--db", str(app.ctx.db.path), "sync"]) == 1
        assert "dio de baja" in capsys.readouterr().err
    finally:
        app.close()

"""``aula import-scans``: a badge scanner's dump or a clock-in log, line by line, with live-scan rules."""

from __future__ import annotations

import datetime as dt

import pytest
from service_helpers import DAY1, DAY2, add_people, make_group
from sqlmodel import func, select

from app.cli import main
from app.domain.enums import AttendanceStatus
from app.domain.ids import attendance_id
from app.importing.model import ImportFileError
from app.importing.scans import parse_scans
from app.services import groups, roster
from app.services.attendance import ScanOutcome
from app.services.errors import GroupClosed
from app.services.scan_import import import_scans
from app.storage.tables import Attendance, Outbox


@pytest.fixture
def room(ctx, clock):
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people[:2]:
        roster.enroll(ctx, group.id, person.id)  # 10000003 stays off the roster
    clock.set("18:00", DAY2)
    return group, people


def _write(tmp_path, content: str | bytes, name: str = "lector.txt"):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def _mark(ctx, session_id, worker_id):
    with ctx.db.read() as s:
        row = s.get(Attendance, attendance_id(session_id, worker_id))
        return None if row is None else (row.status, row.check_in, row.check_out)


def _outbox(ctx) -> int:
    with ctx.db.read() as s:
        return s.exec(select(func.count()).select_from(Outbox)).one()


def test_each_scan_goes_to_the_session_of_its_date_with_check_in_then_check_out(ctx, tmp_path, room):
    group, people = room
    path = _write(tmp_path, "10000001,2026-11-24 07:52:10\n"
                            "10000001,2026-11-24 14:01:00\n"
                            "10000001;25/11/2026 08:14\n"
                            "10000001\t25/11/2026 14:00:30\n")
    report = import_scans(ctx, path, group.id)
    assert report.problems == []
    assert report.outcomes == {ScanOutcome.CHECK_IN: 2, ScanOutcome.CHECK_OUT: 2}
    first, second = group.sessions
    assert _mark(ctx, first.id, people[0].id) == (
        AttendanceStatus.PRESENT, dt.datetime(2026, 11, 24, 7, 52, 10), dt.datetime(2026, 11, 24, 14, 1))
    assert _mark(ctx, second.id, people[0].id) == (
        AttendanceStatus.LATE, dt.datetime(2026, 11, 25, 8, 14), dt.datetime(2026, 11, 25, 14, 0, 30))


def test_scans_are_applied_in_time_order_whatever_the_order_of_the_file(ctx, tmp_path, room):
    group, people = room
    path = _write(tmp_path, "10000002,2026-11-24 13:58\n10000002,2026-11-24 07:59\n")
    report = import_scans(ctx, path, group.id)
    assert report.problems == []
    assert _mark(ctx, group.sessions[0].id, people[1].id) == (
        AttendanceStatus.PRESENT, dt.datetime(2026, 11, 24, 7, 59), dt.datetime(2026, 11, 24, 13, 58))


def test_a_second_read_within_five_minutes_is_the_same_badge_read_twice(ctx, tmp_path, room):
    group, people = room
    path = _write(tmp_path, "10000001,2026-11-24 07:50\n10000001,2026-11-24 07:53\n")
    report = import_scans(ctx, path, group.id)
    assert report.outcomes == {ScanOutcome.CHECK_IN: 1, ScanOutcome.REPEATED: 1}
    assert _mark(ctx, group.sessions[0].id, people[0].id)[2] is None


def test_a_name_instead_of_a_matricula_is_reported_with_its_line(ctx, tmp_path, room):
    group, _ = room
    path = _write(tmp_path, "10000001,2026-11-24 07:52\nJosé Luis Núñez,2026-11-24 07:53\n")
    report = import_scans(ctx, path, group.id)
    [problem] = report.problems
    assert problem.line == 2
    assert problem.reason == "«José Luis Núñez» no es una matrícula: debe tener de 5 a 12 dígitos, sin letras"
    assert report.outcomes == {ScanOutcome.CHECK_IN: 1}


def test_a_date_outside_the_course_is_reported_and_records_nothing(ctx, tmp_path, room):
    group, people = room
    before = _outbox(ctx)
    path = _write(tmp_path, "10000001,2026-11-23 07:52\n")
    report = import_scans(ctx, path, group.id)
    [problem] = report.problems
    assert (problem.line, problem.reason) == (
        1, f"el grupo {group.summary.code} no tiene sesión el 23 de noviembre de 2026")
    assert _outbox(ctx) == before


def test_an_unknown_worker_and_one_off_the_roster_are_reported(ctx, tmp_path, room):
    group, _ = room
    path = _write(tmp_path, "99999999,2026-11-24 07:52\n10000003,2026-11-24 07:53\n")
    report = import_scans(ctx, path, group.id)
    assert [(p.line, p.reason) for p in report.problems] == [
        (1, "No se encontró la matrícula 99999999."),
        (2, f"La matrícula 10000003 no está inscrita en el grupo {group.summary.code}."),
    ]
    assert report.recorded == 0


@pytest.mark.parametrize("when", ["2026-11-24 7:5x", "24/11/2026 25:10", "2026-13-24 07:52", "ayer 07:52"])
def test_a_malformed_date_time_is_reported_with_the_accepted_forms(ctx, tmp_path, room, when):
    group, _ = room
    path = _write(tmp_path, f"10000001,2026-11-24 07:52\n10000002,{when}\n")
    report = import_scans(ctx, path, group.id)
    [problem] = report.problems
    assert problem.line == 2
    assert problem.reason == (f"fecha y hora «{when}» no válidas; use 2026-11-30 07:52:10 o 30/11/2026 07:52")


def test_a_line_without_a_date_time_says_how_to_separate_it(ctx, tmp_path, room):
    group, _ = room
    report = import_scans(ctx, _write(tmp_path, "10000001 2026-11-24 07:52\n"), group.id)
    [problem] = report.problems
    assert problem.reason.startswith("falta la fecha y hora")


def test_header_bom_blank_lines_and_windows_line_ends_are_handled(ctx, tmp_path, room):
    group, people = room
    content = ("\ufeffMatrícula;Fecha y hora\r\n\r\n10000001;24/11/2026 07:55\r\n   \r\n"
               "10000002;24/11/2026 08:20:05\r\n").encode("utf-8")
    report = import_scans(ctx, _write(tmp_path, content), group.id)
    assert report.problems == []
    assert report.scans == 2
    assert _mark(ctx, group.sessions[0].id, people[1].id) == (
        AttendanceStatus.LATE, dt.datetime(2026, 11, 24, 8, 20, 5), None)


def test_windows_1252_file_with_date_and_time_in_two_columns(ctx, tmp_path, room):
    group, people = room
    content = "Matrícula\tFecha\tHora\r\n10000001\t2026-11-24\t07:58\r\n".encode("cp1252")
    report = import_scans(ctx, _write(tmp_path, content), group.id)
    assert report.problems == []
    assert _mark(ctx, group.sessions[0].id, people[0].id)[1] == dt.datetime(2026, 11, 24, 7, 58)


def test_a_scan_later_than_the_devices_clock_is_refused(ctx, clock, tmp_path, room):
    group, _ = room
    clock.set("09:00", DAY1)
    report = import_scans(ctx, _write(tmp_path, "10000001,2026-11-25 07:52\n"), group.id)
    [problem] = report.problems
    assert "posterior a la fecha y hora actuales" in problem.reason
    assert report.recorded == 0


def test_a_check_out_before_the_recorded_check_in_is_refused_by_the_live_rules(ctx, clock, tmp_path, room):
    group, people = room
    path = _write(tmp_path, "10000001,2026-11-24 08:00\n10000001,2026-11-24 13:00\n")
    import_scans(ctx, path, group.id)
    # a second file from another scanner whose clock ran behind
    late = _write(tmp_path, "10000001,2026-11-24 07:00\n", "otro.txt")
    report = import_scans(ctx, late, group.id)
    assert report.recorded == 0
    assert _mark(ctx, group.sessions[0].id, people[0].id)[1:] == (
        dt.datetime(2026, 11, 24, 8, 0), dt.datetime(2026, 11, 24, 13, 0))


def test_importing_the_same_file_twice_changes_nothing_the_second_time(ctx, tmp_path, room):
    group, _ = room
    path = _write(tmp_path, "10000001,2026-11-24 07:52\n10000001,2026-11-24 14:02\n10000002,2026-11-25 07:59\n")
    import_scans(ctx, path, group.id)
    before = _outbox(ctx)
    again = import_scans(ctx, path, group.id)
    assert again.problems == []
    assert _outbox(ctx) == before


def test_a_closed_group_refuses_the_whole_file(ctx, tmp_path, room):
    group, people = room
    groups.close_group(ctx, group.id)
    with pytest.raises(GroupClosed):
        import_scans(ctx, _write(tmp_path, "10000001,2026-11-24 07:52\n"), group.id)
    assert _mark(ctx, group.sessions[0].id, people[0].id) is None


def test_a_missing_file_is_a_clear_error(ctx, tmp_path, room):
    group, _ = room
    with pytest.raises(ImportFileError, match="no se pudo abrir"):
        import_scans(ctx, tmp_path / "no-existe.txt", group.id)


def test_a_header_only_counts_as_the_first_non_blank_line():
    parsed = parse_scans("\n\nMatrícula,Fecha\nMatrícula,Fecha\n")
    assert parsed.header is True
    assert [p.line for p in parsed.problems] == [4]


def test_the_command_prints_a_summary_and_every_unused_line(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    capsys.readouterr()
    assert main(["groups"]) == 0
    listing = capsys.readouterr().out.splitlines()[1:]
    code = next(line.split()[1] for line in listing if "próximo" in line)
    path = _write(tmp_path, "Matrícula,Fecha\nAna López,2026-11-24 07:52\n12345678,2020-01-06 07:53\n")
    assert main(["import-scans", str(path), "--group", code]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"lector.txt → grupo {code}: 1 lecturas; 0 entradas, 0 salidas, 0 repetidas; 2 líneas sin usar.",
        "  Línea 2: «Ana López» no es una matrícula: debe tener de 5 a 12 dígitos, sin letras "
        "— «Ana López,2026-11-24 07:52»",
        f"  Línea 3: el grupo {code} no tiene sesión el 6 de enero de 2020 — «12345678,2020-01-06 07:53»",
    ]


def test_the_command_names_an_unknown_group(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    path = _write(tmp_path, "10000001,2026-11-24 07:52\n")
    assert main(["import-scans", str(path), "--group", "NO-EXISTE"]) == 1
    assert "No existe el grupo «NO-EXISTE»" in capsys.readouterr().err


def test_on_a_day_with_two_sessions_each_scan_goes_to_the_nearest_schedule(ctx, clock, tmp_path):
    from service_helpers import base_course

    from app.services import catalog
    course = base_course(ctx)
    unit = catalog.get_unit(ctx, "UMF07")
    plans = [groups.SessionPlan(DAY1, dt.time(8, 0), dt.time(11, 0)),
             groups.SessionPlan(DAY1, dt.time(12, 0), dt.time(15, 0))]
    group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans, room="Aula 1",
                                instructors="Mariana Torres", capacity=40)
    person = add_people(ctx)[0]
    roster.enroll(ctx, group.id, person.id)
    clock.set("18:00", DAY1)
    path = _write(tmp_path, "10000001,2026-11-24 07:56\n10000001,2026-11-24 11:05\n"
                            "10000001,2026-11-24 11:50\n10000001,2026-11-24 15:02\n")
    report = import_scans(ctx, path, group.id)
    assert report.problems == []
    morning, afternoon = group.sessions
    assert _mark(ctx, morning.id, person.id)[1:] == (dt.datetime(2026, 11, 24, 7, 56),
                                                    dt.datetime(2026, 11, 24, 11, 5))
    assert _mark(ctx, afternoon.id, person.id)[1:] == (dt.datetime(2026, 11, 24, 11, 50),
                                                      dt.datetime(2026, 11, 24, 15, 2))

"""A full disk: one Spanish line, nothing half-written, nothing personal in errors or logs.

The disk is a real, small tmpfs mounted for the test (root only); the
database, the PDFs and the folders written to all live on it, and it is
filled to the last byte before the write under test.
"""

from __future__ import annotations

import errno
import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from service_helpers import DAY2, add_people, make_group
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from app.domain.enums import AttendanceStatus
from app.services import (
    attendance,
    catalog,
    constancias,
    groups,
    participation,
    reports,
    roster,
)
from app.services.context import Context
from app.storage.errors import DiskFull, is_disk_full
from app.storage.files import write_whole
from app.storage.keys import load_or_create_keys
from app.storage.tables import Attendance, Constancia

MESSAGE = ("No hay espacio en el disco: libere espacio y vuelva a intentarlo; "
           "lo ya guardado está a salvo.")


@pytest.fixture
def disk(tmp_path) -> Iterator[Path]:
    """A 16 MB tmpfs mounted on a temporary folder, unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill it needs root; run the tests as root to "
                    "exercise a real full disk")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
                             check=False, capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


@pytest.fixture
def disk_ctx(disk, clock) -> Iterator[Context]:
    context = Context.open(disk / "aula.sqlite3", actor="Instructora de prueba", clock=clock)
    catalog.create_unit(context, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(context)
    yield context
    context.close()


def fill(disk: Path) -> Path:
    """Write a filler file until the disk has not one byte left; return it (delete it to free)."""
    filler = disk / "relleno.bin"
    with filler.open("wb", buffering=0) as stream:
        for size in (1 << 20, 1 << 12, 1):
            try:
                while True:
                    stream.write(b"\0" * size)
            except OSError as error:
                assert error.errno == errno.ENOSPC
    return filler


def personal_data(people) -> list[str]:
    values = []
    for person in people:
        values += [person.matricula, person.curp, person.given_names, person.paternal_surname]
    return [v for v in values if v]


def assert_log_is_clean(caplog, people) -> None:
    logged = caplog.text
    assert "Disk full during" in logged
    for value in personal_data(people):
        assert value not in logged
    assert "parameters" not in logged.replace("[SQL parameters hidden", "")


def finish_course(ctx: Context, group, people) -> None:
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    for session in groups.get_group(ctx, group.id).sessions:
        for person in people:
            attendance.record_attendance(ctx, session.id, person.id, AttendanceStatus.PRESENT)
        for activity in session.activities:
            participation.mark_everyone(ctx, activity.id)


def attendance_count(ctx: Context) -> int:
    with ctx.db.read() as s:
        return s.exec(select(func.count()).select_from(Attendance)).one()


def test_marks_on_a_full_disk_give_one_spanish_line_and_keep_what_was_saved(disk, disk_ctx, caplog):
    caplog.set_level(logging.DEBUG)
    group = make_group(disk_ctx)
    people = add_people(disk_ctx)
    for person in people:
        roster.enroll(disk_ctx, group.id, person.id)
    first = groups.get_group(disk_ctx, group.id).sessions[0]
    for person in people:
        attendance.record_attendance(disk_ctx, first.id, person.id, AttendanceStatus.PRESENT)
    saved = attendance_count(disk_ctx)
    filler = fill(disk)

    with pytest.raises(DiskFull) as caught:
        for turn in range(2000):  # every mark adds audit and outbox rows: the WAL must grow
            status = AttendanceStatus.LATE if turn % 2 == 0 else AttendanceStatus.PRESENT
            attendance.record_attendance(disk_ctx, first.id, people[turn % 3].id, status)

    assert str(caught.value) == MESSAGE
    assert caught.value.__suppress_context__  # no SQL in what is shown or logged
    filler.unlink()
    assert disk_ctx.db.integrity_check() == "ok"
    assert attendance_count(disk_ctx) == saved
    assert_log_is_clean(caplog, people)


def test_issuing_constancias_on_a_full_disk_writes_none_and_no_folio_is_lost(
        disk, disk_ctx, clock, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    keys = load_or_create_keys(tmp_path / "keys")
    group = make_group(disk_ctx)
    people = add_people(disk_ctx)
    finish_course(disk_ctx, group, people)
    clock.set("14:30", DAY2)
    filler = fill(disk)

    with pytest.raises(DiskFull, match="^No hay espacio en el disco"):
        constancias.issue_constancias(disk_ctx, group.id, keys=keys)

    with disk_ctx.db.read() as s:
        assert s.exec(select(Constancia)).all() == []
    filler.unlink()
    assert disk_ctx.db.integrity_check() == "ok"
    report = constancias.issue_constancias(disk_ctx, group.id, keys=keys)
    assert sorted(c.folio.rsplit("-", 1)[1] for c in report.issued) == ["000001", "000002", "000003"]
    assert_log_is_clean(caplog, people)


def test_saving_pdfs_on_a_full_disk_leaves_no_part_and_no_half_file(
        disk, disk_ctx, clock, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    keys = load_or_create_keys(tmp_path / "keys")
    group = make_group(disk_ctx)
    people = add_people(disk_ctx)
    finish_course(disk_ctx, group, people)
    clock.set("14:30", DAY2)
    constancias.issue_constancias(disk_ctx, group.id, keys=keys)
    folder = disk / "constancias"
    folder.mkdir()
    fill(disk)

    with pytest.raises(DiskFull, match=f"^{MESSAGE}$"):
        constancias.save_individual_pdfs(disk_ctx, group.id, folder)
    with pytest.raises(DiskFull, match=f"^{MESSAGE}$"):
        constancias.print_constancias(disk_ctx, group.id, disk / "constancias.pdf")
    with pytest.raises(DiskFull, match=f"^{MESSAGE}$"):
        reports.write_group_report(disk_ctx, group.id, disk / "informe.pdf")

    assert sorted(p.name for p in disk.iterdir()) == ["aula.sqlite3", "aula.sqlite3-shm",
                                                      "aula.sqlite3-wal", "constancias",
                                                      "relleno.bin"]
    assert list(folder.iterdir()) == []  # not even the first PDF fitted: no file, no .part
    assert_log_is_clean(caplog, people)


def test_sql_errors_never_carry_their_parameters(ctx):
    curp = "PELJ800101HDFRPN09"

    with pytest.raises(OperationalError) as caught, ctx.db.write() as s:
        s.exec(text("INSERT INTO no_such_table VALUES (:curp)"), params={"curp": curp})

    assert curp not in str(caught.value)
    assert "parameters hidden" in str(caught.value)


def test_a_write_to_a_full_device_is_a_disk_full_error(tmp_path):
    """/dev/full fails every write with ENOSPC, as a full disk does (no root needed)."""
    with pytest.raises(OSError) as caught, open("/dev/full", "wb") as stream:
        stream.write(b"%PDF")
        stream.flush()

    assert is_disk_full(caught.value)
    target = tmp_path / "constancia.pdf"
    write_whole(target, b"%PDF-1.4 whole")
    assert target.read_bytes() == b"%PDF-1.4 whole" and list(tmp_path.iterdir()) == [target]

"""The database upgrades from the first revision with data in it, nothing lost."""

from __future__ import annotations

import sqlite3
import uuid

import pytest

from app.services import catalog, staff
from app.services.context import Context
from app.storage.migrate import current_revision, head_revision, upgrade_to_head

UNIT_ID, WORKER_ID = uuid.uuid4(), uuid.uuid4()
STAMP = "2026-11-01 10:00:00.000000"


def _first_revision_with_data(path):
    upgrade_to_head(path, "0001")
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO unit (id, created_at, updated_at, version, code, name) VALUES (?, ?, ?, 1, ?, ?)",
                   (UNIT_ID.hex, STAMP, STAMP, "UMF07", "Unidad de Medicina Familiar No. 7"))
        db.execute(
            "INSERT INTO worker (id, created_at, updated_at, version, unit_id, matricula, given_names, "
            "paternal_surname, maternal_surname, curp, category, department, shift, in_staff_list, search_key) "
            "VALUES (?, ?, ?, 1, ?, '97150001', 'José Luis', 'Núñez', 'Peña', NULL, 'Enfermera General', "
            "'Enfermería', 'matutino', 1, 'nunez pena jose luis')", (WORKER_ID.hex, STAMP, STAMP, UNIT_ID.hex))


def test_upgrade_from_first_revision_keeps_every_row(tmp_path):
    path = tmp_path / "aula.sqlite3"
    _first_revision_with_data(path)
    assert current_revision(path) == "0001"

    ctx = Context.open(path)  # start-up migrates to head
    try:
        assert current_revision(path) == head_revision() != "0001"
        assert [u.code for u in catalog.list_units(ctx)] == ["UMF07"]
        worker = staff.get_worker_by_matricula(ctx, "97150001")
        assert (worker.id, worker.full_name, worker.unit_id) == (WORKER_ID, "José Luis Núñez Peña", UNIT_ID)
        assert ctx.db.integrity_check() == "ok"
    finally:
        ctx.close()


def test_a_backup_copy_is_taken_before_upgrading(tmp_path):
    path = tmp_path / "aula.sqlite3"
    _first_revision_with_data(path)
    Context.open(path).close()
    backups = list((tmp_path / "backups").glob("aula-0001-*.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT matricula FROM worker").fetchall() == [("97150001",)]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]


def test_an_up_to_date_database_is_not_copied_again(tmp_path):
    path = tmp_path / "aula.sqlite3"
    Context.open(path).close()
    Context.open(path).close()
    assert not (tmp_path / "backups").exists()


def test_downgrade_to_first_revision_and_back_is_clean(tmp_path):
    from alembic import command

    from app.storage.migrate import alembic_config

    path = tmp_path / "aula.sqlite3"
    Context.open(path).close()
    command.downgrade(alembic_config(path), "0001")
    assert current_revision(path) == "0001"
    upgrade_to_head(path)
    assert current_revision(path) == head_revision()


def test_the_pinned_schema_head_is_alembics_head():
    from app.storage.migrate import SCHEMA_HEAD

    assert SCHEMA_HEAD == head_revision()



_INSERT_WORKER = ("INSERT INTO worker (id, created_at, updated_at, version, matricula, given_names, paternal_surname, "
                  "maternal_surname, category, department, shift, in_staff_list, search_key) "
                  "VALUES (?, ?, ?, 1, ?, 'Raúl', 'Morales', '', '', '', '', 0, '')")


def test_upgrade_to_0004_keeps_workers_and_lets_many_have_no_matricula(tmp_path):
    path = tmp_path / "aula.sqlite3"
    _first_revision_with_data(path)
    upgrade_to_head(path, "0004")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT matricula, external_institution, credential_number FROM worker").fetchall() == \
            [("97150001", "", "")]
        for _ in range(2):
            db.execute(_INSERT_WORKER, (uuid.uuid4().hex, STAMP, STAMP, None))
        with pytest.raises(sqlite3.IntegrityError):  # a matrícula present is still unique
            db.execute(_INSERT_WORKER, (uuid.uuid4().hex, STAMP, STAMP, "97150001"))


def test_downgrade_below_0004_refuses_while_external_participants_exist(tmp_path):
    from alembic import command

    from app.domain.identifiers import curp_check_digit
    from app.storage.migrate import alembic_config

    path = tmp_path / "aula.sqlite3"
    ctx = Context.open(path)
    try:
        staff.add_external_participant(ctx, curp="MORR880509HPLRXL0" + curp_check_digit("MORR880509HPLRXL0"),
                                       given_names="Raúl", paternal_surname="Morales", institution="SPF")
    finally:
        ctx.close()
    command.downgrade(alembic_config(path), "0004")
    with pytest.raises(RuntimeError, match="external participants have no matrícula"):
        command.downgrade(alembic_config(path), "0003")
    assert current_revision(path) == "0004"

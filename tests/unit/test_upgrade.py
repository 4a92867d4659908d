"""Upgrade safety (issue 13 item 4): a database made by the first schema revision keeps every
record when today's code upgrades it, and a migration that fails leaves the file untouched and
says, in Spanish, where the backup is."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from app import cli
from app.services import results, staff
from app.services.context import Context
from app.services.groups import find_group
from app.storage import migrate
from app.storage.backups import check_aula_database, list_backups
from app.storage.migrate import MigrationFailed, current_revision
from tests.unit.upgrade_fixture import FIXTURE, copy_of_fixture, failing_migrations  # noqa: F401  (a fixture)


def _snapshot(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows (ordered by their key), read with sqlite3 alone."""
    db = sqlite3.connect(path)
    try:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version' ORDER BY name")]
        snap = {}
        for table in tables:
            columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
            key = "seq" if "seq" in columns else "id"
            snap[table] = (columns, db.execute(f'SELECT * FROM "{table}" ORDER BY "{key}"').fetchall())
        return snap
    finally:
        db.close()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_fixture_was_made_by_the_first_revision_and_holds_data():
    assert current_revision(FIXTURE) == "0001"
    counts = {table: len(rows) for table, (_columns, rows) in _snapshot(FIXTURE).items()}
    assert counts == {"activity": 3, "attendance": 24, "audit_log": 5, "course": 1, "course_group": 2,
                      "enrollment": 12, "outbox": 5, "participation": 36, "session": 2, "unit": 2,
                      "user_profile": 1, "worker": 12}


def test_upgrading_the_first_revision_keeps_every_record_field_by_field(tmp_path):
    path = copy_of_fixture(tmp_path)
    before = _snapshot(path)

    ctx = Context.open(path)  # start-up upgrades to the newest revision
    try:
        assert current_revision(path) == migrate.SCHEMA_HEAD
        after = _snapshot(path)
        for table, (old_columns, old_rows) in before.items():
            new_columns, new_rows = after[table]
            assert len(new_rows) == len(old_rows), table
            picked = [new_columns.index(column) for column in old_columns]  # new columns are additions
            for old, new in zip(old_rows, new_rows):
                assert tuple(new[i] for i in picked) == old, (table, old[0])
        # ... and today's services read them as the instructor left them.
        worker = staff.get_worker_by_matricula(ctx, "97150001")
        assert worker.full_name == "María Fernanda Ibáñez Oñate"
        group = find_group(ctx, "RCP-B-2026-10")
        evaluated = results.evaluate_group(ctx, group.id)
        assert len(evaluated.participants) == 12
        assert evaluated.enrolled == 11
        assert ctx.db.integrity_check() == "ok"
    finally:
        ctx.close()
    assert [p.name.split("-")[1] for p in list_backups(path)] == ["0001"]


@pytest.mark.usefixtures("failing_migrations")
def test_a_failed_migration_leaves_the_file_untouched_and_says_where_the_backup_is(tmp_path):
    path = copy_of_fixture(tmp_path)
    original = _sha256(path)

    with pytest.raises(MigrationFailed) as failure:
        Context.open(path)

    assert _sha256(path) == original
    assert current_revision(path) == "0001"
    backup = failure.value.backup
    assert backup.parent == tmp_path / "backups" and backup.is_file()
    assert check_aula_database(backup) == "0001"
    assert _snapshot(backup) == _snapshot(path)
    message = str(failure.value)
    assert message.startswith(f"No se pudo actualizar la base de datos {path} a esta versión de Aula (")
    assert "la migración 9999 falló a propósito" in message
    assert f"El archivo no se modificó y hay un respaldo en {backup}." in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aula.sqlite3", "backups", "migrations"]


@pytest.mark.usefixtures("failing_migrations")
def test_after_a_failed_migration_the_next_version_still_upgrades_the_same_file(tmp_path,
                                                                              monkeypatch):
    path = copy_of_fixture(tmp_path)
    before = _snapshot(path)
    with pytest.raises(MigrationFailed):
        Context.open(path)
    monkeypatch.undo()  # a corrected version of Aula is installed

    ctx = Context.open(path)
    ctx.close()
    assert current_revision(path) == migrate.SCHEMA_HEAD
    assert len(_snapshot(path)["participation"][1]) == len(before["participation"][1])


@pytest.mark.usefixtures("failing_migrations")
def test_the_cli_reports_a_failed_migration_in_one_spanish_line(tmp_path, capsys):
    path = copy_of_fixture(tmp_path)

    assert cli.main(["--db", str(path), "groups"]) == 1

    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    backup = list_backups(path)[0]
    assert err.startswith(f"aula: No se pudo actualizar la base de datos {path}")
    assert f"hay un respaldo en {backup}." in err
    assert "Traceback" not in err

"""Rolling backups, damaged databases and restore (issue 9 item 10); a read-only folder (item 11)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app.services import backups, catalog
from app.services.context import Context
from app.storage import backups as storage_backups
from app.storage.db import Database
from app.storage.errors import DatabaseDamaged, DatabaseUnreadable, DataFolderReadOnly, NotAnAulaDatabase
from app.storage.migrate import current_revision
from tests.unit.damage import DAMAGE, database_with_marks, marks_of
from tests.unit.read_only_folder import read_only_folder

NOON = dt.datetime(2026, 11, 24, 12, 0)


def _open(path: Path, clock=None) -> Context:
    return Context.open(path, clock=clock) if clock else Context.open(path)


def test_a_backup_is_a_checked_copy_that_holds_the_marks(ctx):
    session_id, marks = database_with_marks(ctx)
    copy = backups.back_up(ctx)
    assert copy.parent == ctx.db.path.parent / "backups"
    assert copy.name == "aula-manual-20261124-073000.sqlite3"
    assert storage_backups.integrity(copy) == "ok"
    assert not Path(f"{copy}-wal").exists()  # one self-contained file
    restored = Context.open(copy)
    try:
        assert marks_of(restored, session_id) == marks
    finally:
        restored.close()


def test_only_the_ten_newest_backups_are_kept_and_other_files_are_left_alone(ctx, clock):
    foreign = ctx.db.path.parent / "backups" / "copia del director.sqlite3"
    foreign.parent.mkdir()
    foreign.write_bytes(b"not ours")
    taken = []
    for hour in range(12):
        clock.now = NOON + dt.timedelta(hours=hour)
        taken.append(backups.back_up(ctx, "salida"))
    assert backups.list_backups(ctx.db.path) == list(reversed(taken[2:]))
    assert not taken[0].exists() and not taken[1].exists()
    assert foreign.read_bytes() == b"not ours"


def test_a_backup_is_due_when_the_newest_is_a_day_old(ctx, clock):
    clock.now = NOON
    assert backups.back_up_if_due(ctx) is not None
    clock.now = NOON + dt.timedelta(hours=23)
    assert backups.back_up_if_due(ctx) is None
    clock.now = NOON + dt.timedelta(days=1)
    assert backups.back_up_if_due(ctx).name == "aula-diario-20261125-120000.sqlite3"


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_database_is_refused_at_open_with_a_spanish_message_and_left_untouched(ctx, damage):
    database_with_marks(ctx)
    path = ctx.db.path
    ctx.close()
    DAMAGE[damage](path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged) as refused:
        Context.open(path)
    assert str(refused.value).startswith(f"La base de datos {path} está dañada y no se puede usar")
    assert "Traceback" not in str(refused.value)
    assert path.read_bytes() == before
    assert not (path.parent / "backups").exists()  # never "backed up" before a migration either


@pytest.mark.parametrize("damage", DAMAGE)
def test_restoring_the_newest_good_backup_brings_every_mark_back_and_keeps_the_damaged_file(ctx, damage):
    session_id, marks = database_with_marks(ctx)
    backups.back_up(ctx, "salida")
    path = ctx.db.path
    ctx.close()
    DAMAGE[damage](path)
    damaged_bytes = path.read_bytes()

    newest = backups.latest_good_backup(path)
    restored = backups.restore_database(path, newest)

    assert restored.set_aside.name.startswith("aula.sqlite3.damaged-")
    assert restored.set_aside.read_bytes() == damaged_bytes
    assert newest.exists()  # the backup stays for another time
    reopened = Context.open(path)
    try:
        assert marks_of(reopened, session_id) == marks
        assert [u.code for u in catalog.list_units(reopened)] == ["UMF07"]
        assert reopened.db.integrity_check() == "ok"
    finally:
        reopened.close()


def test_a_damaged_database_never_replaces_a_good_backup(ctx, clock):
    session_id, marks = database_with_marks(ctx)
    good = backups.back_up(ctx, "salida")
    path = ctx.db.path
    ctx.close()
    DAMAGE["page_overwritten"](path)
    with pytest.raises(DatabaseDamaged):
        storage_backups.take_backup(path, "salida", now=NOON)
    assert backups.list_backups(path) == [good]
    assert not list((path.parent / "backups").glob("*.part"))


def test_the_newest_good_backup_skips_a_damaged_one(ctx, clock):
    good = backups.back_up(ctx, "salida")
    clock.now = NOON
    newer = backups.back_up(ctx, "salida")
    DAMAGE["header_zeroed"](newer)
    assert backups.latest_good_backup(ctx.db.path) == good


def _plain_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE recetas (nombre TEXT)")


@pytest.mark.parametrize("make, reason", [
    (lambda p: p.write_text("Matrícula;Nombre\n"), "no es una base de datos SQLite"),
    (lambda p: p.write_bytes(b""), "está vacío"),
    (_plain_sqlite, "no tiene las tablas de Aula"),
], ids=["csv", "empty", "foreign_sqlite"])
def test_restore_refuses_a_file_that_is_not_an_aula_database_and_changes_nothing(ctx, tmp_path, make, reason):
    session_id, marks = database_with_marks(ctx)
    path = ctx.db.path
    ctx.close()
    before = path.read_bytes()
    offered = tmp_path / "otro.sqlite3"
    make(offered)
    with pytest.raises(NotAnAulaDatabase) as refused:
        backups.restore_database(path, offered)
    assert reason in str(refused.value)
    assert path.read_bytes() == before
    assert not list(path.parent.glob("aula.sqlite3.*-*"))


def test_restore_refuses_a_database_from_a_newer_version_of_aula(ctx, tmp_path):
    newer = tmp_path / "nueva.sqlite3"
    backups.back_up(ctx).rename(newer)
    with sqlite3.connect(newer) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NotAnAulaDatabase, match="versión más nueva"):
        backups.restore_database(ctx.db.path, newer)


def test_restoring_over_a_sound_database_keeps_it_as_replaced(ctx, clock):
    copy = backups.back_up(ctx)
    catalog.create_unit(ctx, "UMF20", "Unidad de Medicina Familiar No. 20")
    path = ctx.db.path
    ctx.close()
    restored = backups.restore_database(path, copy)
    assert restored.set_aside.name.startswith("aula.sqlite3.replaced-")
    kept = Context.open(restored.set_aside)
    try:
        assert {u.code for u in catalog.list_units(kept)} == {"UMF07", "UMF20"}
    finally:
        kept.close()


def test_unable_to_open_is_never_taken_for_an_unversioned_database(tmp_path):
    path = tmp_path / "aula.sqlite3"
    path.mkdir()  # something SQLite cannot open in the database's place
    with pytest.raises(sqlite3.OperationalError, match="unable to open"):
        current_revision(path)
    with pytest.raises(DatabaseUnreadable, match="no es un archivo"):
        Database(path)
    assert not (tmp_path / "backups").exists()  # no "before upgrading an unversioned file" copy


def _database_with_marks_in(folder: Path) -> None:
    from tests.conftest import Clock

    ctx = Context.open(folder / "aula.sqlite3", clock=Clock(dt.datetime(2026, 11, 24, 7, 30)))
    catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(ctx)
    database_with_marks(ctx)
    ctx.close()


def test_a_read_only_folder_opens_the_database_for_reading_and_refuses_writes_in_one_line(tmp_path):
    with read_only_folder(tmp_path / "datos", _database_with_marks_in) as folder:
        before = (folder / "aula.sqlite3").read_bytes()
        ctx = Context.open(folder / "aula.sqlite3")
        try:
            assert ctx.db.read_only
            assert [u.code for u in catalog.list_units(ctx)] == ["UMF07"]
            with pytest.raises(DataFolderReadOnly) as refused:
                catalog.create_unit(ctx, "UMF20", "Unidad de Medicina Familiar No. 20")
            assert str(refused.value).startswith(f"No se puede escribir en la carpeta de datos {folder}")
            assert "\n" not in str(refused.value)
            with pytest.raises(DataFolderReadOnly):
                backups.back_up(ctx)
            assert backups.back_up_if_due(ctx) is None
        finally:
            ctx.close()
        assert sorted(p.name for p in folder.iterdir()) == ["aula.sqlite3"]
        assert (folder / "aula.sqlite3").read_bytes() == before


def test_a_read_only_folder_without_a_database_says_it_cannot_be_written(tmp_path):
    with read_only_folder(tmp_path / "datos", lambda folder: None) as folder:
        with pytest.raises(DataFolderReadOnly, match="no se puede crear"):
            Context.open(folder / "aula.sqlite3")

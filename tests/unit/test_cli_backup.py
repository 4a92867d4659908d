"""``aula backup`` and ``aula restore``; a damaged database and a read-only folder on the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from app.services import catalog
from app.services.context import Context
from tests.conftest import Clock
from tests.unit.damage import DAMAGE, database_with_marks, marks_of
from tests.unit.read_only_folder import read_only_folder


def _fill(folder: Path):
    ctx = Context.open(folder / "aula.sqlite3", clock=Clock(dt.datetime(2026, 11, 24, 7, 30)))
    catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(ctx)
    session_id, marks = database_with_marks(ctx)
    ctx.close()
    return session_id, marks


@pytest.fixture
def home(monkeypatch, tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("AULA_HOME", str(folder))
    return folder


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_backup_and_restore_have_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "uso: aula" in capsys.readouterr().out


def test_aula_backup_writes_a_checked_copy_and_says_where(home, capsys):
    _fill(home)
    assert main(["backup"]) == 0
    out = capsys.readouterr().out
    copies = list((home / "backups").glob("aula-manual-*.sqlite3"))
    assert len(copies) == 1
    assert out == f"Respaldo guardado y verificado: {copies[0]}\n"


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_database_is_one_spanish_line_naming_the_backup_to_restore(home, capsys, damage):
    _fill(home)
    assert main(["backup"]) == 0
    capsys.readouterr()
    DAMAGE[damage](home / "aula.sqlite3")
    assert main(["groups"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith(f"aula: La base de datos {home / 'aula.sqlite3'} está dañada")
    assert "aula restore --latest" in captured.err


@pytest.mark.parametrize("damage", DAMAGE)
def test_aula_restore_brings_the_marks_back_and_keeps_the_damaged_file(home, capsys, damage):
    session_id, marks = _fill(home)
    assert main(["backup"]) == 0
    copy = next((home / "backups").glob("aula-manual-*.sqlite3"))
    DAMAGE[damage](home / "aula.sqlite3")
    damaged = (home / "aula.sqlite3").read_bytes()
    capsys.readouterr()

    assert main(["restore", str(copy)]) == 0

    out = capsys.readouterr().out
    aside = next(home.glob("aula.sqlite3.damaged-*"))
    assert out == (f"Base de datos {home / 'aula.sqlite3'} restaurada desde {copy}. "
                   f"La anterior se guardó como {aside}.\n")
    assert aside.read_bytes() == damaged
    ctx = Context.open(home / "aula.sqlite3")
    try:
        assert marks_of(ctx, session_id) == marks
    finally:
        ctx.close()


def test_aula_restore_latest_picks_the_newest_good_backup(home, capsys):
    _fill(home)
    assert main(["backup"]) == 0
    DAMAGE["header_zeroed"](home / "aula.sqlite3")
    assert main(["restore", "--latest"]) == 0
    assert "restaurada desde" in capsys.readouterr().out
    assert main(["groups"]) == 0


def test_aula_restore_refuses_a_file_that_is_not_an_aula_database(home, tmp_path, capsys):
    _fill(home)
    before = (home / "aula.sqlite3").read_bytes()
    offered = tmp_path / "plantilla.csv"
    offered.write_text("Matrícula;Nombre\n", encoding="utf-8")
    assert main(["restore", str(offered)]) == 1
    err = capsys.readouterr().err
    assert err == (f"aula restore: El archivo {offered} no es una base de datos de Aula que se pueda "
                   "restaurar: no es una base de datos SQLite.\n")
    assert (home / "aula.sqlite3").read_bytes() == before


def test_in_a_read_only_folder_reading_commands_work_and_writing_ones_say_so_in_one_line(
        monkeypatch, tmp_path, capsys):
    with read_only_folder(tmp_path / "datos", _fill) as folder:
        monkeypatch.setenv("AULA_HOME", str(folder))
        assert main(["groups"]) == 0
        assert "SER-BT" in capsys.readouterr().out
        assert main(["verify", "https://aula.example/v/nada"]) == 1  # answered: not an Aula QR
        captured = capsys.readouterr()
        assert "no es un código QR" in captured.out and captured.err == ""
        for argv in (["unit", "UMF07", "--name", "Otra"], ["backup"]):
            assert main(argv) == 1
            err = capsys.readouterr().err
            assert err.count("\n") == 1
            assert f"No se puede escribir en la carpeta de datos {folder}" in err
        assert sorted(p.name for p in folder.iterdir()) == ["aula.sqlite3"]

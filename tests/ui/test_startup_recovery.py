"""Start-up fails safe (issue 9 items 10, 11): a damaged database offers its newest good backup;
a read-only data folder opens the window read-only with a banner; Archivo › Restaurar respaldo…"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.services import backups, catalog
from app.services.context import Context
from app.storage.errors import DatabaseDamaged, DataFolderReadOnly
from app.ui.backup_actions import RestoreBackupAction
from app.ui.dialogs.damaged_database_dialog import DamagedDatabaseDialog
from app.ui.main import run_gui
from app.ui.main_window import MainWindow
from tests.conftest import Clock
from tests.unit.damage import DAMAGE, database_with_marks, marks_of
from tests.unit.read_only_folder import read_only_folder


def _when(find: Callable[[], object], act: Callable[[object], None]) -> None:
    """Once ``find`` returns a widget (polled on the event loop), run ``act`` on it."""
    def poll() -> None:
        found = find()
        if found is None:
            QTimer.singleShot(30, poll)
        else:
            act(found)
    QTimer.singleShot(30, poll)


def _visible(kind: type):
    return lambda: next((w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
                        None)


def _groups_listed(window: MainWindow) -> int:
    return sum(section.model.rowCount() for section in window.groups_view.sections.values())


def _run_gui_guarded(path: Path) -> int:
    QTimer.singleShot(30_000, QApplication.quit)  # never hang the suite
    return run_gui(path, argv=[])


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_database_offers_the_newest_good_backup_and_restoring_it_brings_the_marks_back(
        qapp, ctx, damage):
    session_id, marks = database_with_marks(ctx)
    backups.back_up(ctx, "salida")
    path = ctx.db.path
    ctx.close()
    DAMAGE[damage](path)
    damaged = path.read_bytes()
    seen: dict[str, object] = {}

    def answer(dialog: DamagedDatabaseDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["text"] = dialog.text_label.text()
        seen["advice"] = dialog.advice_label.text()
        dialog.restore_button.click()

    def look_and_close(window: MainWindow) -> None:
        seen["groups"] = _groups_listed(window)
        seen["marks"] = marks_of(window.ctx, session_id)
        window.close()

    _when(_visible(DamagedDatabaseDialog), answer)
    _when(_visible(MainWindow), look_and_close)
    assert _run_gui_guarded(path) == 0

    assert seen["title"] == "Base de datos dañada"
    assert seen["text"] == f"La base de datos {path} está dañada y Aula no puede usarla."
    assert "aula-salida-20261124-073000.sqlite3" in seen["advice"]
    assert "Traceback" not in str(seen)
    assert seen["marks"] == marks and seen["groups"] == 1
    aside = next(path.parent.glob("aula.sqlite3.damaged-*"))
    assert aside.read_bytes() == damaged
    reopened = Context.open(path)
    try:
        assert marks_of(reopened, session_id) == marks
    finally:
        reopened.close()


def test_quitting_at_the_damaged_database_dialog_changes_nothing(qapp, ctx):
    database_with_marks(ctx)
    backups.back_up(ctx, "salida")
    path = ctx.db.path
    ctx.close()
    DAMAGE["header_zeroed"](path)
    damaged = path.read_bytes()
    _when(_visible(DamagedDatabaseDialog), lambda dialog: dialog.quit_button.click())
    assert _run_gui_guarded(path) == 1
    assert path.read_bytes() == damaged
    assert not list(path.parent.glob("aula.sqlite3.damaged-*"))


def test_without_a_good_backup_the_dialog_says_so_and_only_offers_to_quit(app_context, qtbot, tmp_path):
    damage = DatabaseDamaged(tmp_path / "aula.sqlite3", "file is not a database")
    dialog = DamagedDatabaseDialog(damage, None)
    qtbot.addWidget(dialog)
    assert dialog.restore_button is None
    assert dialog.advice_label.text().startswith(f"No hay ningún respaldo en buen estado en {tmp_path / 'backups'}")
    assert dialog.quit_button.text() == "Salir de Aula"


def _fill(folder: Path) -> None:
    ctx = Context.open(folder / "aula.sqlite3", clock=Clock(dt.datetime(2026, 11, 24, 7, 30)))
    catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(ctx)
    database_with_marks(ctx)
    ctx.close()


def test_a_read_only_data_folder_opens_the_window_read_only_with_a_banner(qapp, tmp_path, monkeypatch):
    with read_only_folder(tmp_path / "datos", _fill) as folder:
        monkeypatch.setenv("AULA_HOME", str(folder))  # logs, settings and database all in it
        seen: dict[str, object] = {}

        def look_and_close(window: MainWindow) -> None:
            banner = window.read_only_banner
            seen["banner"] = banner.text() if banner.isVisible() else None
            seen["groups"] = _groups_listed(window)
            try:
                catalog.create_unit(window.ctx, "UMF20", "Unidad de Medicina Familiar No. 20")
            except DataFolderReadOnly as exc:
                seen["write"] = str(exc)
            window.close()

        _when(_visible(MainWindow), look_and_close)
        assert _run_gui_guarded(folder / "aula.sqlite3") == 0
        assert seen["banner"].startswith(f"Solo lectura: Aula no puede escribir en la carpeta de datos {folder}.")
        assert seen["groups"] == 1
        assert seen["write"].startswith(f"No se puede escribir en la carpeta de datos {folder}")
        assert sorted(p.name for p in folder.iterdir()) == ["aula.sqlite3"]


def test_restore_backup_refuses_a_file_that_is_not_an_aula_database(window, ctx, tmp_path, qtbot):
    action = window.findChild(RestoreBackupAction)
    assert action in window.file_menu.actions() and action.text() == "&Restaurar respaldo…"
    offered = tmp_path / "plantilla.xlsx"
    offered.write_bytes(b"PK\x03\x04 not a database")
    box = action.offer(offered)
    assert box.text() == (f"El archivo {offered} no es una base de datos de Aula que se pueda restaurar: "
                          "no es una base de datos SQLite.")
    assert [u.code for u in catalog.list_units(ctx)] == ["UMF07"]
    assert not list(ctx.db.path.parent.glob("aula.sqlite3.*-*"))


def test_restore_backup_from_the_menu_replaces_the_database_and_keeps_the_previous_one(window, ctx, qtbot):
    session_id, marks = database_with_marks(ctx)
    copy = backups.back_up(ctx)
    catalog.create_unit(ctx, "UMF20", "Unidad de Medicina Familiar No. 20")
    action = window.findChild(RestoreBackupAction)

    confirm = action.offer(copy)
    assert confirm.text() == f"¿Reemplazar la base de datos actual por {copy.name}?"
    confirm.accept_button.click()

    assert action.message_box.text().startswith(f"Se restauró el respaldo {copy.name}.")
    assert [u.code for u in catalog.list_units(window.ctx)] == ["UMF07"]
    assert marks_of(window.ctx, session_id) == marks
    kept = Context.open(action.restored.set_aside)
    try:
        assert {u.code for u in catalog.list_units(kept)} == {"UMF07", "UMF20"}
    finally:
        kept.close()


def test_a_clean_exit_leaves_a_checked_backup(qapp, aula_home):
    _when(_visible(MainWindow), lambda window: window.close())
    assert _run_gui_guarded(aula_home / "aula.sqlite3") == 0
    names = [p.name for p in backups.list_backups(aula_home / "aula.sqlite3")]
    assert [n.split("-")[1] for n in names] == ["salida", "diario"]


def test_damage_found_while_in_use_is_a_spanish_message_not_a_crash_report(app_context, ctx, qtbot):
    import sys

    from PySide6.QtWidgets import QMessageBox

    from app.ui.crash_handler import CrashDialog, CrashHandler

    database_with_marks(ctx)
    ctx.db.close()  # no page cached: the next query reads the damaged file
    DAMAGE["header_zeroed"](ctx.db.path)
    try:
        catalog.list_units(ctx)
    except Exception:
        exc_info = sys.exc_info()
    handler = CrashHandler()
    handler.handle(exc_info)
    box = handler.last_dialog
    qtbot.addWidget(box)
    assert isinstance(box, QMessageBox) and not isinstance(box, CrashDialog)
    assert box.text().startswith("La base de datos está dañada y Aula no puede seguir usándola. Cierre Aula")


def test_a_read_only_data_folder_without_a_database_still_opens_the_window_with_the_banner(
        qapp, tmp_path, monkeypatch):
    with read_only_folder(tmp_path / "datos", lambda folder: None) as folder:
        monkeypatch.setenv("AULA_HOME", str(folder))
        seen: dict[str, object] = {}

        def look_and_close(window: MainWindow) -> None:
            seen["banner"] = window.read_only_banner.text()
            seen["services"] = window.ctx
            window.close()

        _when(_visible(MainWindow), look_and_close)
        assert _run_gui_guarded(folder / "aula.sqlite3") == 0
        assert seen["banner"].startswith(f"Solo lectura: Aula no puede escribir en la carpeta de datos {folder}.")
        assert seen["services"] is None
        assert list(folder.iterdir()) == []


# ------------------------------------------------------------------ a missing database (issue 9, item 4)


def _used_database_then_lost(clock: Clock, *, with_backup: bool, loss: str = "deleted"):
    """A database in the data folder that issued its device key, (maybe) backed up, then lost."""
    from app.services import constancias
    from app.storage import paths

    path = paths.database_path()
    ctx = Context.open(path, actor="Instructora", clock=clock)
    catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(ctx)
    session_id, marks = database_with_marks(ctx)
    code = constancias.register_local_device(ctx).device_code  # the key now serves this database
    if with_backup:
        backups.back_up(ctx, "salida")
    ctx.close()
    for leftover in path.parent.glob(f"{path.name}-*"):
        leftover.unlink()
    if loss == "deleted":
        path.unlink()
    else:
        path.write_bytes(b"")
    return path, code, session_id, marks


def test_a_missing_database_offers_the_newest_backup_and_restoring_it_brings_the_marks_back(
        qapp, aula_home, clock):
    from app.ui.dialogs.missing_database_dialog import MissingDatabaseDialog

    path, code, session_id, marks = _used_database_then_lost(clock, with_backup=True)
    seen: dict[str, object] = {}

    def answer(dialog: MissingDatabaseDialog) -> None:
        seen["title"] = dialog.windowTitle()
        seen["text"] = dialog.text_label.text()
        seen["advice"] = dialog.advice_label.text()
        dialog.restore_button.click()

    def look_and_close(window: MainWindow) -> None:
        seen["marks"] = marks_of(window.ctx, session_id)
        window.close()

    _when(_visible(MissingDatabaseDialog), answer)
    _when(_visible(MainWindow), look_and_close)
    assert _run_gui_guarded(path) == 0
    assert seen["title"] == "No se encontró la base de datos"
    assert str(path) in seen["text"] and code in seen["text"]
    assert "aula-salida-" in seen["advice"]
    assert seen["marks"] == marks


def test_an_emptied_database_without_a_backup_starts_a_new_one_only_when_asked(qapp, aula_home, clock):
    from app.ui.dialogs.missing_database_dialog import MissingDatabaseDialog

    path, code, _session_id, _marks = _used_database_then_lost(clock, with_backup=False, loss="emptied")
    seen: dict[str, object] = {}

    def answer(dialog: MissingDatabaseDialog) -> None:
        seen["restore"] = dialog.restore_button
        seen["default"] = dialog.quit_button.isDefault()
        seen["text"] = dialog.text_label.text()
        dialog.new_button.click()

    def look_and_close(window: MainWindow) -> None:
        seen["groups"] = _groups_listed(window)
        window.close()

    _when(_visible(MissingDatabaseDialog), answer)
    _when(_visible(MainWindow), look_and_close)
    assert _run_gui_guarded(path) == 0
    assert seen["restore"] is None and seen["default"] is True  # Enter never makes a new database
    assert "vacía (0 bytes)" in seen["text"]
    assert seen["groups"] == 0 and path.stat().st_size > 0


def test_quitting_at_the_missing_database_dialog_creates_nothing(qapp, aula_home, clock):
    from app.ui.dialogs.missing_database_dialog import MissingDatabaseDialog

    path, *_ = _used_database_then_lost(clock, with_backup=True)
    _when(_visible(MissingDatabaseDialog), lambda dialog: dialog.quit_button.click())
    assert _run_gui_guarded(path) == 1
    assert not path.exists()

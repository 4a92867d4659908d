"""A failed schema upgrade at start-up (issue 13 item 4): the window's start-up says, in Spanish,
that the file was not modified and where the backup is, then Aula closes."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.storage.backups import list_backups
from app.ui.main import run_gui
from tests.unit.upgrade_fixture import copy_of_fixture, failing_migrations  # noqa: F401  (a fixture)


@pytest.mark.usefixtures("failing_migrations")
def test_a_failed_upgrade_at_start_up_names_the_backup_and_leaves_the_file_untouched(
        qapp, tmp_path):
    path = copy_of_fixture(tmp_path)
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    seen: dict[str, str] = {}

    def answer() -> None:
        box = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()),
                   None)
        if box is None:
            QTimer.singleShot(30, answer)
            return
        seen["text"] = box.text()
        box.button(QMessageBox.StandardButton.Ok).click()

    QTimer.singleShot(30, answer)
    QTimer.singleShot(30_000, QApplication.quit)  # never hang the suite
    assert run_gui(path, argv=[]) == 1

    backup = list_backups(path)[0]
    assert seen["text"].startswith(f"No se pudo actualizar la base de datos {path} a esta versión de Aula")
    assert f"El archivo no se modificó y hay un respaldo en {backup}." in seen["text"]
    assert "Traceback" not in seen["text"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == original

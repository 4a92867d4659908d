"""Backups from the window: Archivo › Restaurar respaldo…, the daily backup and the one on exit.

A backup of a course's database takes milliseconds, so they run on the GUI
thread; a failure to back up is logged and never interrupts the instructor
(the next one is tried at the next exit or day).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from app.domain.errors import UserError
from app.services import backups
from app.services.context import Context
from app.storage.db import Database
from app.ui.confirm import ConfirmBox, confirm

logger = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 60 * 60 * 1000  # the daily backup is checked every hour while Aula is open


def back_up_quietly(services: Context | None, label: str) -> Path | None:
    """Take a backup (``label``: salida, diario…) unless read-only; log instead of raising."""
    if services is None or services.db.read_only:
        return None
    try:
        path = (backups.back_up_if_due(services, label) if label == "diario"
                else backups.back_up(services, label))
    except UserError as exc:
        logger.warning("Backup (%s) not taken: %s", label, exc)
        return None
    if path is not None:
        logger.info("Backup (%s) written to %s", label, path)
    return path


class DailyBackup(QObject):
    """Takes the daily backup at start-up and, while Aula stays open, once a day."""

    def __init__(self, services: Context, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        self._on_timer_timeout()
        self.timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        back_up_quietly(self.services, "diario")


class RestoreBackupAction(QAction):
    """Archivo › Restaurar respaldo…: pick a backup, check it is an Aula database, confirm, restore.

    The window keeps its services' context; only the database inside it is
    closed and reopened on the restored file, so every screen sees it.
    """

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.main_window = window
        self.setText(self.tr("&Restore backup…"))
        self.setEnabled(getattr(window, "ctx", None) is not None)
        self.triggered.connect(self._on_triggered)
        self.confirm_box: ConfirmBox | None = None
        self.message_box: QMessageBox | None = None
        self.restored: backups.Restored | None = None

    @Slot()
    def _on_triggered(self) -> None:
        ctx = self.main_window.ctx
        newest = backups.list_backups(ctx.db.path)
        start = str(newest[0] if newest else backups.backup_folder(ctx))
        chosen, _filter = QFileDialog.getOpenFileName(
            self.main_window, self.tr("Restore backup"), start, self.tr("Aula databases (*.sqlite3);;All files (*)"))
        if chosen:
            self.offer(Path(chosen))

    def offer(self, source: Path) -> ConfirmBox | QMessageBox:
        """Refuse ``source`` with a message if it is not an Aula database, else ask to restore it."""
        try:
            backups.check_aula_database(source)
        except UserError as exc:
            return self._tell(QMessageBox.Icon.Warning, str(exc))
        self.confirm_box = confirm(
            self.main_window, self.tr("Replace the current database with {name}?").format(name=source.name),
            self.tr("What was recorded after this backup was made will no longer be shown. The current "
                    "database is kept as {file}.replaced-… next to it; nothing is deleted.").format(
                        file=self.main_window.ctx.db.path.name),
            self.tr("Restore"), lambda: self.restore(source))
        return self.confirm_box

    def restore(self, source: Path) -> QMessageBox:
        ctx = self.main_window.ctx
        path = ctx.db.path
        close_group = getattr(self.main_window, "close_group_view", None)
        if close_group is not None:
            close_group()
        ctx.db.close()
        try:
            self.restored = backups.restore_database(path, source)
        except UserError as exc:
            return self._tell(QMessageBox.Icon.Warning, str(exc))
        finally:
            ctx.db = Database(path)
            self._reload_window()
        return self._tell(QMessageBox.Icon.Information, self.tr(
            "The backup {name} was restored. The previous database was kept as {aside}.").format(
                name=source.name, aside=self.restored.set_aside))

    def _reload_window(self) -> None:
        for view in (getattr(self.main_window, "groups_view", None), getattr(self.main_window, "staff_view", None)):
            if view is not None:
                view.reload()

    def _tell(self, icon: QMessageBox.Icon, text: str) -> QMessageBox:
        self.message_box = QMessageBox(icon, "Aula", text, QMessageBox.StandardButton.Ok, self.main_window)
        self.message_box.open()
        return self.message_box

"""Shown at start-up when the database file is damaged: restore the newest good backup, or quit.

Nothing is deleted: restoring moves the damaged file aside
(``aula.sqlite3.damaged-<time>``) and copies the backup in its place.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.domain.errors import UserError
from app.services import backups
from app.storage.errors import DatabaseDamaged
from app.ui.widgets import label, set_tone

logger = logging.getLogger(__name__)


class DamagedDatabaseDialog(QDialog):
    """Explains the damage and offers the newest good backup.

    Attributes:
        restored: what the restore did, once it succeeded (the dialog is then accepted).
    """

    def __init__(self, damage: DatabaseDamaged, backup: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damagedDatabaseDialog")
        self.setWindowTitle(self.tr("Damaged database"))
        self.damage = damage
        self.backup = backup
        self.restored: backups.Restored | None = None
        text = self.tr("The database {path} is damaged and Aula cannot use it.").format(path=damage.path)
        if backup is not None:
            taken = backups.backup_time(backup)
            advice = self.tr(
                "The newest good backup was made on {date} at {time} ({name}). Restore it? What was "
                "recorded after that moment is not in it. The damaged file is kept as "
                "{file}.damaged-… next to it; nothing is deleted.").format(
                    date=taken.strftime("%d/%m/%Y") if taken else "—",
                    time=taken.strftime("%H:%M") if taken else "—", name=backup.name, file=damage.path.name)
        else:
            advice = self.tr(
                "There is no good backup in {folder}. Do not delete the file: close Aula and ask technical "
                "support for help.").format(folder=damage.path.parent / "backups")
        self.text_label = label(text, wrap=True)
        self.advice_label = label(advice, wrap=True)
        self.detail_label = label(self.tr("What SQLite reported: {detail}").format(detail=damage.detail),
                                  wrap=True)
        self.detail_label.setProperty("role", "muted")
        self.error_label = label("", "feedback", wrap=True)
        set_tone(self.error_label, "bad")
        self.error_label.hide()
        buttons = QDialogButtonBox()
        self.restore_button = None
        if backup is not None:
            self.restore_button = buttons.addButton(self.tr("Restore backup"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
            self.restore_button.clicked.connect(self._on_restore_button_clicked)
            self.restore_button.setDefault(True)
        self.quit_button = buttons.addButton(self.tr("Quit Aula"), QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.text_label, self.advice_label, self.detail_label, self.error_label):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    @Slot()
    def _on_restore_button_clicked(self) -> None:
        try:
            self.restored = backups.restore_database(self.damage.path, self.backup)
        except UserError as exc:
            logger.warning("Restore refused: %s", exc)
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.accept()

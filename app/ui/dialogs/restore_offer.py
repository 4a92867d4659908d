"""The part the start-up dialogs share: offer the newest good backup, restore it, or quit.

:class:`DamagedDatabaseDialog` and :class:`MissingDatabaseDialog` explain different troubles
but offer the same way out: a "Restaurar respaldo" button (when a good backup exists) that
puts the backup in place of ``path`` and accepts the dialog, an error line for a refused
restore, and "Salir de Aula".
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.domain.errors import UserError
from app.services import backups
from app.ui.widgets import label, set_tone

logger = logging.getLogger(__name__)


class RestoreOfferDialog(QDialog):
    """Builds the error line and the buttons; subclasses add their own texts with :meth:`finish`.

    Attributes:
        restored: what the restore did, once it succeeded (the dialog is then accepted).
        restore_button: ``None`` when there is no good backup to offer.
    """

    def __init__(self, path: Path, backup: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.backup = backup
        self.restored: backups.Restored | None = None
        self.error_label = label("", "feedback", wrap=True)
        set_tone(self.error_label, "bad")
        self.error_label.hide()
        self.buttons = QDialogButtonBox()
        self.restore_button = None
        if backup is not None:
            # An explicit context: a tr() in a base class would be looked up under each subclass's name.
            self.restore_button = self.buttons.addButton(
                QCoreApplication.translate("RestoreOffer", "Restore backup"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.restore_button.clicked.connect(self._on_restore_button_clicked)
            self.restore_button.setDefault(True)
        self.quit_button = self.buttons.addButton(QCoreApplication.translate("RestoreOffer", "Quit Aula"),
                                                  QDialogButtonBox.ButtonRole.RejectRole)
        self.quit_button.clicked.connect(self.reject)

    def finish(self, *labels: QLabel) -> None:
        """Lay out ``labels``, the error line and the buttons."""
        layout = QVBoxLayout(self)
        for widget in (*labels, self.error_label):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    @Slot()
    def _on_restore_button_clicked(self) -> None:
        try:
            self.restored = backups.restore_database(self.path, self.backup)
        except UserError as exc:
            logger.warning("Restore refused: %s", exc)
            self.error_label.setText(str(exc))
            self.error_label.show()
            return
        self.accept()

"""Shown at start-up when the database this device used is gone or empty (0 bytes).

Aula never starts an empty database in its place without asking: the groups, marks and
constancias may only have been moved, and a backup may bring them back. The user chooses
the newest good backup, a new empty database (the next constancias get a new key, so no
folio repeats), or to quit and look for the file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from app.services import backups
from app.storage.errors import DatabaseMissing
from app.ui.dialogs.restore_offer import RestoreOfferDialog
from app.ui.widgets import label


class MissingDatabaseDialog(RestoreOfferDialog):
    """Explains that the database is missing and offers a backup or a new database.

    Attributes:
        choice: ``"restored"`` or ``"new"`` once accepted; ``None`` when the user quit.
    """

    def __init__(self, missing: DatabaseMissing, backup: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(missing.path, backup, parent)
        self.setObjectName("missingDatabaseDialog")
        self.setWindowTitle(self.tr("Database not found"))
        self.missing = missing
        self._new_chosen = False
        if missing.empty:
            text = self.tr("The database {path} is empty (0 bytes), but this computer already used it: "
                           "its constancias are numbered with the key {code}.")
        else:
            text = self.tr("The database {path} is not there, but this computer already used it: "
                           "its constancias are numbered with the key {code}.")
        text = text.format(path=missing.path, code=missing.device_code)
        if backup is not None:
            taken = backups.backup_time(backup)
            advice = self.tr(
                "If the file was moved, quit and put it back. The newest good backup was made on {date} at "
                "{time} ({name}); restoring it brings back everything recorded until then.").format(
                    date=taken.strftime("%d/%m/%Y") if taken else "—",
                    time=taken.strftime("%H:%M") if taken else "—", name=backup.name)
        else:
            advice = self.tr("If the file was moved, quit and put it back. There is no backup in {folder}.").format(
                folder=missing.path.parent / "backups")
        new_text = self.tr("Starting a new, empty database is only right if the old one is truly lost: the "
                           "next constancias will carry a new key, so no folio is ever repeated.")
        self.text_label = label(text, wrap=True)
        self.advice_label = label(advice, wrap=True)
        self.new_label = label(new_text, wrap=True)
        self.new_label.setProperty("role", "muted")
        self.new_button = self.buttons.addButton(self.tr("Start a new database"),
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.new_button.setAutoDefault(False)  # Enter never makes a new database by accident
        self.finish(self.text_label, self.advice_label, self.new_label)
        if backup is None:  # neither Enter nor Space starts a new database by accident
            self.quit_button.setDefault(True)
            self.quit_button.setFocus()

    @property
    def choice(self) -> str | None:
        """``"restored"`` or ``"new"`` once accepted; ``None`` while open or after quitting."""
        if self.restored is not None:
            return "restored"
        return "new" if self._new_chosen else None

    @Slot()
    def _on_new_button_clicked(self) -> None:
        self._new_chosen = True
        self.accept()

"""Shown at start-up when the database file is damaged: restore the newest good backup, or quit.

Nothing is deleted: restoring moves the damaged file aside
(``aula.sqlite3.damaged-<time>``) and copies the backup in its place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from app.services import backups
from app.storage.errors import DatabaseDamaged
from app.ui.dialogs.restore_offer import RestoreOfferDialog
from app.ui.widgets import label


class DamagedDatabaseDialog(RestoreOfferDialog):
    """Explains the damage and offers the newest good backup.

    Attributes:
        restored: what the restore did, once it succeeded (the dialog is then accepted).
    """

    def __init__(self, damage: DatabaseDamaged, backup: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(damage.path, backup, parent)
        self.setObjectName("damagedDatabaseDialog")
        self.setWindowTitle(self.tr("Damaged database"))
        self.damage = damage
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
        self.finish(self.text_label, self.advice_label, self.detail_label)

"""Opening the database at start-up without ever dying before the window.

- a damaged file: :class:`DamagedDatabaseDialog` offers the newest good backup;
- a missing or empty file this device used: :class:`MissingDatabaseDialog` offers the newest good
  backup or, only when asked, a new database;
- a folder that cannot be written: the window opens read-only with a banner;
- a file that cannot be opened at all: a plain message, then Aula closes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.services.context import Context
from app.storage.errors import DatabaseDamaged, DatabaseMissing, DatabaseUnreadable, DataFolderReadOnly

logger = logging.getLogger(__name__)


@dataclass
class OpenedDatabase:
    """What start-up could open.

    Attributes:
        services: the services' context, or ``None`` when there is no database to show.
        read_only: why nothing can be written, when that is so (shown in the banner).
    """

    services: Context | None
    read_only: DataFolderReadOnly | None = None


def open_database(path: Path, parent: QWidget | None = None) -> OpenedDatabase | None:
    """Open ``path`` for the window; ``None`` when the user chose to quit (or nothing can be opened)."""
    new_database = False
    while True:
        try:
            services = Context.open(path, new_database=new_database)
        except DatabaseDamaged as damage:
            from app.services import backups
            from app.ui.dialogs.damaged_database_dialog import DamagedDatabaseDialog

            logger.error("Damaged database at start-up: %s", damage.detail)
            dialog = DamagedDatabaseDialog(damage, backups.latest_good_backup(path), parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            logger.warning("Restored %s from %s; damaged file kept as %s", path,
                           dialog.restored.source, dialog.restored.set_aside)
            continue  # open the restored file (checked, so it opens)
        except DatabaseMissing as missing:
            from app.services import backups
            from app.ui.dialogs.missing_database_dialog import MissingDatabaseDialog

            logger.error("Database missing at start-up: %s", missing)
            dialog = MissingDatabaseDialog(missing, backups.latest_good_backup(path), parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            logger.warning("Missing database %s: the user chose %s", path, dialog.choice)
            new_database = dialog.choice == "new"
            if new_database:
                path.unlink(missing_ok=True)  # an empty file: start it afresh
            continue
        except DataFolderReadOnly as refusal:
            logger.warning("Opening without a database: %s", refusal)
            return OpenedDatabase(None, refusal)
        except DatabaseUnreadable as failure:
            logger.error("Cannot open the database: %s", failure)
            QMessageBox(QMessageBox.Icon.Critical, "Aula", str(failure), QMessageBox.StandardButton.Ok,
                        parent).exec()
            return None
        if services.db.read_only:
            return OpenedDatabase(services, DataFolderReadOnly(path.parent))
        return OpenedDatabase(services)

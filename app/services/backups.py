"""Backing up and restoring the local database: the use cases the CLI and the window call.

Backups are checked copies kept in ``backups/`` next to the database (see
:mod:`app.storage.backups`); restoring never deletes the file it replaces.
"""

from __future__ import annotations

from pathlib import Path

from app.services.context import Context
from app.storage import backups as storage
from app.storage.backups import Restored, backup_time, check_aula_database, latest_good_backup, list_backups

__all__ = ["Restored", "back_up", "back_up_if_due", "backup_folder", "backup_time", "check_aula_database",
           "latest_good_backup", "list_backups", "restore_database"]


def backup_folder(ctx: Context) -> Path:
    return storage.backup_folder(ctx.db.path)


def back_up(ctx: Context, label: str = "manual") -> Path:
    """A checked copy of the open database, taken now; the oldest beyond the last ten are removed.

    Raises:
        DataFolderReadOnly: the data folder cannot be written (read-only mode included).
        DatabaseDamaged: the database fails the integrity check (no copy is kept).
    """
    return storage.take_backup(ctx.db.path, label, now=ctx.clock())


def back_up_if_due(ctx: Context, label: str = "diario") -> Path | None:
    """Take a backup if the newest is a day old or there is none; nothing in read-only mode."""
    if ctx.db.read_only or not storage.backup_is_due(ctx.db.path, ctx.clock()):
        return None
    return back_up(ctx, label)


def restore_database(db_path: Path, source: Path) -> Restored:
    """Put the Aula database ``source`` in place of ``db_path``, which must not be open.

    Raises:
        NotAnAulaDatabase: ``source`` is not a sound Aula database (nothing changed).
        DataFolderReadOnly: the folder cannot be written (nothing changed).
    """
    return storage.restore(db_path, source)

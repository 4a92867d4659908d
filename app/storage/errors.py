"""What can go wrong when the local database is opened, told apart and in Spanish.

A damaged file, a folder that cannot be written and a file that cannot be
opened at all are three different failures with three different remedies:
none of them is ever taken for a new or unversioned database.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from app.domain.errors import UserError

# SQLite's messages for a file whose content is not a sound database.
_DAMAGE_MARKERS = ("file is not a database", "database disk image is malformed", "malformed",
                   "file is encrypted or is not a database")
# ... and for a file or folder it may not open or write.
_ACCESS_MARKERS = ("unable to open database file", "attempt to write a readonly database",
                   "readonly database", "read-only file system", "permission denied")


class DatabaseDamaged(UserError):
    """The database file is corrupted; the newest good backup can replace it."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = Path(path)
        self.detail = detail
        super().__init__(
            f"La base de datos {self.path} está dañada y no se puede usar ({detail}). "
            "Restaure un respaldo; el archivo dañado se guardará aparte.")


class DataFolderReadOnly(UserError):
    """The data folder cannot be written: only reading is possible."""

    def __init__(self, folder: Path, reason: str = "") -> None:
        self.folder = Path(folder)
        super().__init__(f"No se puede escribir en la carpeta de datos {self.folder}"
                         + (f": {reason}" if reason else "")
                         + ". Revise sus permisos o el espacio del disco, o use otra carpeta con AULA_HOME.")


class DatabaseUnreadable(UserError):
    """The database file exists but cannot be opened (permissions, a folder in its place...)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        super().__init__(f"No se puede abrir la base de datos {self.path} ({reason}). "
                         "Revise los permisos del archivo y de su carpeta.")


class NotAnAulaDatabase(UserError):
    """A file offered for restore that is not a sound Aula database."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        super().__init__(f"El archivo {self.path} no es una base de datos de Aula que se pueda "
                         f"restaurar: {reason}.")


_OS_REASONS = {errno.EROFS: "el disco es de solo lectura", errno.EACCES: "no hay permiso de escritura",
               errno.EPERM: "no hay permiso de escritura", errno.ENOSPC: "el disco está lleno"}


def os_reason(exc: OSError) -> str:
    """A short Spanish reason for an operating-system error."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def _message(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
    return str(orig if orig is not None else exc).lower()


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` (sqlite3's or SQLAlchemy's) says the file's content is corrupt."""
    if not isinstance(exc, sqlite3.DatabaseError) and not isinstance(getattr(exc, "orig", None),
                                                                     sqlite3.DatabaseError):
        return False
    message = _message(exc)
    return any(marker in message for marker in _DAMAGE_MARKERS)


def is_access_problem(exc: BaseException) -> bool:
    """Whether ``exc`` says the file or its folder may not be opened or written (not damage)."""
    if isinstance(exc, PermissionError):
        return True
    message = _message(exc)
    return any(marker in message for marker in _ACCESS_MARKERS)

"""What can go wrong when the local database is opened, told apart and in Spanish.

A damaged file, a folder that cannot be written and a file that cannot be
opened at all are three different failures with three different remedies:
none of them is ever taken for a new or unversioned database.

A full disk, as the user hears of it, is one Spanish line too: no SQL, no
personal data.

SQLite reports a full disk as ``SQLITE_FULL`` ("database or disk is full"),
wrapped by SQLAlchemy in an ``OperationalError`` whose text holds the
statement (its parameters are hidden: the engines use ``hide_parameters``);
file writes raise :class:`OSError` with ``ENOSPC`` (or ``EDQUOT``, over a
quota). :func:`disk_full_as_user_error` turns all of these into
:class:`DiskFull`, logging only the kind of failure.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
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


class DatabaseMissing(UserError):
    """The database next to a key that already numbers folios is gone or empty.

    Not treated as a new, empty database without being asked: its constancias and marks
    may only have been moved, and a backup may bring them back.
    """

    def __init__(self, path: Path, device_code: str, empty: bool) -> None:
        self.path = Path(path)
        self.device_code = device_code
        self.empty = empty
        state = "está vacía (0 bytes)" if empty else "no existe"
        super().__init__(
            f"La base de datos {self.path} {state}, pero este equipo ya tenía una: la que numera sus "
            f"constancias con la llave {device_code}. Restaure un respaldo («aula restore --latest») o, "
            "si de verdad quiere empezar de cero, cree una base nueva con «aula new-database» "
            "(los folios no se repetirán: se usará una llave nueva).")


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

log = logging.getLogger(__name__)

_SQLITE_FULL = 13
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})


class DiskFull(UserError):
    """The disk (or the user's quota) is full; what was committed before is intact."""

    MESSAGE = ("No hay espacio en el disco: libere espacio y vuelva a intentarlo; "
               "lo ya guardado está a salvo.")

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or the DB-API error SQLAlchemy wrapped in it) means "no space left"."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _NO_SPACE:
            return True
        if isinstance(current, sqlite3.Error) and (
                getattr(current, "sqlite_errorcode", None) == _SQLITE_FULL
                or "database or disk is full" in str(current)):
            return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False


@contextmanager
def disk_full_as_user_error(what: str) -> Iterator[None]:
    """Re-raise a full-disk failure inside the block as :class:`DiskFull`; others pass unchanged.

    Args:
        what: what was being written, for the log ("database write", "PDF").
    """
    try:
        yield
    except DiskFull:
        raise
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        # The type only: an SQLAlchemy error's text holds the statement.
        log.warning("Disk full during %s (%s)", what, type(exc).__name__)
        raise DiskFull() from None

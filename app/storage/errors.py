"""A full disk, as the user hears of it: one Spanish line, no SQL, no personal data.

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

from app.domain.errors import UserError

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

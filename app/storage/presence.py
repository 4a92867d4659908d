"""A database that used to be here is never silently replaced by a new, empty one.

The device's key pair lives in the data folder next to the database and a binding file
names the database it numbers folios for (:mod:`app.storage.keys`). When that database is
missing or empty (0 bytes: a failed copy, a full disk, a sync tool) while the binding is
still there, opening it would create a new, empty database: the instructor would see no
groups and might go on working in it. Instead the caller is told, and only an explicit
"new database" (``aula new-database``, the start-up dialog's button, ``aula demo``) goes on.
"""

from __future__ import annotations

from pathlib import Path

from app.storage.errors import DatabaseMissing


def check_database_present(path: Path) -> None:
    """Raise :class:`DatabaseMissing` when ``path`` is gone or empty but its folder's key is bound.

    Only the folder the database lives in counts: a database elsewhere (``--db``) does not
    share that folder's key binding, so it is created as asked.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError:
        return  # unreadable: opening it reports the real reason
    if size:
        return
    from app.storage.keys import key_binding  # with the signing keys' cryptography, only here

    binding = key_binding(path.parent)
    if binding is None:
        return
    raise DatabaseMissing(path, binding[0], empty=size == 0)

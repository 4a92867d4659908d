"""Rolling backups of the local database, and restoring one of them.

A backup is a consistent copy made with SQLite's online backup API (safe
while the application is writing), turned into a single self-contained file
and checked with ``PRAGMA integrity_check`` before it counts: a damaged
database never produces a "backup". They live in ``backups/`` next to the
database, named ``aula-<label>-<YYYYmmdd-HHMMSS>.sqlite3``; only the newest
:data:`KEEP` are kept (files with other names are never touched).

Restoring never deletes: the current file (and its ``-wal``/``-shm``) is
moved aside as ``aula.sqlite3.damaged-<time>`` (or ``.replaced-<time>`` when
it was sound) and the backup is copied in under a temporary name, then
renamed over the database in one step.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.storage.errors import DatabaseDamaged, DataFolderReadOnly, NotAnAulaDatabase, is_access_problem, os_reason

log = logging.getLogger(__name__)

KEEP = 10
FOLDER_NAME = "backups"
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^aula-(?P<label>.+)-(?P<stamp>\d{8}-\d{6})(?:-\d+)?\.sqlite3$")
# Tables every Aula database has had since the first revision.
_AULA_TABLES = {"alembic_version", "unit", "worker", "course", "course_group", "attendance"}


@dataclass(frozen=True)
class Restored:
    """What a restore did: where the previous file went and what replaced it."""

    database: Path
    source: Path
    set_aside: Path | None


def backup_folder(db_path: Path) -> Path:
    return Path(db_path).parent / FOLDER_NAME


def _stamp_of(path: Path) -> dt.datetime | None:
    match = _NAME.match(path.name)
    return dt.datetime.strptime(match["stamp"], _STAMP_FORMAT) if match else None


def backup_time(path: Path) -> dt.datetime | None:
    """When a backup was taken, read from its name."""
    return _stamp_of(Path(path))


def list_backups(db_path: Path) -> list[Path]:
    """The backups of ``db_path``, newest first."""
    folder = backup_folder(db_path)
    if not folder.is_dir():
        return []
    found = [(stamp, path) for path in folder.iterdir() if (stamp := _stamp_of(path)) is not None]
    return [path for _stamp, path in sorted(found, key=lambda item: (item[0], item[1].name), reverse=True)]


def _connect_read_only(path: Path) -> sqlite3.Connection:
    # immutable: reads even in a read-only folder and never creates -wal/-shm next to the file.
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def integrity(path: Path) -> str:
    """``"ok"`` when SQLite's integrity check passes, else what it (or opening) reported."""
    try:
        db = _connect_read_only(path)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        db.close()
    return "; ".join(str(row[0]) for row in rows[:3])


def check_aula_database(path: Path) -> str:
    """Raise :class:`NotAnAulaDatabase` unless ``path`` is a sound Aula database; return its revision."""
    path = Path(path)
    if not path.is_file():
        raise NotAnAulaDatabase(path, "no existe o no es un archivo")
    if path.stat().st_size == 0:
        raise NotAnAulaDatabase(path, "está vacío")
    verdict = integrity(path)
    if verdict != "ok":
        reason = ("no es una base de datos SQLite" if "not a database" in verdict
                  else f"está dañado ({verdict})")
        raise NotAnAulaDatabase(path, reason)
    db = _connect_read_only(path)
    try:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not _AULA_TABLES <= tables:
            raise NotAnAulaDatabase(path, "no tiene las tablas de Aula")
        row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        db.close()
    from app.storage.migrate import known_revisions

    if row is None or row[0] not in known_revisions():
        raise NotAnAulaDatabase(path, "su versión del esquema no es de esta versión de Aula "
                                      "(quizá la creó una versión más nueva)")
    return row[0]


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy with the online backup API into ``target`` as one self-contained, checked file."""
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")  # no -wal to carry along with the copy
        dest.commit()
        verdict = "; ".join(str(r[0]) for r in dest.execute("PRAGMA integrity_check").fetchall()[:3])
    finally:
        dest.close()
    if verdict != "ok":
        target.unlink(missing_ok=True)  # our own unfinished copy, not the user's data
        raise sqlite3.DatabaseError(f"database disk image is malformed: {verdict}")


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def take_backup(db_path: Path, label: str = "manual", *, keep: int = KEEP,
                now: dt.datetime | None = None) -> Path:
    """Copy ``db_path`` into the backups folder, check the copy, keep the newest ``keep``.

    Raises:
        DatabaseDamaged: the database (hence the copy) fails the integrity check.
        DataFolderReadOnly: the backups folder cannot be written.
    """
    db_path = Path(db_path)
    folder = backup_folder(db_path)
    stamp = (now or dt.datetime.now()).strftime(_STAMP_FORMAT)
    target = folder / f"aula-{label}-{stamp}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"aula-{label}-{stamp}-{counter}.sqlite3"
    partial = target.with_name(target.name + ".part")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(db_path)
        try:
            _copy(source, partial)
        finally:
            source.close()
        _fsync(partial)
        os.replace(partial, target)
    except sqlite3.DatabaseError as exc:
        partial.unlink(missing_ok=True)
        if is_access_problem(exc):
            raise DataFolderReadOnly(folder) from exc
        raise DatabaseDamaged(db_path, str(exc)) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DataFolderReadOnly(folder, os_reason(exc)) from exc
    log.info("Backed up %s to %s", db_path, target)
    prune(db_path, keep)
    return target


def prune(db_path: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` backups; returns the deleted ones."""
    old = list_backups(db_path)[keep:]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def last_backup_time(db_path: Path) -> dt.datetime | None:
    backups = list_backups(db_path)
    return _stamp_of(backups[0]) if backups else None


def backup_is_due(db_path: Path, now: dt.datetime, max_age: dt.timedelta = dt.timedelta(days=1)) -> bool:
    """Whether the newest backup is older than ``max_age`` (or there is none)."""
    last = last_backup_time(db_path)
    return last is None or now - last >= max_age


def latest_good_backup(db_path: Path) -> Path | None:
    """The newest backup that passes :func:`check_aula_database`, if any."""
    for path in list_backups(db_path):
        try:
            check_aula_database(path)
        except NotAnAulaDatabase as exc:
            log.warning("Skipping backup %s: %s", path, exc)
            continue
        return path
    return None


def set_aside(db_path: Path, reason: str, now: dt.datetime | None = None) -> Path | None:
    """Move the database and its ``-wal``/``-shm`` to ``<name>.<reason>-<time>``; never deletes."""
    db_path = Path(db_path)
    if not db_path.exists():
        return None
    stamp = (now or dt.datetime.now()).strftime(_STAMP_FORMAT)
    aside = db_path.with_name(f"{db_path.name}.{reason}-{stamp}")
    counter = 1
    while aside.exists():
        counter += 1
        aside = db_path.with_name(f"{db_path.name}.{reason}-{stamp}-{counter}")
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{db_path}{suffix}")
        if companion.exists():
            os.replace(companion, Path(f"{aside}{suffix}"))
    os.replace(db_path, aside)
    log.info("Moved %s aside to %s", db_path, aside)
    return aside


def restore(db_path: Path, source: Path, now: dt.datetime | None = None) -> Restored:
    """Replace ``db_path`` with the Aula database ``source``; no connection may be open on it.

    Raises:
        NotAnAulaDatabase: ``source`` is not a sound Aula database (nothing changed).
        DataFolderReadOnly: the database's folder cannot be written (nothing changed).
    """
    db_path, source = Path(db_path), Path(source)
    check_aula_database(source)
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise NotAnAulaDatabase(source, "es la base de datos en uso")
    incoming = db_path.with_name(db_path.name + ".restoring")
    try:
        incoming.unlink(missing_ok=True)
        reader = _connect_read_only(source)
        try:
            _copy(reader, incoming)
        finally:
            reader.close()
        _fsync(incoming)
        sound = not db_path.exists() or integrity(db_path) == "ok"
        aside = set_aside(db_path, "replaced" if sound else "damaged", now)
        try:
            os.replace(incoming, db_path)
        except OSError:
            if aside is not None:  # put the previous file back rather than leave no database
                os.replace(aside, db_path)
            raise
    except sqlite3.DatabaseError as exc:
        incoming.unlink(missing_ok=True)
        raise DataFolderReadOnly(db_path.parent, str(exc)) from exc
    except OSError as exc:
        incoming.unlink(missing_ok=True)
        raise DataFolderReadOnly(db_path.parent, os_reason(exc)) from exc
    log.info("Restored %s from %s (previous file: %s)", db_path, source, aside)
    return Restored(db_path, source, aside)

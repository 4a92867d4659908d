"""Schema migrations with Alembic, run automatically at start-up.

Before an existing database is upgraded, a checked copy is written next to
it (``backups/aula-<revision>-<timestamp>.sqlite3``, see
:mod:`app.storage.backups`), so a failed or unwanted upgrade can always be
undone with ``aula restore``.

The upgrade itself never runs on the user's file: it runs on a working copy
(``aula.sqlite3.upgrading``) made from that backup, and only a fully upgraded
copy is written back, in one transaction, with SQLite's backup API. A
migration that fails half-way (SQLite commits DDL statement by statement
under Alembic) therefore leaves the original file exactly as it was, and
:class:`MigrationFailed` tells the user, in Spanish, where the backup is.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.errors import UserError
from app.storage import backups
from app.storage.errors import DatabaseUnreadable

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# The newest revision in migrations/versions. Start-up compares the database
# with it using sqlite3 alone, so an up-to-date database never loads Alembic
# (a third of a second). tests/unit/test_migrations.py keeps it honest.
SCHEMA_HEAD = "0008"


class MigrationFailed(DatabaseUnreadable):
    """Upgrading the schema failed; the database file was not modified and a backup exists.

    A kind of :class:`DatabaseUnreadable` (this version of Aula cannot open the
    file), so the window's start-up shows it in its message box and ``aula``
    prints it on one line, like any other file that cannot be opened.
    """

    def __init__(self, path: Path, backup: Path, detail: str) -> None:
        self.path = Path(path)
        self.backup = Path(backup)
        self.detail = detail
        UserError.__init__(
            self, f"No se pudo actualizar la base de datos {self.path} a esta versión de Aula ({detail}). "
                  f"El archivo no se modificó y hay un respaldo en {self.backup}. Vuelva a instalar la "
                  "versión anterior de Aula o pida ayuda a soporte técnico con este mensaje.")


def alembic_config(db_path: Path) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(Path("unused"))).get_current_head()


def known_revisions() -> set[str]:
    """Every revision in migrations/versions (file names start with the revision id)."""
    return {path.name.split("_", 1)[0] for path in (MIGRATIONS_DIR / "versions").glob("*.py")
            if not path.name.startswith("__")}


def current_revision(db_path: Path) -> str | None:
    """The schema revision recorded in the file; ``None`` only for a new or empty file.

    A file that cannot be opened or read raises (sqlite3's error): it is never
    taken for an unversioned database.
    """
    if not db_path.exists():
        return None
    db = sqlite3.connect(db_path)
    try:
        row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        return None  # no alembic_version table: an empty or foreign file
    finally:
        db.close()
    return row[0] if row else None


def backup(db_path: Path, label: str) -> Path:
    """A checked copy of the database in its backups folder (:func:`app.storage.backups.take_backup`)."""
    return backups.take_backup(db_path, label)


def upgrade_to_head(db_path: Path, revision: str = "head") -> None:
    """Bring the schema to ``revision``, backing up an existing database first.

    Raises:
        MigrationFailed: a migration failed; ``db_path`` is untouched.
    """
    db_path = Path(db_path)
    current = current_revision(db_path)
    target = SCHEMA_HEAD if revision == "head" else revision
    if current == target:
        return
    from alembic import command

    if current is None and not (db_path.exists() and db_path.stat().st_size > 0):
        command.upgrade(alembic_config(db_path), target)  # a new file: nothing to lose
        return
    copy = backup(db_path, current or "unversioned")
    log.info("Backed up %s to %s before upgrading %s -> %s", db_path, copy, current, target)
    work = db_path.with_name(db_path.name + ".upgrading")
    _remove_with_journals(work)
    try:
        shutil.copyfile(copy, work)  # the backup is one self-contained, checked file
        command.upgrade(alembic_config(work), target)
    except Exception as exc:
        log.exception("Upgrading %s from %s to %s failed; the file is untouched, backup %s",
                      db_path, current, target, copy)
        _remove_with_journals(work)
        raise MigrationFailed(db_path, copy, _summary(exc)) from exc
    try:
        _write_back(work, db_path)
    finally:
        _remove_with_journals(work)


def _summary(exc: BaseException) -> str:
    """The first line of the error, without the SQL statement SQLAlchemy appends."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _write_back(work: Path, db_path: Path) -> None:
    """Replace the content of ``db_path`` with ``work`` in one write transaction (backup API)."""
    source = sqlite3.connect(work)
    try:
        dest = sqlite3.connect(db_path)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()


def _remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

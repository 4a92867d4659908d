"""Schema migrations with Alembic, run automatically at start-up.

Before an existing database is upgraded, a checked copy is written next to
it (``backups/aula-<revision>-<timestamp>.sqlite3``, see
:mod:`app.storage.backups`), so a failed or unwanted upgrade can always be
undone with ``aula restore``.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from app.storage import backups

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# The newest revision in migrations/versions. Start-up compares the database
# with it using sqlite3 alone, so an up-to-date database never loads Alembic
# (a third of a second). tests/unit/test_migrations.py keeps it honest.
SCHEMA_HEAD = "0006"


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
    """Bring the schema to ``revision``, backing up an existing database first."""
    current = current_revision(db_path)
    target = SCHEMA_HEAD if revision == "head" else revision
    if current == target:
        return
    from alembic import command

    if current is not None or (db_path.exists() and db_path.stat().st_size > 0):
        copy = backup(db_path, current or "unversioned")
        log.info("Backed up %s to %s before upgrading %s -> %s", db_path, copy, current, target)
    command.upgrade(alembic_config(db_path), target)

"""Schema migrations with Alembic, run automatically at start-up.

Before an existing database is upgraded, a consistent copy is written next
to it (``backups/aula-<revision>-<timestamp>.sqlite3``) with SQLite's online
backup API, so a failed or unwanted upgrade can always be undone by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# The newest revision in migrations/versions. Start-up compares the database
# with it using sqlite3 alone, so an up-to-date database never loads Alembic
# (a third of a second). tests/unit/test_migrations.py keeps it honest.
SCHEMA_HEAD = "0004"


def alembic_config(db_path: Path) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(Path("unused"))).get_current_head()


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    db = sqlite3.connect(db_path)
    try:
        row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # no alembic_version table: an empty or foreign file
        return None
    finally:
        db.close()
    return row[0] if row else None


def backup(db_path: Path, label: str) -> Path:
    """Copy the database with SQLite's online backup API; returns the copy's path."""
    folder = db_path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"aula-{label}-{stamp}.sqlite3"
    source = sqlite3.connect(db_path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


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

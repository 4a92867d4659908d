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

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(db_path: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config(Path("unused"))).get_current_head()


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists():
        return None
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


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
    target = head_revision() if revision == "head" else revision
    if current == target:
        return
    if current is not None or (db_path.exists() and db_path.stat().st_size > 0):
        copy = backup(db_path, current or "unversioned")
        log.info("Backed up %s to %s before upgrading %s -> %s", db_path, copy, current, target)
    command.upgrade(alembic_config(db_path), revision)

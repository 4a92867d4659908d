"""Engines, transactions and migrations, identical code on SQLite and PostgreSQL.

Writes use :meth:`Database.write`: on SQLite the transaction starts with
``BEGIN IMMEDIATE`` (one writer at a time, no lock-upgrade deadlocks); on
PostgreSQL it runs at READ COMMITTED and the change-log counter row serialises
the commit order of writers (see :mod:`server.changelog`). Reads use
:meth:`Database.read`, a plain transaction that never blocks writers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: Key of the PostgreSQL advisory lock taken while migrating (several API processes may start at once).
_MIGRATION_LOCK_KEY = 0x41554C41  # "AULA"


def _sqlite_engine(url: str, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60},
                           pool_size=8, max_overflow=16)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # An acknowledged push must survive a power cut, as on the desktop.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    """The server's database: a write engine and a read engine (the same one on PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        # SQLite admits one writer at a time; queueing writers of this process on a lock
        # is fairer and cheaper than SQLite's sleeping busy handler (long tail latencies).
        self._write_lock = threading.Lock() if self.is_sqlite else None
        if self.is_sqlite:
            self.write_engine = _sqlite_engine(url, immediate=True)
            self.read_engine = _sqlite_engine(url, immediate=False)
        else:
            self.write_engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
            self.read_engine = self.write_engine

    @property
    def dialect(self) -> str:
        return "sqlite" if self.is_sqlite else "postgresql"

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed by the caller, rolled back on any exception."""
        if self._write_lock is not None:
            self._write_lock.acquire()
        try:
            with Session(self.write_engine, expire_on_commit=False) as session:
                try:
                    yield session
                except BaseException:
                    session.rollback()
                    raise
        finally:
            if self._write_lock is not None:
                self._write_lock.release()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction; loaded objects stay readable after it ends.

        Closing the session returns the connection to the pool, which rolls
        the transaction back without expiring what was loaded.
        """
        with Session(self.read_engine, expire_on_commit=False) as session:
            yield session

    def ping(self) -> None:
        """Raise if the database does not answer or is not migrated."""
        with self.read_engine.connect() as conn:
            conn.execute(text("SELECT value FROM seq_counter WHERE id = 1")).one()

    def dispose(self) -> None:
        self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            self.read_engine.dispose()

    def migrate(self) -> None:
        """Create or upgrade the schema to the newest Alembic revision."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.write_engine.connect() as conn:
            if not self.is_sqlite:
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
                conn.commit()
            try:
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                conn.commit()
            finally:
                if not self.is_sqlite:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_KEY})
                    conn.commit()
        log.info("database at the newest schema (%s)", self.dialect)


T = TypeVar("T")

# Enough for a burst of devices pushing the same rows at once; then the caller gives up.
MAX_ATTEMPTS = 8


def is_retryable(exc: DBAPIError) -> bool:
    """A failure caused by a concurrent writer, which the same work retried will get past."""
    if isinstance(exc, IntegrityError):
        return True  # a concurrent insert of the same key: the retry sees it
    if isinstance(exc, OperationalError):
        message = str(exc.orig).lower()
        return any(s in message for s in ("deadlock", "could not serialize", "database is locked", "busy"))
    return False


def write_with_retries(db: Database, work: Callable[[Session], T], *, label: str) -> T:
    """Run ``work`` in a write transaction and commit, retrying races with concurrent writers.

    ``work`` must start from scratch on each call (it may run several times).

    Raises:
        DBAPIError: a non-retryable failure, or a retryable one that outlasted
            :data:`MAX_ATTEMPTS` (check :func:`is_retryable` to tell them apart).
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with db.write() as session:
                result = work(session)
                session.commit()
                return result
        except DBAPIError as exc:
            if not is_retryable(exc) or attempt == MAX_ATTEMPTS:
                raise
            log.info("%s retry %d after %s", label, attempt, type(exc).__name__)
    raise AssertionError("unreachable")

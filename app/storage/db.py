"""The local SQLite database: engine, transactions, start-up migration.

SQLite runs in WAL mode with foreign keys on and ``synchronous=FULL``, so a
committed mark survives an application crash and a power cut. Writes take
the write lock up front (``BEGIN IMMEDIATE``) so two writers never deadlock
on a lock upgrade; reads are plain deferred transactions that never block
writers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.storage.errors import disk_full_as_user_error

log = logging.getLogger(__name__)

DB_FILENAME = "aula.sqlite3"


def _sqlite_engine(path: Path, begin_sql: str) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": 30},
        hide_parameters=True,  # an error's text never carries names or CURPs into logs
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions are
        # not what SQLAlchemy expects), then set the per-connection pragmas.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql(begin_sql)

    return engine


class Database:
    """One local database file and the two ways into it.

    Args:
        path: the SQLite file; created if missing.
        migrate: bring the schema to the newest revision first (with a backup
            copy of an existing file taken before any upgrade).
    """

    def __init__(self, path: Path | str, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if migrate:
            from app.storage.migrate import upgrade_to_head

            upgrade_to_head(self.path)
        self._read_engine = _sqlite_engine(self.path, "BEGIN")
        self._write_engine = _sqlite_engine(self.path, "BEGIN IMMEDIATE")
        self._write_lock = threading.Lock()

    @property
    def engine(self) -> Engine:
        """The engine for reads (and for tools that manage their own transactions)."""
        return self._read_engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on normal exit, rolled back on error.

        Writers in this process queue on a lock so they never spin on
        SQLite's busy handler; other processes wait on ``busy_timeout``.
        A full disk raises :class:`~app.storage.errors.DiskFull` (rolled back).
        """
        with self._write_lock, disk_full_as_user_error("database write"):
            with Session(self._write_engine, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only snapshot; nothing it does is committed.

        Closing the session ends the transaction and detaches the rows with
        their loaded values, so callers may read them after the block.
        """
        with Session(self._read_engine, expire_on_commit=False) as session:
            yield session

    def close(self) -> None:
        self._read_engine.dispose()
        self._write_engine.dispose()

    def integrity_check(self) -> str:
        with self._read_engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()

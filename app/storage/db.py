"""The local SQLite database: engine, transactions, start-up migration.

SQLite runs in WAL mode with foreign keys on and ``synchronous=FULL``, so a
committed mark survives an application crash and a power cut. Writes take
the write lock up front (``BEGIN IMMEDIATE``) so two writers never deadlock
on a lock upgrade; reads are plain deferred transactions that never block
writers.

Opening checks the file first (``PRAGMA quick_check``, milliseconds for a
course's data): a corrupted file raises :class:`DatabaseDamaged`, a folder
that cannot be written opens the database read-only (every write then raises
:class:`DataFolderReadOnly`), and a file that cannot be opened at all raises
:class:`DatabaseUnreadable`. None of them is taken for a new database.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.storage.errors import (
    DatabaseDamaged,
    DatabaseUnreadable,
    DataFolderReadOnly,
    disk_full_as_user_error,
    is_access_problem,
    is_damage,
    os_reason,
)

log = logging.getLogger(__name__)

DB_FILENAME = "aula.sqlite3"


def _read_only_uri(path: Path) -> str:
    # immutable: SQLite reads a WAL database without creating -wal/-shm files,
    # which a read-only folder would refuse.
    return f"{path.resolve().as_uri()}?mode=ro&immutable=1"


def _sqlite_engine(path: Path, begin_sql: str, *, read_only: bool = False) -> Engine:
    if read_only:
        uri = _read_only_uri(path)
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=30), hide_parameters=True)
    else:
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


def folder_is_writable(folder: Path) -> bool:
    """Whether a file can be created in ``folder`` (tried, not guessed from the mode bits)."""
    try:
        handle, name = tempfile.mkstemp(prefix=".aula-write-test-", dir=folder)
    except OSError:
        return False
    os.close(handle)
    os.unlink(name)
    return True


def quick_check(path: Path, *, read_only: bool = False) -> str:
    """SQLite's ``quick_check`` of the file: ``"ok"`` or the first problems it reports.

    Raises:
        DatabaseDamaged: the file is not a database at all.
        DatabaseUnreadable: the file cannot be opened.
    """
    try:
        db = sqlite3.connect(_read_only_uri(path), uri=True) if read_only else sqlite3.connect(path)
        try:
            rows = db.execute("PRAGMA quick_check").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise DatabaseDamaged(path, str(exc)) from exc
        raise DatabaseUnreadable(path, str(exc)) from exc
    return "; ".join(str(row[0]) for row in rows[:3])


#: Checks begun by :func:`begin_quick_check`: the file's (path, read-only, size, mtime) -> verdict.
_early_checks: dict[tuple[Path, bool, int, int], Future[str]] = {}
_early_lock = threading.Lock()


def _check_key(path: Path, read_only: bool) -> tuple[Path, bool, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (path.resolve(), read_only, stat.st_size, stat.st_mtime_ns) if stat.st_size else None


def begin_quick_check(path: Path | str) -> None:
    """Start :func:`quick_check` of ``path`` on a thread, for the :class:`Database` that opens it next.

    At start-up the check then runs while the interface's modules load (SQLite releases
    the GIL); the database still opens only on its verdict, and only if the file is the
    one checked (same size and modification time), else it is checked again.
    """
    path = Path(path)
    folder = path.parent
    read_only = not (folder.is_dir() and folder_is_writable(folder) and os.access(path, os.W_OK))
    key = _check_key(path, read_only)
    if key is None:
        return
    verdict: Future[str] = Future()

    def run() -> None:
        try:
            verdict.set_result(quick_check(path, read_only=read_only))
        except BaseException as exc:  # noqa: BLE001 (raised again by the Database that opens the file)
            verdict.set_exception(exc)

    with _early_lock:
        _early_checks[key] = verdict
    threading.Thread(target=run, name="aula-quick-check", daemon=True).start()


def _checked(path: Path, read_only: bool) -> str:
    """The verdict of an early check of this very file, else :func:`quick_check` now."""
    key = _check_key(path, read_only)
    with _early_lock:
        early = _early_checks.pop(key, None) if key is not None else None
    if early is not None:
        return early.result()
    return quick_check(path, read_only=read_only)


class Database:
    """One local database file and the two ways into it.

    Args:
        path: the SQLite file; created if missing.
        migrate: bring the schema to the newest revision first (with a backup
            copy of an existing file taken before any upgrade).
        read_only: ``None`` opens read-only only when the folder cannot be
            written; ``True`` forces it; ``False`` raises
            :class:`DataFolderReadOnly` instead.

    Raises:
        DatabaseDamaged: the file is corrupted (it is left untouched).
        DataFolderReadOnly: the folder cannot be written and the database
            does not exist yet or needs an upgrade (or ``read_only=False``).
        DatabaseUnreadable: the file exists but cannot be opened.
    """

    def __init__(self, path: Path | str, *, migrate: bool = True, read_only: bool | None = None) -> None:
        self.path = Path(path)
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataFolderReadOnly(folder, os_reason(exc)) from exc
        writable = folder_is_writable(folder) and (not self.path.exists() or os.access(self.path, os.W_OK))
        if read_only is None:
            read_only = not writable
        elif not read_only and not writable:
            raise DataFolderReadOnly(folder)
        if read_only and not self.path.is_file():
            raise DataFolderReadOnly(folder, "la base de datos no existe y no se puede crear")
        self.read_only = read_only
        if self.path.exists() and not self.path.is_file():
            raise DatabaseUnreadable(self.path, "no es un archivo")
        if self.path.is_file() and self.path.stat().st_size > 0:
            verdict = _checked(self.path, read_only)
            if verdict != "ok":
                raise DatabaseDamaged(self.path, verdict)
        if migrate:
            self._migrate()
        self._read_engine = _sqlite_engine(self.path, "BEGIN", read_only=read_only)
        self._write_engine = None if read_only else _sqlite_engine(self.path, "BEGIN IMMEDIATE")
        self._write_lock = threading.Lock()
        if read_only:
            log.info("Opened %s read-only: %s cannot be written", self.path, folder)

    def _migrate(self) -> None:
        from app.storage.migrate import SCHEMA_HEAD, upgrade_to_head

        if self.read_only:
            db = sqlite3.connect(_read_only_uri(self.path), uri=True)
            try:
                row = db.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError:
                row = None
            finally:
                db.close()
            if row is None or row[0] != SCHEMA_HEAD:
                raise DataFolderReadOnly(self.path.parent, "la base de datos necesita actualizarse y "
                                                           "no se puede escribir")
            return
        try:
            upgrade_to_head(self.path)
        except (sqlite3.DatabaseError, OperationalError) as exc:
            if is_damage(exc):
                raise DatabaseDamaged(self.path, str(getattr(exc, "orig", exc))) from exc
            if is_access_problem(exc):  # the folder is writable: the file itself is the problem
                raise DatabaseUnreadable(self.path, str(getattr(exc, "orig", exc))) from exc
            raise

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
        if self._write_engine is None:
            raise DataFolderReadOnly(self.path.parent)
        with self._write_lock, disk_full_as_user_error("database write"):
            with Session(self._write_engine, expire_on_commit=False) as session:
                try:
                    yield session
                    session.commit()
                except OperationalError as exc:
                    session.rollback()
                    if is_access_problem(exc):
                        raise DataFolderReadOnly(self.path.parent, str(exc.orig)) from exc
                    raise
                except BaseException:
                    session.rollback()
                    raise

    @contextmanager
    def write_core(self) -> Iterator[Connection]:
        """The same write transaction as :meth:`write` for SQLAlchemy Core statements.

        For the hot paths (a scan, a status click, a participation tick): no ORM
        unit of work, the same guarantees — ``BEGIN IMMEDIATE`` under the same
        lock, ``synchronous=FULL``, committed on normal exit before the caller
        returns, rolled back on error, and the same translated errors.
        """
        if self._write_engine is None:
            raise DataFolderReadOnly(self.path.parent)
        with self._write_lock, disk_full_as_user_error("database write"), \
                self._write_engine.connect() as conn:
            try:
                with conn.begin():
                    yield conn
            except OperationalError as exc:
                if is_access_problem(exc):
                    raise DataFolderReadOnly(self.path.parent, str(exc.orig)) from exc
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
        if self._write_engine is not None:
            self._write_engine.dispose()

    def integrity_check(self) -> str:
        with self._read_engine.connect() as conn:
            return conn.exec_driver_sql("PRAGMA integrity_check").scalar_one()

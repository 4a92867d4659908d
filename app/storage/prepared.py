"""Write statements compiled once and run straight on the driver, for the hot paths.

A scan, a status click or a participation tick is three writes (the mark, its
outbox op, its audit entry) in one transaction. Through ``Connection.execute``
each write pays SQLAlchemy's per-call work (cache-key lookup, execution
context, events, result set-up) several times over SQLite's own. A
:class:`PreparedWrite` compiles its Core statement once for the connection's
dialect, keeps the column types' bind converters, and runs on the DBAPI
connection of the caller's transaction: the same SQL, the same stored values,
the same transaction, at a fraction of the cost.

Every column is given explicitly (or by a declared default): a forgotten value
is an error, never a silent NULL. Driver errors come out as SQLAlchemy's own
(``sqlalchemy.exc.OperationalError``…), so the full-disk and read-only
translations of :mod:`app.storage.db` see them as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.dml import UpdateBase


def storage_form(conn: Connection, column: Any) -> Callable[[Any], Any]:
    """How ``column`` turns a Python value into what the database stores (its SQLAlchemy type's
    bind processor for ``conn``'s dialect, as a compiled statement applies it), for writers that
    bypass statement compilation."""
    process = column.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return process if process is not None else stored_as_is


def stored_as_is(value: Any) -> Any:
    """The :func:`storage_form` of a column whose values are stored unchanged (text, integers)."""
    return value


class PreparedWrite:
    """One INSERT (or upsert) compiled once; call it with a dict of every column's value.

    Args:
        statement: the Core statement, e.g. ``insert(table)``.
        defaults: values for columns the caller may leave out (an autoincrement
            key as ``None``, a fixed ``""``).
    """

    def __init__(self, statement: UpdateBase, *, defaults: Mapping[str, Any] | None = None) -> None:
        self._statement = statement
        self._defaults = dict(defaults or {})
        self._sql = ""
        self._plan: tuple[tuple[str, Callable[[Any], Any] | None], ...] = ()

    def _compile(self, conn: Connection) -> None:
        compiled = self._statement.compile(dialect=conn.dialect)
        columns = self._statement.table.c  # type: ignore[attr-defined]  # an INSERT's target table
        plan = []
        for name in compiled.positiontup or ():
            process = storage_form(conn, columns[name])  # UUID → hex, datetime → text…
            plan.append((name, None if process is stored_as_is else process))
        self._plan = tuple(plan)
        self._sql = compiled.string

    def parameters(self, conn: Connection, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The driver's positional parameters for ``values``, converted as SQLAlchemy would."""
        if not self._sql:
            self._compile(conn)
        defaults = self._defaults
        row = []
        for name, process in self._plan:
            value = values[name] if name in values else defaults[name]
            row.append(value if process is None or value is None else process(value))
        return tuple(row)

    def __call__(self, conn: Connection, values: Mapping[str, Any]) -> None:
        """Run the statement in ``conn``'s open transaction.

        Raises:
            KeyError: a column has neither a value nor a declared default.
            sqlalchemy.exc.DBAPIError: what SQLAlchemy would raise for the driver's error.
        """
        parameters = self.parameters(conn, values)
        driver = conn.connection.driver_connection
        assert driver is not None, "the connection is closed"
        try:
            driver.execute(self._sql, parameters)
        except sqlite3.Error as exc:
            # Parameters hidden, as the engines hide them: an error's text never carries a name or a CURP.
            raise DBAPIError.instance(self._sql, parameters, exc, sqlite3.Error, hide_parameters=True) from exc

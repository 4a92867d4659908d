"""A big insert into indexed tables (the staff import): the same rows, indexes and guarantees, cheaper.

Inserting 20,000 workers costs SQLite twice as much with the table's secondary
indexes in place as without them: each row goes into five more B-trees at a
random place. Inside :func:`bulk_load`, a table whose insert adds at least as
many rows as it holds (and at least :data:`MIN_ROWS`) loses its secondary
indexes (not the primary key's, nor a ``UNIQUE`` constraint's autoindex) for
the block, and gets them back before the block ends, from their own ``CREATE
INDEX`` text, in the same order. Building an index from the whole table at once
(a sort) is cheaper than adding to it row by row once the new rows are as many
as the old. (A larger page cache for the block was measured too: no gain that
showed, and the process kept about 23 MB more after a 20,000-row import.)

Everything happens in the caller's transaction, and SQLite's schema changes are
transactional: the commit publishes the rows with their indexes, and a failure
anywhere (in the block, or re-creating an index: a duplicate matrícula would
fail there) rolls back to the exact schema and data of before. Nothing else
reads the tables meanwhile (the caller holds the write lock, and readers see the
last commit). The block itself must not rely on a dropped index, except for
speed; a ``UNIQUE`` index is checked when it is re-created. (Planner statistics
of a dropped index, were ``ANALYZE`` ever run, would go with it; Aula runs none.)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy.engine import Connection

#: Fewer new rows than this keep the indexes: dropping and re-creating them costs more.
MIN_ROWS = 2_000


def _secondary_indexes(conn: Connection, table: str) -> list[tuple[str, str]]:
    """The table's indexes that have their own ``CREATE INDEX`` (name, text), in creation order."""
    return [(name, sql) for name, sql in conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
        "ORDER BY rowid", (table,)).all()]


def _rows_in(conn: Connection, table: str) -> int:
    return conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one()


def indexes_to_rebuild(conn: Connection, adding: Mapping[str, int]) -> list[tuple[str, str, str]]:
    """(table, index, text) of the indexes :func:`bulk_load` drops for ``adding`` new rows per table."""
    return [(table, name, sql) for table, count in adding.items()
            if count >= MIN_ROWS and count >= _rows_in(conn, table)
            for name, sql in _secondary_indexes(conn, table)]


@contextmanager
def bulk_load(conn: Connection, adding: Mapping[str, int]) -> Iterator[None]:
    """Insert about ``adding[table]`` rows into each table inside the block (see the module docstring).

    Args:
        conn: the connection of the caller's open write transaction.
        adding: how many rows the block inserts, per table.
    """
    if max(adding.values(), default=0) < MIN_ROWS:
        yield
        return
    dropped = indexes_to_rebuild(conn, adding)
    for _, name, _ in dropped:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, _, sql in dropped:
        conn.exec_driver_sql(sql)

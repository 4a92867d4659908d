"""The staff search index (FTS5 trigram, migration 0008) during a bulk insert of workers.

Triggers keep the index in step with every write to ``worker``; for a plantilla
of 20,000 rows one ``INSERT … SELECT`` of the new rows costs a fraction of
20,000 trigger runs. :func:`bulk_insert` takes the insert trigger out for the
caller's transaction (even paused, a trigger costs its ``WHEN`` test on every
row: more than the insert itself), indexes what was inserted meanwhile and puts
the trigger back exactly as the database had it. All of it happens in that
transaction (SQLite's schema changes are transactional), so a failure or a
crash leaves the trigger, the rows and the index as they were.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

_INSERT_TRIGGER = "worker_search_ai"


@contextmanager
def bulk_insert(db: Session | Connection) -> Iterator[None]:
    """Insert workers inside the block; they are indexed once, when it ends (same transaction)."""
    last = db.execute(text("SELECT coalesce(max(rowid), 0) FROM worker")).scalar_one()
    trigger = db.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
                         {"name": _INSERT_TRIGGER}).scalar_one()
    db.execute(text(f"DROP TRIGGER {_INSERT_TRIGGER}"))
    yield
    db.execute(text("INSERT INTO worker_search (rowid, search_key, matricula) "
                    "SELECT rowid, search_key, matricula FROM worker WHERE rowid > :last"), {"last": last})
    db.execute(text(trigger))

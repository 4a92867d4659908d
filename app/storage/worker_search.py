"""The staff search index (FTS5 trigram, migration 0008) during a bulk insert of workers.

Triggers keep the index in step with every write to ``worker``; for a plantilla
of 20,000 rows one ``INSERT … SELECT`` of the new rows costs a fraction of
20,000 trigger runs. :func:`bulk_insert` pauses the insert trigger for the
caller's transaction and indexes what was inserted meanwhile: both happen in
that transaction, so a failure or a crash leaves neither.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session


@contextmanager
def bulk_insert(db: Session | Connection) -> Iterator[None]:
    """Insert workers inside the block; they are indexed once, when it ends (same transaction)."""
    last = db.execute(text("SELECT coalesce(max(rowid), 0) FROM worker")).scalar_one()
    db.execute(text("INSERT INTO worker_search_pause (id) VALUES (1)"))
    yield
    db.execute(text("INSERT INTO worker_search (rowid, search_key, matricula) "
                    "SELECT rowid, search_key, matricula FROM worker WHERE rowid > :last"), {"last": last})
    db.execute(text("DELETE FROM worker_search_pause"))

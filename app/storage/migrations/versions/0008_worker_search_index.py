"""worker search index

An FTS5 trigram index over each worker's search key and matrícula, so a
keystroke in the staff search finds its candidates among 20,000 workers
without reading them all. Triggers keep it in step with every write to the
worker table (services, the bulk import, sync pulls). The search still checks
each candidate with the exact rule (a substring of the key, a prefix of the
matrícula): the index only has to find a superset, so it keeps no positions
(``detail=none``, ``columnsize=0``: a third cheaper to write on a bulk import)
and a word is looked up as all of its trigrams. A bulk import drops the insert
trigger inside its own transaction, indexes its new rows with one statement and
re-creates the trigger before committing (app/storage/worker_search.py).
``worker_search_pause`` was the first way of pausing the trigger; nothing uses it
any more, and the trigger's ``WHEN`` still reads it (an empty table).

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-29 21:30:00
"""
from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_TRIGGERS = {
    'worker_search_ai': "AFTER INSERT ON worker WHEN NOT EXISTS (SELECT 1 FROM worker_search_pause) BEGIN "
                        "INSERT INTO worker_search(rowid, search_key, matricula) "
                        "VALUES (new.rowid, new.search_key, new.matricula); END",
    'worker_search_ad': "AFTER DELETE ON worker BEGIN "
                        "INSERT INTO worker_search(worker_search, rowid, search_key, matricula) "
                        "VALUES ('delete', old.rowid, old.search_key, old.matricula); END",
    'worker_search_au': "AFTER UPDATE OF search_key, matricula ON worker BEGIN "
                        "INSERT INTO worker_search(worker_search, rowid, search_key, matricula) "
                        "VALUES ('delete', old.rowid, old.search_key, old.matricula); "
                        "INSERT INTO worker_search(rowid, search_key, matricula) "
                        "VALUES (new.rowid, new.search_key, new.matricula); END",
}


def upgrade() -> None:
    op.execute("CREATE TABLE worker_search_pause (id INTEGER NOT NULL PRIMARY KEY)")
    op.execute("CREATE VIRTUAL TABLE worker_search USING fts5(search_key, matricula, content='worker', "
               "content_rowid='rowid', tokenize='trigram', detail=none, columnsize=0)")
    for name, body in _TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("INSERT INTO worker_search(worker_search) VALUES ('rebuild')")


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS worker_search")
    op.execute("DROP TABLE IF EXISTS worker_search_pause")

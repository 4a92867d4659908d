"""The change log that pull serves, and why it never skips a late commit.

Every change writes a :class:`~server.models.ChangeLog` row in the same
transaction as the change. Its ``seq`` is allocated from the single row of
``seq_counter`` with ``UPDATE seq_counter SET value = value + n ... RETURNING``,
as the **last** statement before commit. The update takes the row's lock and
keeps it until the transaction ends, so:

* a writer that allocated ``s`` commits (or rolls back, returning the values)
  before any other writer can allocate a value above ``s``;
* therefore commit order equals ``seq`` order, and the numbers have no gaps;
* a reader's statement whose snapshot contains ``seq = s`` contains every
  lower ``seq`` too, so a client that advances its cursor to ``s`` can never
  later find a row below ``s`` appear.

This is the "single counter row updated inside the transaction" design; on
SQLite the database-wide write lock (``BEGIN IMMEDIATE``) gives the same
guarantee. The cost is that the commit of change-log rows is serialised; the
lock is taken after all other work of the batch, so it is held only for the
insert of the batch's change-log rows and the commit.

Retention: neither change-log rows nor tombstoned records are ever deleted,
which keeps deletes servable far beyond the required 180 days. A future
compaction must keep at least 180 days and make older devices re-bootstrap.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, or_, select, text, update
from sqlmodel import Session, col

from server.models import ChangeLog, SeqCounter, utcnow


def dumps(payload: dict[str, Any]) -> str:
    """Stored JSON: ASCII only, so no database ever sees a NUL or odd code point raw."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":"), allow_nan=False)


@dataclass
class PendingChange:
    """A change made in the current transaction, waiting for its seq."""

    entity: str
    entity_id: str
    unit_id: str | None
    kind: str
    version: int
    payload: dict[str, Any]
    device_id: str | None
    seq: int | None = None


def allocate(session: Session, count: int) -> int:
    """Reserve ``count`` consecutive seqs and return the first.

    Holds the counter row's lock until the transaction ends: call it last.
    """
    if count < 1:
        raise ValueError("count must be positive")
    last = session.execute(
        update(SeqCounter).where(col(SeqCounter.id) == 1).values(value=col(SeqCounter.value) + count)
        .returning(col(SeqCounter.value))
    ).scalar_one()
    return last - count + 1


def write(session: Session, changes: list[PendingChange], now: dt.datetime | None = None) -> None:
    """Allocate seqs for ``changes`` (in order) and insert their change-log rows."""
    if not changes:
        return
    first = allocate(session, len(changes))
    stamp = now or utcnow()
    rows = []
    for offset, change in enumerate(changes):
        change.seq = first + offset
        rows.append({
            "seq": change.seq, "entity": change.entity, "entity_id": change.entity_id,
            "unit_id": change.unit_id, "kind": change.kind, "version": change.version,
            "payload": dumps(change.payload), "device_id": change.device_id, "changed_at": stamp,
        })
    session.execute(insert(ChangeLog), rows)


def read(session: Session, unit_ids: list[str], since: int, limit: int) -> tuple[list[ChangeLog], bool]:
    """Changes after ``since`` visible to a device serving ``unit_ids`` (plus global ones).

    Returns:
        At most ``limit`` rows in seq order and whether more follow.
    """
    statement = (
        select(ChangeLog)
        .where(col(ChangeLog.seq) > since, or_(col(ChangeLog.unit_id).in_(unit_ids), col(ChangeLog.unit_id).is_(None)))
        .order_by(col(ChangeLog.seq))
        .limit(limit + 1)
    )
    rows = list(session.scalars(statement))
    return rows[:limit], len(rows) > limit


def current_seq(session: Session) -> int:
    """The last allocated seq (every seq up to it is committed when this is read)."""
    return session.execute(select(func.coalesce(func.max(ChangeLog.seq), 0))).scalar_one()


def counter_value(session: Session) -> int:
    return session.execute(text("SELECT value FROM seq_counter WHERE id = 1")).scalar_one()

"""Pull (the change log, in pages) and bootstrap (a unit's current data, in pages)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Select, literal, or_, select, union_all
from sqlmodel import col

from app.sync.protocol import (
    ENTITY_ORDER,
    MAX_PULL_PAGE_BYTES,
    BootstrapRecord,
    BootstrapResponse,
    Change,
    Entity,
    OpKind,
    PullResponse,
    ScopeUnit,
)
from server import changelog
from server.auth import Caller
from server.config import BOOTSTRAP_PAGE_SIZE
from server.db import Database
from server.errors import ApiError
from server.models import Record, Unit, WorkerGuest, as_utc

RANK_WORKER = ENTITY_ORDER.index(Entity.WORKER)


def pull(db: Database, caller: Caller, since: int, limit: int) -> PullResponse:
    """Changes in the caller's scope after ``since``, in seq order."""
    with db.read() as session:
        rows, has_more = changelog.read(session, list(caller.unit_ids), since, limit)
    size = 0
    for count, row in enumerate(rows):
        size += len(row.payload)
        if size > MAX_PULL_PAGE_BYTES and count:
            # Many small changes or a few big ones: the page stays small either way.
            rows, has_more = rows[:count], True
            break
    changes = [Change(seq=row.seq, entity=Entity(row.entity), entity_id=uuid.UUID(row.entity_id),
                      kind=OpKind(row.kind), version=row.version,
                      unit_id=uuid.UUID(row.unit_id) if row.unit_id else None,
                      payload=json.loads(row.payload), changed_at=as_utc(row.changed_at))
               for row in rows]
    next_cursor = rows[-1].seq if rows else since
    return PullResponse(changes=changes, next_cursor=next_cursor, has_more=has_more)


def bootstrap(db: Database, caller: Caller, unit_code: str, page: int,
              page_size: int = BOOTSTRAP_PAGE_SIZE) -> BootstrapResponse:
    """One page of a unit's current records, parents first, tombstones included.

    Rows are never removed, so offset paging can only repeat a row (when one
    is inserted before the offset), never skip one; anything changed after
    the first page's ``cursor`` also arrives through pull.
    """
    with db.read() as session:
        unit = session.scalars(select(Unit).where(col(Unit.code) == unit_code)).first()
        if unit is None or unit.id not in caller.unit_ids:
            raise ApiError(403, "out_of_scope", "La unidad no existe o está fuera del alcance de este equipo.")
        cursor = changelog.current_seq(session)
        own = select(col(Record.entity), col(Record.entity_id), col(Record.rank), col(Record.version),
                     col(Record.deleted_at), col(Record.payload)).where(
            or_(col(Record.unit_id) == unit.id, col(Record.unit_id).is_(None)))
        # the unit's own copies of guest workers (server.ownership), among its workers
        guests: Select[Any] = select(  # type: ignore[assignment]  # literal() columns type as Never
            literal(Entity.WORKER.value).label("entity"), col(WorkerGuest.worker_id).label("entity_id"),
            literal(RANK_WORKER).label("rank"), col(WorkerGuest.version), col(WorkerGuest.deleted_at),
            col(WorkerGuest.payload)).where(col(WorkerGuest.unit_id) == unit.id)
        both = union_all(own, guests).subquery()
        rows = list(session.execute(
            select(both).order_by(both.c.rank, both.c.entity_id).offset(page * page_size).limit(page_size + 1)))
    has_more = len(rows) > page_size
    records = [BootstrapRecord(entity=Entity(r.entity), entity_id=uuid.UUID(r.entity_id), version=r.version,
                               deleted=r.deleted_at is not None, payload=json.loads(r.payload))
               for r in rows[:page_size]]
    return BootstrapResponse(unit=ScopeUnit(id=uuid.UUID(unit.id), code=unit.code, name=unit.name), page=page,
                             records=records, has_more=has_more, next_page=page + 1 if has_more else None,
                             cursor=cursor)

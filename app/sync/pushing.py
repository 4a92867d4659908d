"""Push: the outbox, in order, in batches; each op's answer recorded (DESIGN §5, Push).

* applied / duplicate: the op leaves the outbox; the local row takes the server's version;
* conflict ``stale_removal``: the server kept a concurrent change; its row replaces the
  local one (unless more local ops wait on it) and the op leaves the outbox;
* a catalogue course's op (``catalogue_course``): dropped, the course is the server's;
* anything else the server refuses is *parked* with its reason until a person retries
  or discards it: never retried silently.

A 413 halves the batch; an op too large even alone is parked.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from app.storage import changes
from app.storage.db import Database
from app.storage.tables import Outbox
from app.sync.apply import ACTOR, TABLES, Incoming, PageResult, apply_one
from app.sync.protocol import (
    MAX_OPS_PER_BATCH,
    Entity,
    Op,
    OpResult,
    OpStatus,
    PushResponse,
    payload_problem,
    payload_type_problem,
)
from app.sync.transport import ServerRefused, Transport

log = logging.getLogger(__name__)

#: Conflicts where the server's state is the outcome (not a problem a person must solve).
ACCEPT_SERVER = {"stale_removal"}
#: Refusals that mean "this op has no place on the server" rather than "fix something".
DROP = {"catalogue_course"}


@dataclass
class PushTally:
    sent: int = 0
    parked: int = 0
    changed: PageResult | None = None


def pending_count(s: Session) -> int:
    from sqlalchemy import func
    return s.exec(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")).one()


def _park(op: Outbox, reason: str, message: str, now: Any) -> None:
    op.state = "parked"
    op.reason = reason
    op.last_error = message
    op.parked_at = now


def _wire(op: Outbox) -> dict[str, Any] | None:
    """The op as sent, or None when it cannot be (it is parked instead)."""
    try:
        payload = json.loads(op.payload)
        body = {"op_id": str(op.op_id), "entity": op.entity, "entity_id": str(op.entity_id), "kind": op.kind,
                "base_version": op.base_version, "payload": payload}
        Op.model_validate(body)
    except (ValueError, ValidationError):
        return None
    return body


def _next_batch(db: Database, size: int, now: Any) -> list[tuple[Outbox, dict[str, Any]]]:
    with db.write() as s:
        rows = s.exec(select(Outbox).where(col(Outbox.state) == "pending").order_by(col(Outbox.seq)).limit(size)).all()
        batch = []
        for row in rows:
            body = _wire(row)
            problem = (payload_problem(body["payload"]) or payload_type_problem(Entity(row.entity), body["payload"])) \
                if body else "La operación no tiene la forma del protocolo."
            if problem or body is None:
                _park(row, "invalid_payload", problem or "", now)
                s.add(row)
                continue
            row.attempts += 1
            s.add(row)
            batch.append((row, body))
        return batch


def _set_version(s: Session, entity: str, entity_id: uuid.UUID, version: int | None) -> None:
    try:
        table = TABLES[Entity(entity)]
    except ValueError:
        return
    if version is not None:
        s.execute(update(table).where(col(table.id) == entity_id, col(table.version) < version)
                  .values(version=version))


def _record_results(db: Database, batch: list[tuple[Outbox, dict[str, Any]]], results: list[OpResult],
                    now: Any, tally: PushTally) -> None:
    by_id = {r.op_id: r for r in results}
    with db.write() as s:
        for row, _body in batch:
            result = by_id.get(row.op_id)
            op = s.get(Outbox, row.seq)
            if result is None or op is None:
                continue
            waiting = s.exec(select(Outbox.seq).where(col(Outbox.entity_id) == op.entity_id,
                                                      col(Outbox.seq) != op.seq)).first() is not None
            if result.status in (OpStatus.APPLIED, OpStatus.DUPLICATE):
                s.execute(delete(Outbox).where(col(Outbox.seq) == op.seq))
                if not waiting:
                    _set_version(s, op.entity, op.entity_id, result.version)
                tally.sent += 1
            elif result.status is OpStatus.CONFLICT and result.reason in ACCEPT_SERVER:
                s.execute(delete(Outbox).where(col(Outbox.seq) == op.seq))
                if result.current is not None and not waiting:
                    tally.changed = tally.changed or PageResult()
                    apply_one(s, Incoming(Entity(op.entity), op.entity_id, result.version or 0, result.current),
                              set(), tally.changed)
                changes.audit(s, actor=ACTOR, action="sync.conflict", entity=op.entity, entity_id=op.entity_id,
                              details={"reason": result.reason, "message": result.message})
                tally.sent += 1
            elif result.reason in DROP:
                s.execute(delete(Outbox).where(col(Outbox.seq) == op.seq))
                changes.audit(s, actor=ACTOR, action="sync.dropped", entity=op.entity, entity_id=op.entity_id,
                              details={"reason": result.reason, "message": result.message})
                tally.sent += 1
            else:
                _park(op, result.reason or result.status.value, result.message or "", now)
                s.add(op)
                tally.parked += 1


def push_outbox(db: Database, transport: Transport, *, now: Callable[[], Any],
                progress: Callable[[int], None], cancel: Callable[[], bool]) -> PushTally:
    """Push every pending op in order. Raises the transport's exceptions on failure."""
    tally = PushTally()
    size = MAX_OPS_PER_BATCH
    while not cancel():
        batch = _next_batch(db, size, now())
        if not batch:
            break
        try:
            answer = transport.post("/v1/sync/push", {"ops": [body for _row, body in batch]})
        except ServerRefused as refused:
            if refused.status != 413:
                raise
            if len(batch) > 1:
                size = max(1, len(batch) // 2)
                continue
            with db.write() as s:
                op = s.get(Outbox, batch[0][0].seq)
                if op is not None:
                    _park(op, "too_large", "La operación es demasiado grande para el servidor.", now())
                    s.add(op)
            tally.parked += 1
            continue
        results = PushResponse.model_validate(answer.body).results
        _record_results(db, batch, results, now(), tally)
        progress(len(batch))
    return tally

"""Recording a change: the row, its outbox operation and its audit entry, together.

Every service write goes through :func:`save` or :func:`delete` inside the
service's transaction, so a change can never reach the database without the
operation that will carry it to the server, nor the other way round.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from app.domain.enums import OpKind
from app.domain.ids import uuid7, uuid7_hex_many
from app.storage.prepared import PreparedWrite, storage_form
from app.storage.tables import AuditLog, Outbox, Synced, utcnow


def payload_of(row: Synced) -> dict[str, Any]:
    """The row as a JSON-ready dict (ISO dates, UUID strings): the outbox payload."""
    return row.model_dump(mode="json")


def json_payload(values: dict[str, Any]) -> str:
    """Column values (a row dict or :func:`payload_of`) as the outbox's JSON text.

    Uses pydantic's own conversion, so a bulk-inserted row's payload is
    identical to the one :func:`save` writes for the same row.
    """
    return json.dumps(to_jsonable_python(values), ensure_ascii=False, separators=(",", ":"))


def save(session: Session, row: Synced, *, actor: str, action: str,
         details: dict[str, Any] | None = None) -> Outbox:
    """Insert or update ``row``, bumping its version, and queue it for sync.

    Args:
        session: the service's open write transaction.
        row: the record to write.
        actor: who made the change (the profile's name).
        action: what the change means, e.g. ``attendance.check_in``.
        details: extra context for the audit log.
    """
    # A row never saved has version 0: its op has no base version to conflict with.
    base_version = None if row.version == 0 else row.version
    row.version += 1
    row.updated_at = utcnow()
    session.add(row)
    return _record(session, row, OpKind.UPSERT, base_version, actor, action, details)


def delete(session: Session, row: Synced, *, actor: str, action: str,
           details: dict[str, Any] | None = None) -> Outbox:
    """Soft-delete ``row`` (a tombstone that syncs) and queue it."""
    base_version = row.version
    row.version += 1
    row.deleted_at = row.updated_at = utcnow()
    session.add(row)
    return _record(session, row, OpKind.DELETE, base_version, actor, action, details)


def outbox_values(entity: str, entity_id: uuid.UUID, kind: OpKind, base_version: int | None,
                  values: dict[str, Any]) -> dict[str, Any]:
    """The outbox row that carries one change: what :func:`save`/:func:`delete` queue, and
    what bulk writers (the staff import) insert with one ``executemany``.

    Args:
        values: the record's columns (a row dict or :func:`payload_of`).
    """
    return {"op_id": uuid7(), "entity": entity, "entity_id": entity_id, "kind": kind.value,
            "base_version": base_version, "payload": json_payload(values), "created_at": utcnow(),
            "state": "pending", "attempts": 0, "last_error": "", "reason": ""}


def _record(session: Session, row: Synced, kind: OpKind, base_version: int | None,
            actor: str, action: str, details: dict[str, Any] | None) -> Outbox:
    entity = row.__tablename__
    op = Outbox(**outbox_values(entity, row.id, kind, base_version, payload_of(row)))
    session.add(op)
    session.add(AuditLog(actor=actor, action=action, entity=entity, entity_id=row.id,
                         details=json.dumps(details or {}, ensure_ascii=False, default=str)))
    return op


def audit(session: Session, *, actor: str, action: str, entity: str, entity_id: uuid.UUID,
          details: dict[str, Any] | None = None) -> None:
    """An audit entry for an action that changes no synced row (e.g. reopening)."""
    session.add(AuditLog(actor=actor, action=action, entity=entity, entity_id=entity_id,
                         details=json.dumps(details or {}, ensure_ascii=False, default=str)))


# ------------------------------------------------------------------ Core form (the hot write paths)

_OUTBOX_INSERT = PreparedWrite(insert(Outbox.__table__),
                               defaults={"seq": None, "reason": "", "parked_at": None})
_AUDIT_INSERT = PreparedWrite(insert(AuditLog.__table__), defaults={"id": None})


def record_core(conn: Connection, entity: str, values: dict[str, Any], *, kind: OpKind,
                base_version: int | None, actor: str, action: str,
                details: dict[str, Any] | None = None) -> None:
    """The outbox op and audit entry of a row written with Core statements, in ``conn``'s transaction.

    ``values`` holds every column of the row as written, in the model's field
    order, so the op's payload is the one :func:`save` or :func:`delete` would
    queue for the same row.
    """
    entry = AuditLog(actor=actor, action=action, entity=entity, entity_id=values["id"],
                     details=json.dumps(details or {}, ensure_ascii=False, default=str))
    _OUTBOX_INSERT(conn, {
        "op_id": uuid7(), "entity": entity, "entity_id": values["id"], "kind": kind.value,
        "base_version": base_version, "payload": json_payload(values), "created_at": utcnow(),
        "state": "pending", "attempts": 0, "last_error": "",
    })
    _AUDIT_INSERT(conn, {"at": entry.at, "actor": entry.actor, "action": entry.action, "entity": entry.entity,
                         "entity_id": entry.entity_id, "details": entry.details})


# ------------------------------------------------------------------ bulk form (the staff import)

def insert_stored(conn: Connection, table: Any, columns: Sequence[str], rows: list[tuple]) -> None:
    """One ``executemany`` of rows already in storage form (:func:`storage_form`), in ``conn``'s transaction."""
    if rows:
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) "
                             f"VALUES ({', '.join('?' * len(columns))})", rows)


_OP_COLUMNS = ("op_id", "entity", "entity_id", "kind", "base_version", "payload", "created_at", "state",
               "attempts", "last_error", "reason")


def queue_many(conn: Connection, entity: str, kind: OpKind, ops: list[tuple[Any, int | None, str]]) -> None:
    """The outbox ops of rows written in bulk, with one ``executemany`` in ``conn``'s transaction.

    Each op is ``(entity_id, base_version, payload)``: the id in storage form,
    and the payload as :func:`json_payload` writes it. The rows are the ones
    :func:`outbox_values` describes, queued at one instant.
    """
    created_at = storage_form(conn, Outbox.__table__.c.created_at)(utcnow())
    insert_stored(conn, Outbox.__table__, _OP_COLUMNS, [
        (op_id, entity, entity_id, kind.value, base, payload, created_at, "pending", 0, "", "")
        for op_id, (entity_id, base, payload) in zip(uuid7_hex_many(len(ops)), ops)])

"""Who owns what on the server (issue 9, item 5): foreign keys, natural keys and guest workers.

* **Foreign keys.** Every foreign key of a pushed op is looked up on the
  server: a parent the server does not have is ``unknown_parent``; a parent of
  another unit is ``out_of_scope`` (a course of the central catalogue is
  everyone's). Workers are the exception: their ids derive from the matrícula
  (or the CURP), so "exists in another unit" would be a probe; a worker the
  device's unit cannot see answers ``unknown_parent``, exactly as one that
  does not exist.
* **Guest workers.** A worker belongs to one unit. When a device pushes a
  worker whose record (by id or by matrícula) belongs to another unit — a
  person of unit B who comes to a course in unit A's group — the record is not
  touched: the push becomes A's *guest copy* of the worker (what A's devices
  pushed, nothing of B's row), served to A's devices by pull and bootstrap.
  The answer is the one a brand-new worker gets, so it reveals nothing.
  Enrollments, attendance, participation and constancias of the guest belong
  to the group's unit; a constancia (and its later status changes) is also
  written to the worker's unit's feed, so it counts for that unit's coverage.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.sync.protocol import Entity
from server.models import Record, WorkerGuest
from server.scope import Placed, ScopeProblem

#: For each kind, the payload keys that name another record, and that record's kind.
#: Keys naming a worker come last, so a parent of another unit is reported before a worker.
REFERENCES: dict[Entity, tuple[tuple[str, Entity], ...]] = {
    Entity.COURSE_GROUP: (("course_id", Entity.COURSE),),
    Entity.SESSION: (("group_id", Entity.COURSE_GROUP),),
    Entity.ACTIVITY: (("session_id", Entity.SESSION), ("group_id", Entity.COURSE_GROUP)),
    Entity.ENROLLMENT: (("group_id", Entity.COURSE_GROUP), ("worker_id", Entity.WORKER)),
    Entity.ATTENDANCE: (("session_id", Entity.SESSION), ("group_id", Entity.COURSE_GROUP),
                        ("worker_id", Entity.WORKER)),
    Entity.PARTICIPATION: (("activity_id", Entity.ACTIVITY), ("group_id", Entity.COURSE_GROUP),
                           ("worker_id", Entity.WORKER)),
    Entity.CONSTANCIA: (("group_id", Entity.COURSE_GROUP), ("enrollment_id", Entity.ENROLLMENT),
                        ("supersedes_id", Entity.CONSTANCIA), ("worker_id", Entity.WORKER)),
}
#: The references a record must carry when it is created.
REQUIRED: dict[Entity, tuple[str, ...]] = {
    Entity.COURSE_GROUP: ("course_id",),
    Entity.ENROLLMENT: ("group_id", "worker_id"),
    Entity.ATTENDANCE: ("session_id", "worker_id"),
    Entity.PARTICIPATION: ("activity_id", "worker_id"),
    Entity.CONSTANCIA: ("group_id", "worker_id"),
}

Lookup = Callable[[Entity, str], "Placed | None"]


def _unknown(entity: Entity, ident: str) -> ScopeProblem:
    return ScopeProblem("unknown_parent", f"El servidor aún no tiene el registro padre ({entity.value} {ident}).")


def guest_copy(session: Session, unit_ids: tuple[str, ...], worker_id: str,
               lock: bool = False) -> WorkerGuest | None:
    """The caller's units' copy of a worker of another unit, if any (tombstoned ones included)."""
    for unit_id in unit_ids:
        row = session.get(WorkerGuest, (unit_id, worker_id), with_for_update=lock)
        if row is not None:
            return row
    return None


def worker_visible(session: Session, lookup: Lookup, unit_ids: tuple[str, ...], worker_id: str) -> bool:
    """Whether a device of ``unit_ids`` may name this worker: its unit's worker or its unit's guest."""
    record = lookup(Entity.WORKER, worker_id)
    if record is not None and record.unit_id in unit_ids:
        return True
    copy = guest_copy(session, unit_ids, worker_id)
    return copy is not None and copy.deleted_at is None


def check_references(session: Session, lookup: Lookup, unit_ids: tuple[str, ...], entity: Entity,
                     payload: dict[str, Any], creating: bool) -> None:
    """Resolve every foreign key of a payload on the server and check it is in the caller's scope.

    Raises:
        ScopeProblem: ``missing_parent`` (a required key absent on creation),
            ``unknown_parent`` or ``out_of_scope``.
    """
    references = REFERENCES.get(entity, ())
    if creating:
        missing = [key for key in REQUIRED.get(entity, ()) if not payload.get(key)]
        if missing:
            raise ScopeProblem("missing_parent", f"Falta la referencia al registro padre ({', '.join(missing)}).")
    for key, parent_entity in references:
        ident = payload.get(key)
        if not ident:
            continue
        if parent_entity is Entity.WORKER:
            if not worker_visible(session, lookup, unit_ids, ident):
                raise _unknown(parent_entity, ident)
            continue
        parent = lookup(parent_entity, ident)
        if parent is None:
            raise _unknown(parent_entity, ident)
        if parent.unit_id is None and parent_entity is Entity.COURSE:
            continue  # the central catalogue: every unit's
        if parent.unit_id not in unit_ids:
            raise ScopeProblem("out_of_scope", "El registro padre pertenece a una unidad fuera del alcance de este "
                                               "equipo.")


def foreign_holder(session: Session, lookup: Lookup, unit_ids: tuple[str, ...], worker_id: str,
                   record: Placed | None, matricula: str | None) -> bool:
    """Whether a pushed worker is held by another unit (by id or matrícula) or already the caller's guest."""
    if record is not None:
        return record.unit_id not in unit_ids
    if guest_copy(session, unit_ids, worker_id) is not None:
        return True
    if not matricula:
        return False
    holder = session.execute(select(col(Record.entity_id)).where(
        col(Record.entity) == Entity.WORKER.value, col(Record.natural_key) == matricula,
        col(Record.entity_id) != worker_id)).first()
    if holder is None:
        return False
    other = lookup(Entity.WORKER, holder.entity_id)
    return other is not None and other.unit_id not in unit_ids


def worker_feed(lookup: Lookup, payload: dict[str, Any], unit_id: str | None) -> str | None:
    """The worker's unit, when a constancia of that worker was issued in another unit's group."""
    ident = payload.get("worker_id")
    worker = lookup(Entity.WORKER, ident) if isinstance(ident, str) else None
    if worker is None or worker.unit_id is None or worker.unit_id == unit_id:
        return None
    return worker.unit_id


def guest_payload(row: WorkerGuest) -> dict[str, Any]:
    return json.loads(row.payload)

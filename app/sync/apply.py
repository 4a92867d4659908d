"""Writing records received from the server (pull and bootstrap) into the local database.

Rules (DESIGN §5):

* a local row that still has an op in the outbox (pending or parked) is never
  overwritten: the local change goes out first and the server's answer decides;
* a tombstone is a row with ``deleted_at`` set, written like any other state;
* a record made on this device before enrollment converges with the server's
  by its natural identity (unit code, course code): the local row is
  *re-homed* to the server's id, with every reference and queued op rewritten
  (:func:`rehome`). A course that turns out to be a central-catalogue course is
  adopted as the server has it and its local ops are dropped (no device may
  change one);
* a record whose parents this device does not hold, or that clashes with a
  local record's natural key, is kept in ``pulled_orphan`` and tried again
  after every page (e.g. a constancia of one of the unit's workers issued in
  another unit's group).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.storage import changes
from app.storage.tables import (
    Activity,
    Attendance,
    Constancia,
    Course,
    CourseGroup,
    Enrollment,
    GroupSession,
    Outbox,
    Participation,
    PulledOrphan,
    Synced,
    Unit,
    Worker,
)
from app.sync.protocol import PAYLOADS, Entity, catalogue_course_id

log = logging.getLogger(__name__)

TABLES: dict[Entity, type[Synced]] = {
    Entity.UNIT: Unit, Entity.WORKER: Worker, Entity.COURSE: Course, Entity.COURSE_GROUP: CourseGroup,
    Entity.SESSION: GroupSession, Entity.ACTIVITY: Activity, Entity.ENROLLMENT: Enrollment,
    Entity.ATTENDANCE: Attendance, Entity.PARTICIPATION: Participation, Entity.CONSTANCIA: Constancia,
}

#: Where each entity's id is referenced: re-homing rewrites these columns.
REFERENCES: dict[Entity, tuple[tuple[type[Synced], str], ...]] = {
    Entity.UNIT: ((Worker, "unit_id"), (CourseGroup, "unit_id")),
    Entity.COURSE: ((CourseGroup, "course_id"),),
}
#: The natural key by which a local record made before enrollment meets the server's.
NATURAL_KEY = {Entity.UNIT: "code", Entity.COURSE: "code"}

ACTOR = "sincronización"


@dataclass(frozen=True)
class Incoming:
    """One record as the server sends it (a pulled change or a bootstrap record)."""

    entity: Entity
    entity_id: uuid.UUID
    version: int
    payload: dict[str, Any]


@dataclass
class PageResult:
    """What applying a page changed, for the change broadcast."""

    entities: set[str] = field(default_factory=set)
    group_ids: set[uuid.UUID] = field(default_factory=set)
    applied: int = 0
    kept_local: int = 0
    orphans: int = 0

    def touch(self, entity: Entity, row: Synced) -> None:
        self.entities.add(entity.value)
        group = row.id if entity is Entity.COURSE_GROUP else getattr(row, "group_id", None)
        if group is not None:
            self.group_ids.add(group)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def with_pending_ops(s: Session, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ids`` still have an op in the outbox (pending or parked)."""
    wanted = list(set(ids))
    found: set[uuid.UUID] = set()
    for start in range(0, len(wanted), 500):
        found.update(s.exec(select(Outbox.entity_id).where(col(Outbox.entity_id).in_(wanted[start:start + 500]))))
    return found


# --------------------------------------------------------------------------- re-homing


def rehome_candidates(s: Session, records: Iterable[Incoming]) -> list[tuple[Entity, uuid.UUID, uuid.UUID]]:
    """Local units and courses that are the same as an incoming one by code but have another id."""
    found = []
    for record in records:
        key = NATURAL_KEY.get(record.entity)
        value = record.payload.get(key) if key else None
        if key is None or not isinstance(value, str) or record.payload.get("deleted_at"):
            continue
        table = TABLES[record.entity]
        local = s.exec(select(table).where(col(getattr(table, key)) == value,
                                           col(table.id) != record.entity_id)).first()
        if local is not None and s.get(table, record.entity_id) is None:
            found.append((record.entity, local.id, record.entity_id))
    return found


def rehome(s: Session, entity: Entity, old: uuid.UUID, new: uuid.UUID) -> None:
    """Give the local record ``old`` the server's id ``new``, with its references and queued ops.

    Runs in its own write transaction: SQLite checks the foreign keys at commit.
    """
    s.execute(text("PRAGMA defer_foreign_keys=ON"))
    table = TABLES[entity]
    s.execute(update(table).where(col(table.id) == old).values(id=new))
    for child, column in REFERENCES.get(entity, ()):
        s.execute(update(child).where(col(getattr(child, column)) == old).values({column: new}))
    s.execute(update(Outbox).where(col(Outbox.entity) == entity.value, col(Outbox.entity_id) == old)
              .values(entity_id=new))
    s.execute(update(Outbox).where(func.instr(Outbox.payload, str(old)) > 0)
           .values(payload=func.replace(Outbox.payload, str(old), str(new))))
    changes.audit(s, actor=ACTOR, action=f"{entity.value}.rehome", entity=entity.value, entity_id=new,
                  details={"local_id": str(old), "server_id": str(new)})
    log.info("Re-homed local %s %s to the server's id %s", entity.value, old, new)


# --------------------------------------------------------------------------- applying


def _is_catalogue_course(record: Incoming) -> bool:
    code = record.payload.get("code")
    return record.entity is Entity.COURSE and isinstance(code, str) and \
        record.entity_id == catalogue_course_id(code)


def _adopt_catalogue_course(s: Session, record: Incoming) -> None:
    """A catalogue course cannot be changed by a device: drop this device's ops on it."""
    dropped = len(s.exec(select(Outbox.seq).where(col(Outbox.entity) == Entity.COURSE.value,
                                                  col(Outbox.entity_id) == record.entity_id)).all())
    s.execute(delete(Outbox).where(col(Outbox.entity) == Entity.COURSE.value,
                                   col(Outbox.entity_id) == record.entity_id))
    if dropped:
        changes.audit(s, actor=ACTOR, action="course.adopt_catalogue", entity=Entity.COURSE.value,
                      entity_id=record.entity_id, details={"code": record.payload.get("code"), "dropped_ops": dropped})


def _row(record: Incoming) -> Synced:
    """The local row for a server record: its payload model first, then the table."""
    table = TABLES[record.entity]
    model = PAYLOADS[record.entity]
    known = {name: value for name, value in record.payload.items() if name in model.model_fields}
    values = model.model_validate(known).model_dump(exclude_unset=True)
    values = {name: value for name, value in values.items() if value is not None or name in _NULLABLE[record.entity]}
    values["id"] = record.entity_id
    values["version"] = record.version
    return table.model_validate(values)


def _nullable(table: type[Synced]) -> frozenset[str]:
    columns = table.__table__.columns  # type: ignore[attr-defined]  # every TABLES entry is a table
    return frozenset(name for name, column in columns.items() if column.nullable)


_NULLABLE = {entity: _nullable(table) for entity, table in TABLES.items()}


def _keep_orphan(s: Session, record: Incoming) -> None:
    orphan = s.get(PulledOrphan, (record.entity.value, record.entity_id))
    if orphan is None:
        orphan = PulledOrphan(entity=record.entity.value, entity_id=record.entity_id, payload="{}")
    if record.version >= orphan.version:
        orphan.version = record.version
        orphan.payload = json.dumps(record.payload, ensure_ascii=False)
    s.add(orphan)


def apply_one(s: Session, record: Incoming, pending: set[uuid.UUID], result: PageResult) -> None:
    """Write one server record unless a local op on it is still waiting."""
    if _is_catalogue_course(record):
        _adopt_catalogue_course(s, record)
        pending.discard(record.entity_id)
    if record.entity_id in pending:
        result.kept_local += 1
        return
    table = TABLES[record.entity]
    try:
        row = _row(record)
    except ValidationError as exc:
        log.warning("Pulled %s %s does not fit the local table: %s", record.entity.value, record.entity_id, exc)
        _keep_orphan(s, record)
        result.orphans += 1
        return
    current = s.get(table, record.entity_id)
    if current is not None and current.version > record.version:
        return  # this device already holds a newer state (its own op came back first)
    try:
        with s.begin_nested():
            merged = s.merge(row)
            s.flush()
    except IntegrityError:
        # a parent this device never receives, or a natural key a local record holds
        _keep_orphan(s, record)
        result.orphans += 1
        return
    s.execute(delete(PulledOrphan).where(col(PulledOrphan.entity) == record.entity.value,
                                         col(PulledOrphan.entity_id) == record.entity_id))
    result.applied += 1
    result.touch(record.entity, merged)


def apply_page(s: Session, records: list[Incoming]) -> PageResult:
    """Apply a page of server records inside the caller's transaction (which also stores the cursor)."""
    result = PageResult()
    pending = with_pending_ops(s, [r.entity_id for r in records])
    for record in records:
        apply_one(s, record, pending, result)
    retry_orphans(s, result)
    return result


def retry_orphans(s: Session, result: PageResult) -> None:
    """Apply kept records whose parents have arrived since."""
    orphans = s.exec(select(PulledOrphan)).all()
    if not orphans:
        return
    records = []
    for row in orphans:
        try:
            records.append(Incoming(Entity(row.entity), row.entity_id, row.version, json.loads(row.payload)))
        except ValueError:
            continue
    pending = with_pending_ops(s, [r.entity_id for r in records])
    before = result.orphans
    for record in records:
        apply_one(s, record, pending, result)
    result.orphans = before

"""Which unit a record belongs to, decided from the server's own data.

A device's claim about scope is never trusted: a session belongs to the unit
of the group the server already has, an attendance to the unit of its
session, and so on. Only units, workers, courses and groups name their unit
directly, and that unit must exist on the server and be in the device's scope;
a new worker or course that names none is the pushing device's unit's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlmodel import Session

from app.sync.protocol import Entity
from server.models import Unit


class Placed(Protocol):
    """What scope resolution needs to know of a stored record."""

    unit_id: str | None
    group_id: str | None


Lookup = Callable[[Entity, str], "Placed | None"]

#: For each child entity, the payload keys naming its parent, tried in order.
PARENTS: dict[Entity, tuple[tuple[str, Entity], ...]] = {
    Entity.SESSION: (("group_id", Entity.COURSE_GROUP),),
    Entity.ACTIVITY: (("session_id", Entity.SESSION), ("group_id", Entity.COURSE_GROUP)),
    Entity.ENROLLMENT: (("group_id", Entity.COURSE_GROUP),),
    Entity.ATTENDANCE: (("session_id", Entity.SESSION),),
    Entity.PARTICIPATION: (("activity_id", Entity.ACTIVITY),),
    Entity.CONSTANCIA: (("group_id", Entity.COURSE_GROUP), ("worker_id", Entity.WORKER)),
}
#: Children whose payload also carries ``group_id``: it must agree with the parent's group.
GROUP_CONSISTENT = {Entity.ACTIVITY, Entity.ATTENDANCE, Entity.PARTICIPATION, Entity.CONSTANCIA}


class ScopeProblem(Exception):
    """The record cannot be placed in a unit; ``reason`` is a machine code, ``message`` Spanish."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Placement:
    """Where a record lives: its unit (``None`` for the shared course catalogue) and group."""

    unit_id: str | None
    group_id: str | None


def _known_unit(session: Session, unit_id: str) -> str:
    if session.get(Unit, unit_id) is None:
        raise ScopeProblem("unknown_unit", "La unidad no está registrada en el servidor.")
    return unit_id


def place(session: Session, lookup: Lookup, entity: Entity, entity_id: str, payload: dict[str, Any],
          record: Placed | None, default_unit: str) -> Placement:
    """Resolve the unit and group of a record about to be written.

    Args:
        session: the push transaction.
        lookup: finds a stored record (or one written earlier in the same batch).
        entity: the record's kind.
        entity_id: the record's id.
        payload: the pushed columns (foreign keys already normalised to UUID strings).
        record: the server's current row, if any.
        default_unit: the pushing device's unit, for new workers and courses that name none (only the
            admin's ``import-courses`` writes the central catalogue, whose courses have no unit).

    Raises:
        ScopeProblem: a parent the server does not have, or an inconsistent one.
    """
    if entity is Entity.UNIT:
        return Placement(_known_unit(session, entity_id), None)
    if entity in (Entity.WORKER, Entity.COURSE_GROUP, Entity.COURSE):
        claimed = payload.get("unit_id")
        if claimed:
            return Placement(_known_unit(session, claimed), entity_id if entity is Entity.COURSE_GROUP else None)
        if record is not None:
            return Placement(record.unit_id, record.group_id)
        if entity in (Entity.WORKER, Entity.COURSE):
            return Placement(default_unit, None)
        raise ScopeProblem("missing_parent", "El grupo no indica su unidad (unit_id).")
    for key, parent_entity in PARENTS[entity]:
        parent_id = payload.get(key)
        if not parent_id:
            continue
        parent = lookup(parent_entity, parent_id)
        if parent is None:
            raise ScopeProblem("unknown_parent",
                               f"El servidor aún no tiene el registro padre ({parent_entity.value} {parent_id}).")
        group_id = parent_id if parent_entity is Entity.COURSE_GROUP else parent.group_id
        if entity in GROUP_CONSISTENT and parent_entity is not Entity.WORKER:
            claimed_group = payload.get("group_id")
            if claimed_group and claimed_group != group_id:
                raise ScopeProblem("inconsistent_parent", "El grupo indicado no corresponde al registro padre.")
        return Placement(parent.unit_id, group_id)
    if record is not None:
        return Placement(record.unit_id, record.group_id)
    names = ", ".join(key for key, _ in PARENTS[entity])
    raise ScopeProblem("missing_parent", f"Falta la referencia al registro padre ({names}).")

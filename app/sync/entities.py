"""The kinds of record that sync, apart from the wire types of :mod:`app.sync.protocol`.

The status bar and the screens that follow sync name entities without loading the
protocol's pydantic models, which only a sync round needs.
"""

from __future__ import annotations

from enum import StrEnum


class Entity(StrEnum):
    """The kinds of record that sync. Order of declaration is the order parents come first."""

    UNIT = "unit"
    WORKER = "worker"
    COURSE = "course"
    COURSE_GROUP = "course_group"
    SESSION = "session"
    ACTIVITY = "activity"
    ENROLLMENT = "enrollment"
    ATTENDANCE = "attendance"
    PARTICIPATION = "participation"
    CONSTANCIA = "constancia"


#: Parents before children: the order in which bootstrap serves records.
ENTITY_ORDER: tuple[Entity, ...] = tuple(Entity)

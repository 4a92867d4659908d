"""Enumerations shared by every layer. Values are stable: they are stored and synced."""

from __future__ import annotations

from enum import StrEnum


class AttendanceStatus(StrEnum):
    """A worker's attendance at one session."""

    PRESENT = "present"
    LATE = "late"
    LEFT_EARLY = "left_early"
    ABSENT = "absent"
    EXCUSED = "excused"

    @property
    def attended(self) -> bool:
        """Whether the worker was in the room for at least part of the session."""
        return self in (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY)


class EnrollmentStatus(StrEnum):
    ENROLLED = "enrolled"
    WITHDRAWN = "withdrawn"


class GroupStatus(StrEnum):
    """Where a group stands. ``CLOSED`` locks its marks."""

    OPEN = "open"
    CLOSED = "closed"


class ConstanciaStatus(StrEnum):
    VALID = "valid"
    SUPERSEDED = "superseded"
    REVOKED = "revoked"


class Role(StrEnum):
    INSTRUCTOR = "instructor"
    DIRECTOR = "director"


class Shift(StrEnum):
    """Turnos of a health unit. Free text is allowed in the data; these are the usual ones."""

    MORNING = "matutino"
    EVENING = "vespertino"
    NIGHT = "nocturno"
    ACCUMULATED = "jornada acumulada"


class OpKind(StrEnum):
    UPSERT = "upsert"
    DELETE = "delete"

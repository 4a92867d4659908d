"""What the active profile may do: one guard every write service calls first.

A director consults coverage, history and constancias; attendance,
participation, rosters and constancias are the instructor's. The services
refuse, so no screen, command or script can go round it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from app.domain.enums import Role
from app.services.context import Context
from app.services.errors import ServiceError
from app.storage.tables import ProfileState, UserProfile

_STATE, _PROFILE = ProfileState.__table__, UserProfile.__table__
# The live profile the device works as, in one Core read (no row: nobody chose, or it was deleted).
_ACTIVE_PROFILE = (select(_PROFILE.c.role, _PROFILE.c.name)
                   .select_from(_STATE.join(_PROFILE, _PROFILE.c.id == _STATE.c.active_profile_id))
                   .where(_STATE.c.id == 1, _PROFILE.c.deleted_at.is_(None)))


class NotAllowedForRole(ServiceError):
    def __init__(self, profile_name: str) -> None:
        super().__init__(
            f"El perfil «{profile_name}» es de dirección: puede consultar la cobertura, el historial y las "
            "constancias, pero no registrar asistencia ni participación, cambiar listas de participantes "
            "ni emitir, corregir o revocar constancias. Cambie al perfil de instructor para hacerlo.")


def _role_in(conn: Connection) -> tuple[Role, str]:
    row = conn.execute(_ACTIVE_PROFILE).first()
    return (Role.INSTRUCTOR, "") if row is None else (Role(row.role), row.name)


def active_role(ctx: Context, conn: Connection | None = None) -> tuple[Role, str]:
    """The role and name of the profile working on this device (instructor when none was chosen).

    Args:
        conn: the caller's open transaction, when the answer must hold for
            what that transaction writes (the write services' guard).
    """
    if conn is not None:
        return _role_in(conn)
    with ctx.db.read() as s:
        return _role_in(s.connection())


def require_instructor(ctx: Context, conn: Connection | None = None) -> None:
    """Raise :class:`NotAllowedForRole` unless the active profile is an instructor's.

    Args:
        conn: the write transaction the guard protects. Checked inside it, a
            profile switch cannot slip between the check and the write; the hot
            paths (a scan, a click, a tick) also save a round trip.
    """
    role, name = active_role(ctx, conn)
    if role is not Role.INSTRUCTOR:
        raise NotAllowedForRole(name)

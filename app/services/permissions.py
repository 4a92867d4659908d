"""What the active profile may do: one guard every write service calls first.

A director consults coverage, history and constancias; attendance,
participation, rosters and constancias are the instructor's. The services
refuse, so no screen, command or script can go round it.
"""

from __future__ import annotations

from app.domain.enums import Role
from app.services.context import Context
from app.services.errors import ServiceError
from app.storage.tables import ProfileState, UserProfile


class NotAllowedForRole(ServiceError):
    def __init__(self, profile_name: str) -> None:
        super().__init__(
            f"El perfil «{profile_name}» es de dirección: puede consultar la cobertura, el historial y las "
            "constancias, pero no registrar asistencia ni participación, cambiar listas de participantes "
            "ni emitir, corregir o revocar constancias. Cambie al perfil de instructor para hacerlo.")


def active_role(ctx: Context) -> tuple[Role, str]:
    """The role and name of the profile working on this device (instructor when none was chosen)."""
    with ctx.db.read() as s:
        state = s.get(ProfileState, 1)
        profile = s.get(UserProfile, state.active_profile_id) \
            if state is not None and state.active_profile_id is not None else None
        if profile is None or profile.deleted_at is not None:
            return Role.INSTRUCTOR, ""
        return Role(profile.role), profile.name


def require_instructor(ctx: Context) -> None:
    """Raise :class:`NotAllowedForRole` unless the active profile is an instructor's."""
    role, name = active_role(ctx)
    if role is not Role.INSTRUCTOR:
        raise NotAllowedForRole(name)

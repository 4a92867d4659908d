"""Profiles of a device: instructor and director, each with an optional PIN.

A PIN is stored as ``scrypt$n$r$p$salt$hash`` (base64), never in clear. The
active profile is kept on the device (``profile_state``) and every switch is
written to the audit log. A device enrolled with the director role opens in
the director profile (:func:`apply_enrolled_role`, :func:`start_profile`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from app.domain.enums import Role
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound, ServiceError
from app.storage import changes
from app.storage.tables import Device, ProfileState, UserProfile, utcnow

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
DEFAULT_NAMES = {Role.INSTRUCTOR: "Instructor", Role.DIRECTOR: "Dirección"}


class WrongPin(ServiceError):
    def __init__(self, name: str) -> None:
        super().__init__(f"El PIN del perfil «{name}» no es correcto.")


@dataclass(frozen=True)
class ProfileInfo:
    id: uuid.UUID
    name: str
    role: Role
    has_pin: bool
    active: bool = False

    @property
    def is_director(self) -> bool:
        return self.role is Role.DIRECTOR


def hash_pin(pin: str) -> str:
    """A salted scrypt hash of ``pin`` with its parameters."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def pin_matches(stored: str, pin: str) -> bool:
    """Whether ``pin`` is the one hashed in ``stored`` (an empty ``stored`` accepts anything)."""
    if not stored:
        return True
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                  dklen=32)
    except ValueError:
        return False
    return hmac.compare_digest(computed, base64.b64decode(digest))


def _state(s: Session) -> ProfileState:
    state = s.get(ProfileState, 1)
    if state is None:
        state = ProfileState(id=1)
        s.add(state)
    return state


def _rows(s: Session) -> list[UserProfile]:
    return list(s.exec(select(UserProfile).where(UserProfile.deleted_at.is_(None))
                       .order_by(UserProfile.created_at)).all())


def _ensure_defaults(s: Session) -> list[UserProfile]:
    rows = _rows(s)
    for role in Role:
        if not any(r.role == role.value for r in rows):
            row = UserProfile(name=DEFAULT_NAMES[role], role=role.value)
            s.add(row)
            rows.append(row)
    return rows


def _info(row: UserProfile, active_id: uuid.UUID | None) -> ProfileInfo:
    return ProfileInfo(row.id, row.name, Role(row.role), bool(row.pin_hash), row.id == active_id)


def _has_defaults(rows: list[UserProfile]) -> bool:
    return all(any(r.role == role.value for r in rows) for role in Role)


def list_profiles(ctx: Context) -> list[ProfileInfo]:
    """The device's profiles (an instructor and a director one are created the first time).

    Only that first time writes: a read-only database still lists what it has.
    """
    with ctx.db.read() as s:
        rows = _rows(s)
        state = s.get(ProfileState, 1)
    if not _has_defaults(rows) and not ctx.db.read_only:
        with ctx.db.write() as s:
            rows = _ensure_defaults(s)
    active = state.active_profile_id if state is not None else None
    return [_info(r, active) for r in rows]


def current_profile(ctx: Context) -> ProfileInfo:
    """The profile working now: the chosen one, else the first instructor profile."""
    profiles = list_profiles(ctx)
    fallback = ProfileInfo(uuid.UUID(int=0), DEFAULT_NAMES[Role.INSTRUCTOR], Role.INSTRUCTOR, False)
    return next((p for p in profiles if p.active),
                next((p for p in profiles if p.role is Role.INSTRUCTOR), fallback))


def _activate(ctx: Context, s: Session, row: UserProfile, reason: str) -> None:
    state = _state(s)
    previous = s.get(UserProfile, state.active_profile_id) if state.active_profile_id else None
    state.active_profile_id = row.id
    s.add(state)
    changes.audit(s, actor=row.name, action="profile.switch", entity="user_profile", entity_id=row.id,
                  details={"from": previous.name if previous else "", "to": row.name, "role": row.role,
                           "reason": reason})
    ctx.actor = row.name


def switch_profile(ctx: Context, profile_id: uuid.UUID, pin: str = "") -> ProfileInfo:
    """Make ``profile_id`` the working profile, checking its PIN; the switch is audited."""
    with ctx.db.write() as s:
        row = s.get(UserProfile, profile_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("No existe ese perfil en este equipo.")
        if not pin_matches(row.pin_hash, pin):
            raise WrongPin(row.name)
        _activate(ctx, s, row, "switch")
        return _info(row, row.id)


def set_pin(ctx: Context, profile_id: uuid.UUID, new_pin: str, *, current_pin: str = "") -> ProfileInfo:
    """Set (or clear with an empty ``new_pin``) a profile's PIN; the current one must be given."""
    if new_pin and (not new_pin.isdigit() or not 4 <= len(new_pin) <= 12):
        raise InvalidInput("El PIN debe tener de 4 a 12 dígitos.")
    with ctx.db.write() as s:
        row = s.get(UserProfile, profile_id)
        if row is None:
            raise NotFound("No existe ese perfil en este equipo.")
        if not pin_matches(row.pin_hash, current_pin):
            raise WrongPin(row.name)
        row.pin_hash = hash_pin(new_pin) if new_pin else ""
        row.updated_at = utcnow()
        s.add(row)
        changes.audit(s, actor=ctx.actor, action="profile.pin_set" if new_pin else "profile.pin_cleared",
                      entity="user_profile", entity_id=row.id)
        return _info(row, _state(s).active_profile_id)


def _first_of_role(rows: list[UserProfile], role: Role) -> UserProfile:
    return next(r for r in rows if r.role == role.value)


def apply_enrolled_role(ctx: Context, role: str | None) -> ProfileInfo:
    """Record the role this device was enrolled with; a director device switches to the director profile.

    Called by enrollment (and by :func:`start_profile` with the stored role).
    """
    enrolled = Role(role) if role in (Role.INSTRUCTOR.value, Role.DIRECTOR.value) else None
    with ctx.db.write() as s:
        rows = _ensure_defaults(s)
        state = _state(s)
        state.enrolled_role = enrolled.value if enrolled else ""
        s.add(state)
        active = s.get(UserProfile, state.active_profile_id) if state.active_profile_id else None
        if enrolled is Role.DIRECTOR and (active is None or active.role != Role.DIRECTOR.value):
            _activate(ctx, s, _first_of_role(rows, Role.DIRECTOR), "enrolled as director")
            active = _first_of_role(rows, Role.DIRECTOR)
        if active is None:
            active = _first_of_role(rows, Role.INSTRUCTOR)
            state.active_profile_id = active.id
        if active.role == Role.DIRECTOR.value:
            ctx.actor = active.name  # an instructor keeps the name the application gave the context
        return _info(active, state.active_profile_id)


def start_profile(ctx: Context) -> ProfileInfo:
    """At start-up: the profile to open in, from the role the device was enrolled with and the last choice.

    Writes only when something changes (a new device, a new enrolment); a
    read-only database opens in the profile it has.
    """
    with ctx.db.read() as s:
        device = s.get(Device, 1)
        state = s.get(ProfileState, 1)
    role = (device.role if device is not None and device.role else None) or (state.enrolled_role if state else None)
    current = current_profile(ctx)
    settled = state is not None and state.active_profile_id is not None and (role or "") == state.enrolled_role \
        and (role != Role.DIRECTOR.value or current.is_director)
    if settled or ctx.db.read_only:
        if current.is_director:
            ctx.actor = current.name
        return current
    return apply_enrolled_role(ctx, role)

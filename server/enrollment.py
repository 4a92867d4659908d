"""One-time enrollment codes and device registration (DESIGN §5, Enrollment)."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import secrets
import uuid
from typing import Any, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from app.domain.enums import Role
from app.domain.folio import device_code_from_public_key
from app.sync.protocol import (
    CHALLENGE_SECONDS,
    ChallengeResponse,
    EpochRequest,
    EpochResponse,
    RegisterRequest,
    RegisterResponse,
    ScopeUnit,
    decode_public_key,
    normalize_enrollment_code,
    registration_message,
)
from server.auth import check_schema, hash_secret, new_token
from server.config import ENROLL_CODE_HOURS
from server.db import Database
from server.errors import ApiError
from server.models import Device, EnrollmentCode, RegistrationChallenge, Unit, utcnow

log = logging.getLogger(__name__)

# No 0/O, 1/I/L: easy to read aloud and to type.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_GROUPS = 3
_CODE_GROUP_LEN = 4


class AdminError(Exception):
    """An administrative operation that cannot be done; the message is Spanish, one line."""


normalize_code = normalize_enrollment_code


def make_code() -> str:
    """A random code like ``K7QM-2XHP-WN4R`` (about 59 bits)."""
    groups = ["".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LEN))
              for _ in range(_CODE_GROUPS)]
    return "-".join(groups)


def create_code(db: Database, unit_code: str, role: str, hours: int = ENROLL_CODE_HOURS) -> tuple[str, dt.datetime]:
    """Create a one-time enrollment code for a unit and role.

    Returns:
        The code as printed and its expiry time.

    Raises:
        AdminError: unknown unit or role.
    """
    try:
        role = Role(role).value
    except ValueError as exc:
        raise AdminError(f"rol «{role}» no válido: use instructor o director") from exc
    if hours < 1:
        raise AdminError("la vigencia debe ser de al menos 1 hora")
    code = make_code()
    expires = utcnow() + dt.timedelta(hours=hours)
    with db.write() as session:
        unit = session.scalars(select(Unit).where(col(Unit.code) == unit_code)).first()
        if unit is None:
            raise AdminError(f"no existe la unidad «{unit_code}»")
        session.add(EnrollmentCode(id=str(uuid.uuid4()), code_hash=hash_secret(normalize_code(code)),
                                   unit_id=unit.id, role=role, expires_at=expires))
        session.commit()
    log.info("enrollment code created for unit %s, role %s", unit_code, role)
    return code, expires


def new_challenge(db: Database) -> ChallengeResponse:
    """A single-use nonce that a registering device must sign (proof of possession)."""
    nonce = secrets.token_urlsafe(32)
    now = utcnow()
    expires = now + dt.timedelta(seconds=CHALLENGE_SECONDS)
    with db.write() as session:
        # Expired challenges are of no use to anyone: keep the table small.
        session.execute(delete(RegistrationChallenge).where(col(RegistrationChallenge.expires_at) < now))
        session.add(RegistrationChallenge(nonce_hash=hash_secret(nonce), created_at=now, expires_at=expires))
        session.commit()
    return ChallengeResponse(nonce=nonce, expires_at=expires)


def _check_proof_of_possession(request: RegisterRequest, raw_key: bytes) -> None:
    """The request is signed by the private key of the public key it registers."""
    message = registration_message(request.code, request.nonce, request.public_key, request.install_id)
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(base64.b64decode(request.signature), message)
    except InvalidSignature as exc:
        raise ApiError(401, "proof_of_possession",
                       "La firma de la solicitud no corresponde a la llave del equipo.") from exc


def register(db: Database, request: RegisterRequest) -> RegisterResponse:
    """Enroll a device with a one-time code.

    The request must be signed with the private key of the public key it
    registers, over the code and a fresh nonce from :func:`new_challenge`;
    otherwise anyone who read a device's public key could rebind it to another
    unit and kill its token. A device whose key is already enrolled (and proves
    it) gets a new token and the scope of the new code; a different key whose
    device code is taken is refused with 409. The same installation (install
    id and key) may repeat a registration with a code it already used: its
    answer was lost, so it gets a new token (the previous one stops working).
    """
    check_schema(request.schema_version)
    raw_key = decode_public_key(request.public_key)
    _check_proof_of_possession(request, raw_key)
    device_code = device_code_from_public_key(raw_key)
    code_hash = hash_secret(normalize_code(request.code))
    token = new_token()
    now = utcnow()
    try:
        with db.write() as session:
            consumed = cast(CursorResult[Any], session.execute(  # an UPDATE answers with a cursor result
                update(RegistrationChallenge)
                .where(col(RegistrationChallenge.nonce_hash) == hash_secret(request.nonce),
                       col(RegistrationChallenge.used_at).is_(None), col(RegistrationChallenge.expires_at) > now)
                .values(used_at=now)
            )).rowcount
            if consumed != 1:
                raise ApiError(403, "invalid_challenge",
                               "La solicitud de inscripción venció o ya se usó; intente de nuevo.")
            code = session.scalars(select(EnrollmentCode).where(col(EnrollmentCode.code_hash) == code_hash)).first()
            device = session.scalars(select(Device).where(col(Device.code) == device_code)).first()
            retry = code is not None and _same_installation_retry(code, device, request)
            if code is None or (code.used_at is not None and not retry) or \
                    (not retry and _expired(code.expires_at, now)):
                raise ApiError(403, "invalid_code",
                               "El código de inscripción no es válido, ya se usó o venció.")
            unit = session.get(Unit, code.unit_id)
            if unit is None:  # create_code() checked the unit, and units are never deleted
                raise LookupError(f"enrollment code {code.id} names unit {code.unit_id}, which is not stored")
            if device is not None and device.public_key != request.public_key:
                raise ApiError(409, "device_code_taken",
                               f"El código de equipo {device_code} ya pertenece a otro equipo.")
            if device is not None and device.revoked_at is not None:
                raise ApiError(403, "device_revoked",
                               "Este equipo fue dado de baja; el administrador debe autorizarlo de nuevo.")
            if device is None:
                device = Device(id=str(uuid.uuid4()), code=device_code, public_key=request.public_key,
                                install_id=request.install_id, app_version=request.app_version,
                                schema_version=request.schema_version, role=code.role, unit_id=code.unit_id,
                                token_hash=hash_secret(token), enrolled_at=now)
            else:
                device.install_id = request.install_id
                device.app_version = request.app_version
                device.schema_version = request.schema_version
                device.role = code.role
                device.unit_id = code.unit_id
                device.token_hash = hash_secret(token)
                device.enrolled_at = now
                device.sync_epoch = None  # a new enrollment starts a new line of epochs
            session.add(device)
            session.flush()
            if not retry:
                claimed = cast(CursorResult[Any], session.execute(
                    update(EnrollmentCode)
                    .where(col(EnrollmentCode.id) == code.id, col(EnrollmentCode.used_at).is_(None))
                    .values(used_at=now, device_id=device.id)
                )).rowcount
                if claimed != 1:
                    raise ApiError(403, "invalid_code", "El código de inscripción ya se usó.")
            session.commit()
            scope = [ScopeUnit(id=uuid.UUID(unit.id), code=unit.code, name=unit.name)]
            log.info("device %s (%s) enrolled in unit %s as %s", device.id, device_code, unit.code, code.role)
            return RegisterResponse(device_id=uuid.UUID(device.id), device_code=device_code, token=token,
                                    role=Role(code.role), scope=scope, server_time=now)
    except IntegrityError as exc:
        raise ApiError(409, "device_code_taken",
                       "Otro equipo con la misma llave se inscribió al mismo tiempo; intente de nuevo.") from exc


def advance_epoch(db: Database, device_id: str, request: EpochRequest) -> EpochResponse:
    """Move the device's database epoch from ``current`` to ``next`` (DESIGN §5, a database restored
    or copied elsewhere must re-enroll).

    Accepted when the stored epoch is ``current`` (or none is stored yet), and repeated
    when it already is ``next`` (the answer was lost). Anything else is a database the
    server has moved past: 409 ``stale_database``.
    """
    now = utcnow()
    with db.write() as session:
        device = session.get(Device, device_id, with_for_update=True)
        if device is None:  # the caller was authenticated as this device
            raise LookupError(f"device {device_id} is not stored")
        stored = device.sync_epoch
        if stored is not None and stored not in (request.current, request.next):
            raise ApiError(409, "stale_database",
                           "Esta base de datos no es la que el servidor conoce de este equipo (se restauró de "
                           "un respaldo o se copió a otra computadora); inscriba el equipo de nuevo.")
        if stored != request.next:
            device.sync_epoch = request.next
            session.add(device)
            session.commit()
    return EpochResponse(epoch=request.next, server_time=now)


def _same_installation_retry(code: EnrollmentCode, device: Device | None, request: RegisterRequest) -> bool:
    """A registration whose answer was lost, asked again by the installation that used the code.

    Only the device the code enrolled, with the same public key (proved by the
    signature) and the same install id, and not revoked since, gets a new
    token; anyone else still finds the code used.
    """
    return (code.used_at is not None and device is not None and code.device_id == device.id
            and device.public_key == request.public_key and device.install_id == request.install_id
            and device.revoked_at is None)


def _expired(expires_at: dt.datetime, now: dt.datetime) -> bool:
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=dt.UTC)
    return expires_at <= now

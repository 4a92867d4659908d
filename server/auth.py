"""Who is calling: bearer tokens of enrolled devices and the protocol version check."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlmodel import col

from app.sync.protocol import HEADER_APP_VERSION, HEADER_SCHEMA, MIN_SCHEMA_VERSION, SCHEMA_VERSION
from server.db import Database
from server.errors import ApiError
from server.models import Device, Unit

_bearer = HTTPBearer(auto_error=False, description="Token recibido al inscribir el equipo.")


def new_token() -> str:
    """A fresh random bearer token (shown once to the device)."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy secret (token or enrollment code): what the database keeps."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def get_db(request: Request) -> Database:
    return request.app.state.db


def check_schema(schema_version: int) -> None:
    """Accept the current and the previous schema; older clients must update."""
    if schema_version < MIN_SCHEMA_VERSION:
        raise ApiError(426, "update_required",
                       "Actualice Aula: esta versión ya no puede sincronizar con el servidor.")
    if schema_version > SCHEMA_VERSION:
        raise ApiError(400, "schema_unsupported",
                       "El servidor todavía no admite esta versión de Aula; avise al administrador.")


def client_versions(
    schema: Annotated[str | None, Header(alias=HEADER_SCHEMA,
                                         description="Versión del esquema de sincronización.")] = None,
    app_version: Annotated[str | None, Header(alias=HEADER_APP_VERSION, description="Versión de Aula.")] = None,
) -> int:
    """The request's schema version, checked (header ``X-Aula-Schema``)."""
    if schema is None or not schema.strip():
        raise ApiError(400, "missing_schema", f"Falta el encabezado {HEADER_SCHEMA}.")
    try:
        value = int(schema.strip())
    except ValueError as exc:
        raise ApiError(400, "bad_schema", f"El encabezado {HEADER_SCHEMA} debe ser un número.") from exc
    check_schema(value)
    return value


@dataclass(frozen=True)
class Caller:
    """An authenticated, non-revoked device and the units it serves."""

    device_id: str
    device_code: str
    role: str
    unit_ids: tuple[str, ...]

    @property
    def primary_unit(self) -> str:
        return self.unit_ids[0]


def authenticate(db: Database, token: str | None) -> Caller:
    """The device that owns ``token``, or an :class:`ApiError` 401."""
    if not token:
        raise ApiError(401, "unauthorized", "Falta la credencial del equipo; inscríbalo primero.")
    if len(token) > 200:
        raise ApiError(401, "invalid_token", "La credencial del equipo no es válida.")
    with db.read() as session:
        device = session.scalars(select(Device).where(col(Device.token_hash) == hash_secret(token))).first()
    if device is None:
        raise ApiError(401, "invalid_token", "La credencial del equipo no es válida.")
    if device.revoked_at is not None:
        raise ApiError(401, "device_revoked", "Este equipo fue dado de baja; pida una nueva inscripción.")
    return Caller(device.id, device.code, device.role, (device.unit_id,))


def current_device(
    request: Request,
    _schema: Annotated[int, Depends(client_versions)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """FastAPI dependency: check versions, then the bearer token."""
    return authenticate(get_db(request), credentials.credentials if credentials else None)


def scope_units(db: Database, caller: Caller) -> list[Unit]:
    with db.read() as session:
        return list(session.scalars(select(Unit).where(col(Unit.id).in_(caller.unit_ids)).order_by(col(Unit.code))))

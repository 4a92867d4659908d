"""Administrative operations behind the ``aula-server`` commands (no HTTP involved)."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import col

from app.domain.enums import ConstanciaStatus, OpKind
from app.domain.folio import Folio
from app.sync.protocol import Entity
from server import changelog
from server.changelog import PendingChange, dumps
from server.coordination import coverage
from server.db import Database
from server.enrollment import AdminError
from server.models import ConstanciaIndex, Device, Record, Unit, as_utc, utcnow
from server.ownership import worker_feed
from server.push import RANK

_UNIT_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]{0,39}$")


def create_unit(db: Database, code: str, name: str) -> Unit:
    """Create a work unit; devices of the unit receive it through pull."""
    code, name = code.strip(), " ".join(name.split())
    if not _UNIT_CODE.match(code):
        raise AdminError(f"clave de unidad «{code}» no válida: letras, dígitos, punto, guion; hasta 40")
    if not name or len(name) > 200:
        raise AdminError("el nombre de la unidad debe tener de 1 a 200 caracteres")
    now = utcnow()
    with db.write() as session:
        if session.scalars(select(Unit).where(col(Unit.code) == code)).first():
            raise AdminError(f"la unidad «{code}» ya existe")
        unit = Unit(id=str(uuid.uuid4()), code=code, name=name, created_at=now)
        session.add(unit)
        payload = {"id": unit.id, "code": code, "name": name, "created_at": now.isoformat(),
                   "updated_at": now.isoformat(), "version": 1, "deleted_at": None}
        session.add(Record(entity=Entity.UNIT.value, entity_id=unit.id, rank=RANK[Entity.UNIT.value],
                           unit_id=unit.id, version=1, payload=dumps(payload), created_at=now, updated_at=now))
        session.flush()
        changelog.write(session, [PendingChange(Entity.UNIT.value, unit.id, unit.id, OpKind.UPSERT.value, 1,
                                                payload, None)], now)
        session.commit()
    return unit


@dataclass(frozen=True)
class DeviceRow:
    id: str
    code: str
    unit_code: str
    role: str
    enrolled_at: str
    last_seen_at: str
    state: str


def _iso(moment: dt.datetime | None) -> str:
    stamp = as_utc(moment)
    return stamp.isoformat(timespec="seconds") if stamp is not None else "-"


def list_devices(db: Database) -> list[DeviceRow]:
    with db.read() as session:
        units = {u.id: u.code for u in session.scalars(select(Unit))}
        devices = list(session.scalars(select(Device).order_by(col(Device.enrolled_at))))
    rows = []
    for d in devices:
        state = "dado de baja" if d.revoked_at else ("señalado: " + (d.flag_reason or "") if d.flagged_at else "activo")
        rows.append(DeviceRow(d.id, d.code, units.get(d.unit_id, "?"), d.role,
                              _iso(d.enrolled_at), _iso(d.last_seen_at),
                              state))
    return rows


def revoke_device(db: Database, ident: str, reason: str) -> Device:
    """Revoke a device by id or device code; its token stops working at once."""
    with db.write() as session:
        device = session.get(Device, ident) or session.scalars(
            select(Device).where(col(Device.code) == ident.upper())).first()
        if device is None:
            raise AdminError(f"no existe el equipo «{ident}»")
        if device.revoked_at is not None:
            raise AdminError(f"el equipo {device.code} ya estaba dado de baja")
        device.revoked_at = utcnow()
        device.revoked_reason = reason[:500]
        session.add(device)
        session.commit()
        return device


def revoke_constancia(db: Database, folio_text: str, reason: str) -> ConstanciaIndex:
    """Revoke a synced constancia by folio; devices learn it through pull."""
    try:
        folio = str(Folio.parse(folio_text))
    except ValueError as exc:
        raise AdminError(str(exc)) from exc
    if not reason.strip():
        raise AdminError("indique el motivo de la revocación (--reason)")
    now = utcnow()
    with db.write() as session:
        found = session.scalars(select(col(ConstanciaIndex.id)).where(col(ConstanciaIndex.folio) == folio)).first()
        if found is None:
            raise AdminError(f"el servidor no tiene la constancia {folio} (¿ya se sincronizó?)")
        # the same lock order as a push (record, then index), so the two never deadlock
        record = session.get(Record, (Entity.CONSTANCIA.value, found), with_for_update=True)
        index = session.get(ConstanciaIndex, found, with_for_update=True)
        if record is None or index is None:  # the index row and its record are written together
            raise AdminError(f"el servidor no tiene la constancia {folio} completa")
        if index.status == ConstanciaStatus.REVOKED.value:
            raise AdminError(f"la constancia {folio} ya estaba revocada")
        index.status, index.status_reason, index.status_changed_at = ConstanciaStatus.REVOKED.value, reason, now
        session.add(index)
        payload = json.loads(record.payload)
        version = record.version + 1
        payload.update(status=ConstanciaStatus.REVOKED.value, revoked_at=now.isoformat(),
                       revoked_reason=reason, version=version)
        record.payload, record.version, record.updated_at, record.updated_by = dumps(payload), version, now, None
        session.add(record)
        session.flush()
        changes = [PendingChange(Entity.CONSTANCIA.value, index.id, record.unit_id, OpKind.UPSERT.value, version,
                                 payload, None)]
        feed = worker_feed(lambda entity, ident: session.get(Record, (entity.value, ident)), payload, record.unit_id)
        if feed is not None:  # a guest's constancia: the worker's unit learns it too (server.ownership)
            changes.append(PendingChange(Entity.CONSTANCIA.value, index.id, feed, OpKind.UPSERT.value, version,
                                         payload, None))
        changelog.write(session, changes, now)
        coverage.apply_changes(session, changes)
        session.commit()
        return index

"""The constancias this device holds: lists, lookups and revocation."""

from __future__ import annotations

import logging
import uuid

from sqlmodel import Session, select

from app.domain.enums import ConstanciaStatus
from app.services.constancias.values import ConstanciaInfo, LocalStatus, info
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound
from app.services.permissions import require_instructor
from app.storage import changes
from app.storage.tables import Constancia, utcnow

logger = logging.getLogger(__name__)


def get_row(s: Session, constancia_id: uuid.UUID) -> Constancia:
    row = s.get(Constancia, constancia_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("Esa constancia no existe en este equipo.")
    return row


def list_constancias(ctx: Context, group_id: uuid.UUID, *,
                     include_inactive: bool = False) -> list[ConstanciaInfo]:
    """The group's constancias in folio order (valid ones only by default)."""
    with ctx.db.read() as s:
        query = select(Constancia).where(Constancia.group_id == group_id,
                                         Constancia.deleted_at.is_(None))
        if not include_inactive:
            query = query.where(Constancia.status == ConstanciaStatus.VALID)
        rows = s.exec(query.order_by(Constancia.year, Constancia.device_code,
                                     Constancia.counter)).all()
    return [info(row) for row in rows]


def revoke_constancia(ctx: Context, constancia_id: uuid.UUID, reason: str) -> ConstanciaInfo:
    """Revoke a constancia; the record stays, with the reason and the time."""
    require_instructor(ctx)
    if not reason.strip():
        raise InvalidInput("Indique el motivo de la revocación.")
    with ctx.db.write() as s:
        row = get_row(s, constancia_id)
        if row.status is ConstanciaStatus.REVOKED:
            raise InvalidInput(f"La constancia {row.folio} ya estaba revocada.")
        row.status = ConstanciaStatus.REVOKED
        row.revoked_at = utcnow()
        row.revoked_reason = reason.strip()
        changes.save(s, row, actor=ctx.actor, action="constancia.revoke",
                     details={"folio": row.folio, "reason": row.revoked_reason})
    logger.info("Constancia %s revoked", row.folio)
    return info(row)


def local_status(ctx: Context, folio: str) -> LocalStatus | None:
    """The status of ``folio`` in the local database; ``None`` when this device does not hold it."""
    with ctx.db.read() as s:
        row = s.exec(select(Constancia).where(Constancia.folio == folio, Constancia.deleted_at.is_(None))).first()
        if row is None:
            return None
        newer = s.get(Constancia, row.superseded_by_id) if row.superseded_by_id else None
        return LocalStatus(row.folio, row.status, newer.folio if newer else None, row.revoked_reason or "")

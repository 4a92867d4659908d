"""Verifying a scanned QR offline: the signature, then what this device knows of the folio."""

from __future__ import annotations

import base64
import datetime as dt

from sqlmodel import select

from app.domain.enums import ConstanciaStatus
from app.domain.signing import OFFLINE_PREFIX, VERIFY_PATH, verify_qr_text
from app.services.constancias.values import ConstanciaCheck
from app.services.context import Context
from app.storage.tables import Constancia, Device, KnownKey


def known_public_keys(ctx: Context) -> dict[str, bytes]:
    """Public keys this device trusts: its own and those received from the server."""
    keys: dict[str, bytes] = {}
    with ctx.db.read() as s:
        for known in s.exec(select(KnownKey).where(KnownKey.revoked.is_(False))).all():
            keys[known.key_id] = base64.b64decode(known.public_key)
        device = s.get(Device, 1)
        if device is not None:
            keys[device.device_code] = base64.b64decode(device.public_key)
    return keys


def verify(ctx: Context, text: str) -> ConstanciaCheck:
    """Verify a scanned QR offline: the signature, then the local status of the folio."""
    result = verify_qr_text(text, known_public_keys(ctx))
    if result.fields is None or result.status != "valid":
        return ConstanciaCheck(result, None, result.message)
    with ctx.db.read() as s:
        row = s.exec(select(Constancia).where(Constancia.folio == result.fields.folio,
                                              Constancia.deleted_at.is_(None))).first()
    if row is None:
        return ConstanciaCheck(result, None, result.message)
    if row.status is ConstanciaStatus.REVOKED:
        message = (f"La firma es auténtica, pero la constancia {row.folio} fue revocada: "
                   f"{row.revoked_reason}.")
    elif row.status is ConstanciaStatus.SUPERSEDED:
        with ctx.db.read() as s:
            newer = s.get(Constancia, row.superseded_by_id) if row.superseded_by_id else None
        replacement = f" por la constancia {newer.folio}" if newer else ""
        message = f"La firma es auténtica, pero la constancia {row.folio} fue sustituida{replacement}."
    else:
        message = result.message
    return ConstanciaCheck(result, row.status, message + _as_of(ctx))


def _as_of(ctx: Context) -> str:
    """" (estado al …)" when this device syncs: the local status is what the last sync brought."""
    with ctx.db.read() as s:
        device = s.get(Device, 1)
    synced = device.last_sync_at if device is not None and device.token else None
    if synced is None:
        return ""
    if synced.tzinfo is None:
        synced = synced.replace(tzinfo=dt.UTC)
    return f" (estado al {synced.astimezone().strftime('%d/%m/%Y %H:%M')}, fecha de la última sincronización)"


def looks_like_constancia_qr(text: str) -> bool:
    """Whether ``text`` has the shape of an Aula QR (its verification address or a bare payload).

    A text with that shape that cannot be read is a damaged or incomplete code;
    any other text is a QR (or a barcode) of something else.
    """
    candidate = (text or "").strip()
    if candidate[:len(OFFLINE_PREFIX)].upper() == OFFLINE_PREFIX:
        return True
    return VERIFY_PATH in candidate or (candidate.isascii() and candidate.isdigit())

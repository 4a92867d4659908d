"""Public verification of a constancia's QR: signature, then the server's status.

The signature is checked with the public key the issuing device registered at
enrollment, so a constancia verifies even before it is synced; if the server
has it, revocation and substitution are reported too. The CURP is never shown,
not even masked.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import logging
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from app.domain.signing import CertifiedFields, verify_qr_text
from app.domain.text import date_es, date_range_es
from app.sync.protocol import VerificationStatus, VerifyResponse
from server.db import Database
from server.models import ConstanciaIndex, Device, as_utc

log = logging.getLogger(__name__)

_TEMPLATE = (Path(__file__).parent / "templates" / "verify.html").read_text(encoding="utf-8")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def _style_hash(template: str) -> str:
    style = re.search(r"<style>(.*?)</style>", template, re.S)
    if style is None:
        raise ValueError("the verification page template has no <style> block")
    return base64.b64encode(hashlib.sha256(style.group(1).encode("utf-8")).digest()).decode("ascii")


# The page needs nothing but its own inline style: no scripts, images, fonts,
# forms or frames, and it may not be framed by anyone (clickjacking).
PAGE_HEADERS = {
    "Content-Security-Policy": (f"default-src 'none'; style-src 'sha256-{_style_hash(_TEMPLATE)}'; "
                                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_HIDDEN_FIELDS = {"curp", "curp_masked"}
_LABELS = {
    "folio": "Folio", "worker_name": "Nombre", "course_name": "Curso", "hours": "Horas",
    "dates": "Fechas", "venue": "Sede", "instructor_name": "Instructor(a)",
}
_TITLES = {
    VerificationStatus.VALID: "Constancia válida",
    VerificationStatus.REVOKED: "Constancia revocada",
    VerificationStatus.SUPERSEDED: "Constancia sustituida",
    VerificationStatus.INVALID: "Firma no válida",
    VerificationStatus.UNKNOWN: "Emisor desconocido",
    VerificationStatus.MALFORMED: "Código no reconocido",
}


def certified_digest(fields: CertifiedFields) -> str:
    """SHA-256 of what a constancia certifies: two constancias share it only if they certify the same."""
    canonical = json.dumps(fields.to_dict(), sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _public_keys(db: Database) -> tuple[dict[str, bytes], dict[str, Device]]:
    with db.read() as session:
        devices = list(session.scalars(select(Device)))
    return {d.code: base64.b64decode(d.public_key) for d in devices}, {d.code: d for d in devices}


def verify(db: Database, text: str) -> VerifyResponse:
    """Verify a QR text (the URL or its payload) against enrolled keys and known status."""
    keys, devices = _public_keys(db)
    outcome = verify_qr_text(text, keys)
    fields = {}
    folio = None
    if outcome.fields is not None:
        fields = {k: v for k, v in outcome.fields.to_dict().items() if k not in _HIDDEN_FIELDS}
        folio = outcome.fields.folio
    base: dict[str, Any] = {"folio": folio, "key_id": outcome.key_id, "fields": fields}
    if outcome.status == "malformed":
        return VerifyResponse(status=VerificationStatus.MALFORMED, title=_TITLES[VerificationStatus.MALFORMED],
                              message=outcome.message, **base)
    if outcome.status == "unknown_key":
        return VerifyResponse(status=VerificationStatus.UNKNOWN, title=_TITLES[VerificationStatus.UNKNOWN],
                              message=f"La constancia dice haber sido emitida por el equipo {outcome.key_id}, "
                                      "que no está registrado en el servidor. No se puede confirmar.", **base)
    if outcome.status != "valid":
        return VerifyResponse(status=VerificationStatus.INVALID, title=_TITLES[VerificationStatus.INVALID],
                              message="Los datos no corresponden a la firma: la constancia fue alterada "
                                      "o no es auténtica.", **base)
    if outcome.fields is None:  # a valid signature always certifies fields
        raise ValueError("a verified QR without certified fields")
    device = devices.get(outcome.key_id or "")
    with db.read() as session:
        index = session.scalars(select(ConstanciaIndex).where(col(ConstanciaIndex.folio) == folio)).first()
    if index is not None and (device is None or index.device_id != device.id
                              or index.fields_hash not in (None, certified_digest(outcome.fields))):
        # The folio is on the server, but for other certified fields: this QR
        # may not borrow that constancia's status.
        return VerifyResponse(status=VerificationStatus.INVALID, title="Constancia no válida",
                              message=f"El folio {folio} corresponde a otra constancia registrada en el servidor; "
                                      "esta no es válida.", known_to_server=True, **base)
    if device is not None and device.revoked_at is not None and \
            (index is None or as_utc(index.received_at) > as_utc(device.revoked_at)):
        reason = device.revoked_reason or "sin motivo registrado"
        return VerifyResponse(status=VerificationStatus.INVALID, title="Constancia no válida",
                              message=f"El equipo emisor fue dado de baja el {_date(as_utc(device.revoked_at))} "
                                      f"(motivo: {reason}) y esta constancia no llegó al servidor antes; "
                                      "no se puede dar por válida.",
                              known_to_server=index is not None, revocation_reason=reason, **base)
    if index is not None and index.status == VerificationStatus.REVOKED.value:
        when = as_utc(index.status_changed_at)
        reason = index.status_reason or "sin motivo registrado"
        return VerifyResponse(status=VerificationStatus.REVOKED, title=_TITLES[VerificationStatus.REVOKED],
                              message=f"Esta constancia fue revocada el {_date(when)}. Motivo: {reason}.",
                              known_to_server=True, revoked_at=when, revocation_reason=reason, **base)
    if index is not None and index.status == VerificationStatus.SUPERSEDED.value:
        newer = index.superseded_by
        text_newer = f" por la constancia con folio {newer}" if newer else ""
        return VerifyResponse(status=VerificationStatus.SUPERSEDED, title=_TITLES[VerificationStatus.SUPERSEDED],
                              message=f"Esta constancia fue sustituida{text_newer}; consulte la más reciente.",
                              known_to_server=True, superseded_by=newer, **base)
    message = "La firma es auténtica y la constancia está vigente."
    if index is None:
        message = ("La firma es auténtica. El equipo emisor aún no ha sincronizado esta constancia; "
                   "su estado se confirmará cuando lo haga.")
    if device is not None and device.revoked_at is not None:
        message += f" Atención: el equipo emisor fue dado de baja el {_date(as_utc(device.revoked_at))}."
    return VerifyResponse(status=VerificationStatus.VALID, title=_TITLES[VerificationStatus.VALID],
                          message=message, known_to_server=index is not None, **base)


def _date(value: dt.datetime | None) -> str:
    return date_es(value.date()) if value is not None else "fecha desconocida"


def render_html(result: VerifyResponse) -> str:
    """The phone-friendly Spanish page for a verification result."""
    rows = []
    for key, label in _LABELS.items():
        if key not in result.fields:
            continue
        value = result.fields[key]
        if key == "dates":
            value = date_range_es([dt.date.fromisoformat(d) for d in value])
        rows.append(f"<tr><th>{html.escape(label)}</th><td>{html.escape(str(value))}</td></tr>")
    table = f"<table>{''.join(rows)}</table>" if rows else ""
    css = {"valid": "ok", "revoked": "bad", "superseded": "warn", "invalid": "bad"}.get(result.status.value, "warn")
    note = ""
    if rows and result.status is not VerificationStatus.VALID:
        note = ('<p class="small">Los datos mostrados son los que contiene el código; '
                "no los tome como confirmados.</p>")
    values = {"css": css, "title": html.escape(result.title), "message": html.escape(result.message),
              "table": table, "note": note}
    # One pass over the template: text that came from a value is never scanned
    # again, so a reason containing "{{table}}" stays text.
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], _TEMPLATE)

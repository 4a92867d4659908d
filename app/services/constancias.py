"""Constancias: issue, print, reprint, correct, revoke and verify (DESIGN §4).

A constancia is issued once and frozen. Issuing evaluates the completion rule
for the group (:func:`app.services.results.evaluate_group`) and issues only
to participants who qualify and hold no valid constancia of the group yet.
For each one, inside one write transaction, it takes the next folio counter
of this device and year, freezes a JSON snapshot of what the constancia
certifies and prints, signs the certified fields with the device key
(the QR), renders the PDF to record its SHA-256, and saves the row with its
outbox operation and audit entry.

Reprinting renders the snapshot, never the current worker or course rows; a
correction issues a new constancia that supersedes the old one; revocation
keeps the row with its reason.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import json
import logging
import re
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

# The PDF builders (reportlab) are imported where a document is made, not here:
# the GUI imports this module at start-up and should not pay for reportlab then.
from app.documents.models import Branding, ConstanciaPage, Dc3Page
from app.domain.enums import ConstanciaStatus
from app.domain.folio import Folio
from app.domain.identifiers import mask_curp
from app.domain.signing import (
    CertifiedFields,
    PayloadTooLarge,
    QrVerification,
    check_fits,
    parse_qr_text,
    sign_fields,
    verify_qr_text,
)
from app.domain.text import full_name, sortable_name
from app.services import document_settings
from app.services.catalog import get_unit
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound, ServiceError
from app.services.groups import GroupDetail, get_group
from app.services.results import evaluate_group
from app.storage import changes, paths
from app.storage.files import whole_file, write_whole
from app.storage.keys import (
    DeviceKeys,
    KeyFileError,
    bind_keys,
    key_binding,
    keys_for_new_database,
    load_keys,
    load_or_create_keys,
)
from app.storage.tables import Constancia, Device, FolioCounter, KnownKey, Worker, utcnow

logger = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1
LAYOUT = "constancia"


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class ConstanciaInfo:
    """An issued constancia as the UI and the CLI show it."""

    id: uuid.UUID
    folio: str
    worker_id: uuid.UUID
    enrollment_id: uuid.UUID
    group_id: uuid.UUID
    worker_name: str
    status: ConstanciaStatus
    qr_text: str
    pdf_sha256: str
    issued_on: dt.date
    supersedes_id: uuid.UUID | None
    superseded_by_id: uuid.UUID | None
    revoked_reason: str


@dataclass(frozen=True)
class NotQualified:
    worker_id: uuid.UUID
    name: str
    reasons: str


@dataclass(frozen=True)
class IssueReport:
    """What :func:`issue_constancias` did.

    Attributes:
        issued: the constancias issued now, in roster order.
        already_issued: participants who already held a valid constancia.
        not_qualified: participants who do not qualify, with the reasons.
        not_issuable: participants who qualify but whose texts do not fit the
            QR (see :class:`app.domain.signing.PayloadTooLarge`), with the reason.
        cancelled: the caller stopped the batch; what was issued before stays issued.
    """

    issued: tuple[ConstanciaInfo, ...]
    already_issued: tuple[ConstanciaInfo, ...]
    not_qualified: tuple[NotQualified, ...]
    not_issuable: tuple[NotQualified, ...] = ()
    cancelled: bool = False


@dataclass(frozen=True)
class ConstanciaCheck:
    """The verdict on a scanned QR: the signature and what this device knows.

    Attributes:
        verification: the offline signature check.
        local_status: the status of that folio in the local database, or
            ``None`` when this device does not hold it.
        message: one Spanish sentence for the person verifying.
    """

    verification: QrVerification
    local_status: ConstanciaStatus | None
    message: str

    @property
    def ok(self) -> bool:
        return self.verification.is_valid and self.local_status in (None, ConstanciaStatus.VALID)


@dataclass(frozen=True)
class Dc3Employer:
    """The employer block of the DC-3 (stored on the unit; see :func:`unit_employer`).

    Attributes:
        name: employer's name or razón social.
        rfc: RFC with homoclave.
        representative: employer or legal representative who signs.
        workers_representative: the workers' representative who signs.
        training_agent: the training agent, or the STPS registration of an external one.
    """

    name: str
    rfc: str
    representative: str = ""
    workers_representative: str = ""
    training_agent: str = ""


class ConstanciaNotIssuable(ServiceError):
    pass


# --------------------------------------------------------------------------- branding


def default_branding(ctx: Context, group: GroupDetail) -> Branding:
    """The group's branding from the document settings (:mod:`app.services.document_settings`):
    institution, logos, titles and signatures as configured, the unit's director, and
    the course's programme when none is configured."""
    return document_settings.branding(ctx, group.summary.unit_code, group.course.programme)


def unit_employer(ctx: Context, group: GroupDetail) -> Dc3Employer:
    """The DC-3 employer block from the group's unit.

    Raises:
        InvalidInput: the unit has no employer name or RFC yet (says how to set them).
    """
    unit = get_unit(ctx, group.summary.unit_code)
    if not unit.employer_name or not unit.employer_rfc:
        raise InvalidInput(
            f"Para imprimir la DC-3, registre la razón social y el RFC del patrón de la unidad {unit.code} "
            f"(aula unit {unit.code} --employer \"…\" --rfc …).")
    return Dc3Employer(unit.employer_name, unit.employer_rfc, unit.employer_representative,
                       unit.workers_representative, unit.training_agent)


def _printed_branding(snapshot: Mapping[str, Any], branding: Branding, qr_text: str) -> Branding:
    """The branding as it was printed at issue (texts frozen; images current; the hint
    under the QR follows what the QR carries: a verification URL or the payload alone)."""
    printed = snapshot.get("printed", {})
    return dataclasses.replace(
        branding,
        verify_hint=document_settings.verify_hint_for(qr_text),
        institution_name=printed.get("institution_name", branding.institution_name),
        programme_name=printed.get("programme_name", branding.programme_name),
        director_name=printed.get("director_name", branding.director_name),
        director_title=printed.get("director_title", branding.director_title),
        instructor_title=printed.get("instructor_title", branding.instructor_title),
    )


# --------------------------------------------------------------------------- device


def device_keys() -> DeviceKeys:
    """This device's key pair, made on first use in the data directory."""
    return load_or_create_keys(paths.data_dir())


def _signing_keys(ctx: Context, keys: DeviceKeys | None) -> DeviceKeys:
    """The keys to sign with, once this database's device row exists and matches them.

    A database without a device row never takes a key that already numbers
    folios for another database: that key is retired and a new pair made
    (:func:`app.storage.keys.keys_for_new_database`), so folio numbering can
    never restart. The decision is taken under the write lock, so two
    processes starting on a new database agree on one key.
    """
    explicit = keys is not None
    keys = keys or device_keys()
    with ctx.db.write() as s:
        if explicit or s.get(Device, 1) is not None or not _bound_elsewhere(keys):
            _ensure_device(s, ctx, keys)
            return keys
    keys = keys_for_new_database(paths.data_dir())
    with ctx.db.write() as s:
        _ensure_device(s, ctx, keys)
    return keys


def _bound_elsewhere(keys: DeviceKeys) -> bool:
    binding = key_binding(paths.data_dir())
    return binding is not None and binding[0] == keys.device_code and keys == _data_dir_keys()


def register_local_device(ctx: Context, keys: DeviceKeys | None = None) -> DeviceKeys:
    """Make sure the ``device`` row exists and matches the key pair; return the keys.

    Issuing does this itself; enrollment (which sends the public key to the
    server) can call it first.

    Raises:
        ServiceError: the stored device code does not match the key file.
    """
    return _signing_keys(ctx, keys)


def _ensure_device(s: Session, ctx: Context, keys: DeviceKeys) -> Device:
    device = s.get(Device, 1)
    public = base64.b64encode(keys.public_raw).decode("ascii")
    if device is None:
        device = Device(id=1, device_code=keys.device_code, public_key=public)
        s.add(device)
        changes.audit(s, actor=ctx.actor, action="device.create", entity="device",
                      entity_id=device.install_id, details={"device_code": keys.device_code})
        logger.info("Registered this device locally as %s", keys.device_code)
        if keys == _data_dir_keys():
            # From now on this key numbers folios for this database only.
            bind_keys(paths.data_dir(), keys, str(device.install_id))
    elif device.device_code != keys.device_code or device.public_key != public:
        raise ServiceError(
            f"La llave de firma de este equipo no corresponde a su registro ({device.device_code}). "
            "Restaure el archivo de llave desde un respaldo antes de emitir constancias."
        )
    return device


def _data_dir_keys() -> DeviceKeys | None:
    try:
        return load_keys(paths.data_dir())
    except (OSError, KeyFileError):
        return None


def _next_folio(s: Session, device_code: str, year: int) -> Folio:
    """Take the next counter inside the caller's write transaction."""
    counter = s.get(FolioCounter, (device_code, year))
    if counter is None:
        counter = FolioCounter(device_code=device_code, year=year, last=0)
    counter.last += 1
    s.add(counter)
    return Folio(device_code, year, counter.last)


# --------------------------------------------------------------------------- snapshots


def _info(row: Constancia) -> ConstanciaInfo:
    snapshot = json.loads(row.snapshot)
    return ConstanciaInfo(
        row.id, row.folio, row.worker_id, row.enrollment_id, row.group_id,
        snapshot["fields"]["worker_name"], row.status, row.qr_text, row.pdf_sha256,
        dt.date.fromisoformat(snapshot["issued_on"]), row.supersedes_id, row.superseded_by_id,
        row.revoked_reason,
    )


def _page(snapshot: Mapping[str, Any], qr_text: str, mark: str = "") -> ConstanciaPage:
    return ConstanciaPage(CertifiedFields.from_dict(snapshot["fields"]), qr_text,
                          dt.date.fromisoformat(snapshot["issued_on"]), mark,
                          snapshot.get("participant_institution", ""))


def _snapshot(fields: CertifiedFields, issued_on: dt.date, branding: Branding,
              extra: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "snapshot_version": SNAPSHOT_VERSION,
        "fields": fields.to_dict(),
        "issued_on": issued_on.isoformat(),
        "printed": {
            "institution_name": branding.institution_name,
            "programme_name": branding.programme_name,
            "director_name": branding.director_name,
            "director_title": branding.director_title,
            "instructor_title": branding.instructor_title,
        },
        **extra,
    }


def _certified(folio: Folio, worker: Worker, group: GroupDetail) -> CertifiedFields:
    return CertifiedFields(
        folio=str(folio),
        worker_name=full_name(worker.given_names, worker.paternal_surname, worker.maternal_surname),
        curp_masked=mask_curp(worker.curp) if worker.curp else "",
        course_name=group.course.name,
        hours=group.course.hours,
        dates=tuple(s.date for s in group.sessions),
        venue=group.summary.unit_name,
        instructor_name=group.summary.instructors,
    )


def _fits_qr(keys: DeviceKeys, worker: Worker, group: GroupDetail, year: int,
             base_url: str) -> str:
    """Empty when the constancia's texts fit the QR, else the reason (before any folio is taken)."""
    widest = Folio(keys.device_code, year, 10**7 - 1)
    try:
        check_fits(_certified(widest, worker, group), keys.device_code, base_url=base_url)
    except PayloadTooLarge as error:
        return str(error)
    return ""


def _issue_one(s: Session, ctx: Context, *, keys: DeviceKeys, group: GroupDetail, worker: Worker,
               enrollment_id: uuid.UUID, branding: Branding, base_url: str, action: str,
               supersedes: Constancia | None = None, reason: str = "") -> Constancia:
    now = ctx.clock()
    folio = _next_folio(s, keys.device_code, now.year)
    fields = _certified(folio, worker, group)
    try:
        qr_text = sign_fields(fields, keys.private_raw, base_url=base_url)
    except PayloadTooLarge as error:
        raise ConstanciaNotIssuable(f"{fields.worker_name}: {error}") from error
    extra: dict[str, Any] = {"worker_matricula": worker.matricula, "group_code": group.summary.code,
                             "course_code": group.course.code}
    if worker.external_institution:  # an external participant: the constancia names their institution
        extra["participant_institution"] = worker.external_institution
    if supersedes is not None:
        extra["supersedes_folio"] = supersedes.folio
    snapshot = _snapshot(fields, now.date(), branding, extra)
    from app.documents.constancia import TEMPLATE_VERSION, render_constancia

    _, sha256 = render_constancia(_page(snapshot, qr_text), _printed_branding(snapshot, branding, qr_text))
    _, _, signature = parse_qr_text(qr_text)
    row = Constancia(
        folio=str(folio), device_code=folio.device_code, year=folio.year, counter=folio.counter,
        group_id=group.id, worker_id=worker.id, enrollment_id=enrollment_id,
        status=ConstanciaStatus.VALID, layout=LAYOUT,
        snapshot=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
        template_version=TEMPLATE_VERSION, pdf_sha256=sha256, key_id=keys.device_code,
        signature=base64.b64encode(signature).decode("ascii"), qr_text=qr_text,
        supersedes_id=supersedes.id if supersedes is not None else None,
    )
    details = {"folio": row.folio, "group": group.summary.code}
    if reason:
        details["reason"] = reason
    changes.save(s, row, actor=ctx.actor, action=action, details=details)
    return row


# --------------------------------------------------------------------------- use cases


def issue_constancias(ctx: Context, group_id: uuid.UUID, *, keys: DeviceKeys | None = None,
                      branding: Branding | None = None, base_url: str | None = None,
                      progress: Callable[[int, int], bool] | None = None) -> IssueReport:
    """Issue a constancia to every qualifying participant of a group who has none.

    Each constancia is its own transaction (folio, snapshot, signature, PDF
    hash, outbox op and audit entry together), so a cancelled or interrupted
    batch leaves only whole constancias behind and can simply be run again.

    Args:
        ctx: services context (its clock dates the constancias).
        group_id: the group.
        keys: the device key pair; by default the one in the data directory.
        branding: institution texts and images; :func:`default_branding` when omitted.
        base_url: the verification address printed in the QR; by default the
            device's (:func:`app.services.document_settings.verification_address`),
            and with none the QR carries the signed payload alone.
        progress: called with (done, total) before each participant and at the
            end; returning False stops the batch.

    Returns:
        What was issued, what already existed and who does not qualify (and why).
    """
    results = evaluate_group(ctx, group_id)
    group = results.group
    keys = _signing_keys(ctx, keys)
    branding = branding or default_branding(ctx, group)
    if base_url is None:
        base_url = document_settings.verification_address(ctx)
    qualifying = [p for p in results.participants if p.qualifies]
    not_qualified = tuple(NotQualified(p.worker_id, p.name, p.reasons_text)
                          for p in results.participants if not p.qualifies)
    issued: list[Constancia] = []
    existing: list[Constancia] = []
    not_issuable: list[NotQualified] = []
    cancelled = False
    for done, participant in enumerate(qualifying):
        if progress is not None and progress(done, len(qualifying)) is False:
            cancelled = True
            break
        with ctx.db.write() as s:
            held = s.exec(select(Constancia).where(
                Constancia.group_id == group_id, Constancia.worker_id == participant.worker_id,
                Constancia.status == ConstanciaStatus.VALID, Constancia.deleted_at.is_(None))).first()
            if held is not None:
                existing.append(held)
                continue
            worker = s.get(Worker, participant.worker_id)
            problem = _fits_qr(keys, worker, group, ctx.clock().year, base_url)
            if problem:
                not_issuable.append(NotQualified(worker.id, participant.name, problem))
                continue
            issued.append(_issue_one(s, ctx, keys=keys, group=group, worker=worker,
                                     enrollment_id=participant.enrollment_id, branding=branding,
                                     base_url=base_url, action="constancia.issue"))
    if progress is not None and not cancelled:
        progress(len(qualifying), len(qualifying))
    logger.info("Group %s: issued %d constancias (%d already issued, %d not qualified, "
                "%d too long for the QR%s)", group.summary.code, len(issued), len(existing),
                len(not_qualified), len(not_issuable), ", cancelled" if cancelled else "")
    return IssueReport(tuple(_info(r) for r in issued), tuple(_info(r) for r in existing),
                       not_qualified, tuple(not_issuable), cancelled)


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
    return [_info(row) for row in rows]


def _get(s: Session, constancia_id: uuid.UUID) -> Constancia:
    row = s.get(Constancia, constancia_id)
    if row is None or row.deleted_at is not None:
        raise NotFound("Esa constancia no existe en este equipo.")
    return row


def print_constancias(ctx: Context, group_id: uuid.UUID, out: Path | io.BufferedIOBase, *,
                      branding: Branding | None = None) -> int:
    """Write the group's valid constancias into one PDF, from their frozen snapshots.

    Returns:
        The number of pages written.
    """
    with ctx.db.read() as s:
        rows = s.exec(select(Constancia).where(Constancia.group_id == group_id,
                                               Constancia.status == ConstanciaStatus.VALID,
                                               Constancia.deleted_at.is_(None))
                      .order_by(Constancia.year, Constancia.device_code, Constancia.counter)).all()
    if not rows:
        raise NotFound("El grupo no tiene constancias emitidas.")
    if branding is None:
        branding = default_branding(ctx, get_group(ctx, group_id))
    from app.documents.constancia import ConstanciaWriter

    with whole_file(out) as stream, ConstanciaWriter(stream, branding,
                                                     title="Constancias del grupo") as writer:
        for row in rows:
            snapshot = json.loads(row.snapshot)
            writer.add(_page(snapshot, row.qr_text), _printed_branding(snapshot, branding, row.qr_text))
    return writer.pages


def print_dc3(ctx: Context, group_id: uuid.UUID, out: Path | io.BufferedIOBase,
              employer: Dc3Employer | None = None, *, branding: Branding | None = None) -> int:
    """Write the DC-3 of every valid constancia of the group into one PDF.

    The course data, dates, instructor, folio and QR come from the frozen
    snapshot; the DC-3 also needs the full CURP and the position, read from
    the worker's current record.

    Args:
        employer: the employer block; by default the group's unit's (:func:`unit_employer`).

    Returns:
        The number of pages written.
    """
    group = get_group(ctx, group_id)
    employer = employer or unit_employer(ctx, group)
    with ctx.db.read() as s:
        rows = s.exec(select(Constancia, Worker).join(Worker, Worker.id == Constancia.worker_id)
                      .where(Constancia.group_id == group_id,
                             Constancia.status == ConstanciaStatus.VALID,
                             Constancia.deleted_at.is_(None))
                      .order_by(Constancia.year, Constancia.device_code, Constancia.counter)).all()
    if not rows:
        raise NotFound("El grupo no tiene constancias emitidas.")
    pages = []
    for row, worker in rows:
        snapshot = json.loads(row.snapshot)
        fields = CertifiedFields.from_dict(snapshot["fields"])
        # An external participant's employer is their own institution (its RFC is not on file).
        institution = snapshot.get("participant_institution", "")
        own_employer = Dc3Employer(institution, "") if institution else employer
        pages.append(Dc3Page(
            worker_name=sortable_name(worker.given_names, worker.paternal_surname,
                                      worker.maternal_surname),
            curp=worker.curp or "", occupation="", position=worker.category,
            employer_name=own_employer.name, employer_rfc=own_employer.rfc,
            course_name=fields.course_name, hours=fields.hours, period_start=fields.first_day,
            period_end=fields.last_day, thematic_area=group.course.dc3_thematic_area,
            training_agent=employer.training_agent or f"{employer.name} (instructor interno)",
            instructor_name=fields.instructor_name,
            employer_representative=own_employer.representative,
            workers_representative=own_employer.workers_representative,
            folio=row.folio, qr_text=row.qr_text,
        ))
    from app.documents.dc3 import write_dc3

    with whole_file(out) as stream:
        return write_dc3(pages, branding or default_branding(ctx, group), stream)


def reprint_constancia(ctx: Context, constancia_id: uuid.UUID, *, branding: Branding | None = None,
                       mark: str = "") -> tuple[bytes, str]:
    """Render a constancia again from its frozen snapshot.

    With the same branding images and no ``mark`` the bytes equal the
    original's (the SHA-256 recorded at issue).

    Returns:
        The PDF bytes and their SHA-256.
    """
    with ctx.db.read() as s:
        row = _get(s, constancia_id)
    if row.status is ConstanciaStatus.REVOKED:
        raise ConstanciaNotIssuable(
            f"La constancia {row.folio} fue revocada ({row.revoked_reason}); no se puede reimprimir."
        )
    snapshot = json.loads(row.snapshot)
    if branding is None:
        branding = default_branding(ctx, get_group(ctx, row.group_id))
    from app.documents.constancia import render_constancia

    return render_constancia(_page(snapshot, row.qr_text, mark),
                             _printed_branding(snapshot, branding, row.qr_text))


def correct_constancia(ctx: Context, constancia_id: uuid.UUID, reason: str, *,
                       keys: DeviceKeys | None = None, branding: Branding | None = None,
                       base_url: str | None = None) -> ConstanciaInfo:
    """Issue a corrected constancia from the current worker and group data; the
    old one becomes *superseded* and points to the new one.

    Args:
        ctx: services context.
        constancia_id: the constancia to correct (must be valid).
        reason: why, kept in both rows' audit entries.
        keys: the device key pair; by default the one in the data directory.
        branding: institution texts and images; :func:`default_branding` when omitted.
        base_url: the verification address printed in the QR; by default the device's.
    """
    if not reason.strip():
        raise InvalidInput("Indique el motivo de la corrección.")
    keys = keys or device_keys()
    with ctx.db.read() as s:
        group_id = _get(s, constancia_id).group_id
    group = get_group(ctx, group_id)
    branding = branding or default_branding(ctx, group)
    if base_url is None:
        base_url = document_settings.verification_address(ctx)
    with ctx.db.write() as s:
        _ensure_device(s, ctx, keys)
        old = _get(s, constancia_id)
        if old.status is not ConstanciaStatus.VALID:
            raise ConstanciaNotIssuable(
                f"La constancia {old.folio} ya no está vigente ({old.status.value}); "
                "solo se corrige una constancia vigente."
            )
        worker = s.get(Worker, old.worker_id)
        new = _issue_one(s, ctx, keys=keys, group=group, worker=worker,
                         enrollment_id=old.enrollment_id, branding=branding, base_url=base_url,
                         action="constancia.correct", supersedes=old, reason=reason.strip())
        old.status = ConstanciaStatus.SUPERSEDED
        old.superseded_by_id = new.id
        changes.save(s, old, actor=ctx.actor, action="constancia.supersede",
                     details={"folio": old.folio, "superseded_by": new.folio,
                              "reason": reason.strip()})
    logger.info("Constancia %s superseded by %s", old.folio, new.folio)
    return _info(new)


def revoke_constancia(ctx: Context, constancia_id: uuid.UUID, reason: str) -> ConstanciaInfo:
    """Revoke a constancia; the record stays, with the reason and the time."""
    if not reason.strip():
        raise InvalidInput("Indique el motivo de la revocación.")
    with ctx.db.write() as s:
        row = _get(s, constancia_id)
        if row.status is ConstanciaStatus.REVOKED:
            raise InvalidInput(f"La constancia {row.folio} ya estaba revocada.")
        row.status = ConstanciaStatus.REVOKED
        row.revoked_at = utcnow()
        row.revoked_reason = reason.strip()
        changes.save(s, row, actor=ctx.actor, action="constancia.revoke",
                     details={"folio": row.folio, "reason": row.revoked_reason})
    logger.info("Constancia %s revoked", row.folio)
    return _info(row)


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
        row = s.exec(select(Constancia).where(Constancia.folio == result.fields.folio)).first()
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


_UNSAFE_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]+')


def safe_file_name(text: str, max_length: int = 120) -> str:
    """``text`` usable as a file name on Windows, macOS and Linux (accents kept, NFC)."""
    clean = unicodedata.normalize("NFC", text)
    clean = _UNSAFE_IN_FILE_NAMES.sub(" ", clean)
    clean = " ".join(clean.split()).strip(" .")
    return clean[:max_length].rstrip(" .") or "constancia"


def pdf_filename(info: ConstanciaInfo) -> str:
    """``"FOLIO - Nombre Apellido.pdf"``, safe on every file system."""
    return safe_file_name(f"{info.folio} - {info.worker_name}") + ".pdf"


def save_individual_pdfs(ctx: Context, group_id: uuid.UUID, folder: Path, *,
                         branding: Branding | None = None,
                         progress: Callable[[int, int], bool] | None = None) -> list[Path]:
    """Write one PDF per valid constancia of the group into ``folder`` (reprints of the frozen snapshot).

    Returns:
        The files written, in folio order; fewer if ``progress`` returned False.
    """
    folder.mkdir(parents=True, exist_ok=True)
    infos = list_constancias(ctx, group_id)
    written = []
    for done, info in enumerate(infos):
        if progress is not None and progress(done, len(infos)) is False:
            break
        data, _sha = reprint_constancia(ctx, info.id, branding=branding)
        # A file that exists is a whole PDF; a failed write leaves no .part behind.
        written.append(write_whole(folder / pdf_filename(info), data))
    else:
        if progress is not None:
            progress(len(infos), len(infos))
    logger.info("Saved %d constancias in %s", len(written), folder)
    return written


# --------------------------------------------------------------------------- verification, local view


@dataclass(frozen=True)
class LocalStatus:
    """What this device's database says about a folio.

    Attributes:
        folio: the folio asked about.
        status: vigente, sustituida or revocada.
        replaced_by: the folio of the constancia that supersedes it, if known here.
        revoked_reason: why it was revoked ("" otherwise).
    """

    folio: str
    status: ConstanciaStatus
    replaced_by: str | None
    revoked_reason: str


def local_status(ctx: Context, folio: str) -> LocalStatus | None:
    """The status of ``folio`` in the local database; ``None`` when this device does not hold it."""
    with ctx.db.read() as s:
        row = s.exec(select(Constancia).where(Constancia.folio == folio)).first()
        if row is None:
            return None
        newer = s.get(Constancia, row.superseded_by_id) if row.superseded_by_id else None
        return LocalStatus(row.folio, row.status, newer.folio if newer else None, row.revoked_reason or "")


def looks_like_constancia_qr(text: str) -> bool:
    """Whether ``text`` has the shape of an Aula QR (its verification address or a bare payload).

    A text with that shape that cannot be read is a damaged or incomplete code;
    any other text is a QR (or a barcode) of something else.
    """
    from app.domain.signing import OFFLINE_PREFIX, VERIFY_PATH

    candidate = (text or "").strip()
    if candidate[:len(OFFLINE_PREFIX)].upper() == OFFLINE_PREFIX:
        return True
    return VERIFY_PATH in candidate or (candidate.isascii() and candidate.isdigit())

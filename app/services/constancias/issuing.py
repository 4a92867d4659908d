"""Issuing constancias: one transaction each, with its folio, snapshot, signature and PDF hash.

A constancia is issued once and frozen. Issuing evaluates the completion rule
for the group (:func:`app.services.results.evaluate_group`) and issues only
to participants who qualify and hold no valid constancia of the group yet.
For each one, inside one write transaction, it takes the next folio counter
of this device and year, freezes the snapshot (:class:`ConstanciaSnapshot`),
signs the certified fields with the issuer's key (the QR), records the
SHA-256 of the PDF, and saves the row with its outbox operation and audit
entry. A correction issues a new constancia that supersedes the old one.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from sqlmodel import Session, select

from app.documents.models import Branding
from app.domain.constancia_snapshot import ConstanciaSnapshot, PrintedTexts
from app.domain.enums import ConstanciaStatus
from app.domain.folio import Folio
from app.domain.identifiers import mask_curp
from app.domain.signing import CertifiedFields
from app.domain.text import full_name
from app.services.constancias.issuer import Issuer, ensure_device, issuer_for
from app.services.constancias.prerender import Prerenderer, Signed, matching, sign_and_render
from app.services.constancias.printing import default_branding
from app.services.constancias.records import get_row
from app.services.constancias.values import (
    LAYOUT,
    ConstanciaInfo,
    ConstanciaNotIssuable,
    IssueReport,
    NotQualified,
    info,
)
from app.services.context import Context
from app.services.errors import InvalidInput
from app.services.groups import GroupDetail, get_group
from app.services.permissions import require_instructor
from app.services.results import evaluate_group
from app.storage import changes
from app.storage.keys import DeviceKeys
from app.storage.tables import Constancia, FolioCounter, Worker

logger = logging.getLogger(__name__)


def _next_folio(s: Session, device_code: str, year: int) -> Folio:
    """Take the next counter inside the caller's write transaction."""
    counter = s.get(FolioCounter, (device_code, year))
    if counter is None:
        counter = FolioCounter(device_code=device_code, year=year, last=0)
    counter.last += 1
    s.add(counter)
    return Folio(device_code, year, counter.last)


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


def _snapshot(folio: Folio, worker: Worker, group: GroupDetail, branding: Branding, ctx: Context,
              supersedes: Constancia | None) -> ConstanciaSnapshot:
    return ConstanciaSnapshot(
        fields=_certified(folio, worker, group),
        issued_on=ctx.clock().date(),
        printed=PrintedTexts(branding.institution_name, branding.programme_name, branding.director_name,
                             branding.director_title, branding.instructor_title),
        worker_matricula=worker.matricula,
        group_code=group.summary.code,
        course_code=group.course.code,
        # an external participant: the constancia names their institution
        participant_institution=worker.external_institution or "",
        supersedes_folio=supersedes.folio if supersedes is not None else "",
    )


def _issue_one(s: Session, ctx: Context, *, issuer: Issuer, group: GroupDetail, worker: Worker,
               enrollment_id: uuid.UUID, branding: Branding, action: str,
               supersedes: Constancia | None = None, reason: str = "",
               ready: Signed | None = None) -> tuple[Constancia, bool]:
    """Take the folio and save the constancia; ``ready`` is used if it was made for this very snapshot.

    Returns:
        The row, and whether ``ready`` was used.
    """
    folio = _next_folio(s, issuer.device_code, ctx.clock().year)
    snapshot = _snapshot(folio, worker, group, branding, ctx, supersedes)
    signed = matching(ready, snapshot)
    made_ahead = signed is not None
    if signed is None:
        signed = sign_and_render(issuer, snapshot, branding)
    row = Constancia(
        folio=str(folio), device_code=folio.device_code, year=folio.year, counter=folio.counter,
        group_id=group.id, worker_id=worker.id, enrollment_id=enrollment_id,
        status=ConstanciaStatus.VALID, layout=LAYOUT, snapshot=snapshot.to_json(),
        template_version=signed.template_version, pdf_sha256=signed.pdf_sha256, key_id=issuer.device_code,
        signature=signed.signature, qr_text=signed.qr_text,
        supersedes_id=supersedes.id if supersedes is not None else None,
    )
    details = {"folio": row.folio, "group": group.summary.code}
    if reason:
        details["reason"] = reason
    changes.save(s, row, actor=ctx.actor, action=action, details=details)
    return row, made_ahead


def _held_query(group_id: uuid.UUID):
    return select(Constancia).where(Constancia.group_id == group_id, Constancia.status == ConstanciaStatus.VALID,
                                    Constancia.deleted_at.is_(None))


def _next_after(s: Session, device_code: str, year: int) -> Folio:
    counter = s.get(FolioCounter, (device_code, year))
    return Folio(device_code, year, (counter.last if counter is not None else 0) + 1)


def issue_constancias(ctx: Context, group_id: uuid.UUID, *, keys: DeviceKeys | None = None,
                      branding: Branding | None = None, base_url: str | None = None,
                      progress: Callable[[int, int], bool] | None = None) -> IssueReport:
    """Issue a constancia to every qualifying participant of a group who has none.

    Each constancia is its own transaction (folio, snapshot, signature, PDF
    hash, outbox op and audit entry together), so a cancelled or interrupted
    batch leaves only whole constancias behind and can simply be run again.
    The next constancias are signed and rendered ahead while one commits
    (:mod:`.prerender`).

    Args:
        ctx: services context (its clock dates the constancias; its issuer signs them).
        group_id: the group.
        keys: sign with this key pair instead of ``ctx.issuer``'s.
        branding: institution texts and images; :func:`default_branding` when omitted.
        base_url: print this verification address instead of the issuer's
            (with none the QR carries the signed payload alone).
        progress: called with (done, total) before each participant and at the
            end; returning False stops the batch.

    Returns:
        What was issued, what already existed and who does not qualify (and why).
    """
    require_instructor(ctx)
    results = evaluate_group(ctx, group_id)
    group = results.group
    issuer = issuer_for(ctx, keys, base_url)
    branding = branding or default_branding(ctx, group)
    qualifying = [p for p in results.participants if p.qualifies]
    not_qualified = tuple(NotQualified(p.worker_id, p.name, p.reasons_text)
                          for p in results.participants if not p.qualifies)
    year = ctx.clock().year
    with ctx.db.read() as s:
        held_before = {row.worker_id: row for row in s.exec(_held_query(group_id)).all()}
        workers = {w.id: w for w in s.exec(select(Worker).where(
            Worker.id.in_([p.worker_id for p in qualifying if p.worker_id not in held_before]))).all()}
        first = _next_after(s, issuer.device_code, year)
    problems = {worker_id: issuer.misfit(_certified(first, worker, group)) for worker_id, worker in workers.items()}
    planned = [p for p in qualifying if p.worker_id in workers and not problems[p.worker_id]]
    plan_index = {p.worker_id: i for i, p in enumerate(planned)}
    ahead = Prerenderer(issuer, branding, lambda i, folio: _snapshot(
        folio, workers[planned[i].worker_id], group, branding, ctx, None), len(planned))
    ahead.start(0, first)
    issued: list[Constancia] = []
    existing: list[Constancia] = []
    not_issuable: list[NotQualified] = []
    cancelled = False
    signed_ahead = 0
    try:
        for done, participant in enumerate(qualifying):
            if progress is not None and progress(done, len(qualifying)) is False:
                cancelled = True
                break
            worker_id = participant.worker_id
            if worker_id in held_before:
                existing.append(held_before[worker_id])
                continue
            if problems[worker_id]:
                not_issuable.append(NotQualified(worker_id, participant.name, problems[worker_id]))
                continue
            item = plan_index[worker_id]
            ready = ahead.take(item)
            with ctx.db.write() as s:
                held = s.exec(_held_query(group_id).where(Constancia.worker_id == worker_id)).first()
                if held is not None:  # issued meanwhile by another process
                    existing.append(held)
                    ahead.start(item + 1, _next_after(s, issuer.device_code, ctx.clock().year))
                    continue
                row, made_ahead = _issue_one(s, ctx, issuer=issuer, group=group, worker=s.get(Worker, worker_id),
                                             enrollment_id=participant.enrollment_id, branding=branding,
                                             action="constancia.issue", ready=ready)
                issued.append(row)
            signed_ahead += made_ahead
            if not made_ahead:
                ahead.start(item + 1, Folio(row.device_code, row.year, row.counter + 1))
    finally:
        ahead.close()
    if progress is not None and not cancelled:
        progress(len(qualifying), len(qualifying))
    logger.info("Group %s: issued %d constancias (%d signed ahead; %d already issued, %d not qualified, "
                "%d too long for the QR%s)", group.summary.code, len(issued), signed_ahead, len(existing),
                len(not_qualified), len(not_issuable), ", cancelled" if cancelled else "")
    return IssueReport(tuple(info(r) for r in issued), tuple(info(r) for r in existing),
                       not_qualified, tuple(not_issuable), cancelled)


def correct_constancia(ctx: Context, constancia_id: uuid.UUID, reason: str, *,
                       keys: DeviceKeys | None = None, branding: Branding | None = None,
                       base_url: str | None = None) -> ConstanciaInfo:
    """Issue a corrected constancia from the current worker and group data; the
    old one becomes *superseded* and points to the new one.

    Args:
        ctx: services context.
        constancia_id: the constancia to correct (must be valid).
        reason: why, kept in both rows' audit entries.
        keys: sign with this key pair instead of ``ctx.issuer``'s.
        branding: institution texts and images; :func:`default_branding` when omitted.
        base_url: print this verification address instead of the issuer's.
    """
    require_instructor(ctx)
    if not reason.strip():
        raise InvalidInput("Indique el motivo de la corrección.")
    with ctx.db.read() as s:
        group_id = get_row(s, constancia_id).group_id
    group = get_group(ctx, group_id)
    branding = branding or default_branding(ctx, group)
    issuer = issuer_for(ctx, keys, base_url)
    with ctx.db.write() as s:
        ensure_device(s, ctx, issuer.keys)
        old = get_row(s, constancia_id)
        if old.status is not ConstanciaStatus.VALID:
            raise ConstanciaNotIssuable(
                f"La constancia {old.folio} ya no está vigente ({old.status.value}); "
                "solo se corrige una constancia vigente."
            )
        worker = s.get(Worker, old.worker_id)
        new, _ = _issue_one(s, ctx, issuer=issuer, group=group, worker=worker,
                            enrollment_id=old.enrollment_id, branding=branding,
                            action="constancia.correct", supersedes=old, reason=reason.strip())
        old.status = ConstanciaStatus.SUPERSEDED
        old.superseded_by_id = new.id
        changes.save(s, old, actor=ctx.actor, action="constancia.supersede",
                     details={"folio": old.folio, "superseded_by": new.folio,
                              "reason": reason.strip()})
    logger.info("Constancia %s superseded by %s", old.folio, new.folio)
    return info(new)

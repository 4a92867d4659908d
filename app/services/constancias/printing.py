"""Printing constancias from their frozen snapshots: the group's PDF, the DC-3, reprints, one file each."""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

# The PDF builders (reportlab) are imported where a document is made, not here:
# the GUI imports this package at start-up and should not pay for reportlab then.
from app.documents.models import Branding, ConstanciaPage, Dc3Page
from app.domain.constancia_snapshot import ConstanciaSnapshot
from app.domain.enums import ConstanciaStatus
from app.domain.text import sortable_name
from app.services import document_settings
from app.services.catalog import get_unit
from app.services.constancias.records import get_row, list_constancias
from app.services.constancias.values import ConstanciaInfo, ConstanciaNotIssuable, snapshot_of
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound
from app.services.groups import GroupDetail, get_group
from app.storage.files import whole_file, write_whole
from app.storage.tables import Constancia, Worker

logger = logging.getLogger(__name__)


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


def printed_branding(snapshot: ConstanciaSnapshot, branding: Branding, qr_text: str) -> Branding:
    """The branding as it was printed at issue (texts frozen; images current; the hint
    under the QR follows what the QR carries: a verification URL or the payload alone)."""
    hinted = dataclasses.replace(branding, verify_hint=document_settings.verify_hint_for(qr_text))
    if snapshot.printed is None:
        return hinted
    return dataclasses.replace(hinted, **snapshot.printed.to_dict())


def page_of(snapshot: ConstanciaSnapshot, qr_text: str, mark: str = "") -> ConstanciaPage:
    return ConstanciaPage(snapshot.fields, qr_text, snapshot.issued_on, mark,
                          snapshot.participant_institution)


def _valid_rows(group_id: uuid.UUID):
    return (select(Constancia).where(Constancia.group_id == group_id,
                                     Constancia.status == ConstanciaStatus.VALID,
                                     Constancia.deleted_at.is_(None))
            .order_by(Constancia.year, Constancia.device_code, Constancia.counter))


def print_constancias(ctx: Context, group_id: uuid.UUID, out: Path | io.BufferedIOBase, *,
                      branding: Branding | None = None) -> int:
    """Write the group's valid constancias into one PDF, from their frozen snapshots.

    Returns:
        The number of pages written.
    """
    with ctx.db.read() as s:
        rows = s.exec(_valid_rows(group_id)).all()
    if not rows:
        raise NotFound("El grupo no tiene constancias emitidas.")
    if branding is None:
        branding = default_branding(ctx, get_group(ctx, group_id))
    from app.documents.constancia import ConstanciaWriter

    with whole_file(out) as stream, ConstanciaWriter(stream, branding,
                                                     title="Constancias del grupo") as writer:
        for row in rows:
            snapshot = snapshot_of(row)
            writer.add(page_of(snapshot, row.qr_text), printed_branding(snapshot, branding, row.qr_text))
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
        snapshot = snapshot_of(row)
        fields = snapshot.fields
        # An external participant's employer is their own institution (its RFC is not on file).
        institution = snapshot.participant_institution
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


def render(snapshot: ConstanciaSnapshot, qr_text: str, branding: Branding, *,
           template_version: str | None = None, mark: str = "") -> tuple[bytes, str]:
    """One constancia's PDF and its SHA-256, with the template it was issued with."""
    from app.documents.constancia import render_constancia

    return render_constancia(page_of(snapshot, qr_text, mark), printed_branding(snapshot, branding, qr_text),
                             template_version=template_version)


def reprint_constancia(ctx: Context, constancia_id: uuid.UUID, *, branding: Branding | None = None,
                       mark: str = "") -> tuple[bytes, str]:
    """Render a constancia again from its frozen snapshot.

    With the same branding images and no ``mark`` the bytes equal the
    original's (the SHA-256 recorded at issue).

    Returns:
        The PDF bytes and their SHA-256.
    """
    with ctx.db.read() as s:
        row = get_row(s, constancia_id)
    if row.status is ConstanciaStatus.REVOKED:
        raise ConstanciaNotIssuable(
            f"La constancia {row.folio} fue revocada ({row.revoked_reason}); no se puede reimprimir."
        )
    if branding is None:
        branding = default_branding(ctx, get_group(ctx, row.group_id))
    return render(snapshot_of(row), row.qr_text, branding, template_version=row.template_version, mark=mark)


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

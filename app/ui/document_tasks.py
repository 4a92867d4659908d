"""Background jobs of the Documentos screen (run through :class:`app.ui.tasks.TaskRunner`).

Every function here may render PDFs, so none runs on the GUI thread. They get
ids, paths and plain data, report progress through the task context and stop
between whole documents when cancelled.
"""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from app.services import constancias, reports
from app.services.constancias import ConstanciaInfo, IssueReport
from app.services.context import Context
from app.ui.pdf_printing import print_pdf_bytes
from app.ui.tasks import TaskContext

logger = logging.getLogger(__name__)

def issue_task(ctx: Context, group_id: uuid.UUID, *, context: TaskContext) -> IssueReport:
    """Issue the group's constancias; the service stops between whole constancias on cancel."""

    def progress(done: int, total: int) -> bool:
        context.progress(done, total, "")
        return not context.cancelled

    return constancias.issue_constancias(ctx, group_id, progress=progress)


def combined_pdf_task(ctx: Context, group_id: uuid.UUID, path: Path | None = None, *,
                      context: TaskContext) -> bytes | Path:
    """The group's valid constancias in one PDF: written to ``path``, or returned as bytes."""
    context.progress(0, 0, "")
    if path is not None:
        constancias.print_constancias(ctx, group_id, path)
        return path
    buffer = io.BytesIO()
    constancias.print_constancias(ctx, group_id, buffer)
    return buffer.getvalue()


def reprint_task(ctx: Context, constancia_ids: Sequence[uuid.UUID], *,
                 context: TaskContext) -> list[bytes]:
    """Each constancia's PDF re-rendered from its snapshot, in the given order."""
    documents = []
    for done, constancia_id in enumerate(constancia_ids):
        context.check_cancelled()
        context.progress(done, len(constancia_ids), "")
        documents.append(constancias.reprint_constancia(ctx, constancia_id)[0])
    context.progress(len(constancia_ids), len(constancia_ids), "")
    return documents


def save_each_task(ctx: Context, group_id: uuid.UUID, folder: Path, *,
                   context: TaskContext) -> list[Path]:
    """One ``FOLIO - Nombre.pdf`` per valid constancia of the group in ``folder``.

    Each file is written whole (to a temporary name, then renamed), so a
    cancelled job leaves no half-written PDF.
    """

    def progress(done: int, total: int) -> bool:
        context.progress(done, total, "")
        return not context.cancelled

    written = constancias.save_individual_pdfs(ctx, group_id, folder, progress=progress)
    context.check_cancelled()
    return written


def correct_task(ctx: Context, constancia_id: uuid.UUID, reason: str, *,
                 context: TaskContext) -> ConstanciaInfo:
    """Issue the corrected constancia (one PDF rendered to record its hash)."""
    context.progress(0, 0, "")
    return constancias.correct_constancia(ctx, constancia_id, reason)


def sign_in_sheet_task(ctx: Context, group_id: uuid.UUID, session_index: int, path: Path, *,
                       context: TaskContext) -> Path:
    """The printable sign-in sheet of one session."""
    context.progress(0, 0, "")
    reports.write_sign_in_sheet(ctx, group_id, session_index, path)
    return path


def group_report_task(ctx: Context, group_id: uuid.UUID, path: Path, *,
                      context: TaskContext) -> Path:
    """The group's report (attendance, results, constancias)."""
    context.progress(0, 0, "")
    reports.write_group_report(ctx, group_id, path)
    return path


def print_task(pdfs: Sequence[bytes], printer: QPrinter, *, context: TaskContext) -> int:
    """Rasterise the PDFs' pages onto ``printer`` (QPainter on a QPrinter works off the GUI thread)."""

    def on_page(done: int, total: int) -> bool:
        context.progress(done, total, "")
        return not context.cancelled

    pages = print_pdf_bytes(pdfs, printer, on_page)
    context.check_cancelled()
    return pages

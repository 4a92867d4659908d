"""The group report (landscape Letter): sessions and activities × participants,
with each participant's verdict and, for those who do not qualify, the
reasons in Spanish (:func:`app.domain.completion.describe`).

Built with reportlab's platypus so that the table flows over as many pages as
needed, repeating its header row; every page says "Página i de n".
"""

from __future__ import annotations

import hashlib
import io
import logging
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.documents import fonts
from app.documents.drawing import ACCENT, GOLD, INK, MUTED, RULE, SHADE, WHITE
from app.documents.models import EXTERNAL, Branding, GroupReport
from app.domain.completion import Outcome, describe
from app.domain.text import date_es

logger = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = landscape(letter)
MARGIN = 28.0


class _NumberedCanvas(Canvas):
    """Defers pages until the end so that each can say "Página i de n"."""

    footer_left = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFillColor(MUTED)
            self.setFont(fonts.REGULAR, 8)
            self.drawString(MARGIN, 20, self.footer_left)
            self.drawRightString(PAGE_WIDTH - MARGIN, 20, f"Página {number} de {total}")
            super().showPage()
        super().save()


def _styles() -> dict[str, ParagraphStyle]:
    return {
        "title": ParagraphStyle("title", fontName=fonts.BOLD, fontSize=15, leading=19,
                                textColor=ACCENT),
        "meta": ParagraphStyle("meta", fontName=fonts.REGULAR, fontSize=9, leading=12,
                               textColor=INK),
        "small": ParagraphStyle("small", fontName=fonts.REGULAR, fontSize=7.5, leading=9.5,
                                textColor=MUTED),
        "cell": ParagraphStyle("cell", fontName=fonts.REGULAR, fontSize=7.5, leading=9,
                               textColor=INK),
        "name": ParagraphStyle("name", fontName=fonts.BOLD, fontSize=7.5, leading=9,
                               textColor=INK),
        "head": ParagraphStyle("head", fontName=fonts.BOLD, fontSize=7, leading=8.5,
                               textColor=WHITE, alignment=1),
    }


def _header(report: GroupReport, branding: Branding, styles) -> list:
    sessions = "; ".join(
        f"S{s.index}: {date_es(s.date)}, {s.start:%H:%M} a {s.end:%H:%M}" for s in report.sessions
    )
    qualified = sum(1 for r in report.rows if r.verdict.qualifies)
    pending = sum(1 for r in report.rows if r.verdict.is_pending)
    activities = " · ".join(
        f"A{i + 1} (S{a.session_index}) {escape(a.name)}" for i, a in enumerate(report.activities)
    )
    return [
        Paragraph("Reporte del grupo", styles["title"]),
        Paragraph(escape(branding.institution_name), styles["small"]),
        Spacer(1, 6),
        Paragraph(f"<b>Curso:</b> {escape(report.course_name)} &nbsp;&nbsp; "
                  f"<b>Grupo:</b> {escape(report.group_code)} &nbsp;&nbsp; "
                  f"<b>Sede:</b> {escape(report.venue)} &nbsp;&nbsp; "
                  f"<b>Instructor(a):</b> {escape(report.instructor_name)}", styles["meta"]),
        Paragraph(f"<b>Sesiones:</b> {escape(sessions)}", styles["meta"]),
        Paragraph(f"<b>Participantes:</b> {len(report.rows)} &nbsp;&nbsp; "
                  f"<b>Acreditan:</b> {qualified} &nbsp;&nbsp; "
                  + (f"<b>Pendientes:</b> {pending} &nbsp;&nbsp; " if pending else "")
                  + f"<b>No acreditan:</b> {len(report.rows) - qualified - pending}", styles["meta"]),
        Paragraph(f"<b>Actividades:</b> {activities}", styles["small"]) if activities else Spacer(1, 0),
        Spacer(1, 8),
    ]


_VERDICT_TEXT = {Outcome.QUALIFIES: "Acredita", Outcome.PENDING: "Pendiente", Outcome.FAILS: "No acredita"}


def _table(report: GroupReport, styles) -> Table:
    sessions = [f"S{s.index}" for s in report.sessions]
    activities = [f"A{i + 1}" for i in range(len(report.activities))]
    head = ["No.", "Nombre", "Matrícula", *sessions, *activities, "Resultado", "Motivos", "Folio"]
    data = [[Paragraph(h, styles["head"]) for h in head]]
    for number, row in enumerate(report.rows, start=1):
        reasons = "<br/>".join(escape(describe(r)) for r in row.verdict.reasons or row.verdict.pending)
        data.append([
            str(number),
            Paragraph(escape(row.name), styles["name"]),
            row.matricula or EXTERNAL,
            *row.attendance,
            *("Sí" if flag else "No" for flag in row.participated),
            _VERDICT_TEXT[row.verdict.outcome],
            Paragraph(reasons or "—", styles["cell"]),
            row.folio or "—",
        ])
    available = PAGE_WIDTH - 2 * MARGIN
    number_width, name_width, matricula_width, result_width, folio_width = 22, 130, 50, 56, 92
    reasons_min = 120.0
    session_width = 42.0
    rest = (available - number_width - name_width - matricula_width - result_width - folio_width
            - reasons_min - session_width * len(sessions))
    activity_width = min(22.0, max(14.0, rest / max(1, len(activities))))
    reasons_width = (available - number_width - name_width - matricula_width - result_width
                     - folio_width - session_width * len(sessions) - activity_width * len(activities))
    widths = [number_width, name_width, matricula_width, *[session_width] * len(sessions),
              *[activity_width] * len(activities), result_width, max(reasons_min, reasons_width),
              folio_width]
    table = Table(data, colWidths=widths, repeatRows=1)
    first_session = 3
    first_activity = first_session + len(sessions)
    result_col = first_activity + len(activities)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("FONTSIZE", (0, 1), (-1, -1), 7.5),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (2, 1), (result_col, -1), "CENTER"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [WHITE, SHADE]),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("FONTSIZE", (-1, 1), (-1, -1), 6.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, row in enumerate(report.rows, start=1):
        colour = ACCENT if row.verdict.qualifies else GOLD
        style.append(("TEXTCOLOR", (result_col, index), (result_col, index), colour))
        style.append(("FONTNAME", (result_col, index), (result_col, index), fonts.BOLD))
    table.setStyle(TableStyle(style))
    return table


def write_group_report(report: GroupReport, branding: Branding,
                       out: str | Path | BinaryIO) -> None:
    """Write the report as a PDF."""
    fonts.register_fonts()
    styles = _styles()
    target = str(out) if isinstance(out, Path) else out
    document = SimpleDocTemplate(
        target, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN, bottomMargin=MARGIN + 12,
        title=f"Reporte del grupo {report.group_code}", author=branding.institution_name,
        creator="Aula", invariant=True, initialFontName=fonts.REGULAR,
    )
    footer = (f"Grupo {report.group_code} · {report.course_name} · "
              f"generado el {date_es(report.generated_on)}")

    def make_canvas(*args, **kwargs) -> _NumberedCanvas:
        canvas = _NumberedCanvas(*args, **kwargs)
        canvas.footer_left = footer
        return canvas

    document.build([*_header(report, branding, styles), _table(report, styles)],
                   canvasmaker=make_canvas)
    logger.info("Wrote group report for %s (%d participants)", report.group_code, len(report.rows))


def render_group_report(report: GroupReport, branding: Branding) -> tuple[bytes, str]:
    """The report as PDF bytes and their SHA-256 (hex)."""
    buffer = io.BytesIO()
    write_group_report(report, branding, buffer)
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()

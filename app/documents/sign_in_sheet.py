"""The lista de asistencia of one session (landscape Letter), signed by hand.

Every page repeats the header (course, group, session, date, schedule, venue,
instructor and the activity legend) and the column titles, and says
"Página i de n"; the last page ends with the totals and the instructor's
signature. Rows have room for an entry time, a signature, an exit time, an
exit signature and one tick box per activity.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen.canvas import Canvas

from app.documents import fonts
from app.documents.drawing import ACCENT, INK, MUTED, RULE, SHADE, WHITE, draw_image_fit, ellipsize, wrap
from app.documents.models import EXTERNAL, Branding, SignInSheet
from app.domain.text import WEEKDAYS_ES, date_es

logger = logging.getLogger(__name__)

PAGE_WIDTH, PAGE_HEIGHT = landscape(letter)
MARGIN = 28.0
TABLE_WIDTH = PAGE_WIDTH - 2 * MARGIN
HEADER_ROW_HEIGHT = 26.0
ROW_HEIGHT = 22.0
TABLE_TOP = 446.0
TABLE_BOTTOM = 46.0
TOTALS_HEIGHT = 66.0
ROWS_PER_PAGE = int((TABLE_TOP - HEADER_ROW_HEIGHT - TABLE_BOTTOM) // ROW_HEIGHT)
ROWS_ON_LAST_PAGE = int((TABLE_TOP - HEADER_ROW_HEIGHT - TABLE_BOTTOM - TOTALS_HEIGHT) // ROW_HEIGHT)


@dataclass(frozen=True)
class _Column:
    title: str
    width: float
    align: str = "left"
    tick_box: bool = False


def _columns(activity_count: int) -> list[_Column]:
    activity_width = 20.0 if activity_count <= 8 else 15.0
    fixed = [
        _Column("No.", 22, "centre"),
        _Column("Nombre", 0),
        _Column("Matrícula", 62, "centre"),
        _Column("Categoría", 108),
        _Column("Hora de\nentrada", 40, "centre"),
        _Column("Firma de\nentrada", 92, "centre"),
        _Column("Hora de\nsalida", 40, "centre"),
        _Column("Firma de\nsalida", 92, "centre"),
    ]
    used = sum(c.width for c in fixed) + activity_width * activity_count
    fixed[1] = _Column("Nombre", max(110.0, TABLE_WIDTH - used))
    return fixed + [_Column(f"A{i + 1}", activity_width, "centre", tick_box=True)
                    for i in range(activity_count)]


def page_count(participants: int) -> int:
    """Pages needed for ``participants`` rows plus the totals on the last page."""
    if participants <= ROWS_ON_LAST_PAGE:
        return 1
    full = math.ceil((participants - ROWS_ON_LAST_PAGE) / ROWS_PER_PAGE)
    return full + 1


def _rows_for_page(participants: int, page: int, pages: int) -> range:
    start = (page - 1) * ROWS_PER_PAGE
    if page == pages:
        return range(start, participants)
    return range(start, min(participants, start + ROWS_PER_PAGE))


def _schedule(sheet: SignInSheet) -> str:
    return f"{sheet.start:%H:%M} a {sheet.end:%H:%M} h"


def _draw_header(canvas: Canvas, sheet: SignInSheet, branding: Branding) -> float:
    top = PAGE_HEIGHT - MARGIN
    has_logo = draw_image_fit(canvas, branding.logo_left, MARGIN, top - 44, 44, 44, anchor="sw")
    left = MARGIN + (54 if has_logo else 0)
    canvas.setFillColor(ACCENT)
    canvas.setFont(fonts.BOLD, 16)
    canvas.drawString(left, top - 18, "LISTA DE ASISTENCIA")
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 9)
    institution = " · ".join(p for p in (branding.institution_name, branding.programme_name) if p)
    canvas.drawString(left, top - 32, ellipsize(institution, fonts.REGULAR, 9, 560))

    weekday = WEEKDAYS_ES[sheet.session_date.weekday()]
    half = TABLE_WIDTH / 2
    pairs = [
        (("Curso", sheet.course_name), ("Grupo", sheet.group_code)),
        (("Sesión", f"{sheet.session_index} — {weekday} {date_es(sheet.session_date)}"),
         ("Horario", _schedule(sheet))),
        (("Sede", sheet.venue), ("Instructor(a)", sheet.instructor_name)),
    ]
    y = top - 56
    for row in pairs:
        for i, (label, value) in enumerate(row):
            x = MARGIN + i * half
            canvas.setFillColor(MUTED)
            canvas.setFont(fonts.BOLD, 9)
            canvas.drawString(x, y, f"{label}:")
            label_width = fonts.string_width(f"{label}: ", fonts.BOLD, 9)
            canvas.setFillColor(INK)
            canvas.setFont(fonts.REGULAR, 9.5)
            canvas.drawString(x + label_width, y,
                              ellipsize(value, fonts.REGULAR, 9.5, half - label_width - 12))
        y -= 14

    if sheet.activities:
        legend = "Actividades (marque la casilla si participó): " + " · ".join(
            f"A{i + 1} {name}" for i, name in enumerate(sheet.activities)
        )
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.REGULAR, 7.5)
        for line in wrap(legend, fonts.REGULAR, 7.5, TABLE_WIDTH, max_lines=2):
            canvas.drawString(MARGIN, y, line)
            y -= 10
    return y


def _draw_table_head(canvas: Canvas, columns: list[_Column], top: float) -> None:
    canvas.setFillColor(ACCENT)
    canvas.rect(MARGIN, top - HEADER_ROW_HEIGHT, TABLE_WIDTH, HEADER_ROW_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(WHITE)
    canvas.setFont(fonts.BOLD, 7.5)
    x = MARGIN
    for column in columns:
        lines = column.title.split("\n")
        y = top - HEADER_ROW_HEIGHT / 2 + 4.5 * (len(lines) - 1) - 2.5
        for line in lines:
            if column.align == "centre":
                canvas.drawCentredString(x + column.width / 2, y, line)
            else:
                canvas.drawString(x + 4, y, line)
            y -= 9
        x += column.width


def _draw_rows(canvas: Canvas, sheet: SignInSheet, columns: list[_Column], rows: range,
               top: float) -> float:
    y = top - HEADER_ROW_HEIGHT
    for position, index in enumerate(rows):
        participant = sheet.participants[index]
        if position % 2:
            canvas.setFillColor(SHADE)
            canvas.rect(MARGIN, y - ROW_HEIGHT, TABLE_WIDTH, ROW_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(INK)
        baseline = y - ROW_HEIGHT / 2 - 3
        cells = (str(index + 1), participant.name, participant.matricula or EXTERNAL, participant.category)
        x = MARGIN
        for column, text in zip(columns, cells):
            font = fonts.BOLD if column.title == "Nombre" else fonts.REGULAR
            size = fonts.fit_size(text, font, 8.5, column.width - 8, min_size=6.5)
            canvas.setFont(font, size)
            text = ellipsize(text, font, size, column.width - 8)
            if column.align == "centre":
                canvas.drawCentredString(x + column.width / 2, baseline, text)
            else:
                canvas.drawString(x + 4, baseline, text)
            x += column.width
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        for column in columns[4:]:
            if column.tick_box:
                box = 9
                canvas.rect(x + (column.width - box) / 2, y - (ROW_HEIGHT + box) / 2, box, box)
            x += column.width
        y -= ROW_HEIGHT
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    bottom = y
    canvas.rect(MARGIN, bottom, TABLE_WIDTH, top - bottom)
    row_y = top - HEADER_ROW_HEIGHT
    while row_y > bottom + 0.1:
        canvas.line(MARGIN, row_y, MARGIN + TABLE_WIDTH, row_y)
        row_y -= ROW_HEIGHT
    x = MARGIN
    for column in columns[:-1]:
        x += column.width
        canvas.line(x, bottom, x, top - HEADER_ROW_HEIGHT)
    return bottom


def _draw_totals(canvas: Canvas, sheet: SignInSheet, top: float) -> None:
    y = top - 20
    canvas.setFillColor(INK)
    canvas.setFont(fonts.BOLD, 9.5)
    canvas.drawString(MARGIN, y, f"Total de participantes en la lista: {len(sheet.participants)}")
    canvas.setFont(fonts.REGULAR, 9.5)
    canvas.drawString(MARGIN + 250, y, "Asistentes: ________")
    canvas.drawString(MARGIN + 380, y, "Inasistencias: ________")
    signature_x = PAGE_WIDTH - MARGIN - 220
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.7)
    canvas.line(signature_x, y - 22, PAGE_WIDTH - MARGIN, y - 22)
    canvas.setFont(fonts.REGULAR, 8)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(signature_x + 110, y - 33,
                             ellipsize(f"{sheet.instructor_name} · nombre y firma del instructor(a)",
                                       fonts.REGULAR, 8, 220))


def _draw_footer(canvas: Canvas, sheet: SignInSheet, page: int, pages: int) -> None:
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 8)
    canvas.drawString(MARGIN, 22, f"Grupo {sheet.group_code} · Sesión {sheet.session_index} · "
                                  f"{date_es(sheet.session_date)}")
    canvas.drawRightString(PAGE_WIDTH - MARGIN, 22, f"Página {page} de {pages}")


def write_sign_in_sheet(sheet: SignInSheet, branding: Branding,
                        out: str | Path | BinaryIO) -> int:
    """Write the sheet as a PDF; returns the number of pages."""
    fonts.register_fonts()
    canvas = Canvas(str(out) if isinstance(out, Path) else out,
                    pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=True,
                    initialFontName=fonts.REGULAR)
    canvas.setTitle(f"Lista de asistencia — {sheet.group_code}, sesión {sheet.session_index}")
    canvas.setAuthor(branding.institution_name)
    canvas.setCreator("Aula")
    columns = _columns(len(sheet.activities))
    pages = page_count(len(sheet.participants))
    for page in range(1, pages + 1):
        header_bottom = _draw_header(canvas, sheet, branding)
        top = min(TABLE_TOP, header_bottom - 4)
        _draw_table_head(canvas, columns, top)
        bottom = _draw_rows(canvas, sheet, columns,
                            _rows_for_page(len(sheet.participants), page, pages), top)
        if page == pages:
            _draw_totals(canvas, sheet, bottom)
        _draw_footer(canvas, sheet, page, pages)
        canvas.showPage()
    canvas.save()
    logger.info("Wrote sign-in sheet for group %s session %d: %d participants, %d pages",
                sheet.group_code, sheet.session_index, len(sheet.participants), pages)
    return pages


def render_sign_in_sheet(sheet: SignInSheet, branding: Branding) -> tuple[bytes, str]:
    """The sheet as PDF bytes and their SHA-256 (hex)."""
    buffer = io.BytesIO()
    write_sign_in_sheet(sheet, branding, buffer)
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()

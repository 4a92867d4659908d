"""The DC-3 layout (portrait Letter): *constancia de competencias o de
habilidades laborales*, the labour ministry's standard training record.

It follows the structure of the official format: worker, company and
training-programme sections, the "bajo protesta de decir verdad" statement
and three signatures (instructor, employer, workers' representative). The
CURP, the RFC and the dates go in one box per character, as on the form.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from app.documents import fonts, qr
from app.documents.drawing import ACCENT, INK, MUTED, RULE, WHITE, draw_image_fit, ellipsize, wrap
from app.documents.models import Branding, Dc3Page

logger = logging.getLogger(__name__)

TEMPLATE_VERSION = "dc3-1"
PAGE_WIDTH, PAGE_HEIGHT = letter
MARGIN = 40.0
WIDTH = PAGE_WIDTH - 2 * MARGIN
SECTION_HEIGHT = 16.0
FIELD_HEIGHT = 34.0
QR_SIDE = 106.0  # points, quiet zone included: every symbol from version 6 up prints >= 3 cm
STATEMENT = ("Los datos se asientan en esta constancia bajo protesta de decir verdad, apercibidos "
             "de la responsabilidad en que incurre todo aquel que no se conduce con verdad.")
NOTES = (
    "* Llenar para personal que labora en la empresa.",
    "1/ Anotar la clave de la ocupación específica del Catálogo Nacional de Ocupaciones.",
    "2/ Anotar la clave del área temática del curso del catálogo correspondiente.",
    "3/ Cuando se trate de un instructor interno, anotar el nombre de la empresa o institución "
    "que imparte el curso; si es externo, su número de registro ante la STPS.",
)


def _section(canvas: Canvas, y: float, title: str) -> float:
    canvas.setFillColor(ACCENT)
    canvas.rect(MARGIN, y - SECTION_HEIGHT, WIDTH, SECTION_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(WHITE)
    canvas.setFont(fonts.BOLD, 8.5)
    canvas.drawCentredString(PAGE_WIDTH / 2, y - SECTION_HEIGHT + 4.8, title)
    return y - SECTION_HEIGHT


def _field(canvas: Canvas, x: float, y: float, width: float, label: str, value: str,
           height: float = FIELD_HEIGHT) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.rect(x, y - height, width, height)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 6.8)
    canvas.drawString(x + 4, y - 9, ellipsize(label, fonts.REGULAR, 6.8, width - 8))
    canvas.setFillColor(INK)
    canvas.setFont(fonts.BOLD, 10)
    canvas.drawString(x + 6, y - height + 8, ellipsize(value, fonts.BOLD, 10, width - 12))


def _boxes(canvas: Canvas, x: float, y: float, text: str, count: int, box: float = 13.0) -> float:
    """Characters of ``text`` in ``count`` boxes; returns the right edge."""
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.setFillColor(INK)
    canvas.setFont(fonts.BOLD, 9.5)
    for i in range(count):
        left = x + i * box
        canvas.rect(left, y, box, box)
        if i < len(text):
            canvas.drawCentredString(left + box / 2, y + 3.3, text[i])
    return x + count * box


def _boxed_field(canvas: Canvas, x: float, y: float, width: float, label: str, text: str,
                 count: int) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.rect(x, y - FIELD_HEIGHT, width, FIELD_HEIGHT)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 6.8)
    canvas.drawString(x + 4, y - 9, ellipsize(label, fonts.REGULAR, 6.8, width - 8))
    _boxes(canvas, x + 6, y - FIELD_HEIGHT + 5, text, count)


def _period(canvas: Canvas, x: float, y: float, width: float, page: Dc3Page) -> None:
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.rect(x, y - FIELD_HEIGHT, width, FIELD_HEIGHT)
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 6.8)
    canvas.drawString(x + 4, y - 9, "Periodo de ejecución:")
    base = y - FIELD_HEIGHT + 5
    cursor = x + 12 + fonts.string_width("Periodo de ejecución:", fonts.REGULAR, 6.8)
    for word, day in (("De", page.period_start), ("a", page.period_end)):
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.REGULAR, 8)
        canvas.drawString(cursor, base + 3.5, word)
        cursor += fonts.string_width(word, fonts.REGULAR, 8) + 4
        for part, digits, caption in ((f"{day.year:04d}", 4, "Año"), (f"{day.month:02d}", 2, "Mes"),
                                      (f"{day.day:02d}", 2, "Día")):
            right = _boxes(canvas, cursor, base, part, digits, box=11.5)
            canvas.setFillColor(MUTED)
            canvas.setFont(fonts.REGULAR, 5.8)
            canvas.drawCentredString((cursor + right) / 2, base + 14.5, caption)
            cursor = right + 3
        cursor += 8


def _signatures(canvas: Canvas, y: float, page: Dc3Page, branding: Branding) -> None:
    blocks = (
        ("Instructor o tutor", page.instructor_name, branding.instructor_signature),
        ("Patrón o representante legal", page.employer_representative, branding.director_signature),
        ("Representante de los trabajadores", page.workers_representative, None),
    )
    column = WIDTH / 3
    for i, (title, name, image) in enumerate(blocks):
        centre = MARGIN + column * (i + 0.5)
        canvas.setFillColor(INK)
        canvas.setFont(fonts.BOLD, 8)
        canvas.drawCentredString(centre, y, title)
        line_y = y - 58
        draw_image_fit(canvas, image, centre - 70, line_y + 15, 140, 34, anchor="s")
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.7)
        canvas.line(centre - 75, line_y, centre + 75, line_y)
        if name:
            canvas.setFont(fonts.REGULAR, 8.5)
            canvas.drawCentredString(centre, line_y + 4, ellipsize(name, fonts.REGULAR, 8.5, 150))
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.REGULAR, 7)
        canvas.drawCentredString(centre, line_y - 10, "Nombre y firma")


def _draw_page(canvas: Canvas, page: Dc3Page, branding: Branding) -> None:
    top = PAGE_HEIGHT - MARGIN
    draw_image_fit(canvas, branding.logo_left, MARGIN, top - 46, 60, 46, anchor="sw")
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.BOLD, 9)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, top - 10, "FORMATO DC-3")
    if page.folio:
        canvas.setFont(fonts.REGULAR, 8)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, top - 22, f"Folio {page.folio}")
    canvas.setFillColor(INK)
    canvas.setFont(fonts.BOLD, 12.5)
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 62,
                             "CONSTANCIA DE COMPETENCIAS O DE HABILIDADES LABORALES")

    y = top - 78
    y = _section(canvas, y, "DATOS DEL TRABAJADOR")
    _field(canvas, MARGIN, y, WIDTH,
           "Nombre (anotar apellido paterno, apellido materno y nombre (s))", page.worker_name)
    y -= FIELD_HEIGHT
    half = WIDTH / 2
    _boxed_field(canvas, MARGIN, y, half, "Clave Única de Registro de Población", page.curp, 18)
    _field(canvas, MARGIN + half, y, half,
           "Ocupación específica (Catálogo Nacional de Ocupaciones) 1/", page.occupation)
    y -= FIELD_HEIGHT
    _field(canvas, MARGIN, y, WIDTH, "Puesto*", page.position)
    y -= FIELD_HEIGHT + 10

    y = _section(canvas, y, "DATOS DE LA EMPRESA")
    _field(canvas, MARGIN, y, WIDTH,
           "Nombre o razón social (en caso de persona física, anotar apellido paterno, apellido "
           "materno y nombre(s))", page.employer_name)
    y -= FIELD_HEIGHT
    _boxed_field(canvas, MARGIN, y, WIDTH,
                 "Registro Federal de Contribuyentes con homoclave (SHCP)", page.employer_rfc, 13)
    y -= FIELD_HEIGHT + 10

    y = _section(canvas, y, "DATOS DEL PROGRAMA DE CAPACITACIÓN, ADIESTRAMIENTO Y PRODUCTIVIDAD")
    _field(canvas, MARGIN, y, WIDTH, "Nombre del curso", page.course_name)
    y -= FIELD_HEIGHT
    hours_width = 130.0
    _field(canvas, MARGIN, y, hours_width, "Duración en horas", str(page.hours))
    _period(canvas, MARGIN + hours_width, y, WIDTH - hours_width, page)
    y -= FIELD_HEIGHT
    _field(canvas, MARGIN, y, WIDTH, "Área temática del curso 2/", page.thematic_area)
    y -= FIELD_HEIGHT
    _field(canvas, MARGIN, y, WIDTH, "Nombre del agente capacitador o STPS 3/", page.training_agent)
    y -= FIELD_HEIGHT + 18

    canvas.setFillColor(INK)
    canvas.setFont(fonts.REGULAR, 8.5)
    for line in wrap(STATEMENT, fonts.REGULAR, 8.5, WIDTH - 60):
        canvas.drawCentredString(PAGE_WIDTH / 2, y, line)
        y -= 11
    _signatures(canvas, y - 18, page, branding)

    notes_y = MARGIN + 46
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 6.5)
    for note in NOTES:
        for line in wrap(note, fonts.REGULAR, 6.5, WIDTH - (QR_SIDE + 10 if page.qr_text else 0)):
            canvas.drawString(MARGIN, notes_y, line)
            notes_y -= 8.5
    if page.qr_text:
        qr.draw_qr(canvas, qr.encode(page.qr_text), PAGE_WIDTH - MARGIN - QR_SIDE + 8, MARGIN - 18,
                   QR_SIDE)


def write_dc3(pages: Iterable[Dc3Page], branding: Branding, out: str | Path | BinaryIO) -> int:
    """Write one DC-3 per page into one PDF; returns the number of pages."""
    fonts.register_fonts()
    canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=letter, invariant=True,
                    initialFontName=fonts.REGULAR)
    canvas.setTitle("Constancias DC-3")
    canvas.setAuthor(branding.institution_name)
    canvas.setCreator("Aula")
    count = 0
    for page in pages:
        _draw_page(canvas, page, branding)
        canvas.showPage()
        count += 1
    canvas.save()
    logger.info("Wrote %d DC-3 pages", count)
    return count


def render_dc3(page: Dc3Page, branding: Branding) -> tuple[bytes, str]:
    """One DC-3 as PDF bytes and their SHA-256 (hex)."""
    buffer = io.BytesIO()
    write_dc3([page], branding, buffer)
    data = buffer.getvalue()
    return data, hashlib.sha256(data).hexdigest()

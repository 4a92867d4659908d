"""The constancia page (landscape Letter) and batches of them in one PDF.

Everything that is the same on every page of a batch (frame, logos,
institution, titles, the director's signature block, the verification hint)
is drawn once into a PDF form XObject and placed on each page with one
operator; only the worker's data, the folio and the QR are drawn per page.
The QR is vector (see :mod:`app.documents.qr`). Output is byte-for-byte
reproducible (reportlab's invariant mode), so reprinting a frozen snapshot
yields the same SHA-256 as the original.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import landscape, letter
from reportlab.pdfgen.canvas import Canvas

from app.documents import fonts, qr
from app.documents.constancia_template import TemplateLayout, render_fast
from app.documents.drawing import (
    ACCENT,
    GOLD,
    INK,
    MUTED,
    RULE,
    draw_image_fit,
    draw_spaced_centred,
    ellipsize,
    wrap,
)
from app.documents.models import Branding, ConstanciaPage
from app.domain.text import date_es

logger = logging.getLogger(__name__)

TEMPLATE_VERSION = "constancia-2"
"""Stored with every issued constancia; bump when the layout or the PDF's structure changes.

``constancia-1``: each constancia rendered whole by reportlab (:func:`_render_full`);
``constancia-2``: the same page from a per-branding template (:mod:`app.documents.constancia_template`).
"""

PAGE_WIDTH, PAGE_HEIGHT = landscape(letter)
CENTRE = PAGE_WIDTH / 2
QR_SIDE = 102.0  # points, quiet zone included: symbols of versions 6 to 12 print 3.0-3.2 cm
QR_X, QR_Y = 640.0, 56.0
QR_CENTRE = QR_X + QR_SIDE / 2
INSTRUCTOR_X, DIRECTOR_X = 190.0, 430.0
SIGNATURE_LINE_Y = 140.0
SIGNATURE_HALF_WIDTH = 100.0
TEXT_WIDTH = 640.0
_FORM = "aula-constancia-background"


def _draw_background(canvas: Canvas, branding: Branding) -> None:
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(2.2)
    canvas.rect(22, 22, PAGE_WIDTH - 44, PAGE_HEIGHT - 44)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(0.7)
    canvas.rect(29, 29, PAGE_WIDTH - 58, PAGE_HEIGHT - 58)

    draw_image_fit(canvas, branding.logo_left, 48, 486, 92, 78, anchor="w")
    draw_image_fit(canvas, branding.logo_right, PAGE_WIDTH - 140, 486, 92, 78, anchor="e")

    canvas.setFillColor(INK)
    name = branding.institution_name
    size = fonts.fit_size(name, fonts.BOLD, 15, 480, min_size=10)
    canvas.setFont(fonts.BOLD, size)
    canvas.drawCentredString(CENTRE, 540, name)
    if branding.programme_name:
        canvas.setFillColor(MUTED)
        programme = ellipsize(branding.programme_name, fonts.REGULAR, 11, 480)
        canvas.setFont(fonts.REGULAR, 11)
        canvas.drawCentredString(CENTRE, 522, programme)

    canvas.setFillColor(ACCENT)
    draw_spaced_centred(canvas, "CONSTANCIA", CENTRE, 450, fonts.BOLD, 34, 7)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1)
    canvas.line(CENTRE - 60, 438, CENTRE + 60, 438)

    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 13)
    canvas.drawCentredString(CENTRE, 404, "Se otorga la presente a")
    canvas.drawCentredString(CENTRE, 318, "por haber acreditado el curso")

    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.8)
    for x in (INSTRUCTOR_X, DIRECTOR_X):
        canvas.line(x - SIGNATURE_HALF_WIDTH, SIGNATURE_LINE_Y, x + SIGNATURE_HALF_WIDTH,
                    SIGNATURE_LINE_Y)
    box = (SIGNATURE_HALF_WIDTH * 2, 44)
    draw_image_fit(canvas, branding.instructor_signature, INSTRUCTOR_X - box[0] / 2,
                   SIGNATURE_LINE_Y + 2, *box, anchor="s")
    draw_image_fit(canvas, branding.director_signature, DIRECTOR_X - box[0] / 2,
                   SIGNATURE_LINE_Y + 2, *box, anchor="s")
    canvas.setFillColor(INK)
    if branding.director_name:
        canvas.setFont(fonts.BOLD, 10)
        canvas.drawCentredString(
            DIRECTOR_X, SIGNATURE_LINE_Y - 14,
            ellipsize(branding.director_name, fonts.BOLD, 10, 2 * SIGNATURE_HALF_WIDTH + 20),
        )
    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 9)
    canvas.drawCentredString(INSTRUCTOR_X, SIGNATURE_LINE_Y - 27, branding.instructor_title)
    canvas.drawCentredString(DIRECTOR_X, SIGNATURE_LINE_Y - 27, branding.director_title)

    canvas.setFont(fonts.REGULAR, 6.5)
    for i, line in enumerate(wrap(branding.verify_hint, fonts.REGULAR, 6.5, QR_SIDE + 20, 2)):
        canvas.drawCentredString(QR_CENTRE, QR_Y - 7 - 8 * i, line)


QrRenderer = Callable[[Canvas, str, float, float, float], None]
"""Draws a QR text as a square: ``(canvas, text, x, y, side)``."""


def draw_vector_qr(canvas: Canvas, text: str, x: float, y: float, side: float) -> None:
    """The default QR renderer: vector runs, see :func:`app.documents.qr.draw_qr`."""
    qr.draw_qr(canvas, qr.encode(text), x, y, side)


def _draw_page(canvas: Canvas, page: ConstanciaPage, qr_renderer: QrRenderer | None) -> None:
    fields = page.fields
    canvas.setFillColor(ACCENT)
    size = fonts.fit_size(fields.worker_name, fonts.BOLD, 28, TEXT_WIDTH, min_size=14)
    canvas.setFont(fonts.BOLD, size)
    canvas.drawCentredString(CENTRE, 366, fields.worker_name)
    identity = [f"CURP: {fields.curp_masked}"] if fields.curp_masked else []
    if page.institution:
        identity.append(page.institution)
    if identity:
        canvas.setFillColor(MUTED)
        canvas.setFont(fonts.REGULAR, 10)
        canvas.drawCentredString(CENTRE, 347, ellipsize("  ·  ".join(identity), fonts.REGULAR, 10, TEXT_WIDTH))

    canvas.setFillColor(INK)
    course_lines = wrap(fields.course_name, fonts.BOLD, 19, TEXT_WIDTH, max_lines=2)
    canvas.setFont(fonts.BOLD, 19)
    y = 286
    for line in course_lines:
        canvas.drawCentredString(CENTRE, y, line)
        y -= 23

    days = "el día" if len(fields.dates) == 1 else "los días"
    hours = "1 hora" if fields.hours == 1 else f"{fields.hours} horas"
    details = (f"con duración de {hours}, impartido {days} {fields.dates_text}, "
               f"en {fields.venue}.")
    canvas.setFont(fonts.REGULAR, 12.5)
    canvas.setFillColor(INK)
    y -= 8
    for line in wrap(details, fonts.REGULAR, 12.5, TEXT_WIDTH - 40, max_lines=3):
        canvas.drawCentredString(CENTRE, y, line)
        y -= 17

    canvas.setFont(fonts.BOLD, 10)
    canvas.drawCentredString(
        INSTRUCTOR_X, SIGNATURE_LINE_Y - 14,
        ellipsize(fields.instructor_name, fonts.BOLD, 10, 2 * SIGNATURE_HALF_WIDTH + 20),
    )

    canvas.setFont(fonts.BOLD, 8.5)
    canvas.drawCentredString(QR_CENTRE, QR_Y + QR_SIDE + 6, f"Folio {fields.folio}")
    if qr_renderer is not None:
        qr_renderer(canvas, page.qr_text, QR_X, QR_Y, QR_SIDE)

    canvas.setFillColor(MUTED)
    canvas.setFont(fonts.REGULAR, 8.5)
    canvas.drawString(48, 40, f"Expedida el {date_es(page.issued_on)}")
    if page.mark:
        canvas.setFont(fonts.BOLD, 8.5)
        canvas.drawCentredString(CENTRE, 40, page.mark)


def _new_canvas(out: str | Path | BinaryIO, branding: Branding, title: str) -> Canvas:
    fonts.register_fonts()
    canvas = Canvas(out if not isinstance(out, Path) else str(out), pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
                    invariant=True, initialFontName=fonts.REGULAR)
    canvas.setTitle(title)
    canvas.setAuthor(branding.institution_name)
    canvas.setCreator("Aula")
    return canvas


class ConstanciaWriter:
    """Writes constancias, one per page, into one PDF.

    Use as a context manager::

        with ConstanciaWriter(out, branding) as writer:
            for page in pages:
                writer.add(page)

    Args:
        out: file path or binary stream.
        branding: institution, logos and signatories.
        title: the PDF's title metadata.
        qr_renderer: how to draw the QR; ``None`` leaves it out (benchmarks).
    """

    def __init__(self, out: str | Path | BinaryIO, branding: Branding, *,
                 title: str = "Constancias",
                 qr_renderer: QrRenderer | None = draw_vector_qr) -> None:
        self._qr_renderer = qr_renderer
        self._canvas = _new_canvas(out, branding, title)
        self._branding = branding
        self._forms: dict[Branding, str] = {}
        self.pages = 0

    def _form(self, branding: Branding) -> str:
        """The background form of ``branding``, drawn into the PDF once."""
        name = self._forms.get(branding)
        if name is None:
            name = f"{_FORM}-{len(self._forms)}"
            self._canvas.beginForm(name)
            _draw_background(self._canvas, branding)
            self._canvas.endForm()
            self._forms[branding] = name
        return name

    def add(self, page: ConstanciaPage, branding: Branding | None = None) -> None:
        """Append one constancia as a new page.

        Args:
            page: what to print.
            branding: this page's branding when it differs from the writer's
                (e.g. texts frozen at issue); each distinct one is embedded once.
        """
        self._canvas.doForm(self._form(branding or self._branding))
        _draw_page(self._canvas, page, self._qr_renderer)
        self._canvas.showPage()
        self.pages += 1

    def close(self) -> None:
        self._canvas.save()

    def __enter__(self) -> ConstanciaWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()


def write_constancias(pages: Iterable[ConstanciaPage], branding: Branding,
                      out: str | Path | BinaryIO, *,
                      qr_renderer: QrRenderer | None = draw_vector_qr) -> int:
    """Write every constancia into one PDF; returns the number of pages."""
    with ConstanciaWriter(out, branding, qr_renderer=qr_renderer) as writer:
        for page in pages:
            writer.add(page)
    logger.info("Wrote %d constancias", writer.pages)
    return writer.pages


def _render_full(page: ConstanciaPage, branding: Branding) -> bytes:
    buffer = io.BytesIO()
    with ConstanciaWriter(buffer, branding, title=f"Constancia {page.fields.folio}") as writer:
        writer.add(page)
    return buffer.getvalue()


_LAYOUT = TemplateLayout(new_canvas=_new_canvas, background=_draw_background,
                  draw_page=lambda canvas, page: _draw_page(canvas, page, draw_vector_qr),
                  form_name=f"{_FORM}-0")


def render_constancia(page: ConstanciaPage, branding: Branding, *,
                      template_version: str | None = None) -> tuple[bytes, str]:
    """One constancia as PDF bytes and their SHA-256 (hex); the same bytes on every call.

    Args:
        template_version: the template the constancia was issued with
            (:data:`TEMPLATE_VERSION` when omitted); reprints pass the stored one.
    """
    if template_version == "constancia-1":
        data = _render_full(page, branding)
        return data, hashlib.sha256(data).hexdigest()
    return render_fast(page, branding, _LAYOUT, _render_full)

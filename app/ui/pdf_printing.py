"""Print PDF documents on a QPrinter by rendering their pages with QtPdf."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from app.domain.errors import UserError

logger = logging.getLogger(__name__)

# Enough for sharp text and QR codes; a 1200 dpi printer would need 0.5 GB per page.
MAX_RENDER_DPI = 300


class PdfPrintError(UserError):
    """The printer could not be opened, or a document could not be read."""


class LoadedPdf:
    """A QPdfDocument over bytes, keeping its buffer alive as long as the document.

    Args:
        data: the PDF file's bytes.
        parent: owner of the document (a dialog, usually).
    """

    def __init__(self, data: bytes, parent=None) -> None:
        self.bytes = QByteArray(data)
        self.buffer = QBuffer(parent)
        self.buffer.setData(self.bytes)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent)
        self.document.load(self.buffer)

    @property
    def ok(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready and self.document.pageCount() > 0


def letter_printer(printer: QPrinter) -> QPrinter:
    """Set Letter paper and full-page painting (the PDFs carry their own margins)."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setFullPage(True)
    return printer


def _orientation(size: QSizeF) -> QPageLayout.Orientation:
    return (QPageLayout.Orientation.Landscape if size.width() > size.height()
            else QPageLayout.Orientation.Portrait)


def print_pdf_documents(documents: Sequence[QPdfDocument], printer: QPrinter,
                        on_page: Callable[[int, int], bool] | None = None) -> int:
    """Render every page of ``documents`` onto ``printer``, each scaled to fit the paper.

    Each page is printed with the orientation of the PDF page (constancias
    are landscape Letter). Painting on a QPrinter is allowed outside the GUI
    thread, so batches run in the task runner.

    Args:
        documents: loaded PDFs, printed in order.
        printer: a configured printer (or a PDF output file).
        on_page: called with (done, total) before each page; returning False
            aborts the print job.

    Returns:
        The number of pages printed (0 when aborted).

    Raises:
        PdfPrintError: the printer (or output file) could not be opened.
    """
    pages = [(document, number) for document in documents for number in range(document.pageCount())]
    if not pages:
        return 0
    printer.setFullPage(True)
    printer.setPageOrientation(_orientation(pages[0][0].pagePointSize(pages[0][1])))
    painter = QPainter()
    if not painter.begin(printer):
        raise PdfPrintError("No se pudo abrir la impresora.")
    try:
        for position, (document, number) in enumerate(pages):
            if on_page is not None and on_page(position, len(pages)) is False:
                printer.abort()
                logger.info("Print job aborted after %d of %d pages", position, len(pages))
                return 0
            point_size = document.pagePointSize(number)
            if position:
                printer.setPageOrientation(_orientation(point_size))
                printer.newPage()
            _draw_page(painter, printer, document, number, point_size)
    finally:
        painter.end()
    logger.info("Printed %d pages", len(pages))
    return len(pages)


def print_pdf_bytes(pdfs: Sequence[bytes], printer: QPrinter,
                    on_page: Callable[[int, int], bool] | None = None) -> int:
    """:func:`print_pdf_documents` for PDF files' bytes (loaded in the calling thread)."""
    loaded = [LoadedPdf(data) for data in pdfs]
    broken = sum(1 for pdf in loaded if not pdf.ok)
    if broken:
        raise PdfPrintError(f"{broken} de los documentos no se pudieron abrir para imprimir.")
    return print_pdf_documents([pdf.document for pdf in loaded], printer, on_page)


def _draw_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, number: int,
               point_size: QSizeF) -> None:
    target = QRectF(painter.viewport())
    scale = min(target.width() / point_size.width(), target.height() / point_size.height())
    width, height = point_size.width() * scale, point_size.height() * scale
    area = QRectF(target.x() + (target.width() - width) / 2, target.y() + (target.height() - height) / 2,
                  width, height)
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    pixels = QSize(round(point_size.width() / 72 * dpi), round(point_size.height() / 72 * dpi))
    image = document.render(number, pixels)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.fillRect(area, Qt.GlobalColor.white)
    painter.drawImage(area, image)

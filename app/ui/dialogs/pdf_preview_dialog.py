"""Preview a PDF (a constancia reprinted from its snapshot) and print it."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Slot
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from app.ui.errors import KnownError
from app.ui.icons import icon
from app.ui.pdf_printing import LoadedPdf, PdfPrintError, letter_printer, print_pdf_documents
from app.ui.widgets import show_error

logger = logging.getLogger(__name__)


class PdfPreviewDialog(QDialog):
    """Shows the pages of a PDF, fitted to the width, with a Print button.

    Args:
        data: the PDF bytes.
        title: window title (e.g. the folio and the name).
    """

    def __init__(self, data: bytes, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 720)
        self.pdf = LoadedPdf(data, self)
        self.document = self.pdf.document
        self.view = QPdfView(self)
        self.view.setAccessibleName(self.tr("Preview"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.printer: QPrinter | None = None
        self.print_dialog: QPrintDialog | None = None
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = self.buttons.addButton(self.tr("Print…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setIcon(icon("list"))
        self.print_button.setToolTip(self.tr("Print on Letter paper (Ctrl+P)"))
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.open_print_dialog)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    @Slot()
    def open_print_dialog(self) -> QPrintDialog:
        self.printer = letter_printer(QPrinter(QPrinter.PrinterMode.HighResolution))
        self.print_dialog = QPrintDialog(self.printer, self)
        self.print_dialog.accepted.connect(self._on_print_dialog_accepted)
        # QPrintDialog.open() takes a receiver in PySide6; this is what QDialog.open() does.
        self.print_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.print_dialog.show()
        return self.print_dialog

    @Slot()
    def _on_print_dialog_accepted(self) -> None:
        self.print_to(self.printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print every page on ``printer``; returns the pages printed."""
        try:
            return print_pdf_documents([self.document], printer)
        except PdfPrintError as exc:
            show_error(self, KnownError(str(exc)))
            return 0

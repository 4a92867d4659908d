"""After saving PDFs: say where they are and offer to open the folder or the PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from app.ui import desktop


class SavedFilesDialog(QMessageBox):
    """"Se guardó …" with *Abrir carpeta* and, for a single file, *Abrir PDF*.

    Args:
        paths: the files just written (at least one).
        folder: the folder they are in.
    """

    def __init__(self, paths: list[Path], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = list(paths)
        self.folder = folder
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle(self.tr("PDF saved"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        if len(self.paths) == 1:
            self.setText(self.tr("Saved {file}\nin {folder}.").format(file=self.paths[0].name, folder=folder))
        else:
            self.setText(self.tr("Saved {count} PDF files in {folder}.").format(count=len(self.paths),
                                                                                  folder=folder))
        self.open_folder_button = self.addButton(self.tr("Open folder"), QMessageBox.ButtonRole.ActionRole)
        self.open_pdf_button = None
        if len(self.paths) == 1:
            self.open_pdf_button = self.addButton(self.tr("Open PDF"), QMessageBox.ButtonRole.ActionRole)
        close = self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.open_pdf_button or self.open_folder_button)
        self.setEscapeButton(close)
        self.buttonClicked.connect(self._on_button_clicked)

    @Slot(QAbstractButton)
    def _on_button_clicked(self, clicked: QAbstractButton) -> None:
        if clicked is self.open_folder_button:
            desktop.open_path(self.folder)
        elif clicked is self.open_pdf_button:
            desktop.open_path(self.paths[0])

"""Ayuda › Guía del instructor: the shipped Markdown guide, readable offline."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

logger = logging.getLogger(__name__)


class GuideDialog(QDialog):
    """Shows a Markdown document (the instructor's guide); non-modal, so it can stay open."""

    def __init__(self, guide: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Instructor's guide"))
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Instructor's guide"))
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(guide.parent)])
        try:
            self.browser.setMarkdown(guide.read_text(encoding="utf-8"))
        except OSError as exc:
            logger.error("Instructor's guide not readable at %s: %s", guide, exc)
            self.browser.setPlainText(self.tr("The guide was not found in {path}.").format(path=guide))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)

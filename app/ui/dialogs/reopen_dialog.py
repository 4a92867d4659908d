"""Confirmation to reopen a closed group, with the reason kept in the audit log."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget


class ReopenDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reopen group"))
        intro = QLabel(self.tr("Reopening allows changing attendance and participation again. "
                               "The reason is recorded. Why do you reopen it?"))
        intro.setWordWrap(True)
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_edit.setPlaceholderText(self.tr("E.g. correct a check-out time"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reopen_button = self.buttons.addButton(self.tr("Reopen"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.reopen_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    @Slot(str)
    def _on_reason_edit_text_changed(self, text: str) -> None:
        self.reopen_button.setEnabled(bool(text.strip()))

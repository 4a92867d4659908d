"""Asks why before an audited change to a constancia (correct, revoke)."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from app.ui.widgets import label


class ReasonDialog(QDialog):
    """A confirmation that states the consequence and requires a reason.

    Args:
        title: window title.
        message: what will happen (shown above the reason box).
        action_text: the text of the confirming button.
        placeholder: an example reason.
        destructive: the change cannot be undone; the message is shown in red.
    """

    def __init__(self, title: str, message: str, action_text: str, placeholder: str = "", *,
                 destructive: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.message_label = label(message, "feedback" if destructive else None, wrap=True)
        if destructive:
            self.message_label.setProperty("tone", "bad")
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_edit.setPlaceholderText(placeholder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = self.buttons.addButton(action_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_reason_edit_text_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(label(self.tr("Reason (kept in the record):")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    @Slot(str)
    def _on_reason_edit_text_changed(self, text: str) -> None:
        self.confirm_button.setEnabled(bool(text.strip()))

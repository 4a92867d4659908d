"""A yes/no question that does not block: the caller keeps the box and reacts to the answer."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


class ConfirmBox(QMessageBox):
    """A question with a named accept button and "Cancel" as the default (Enter or Esc cancels).

    Attributes:
        accept_button: runs the action.
        cancel_button: does nothing.
    """

    def __init__(self, parent: QWidget | None, text: str, informative: str, accept_text: str,
                 on_accept: Callable[[], None]) -> None:
        super().__init__(QMessageBox.Icon.Question, "Aula", text, QMessageBox.StandardButton.NoButton, parent)
        self.setInformativeText(informative)
        self.accept_button = self.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
        self.cancel_button = self.addButton(QCoreApplication.translate("ConfirmBox", "Cancel"),
                                            QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.cancel_button)
        self.setEscapeButton(self.cancel_button)
        self._on_accept = on_accept
        self.finished.connect(self._on_finished)

    def _on_finished(self, _result: int) -> None:
        if self.clickedButton() is self.accept_button:
            self._on_accept()


def confirm(parent: QWidget | None, text: str, informative: str, accept_text: str,
            on_accept: Callable[[], None]) -> ConfirmBox:
    """Ask ``text`` without blocking; ``on_accept`` runs only if the user accepts.

    Keep the returned box (tests answer it by clicking its buttons).
    """
    box = ConfirmBox(parent, text, informative, accept_text, on_accept)
    box.open()
    return box

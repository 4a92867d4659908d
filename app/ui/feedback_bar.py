"""The line under a scan box: what the last action did, and the buttons for what to do next.

A message about one participant's row follows that row: when the mark changes
(undo, a status key, a reload) the message says so instead of showing a stale
green ✓. Every message expires, so an old one is never read as the last scan.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.services.attendance import AttendanceState
from app.ui import formatting
from app.ui.widgets import label, set_tone

MESSAGE_MS = 8_000
# A message that asks for a decision (add, switch session, correct) stays longer.
ACTION_MESSAGE_MS = 30_000


@dataclass(frozen=True)
class RowMessage:
    """What a message says about one row: the mark before and after, and the undo text."""

    worker_id: uuid.UUID
    name: str
    before: AttendanceState
    after: AttendanceState
    what: str  # "entrada de Adriana Peña"


class FeedbackBar(QWidget):
    """A feedback label with optional action buttons, a timeout and a row it may describe."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label("", "feedback", wrap=True)
        self.label.setAccessibleName(self.tr("Last scan"))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear)
        self._actions: list[QPushButton] = []
        self._about: RowMessage | None = None
        self._shown: tuple[str, str | None] = ("", None)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.label, 1)
        self.label.hide()

    def add_action(self, button: QPushButton) -> QPushButton:
        """A button shown only with the messages that offer it."""
        button.hide()
        self._actions.append(button)
        self._layout.addWidget(button)
        return button

    def show_message(self, text: str, tone: str | None, *, actions: tuple[QPushButton, ...] = (),
                     about: RowMessage | None = None) -> None:
        """Show ``text``; ``actions`` are the buttons it offers; ``about`` ties it to a row."""
        self._about = about
        self._shown = (text, tone)
        self._set(text, tone)
        for button in self._actions:
            button.setVisible(button in actions)
        if text:
            self.timer.start(ACTION_MESSAGE_MS if actions else MESSAGE_MS)
        else:
            self.timer.stop()

    @Slot()
    def clear(self) -> None:
        self.show_message("", None)

    def hide_actions(self) -> None:
        for button in self._actions:
            button.hide()

    def text(self) -> str:
        return self.label.text() if self.label.isVisibleTo(self) else ""

    def row_changed(self, state_of: Callable[[uuid.UUID], AttendanceState | None]) -> None:
        """Re-read the described row (``state_of`` gives its mark, None when it left the table)."""
        about = self._about
        if about is None or not self.label.isVisibleTo(self):
            return
        state = state_of(about.worker_id)
        if state is None:
            self.clear()
        elif state == about.after:
            if self.label.text() != self._shown[0]:
                self._set(*self._shown)
                self.timer.start(MESSAGE_MS)
        elif state == about.before:
            self._set(self.tr("Undone: {what}.").format(what=about.what), None)
            self.timer.start(MESSAGE_MS)
        else:
            self._set(self.tr("{name} is now: {status}.").format(
                name=about.name, status=formatting.status_text(state.status)), None)
            self.timer.start(MESSAGE_MS)

    def _set(self, text: str, tone: str | None) -> None:
        self.label.setText(text)
        set_tone(self.label, tone)
        self.label.setVisible(bool(text))

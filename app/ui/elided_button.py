"""A push button whose long text shrinks to the room it gets instead of widening its window."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy


class ElidedButton(QPushButton):
    """Shows ``full_text`` whole when there is room, elided ("Deshacer: entrada de Adri…") when not.

    It asks the layout for the whole text (up to ``MAX_CHARACTERS``) but never needs more than
    ``short_text``.
    """

    MAX_CHARACTERS = 40

    def __init__(self, short_text: str) -> None:
        super().__init__(short_text)
        self._short = short_text
        self._full = short_text
        # Preferred, not QPushButton's Minimum: the layout may give it less than the whole text.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, self.sizePolicy().verticalPolicy())

    def set_texts(self, full_text: str, short_text: str) -> None:
        if (full_text, short_text) == (self._full, self._short):
            return
        self._full, self._short = full_text, short_text
        super().setText(full_text)
        self.updateGeometry()
        # Once the layout has given the new width (a resize may not come if it stays the same).
        QTimer.singleShot(0, self, self._fit)

    def full_text(self) -> str:
        return self._full

    def _chrome(self) -> int:
        """The width of everything but the text: icon, padding, frame."""
        return super().sizeHint().width() - self.fontMetrics().horizontalAdvance(self.text())

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        wanted = min(metrics.horizontalAdvance(self._full), self.MAX_CHARACTERS * metrics.averageCharWidth())
        return QSize(self._chrome() + max(wanted, metrics.horizontalAdvance(self._short)), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(self._chrome() + self.fontMetrics().horizontalAdvance(self._short), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = max(0, self.width() - self._chrome()) if self.isVisible() else 1 << 20
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if text != self.text():
            super().setText(text)

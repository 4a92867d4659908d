"""A push button whose long text shrinks to the room it gets instead of widening its window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy


class ElidedButton(QPushButton):
    """Shows ``full_text`` whole when there is room, elided ("Deshacer: entrada de Adri…") when not.

    It asks the layout for room for ``MAX_CHARACTERS`` of a long text but never needs more than
    ``short_text``. What it asks for never shrinks while the font stays (a zoom step starts over):
    "Deshacer: entrada de …" changes at every scan, and a button that changed its width each time
    would move the header's titles and repaint them at every scan.
    """

    MAX_CHARACTERS = 40

    def __init__(self, short_text: str) -> None:
        super().__init__(short_text)
        self._short = short_text
        self._full = short_text
        self._widest = 0  # the widest size hint given with this font
        # Preferred, not QPushButton's Minimum: the layout may give it less than the whole text.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, self.sizePolicy().verticalPolicy())

    def set_texts(self, full_text: str, short_text: str) -> None:
        if (full_text, short_text) == (self._full, self._short):
            return
        self._full, self._short = full_text, short_text
        super().setText(full_text)  # QPushButton asks its layout again; the sizes it gets stay the same
        # Once the layout has given the new width (a resize may not come if it stays the same).
        QTimer.singleShot(0, self, self._fit)

    def full_text(self) -> str:
        return self._full

    def _chrome(self) -> int:
        """The width of everything but the text: icon, padding, frame."""
        # Measured as QPushButton measures its text, so the difference is the same whatever the text.
        text = self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, self.text()).width()
        return super().sizeHint().width() - text

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        # Any longer text asks for the most it may show: the next one, of another length, fits the same size.
        wanted = (self.MAX_CHARACTERS * metrics.averageCharWidth() if self._full != self._short
                  else metrics.horizontalAdvance(self._short))
        self._widest = max(self._widest, self._chrome() + max(wanted, metrics.horizontalAdvance(self._short)))
        return QSize(self._widest, hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(self._chrome() + self.fontMetrics().horizontalAdvance(self._short), hint.height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.FontChange:
            self._widest = 0  # measured again in the new font
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = max(0, self.width() - self._chrome()) if self.isVisible() else 1 << 20
        text = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, room)
        if text != self.text():
            super().setText(text)

"""A label that shows the longest of its texts that fits, instead of cutting one off mid-word."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class FittingLabel(QLabel):
    """Paints the first of its texts (longest first) that fits its width, the last one elided when
    none does ("UMF07" rather than "UN" when a unit's name does not fit). Its text, tooltip and
    accessible text stay the first, whole; it asks its layout for the first one's width and takes
    less without complaint. The text to paint is chosen when the texts, the width or the font
    change, not at every repaint (the status bar repaints at every mark).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: tuple[str, ...] = ("",)
        self._shown = ""
        self.setMinimumWidth(1)

    def set_texts(self, *texts: str) -> None:
        """``texts``: the same thing said shorter and shorter (``"UMF07 · Unidad …"``, ``"UMF07"``)."""
        self._texts = tuple(t for t in texts if t) or ("",)
        self.setText(self._texts[0])
        self.setToolTip(self._texts[0])
        self._fit()

    def texts(self) -> tuple[str, ...]:
        return self._texts

    def shown_text(self) -> str:
        """What the label paints at its current width."""
        return self._shown

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(1, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        metrics = self.fontMetrics()
        room = self.contentsRect().width()
        shown = next((t for t in self._texts if metrics.horizontalAdvance(t) <= room),
                     metrics.elidedText(self._texts[-1], Qt.TextElideMode.ElideRight, max(0, room)))
        if shown != self._shown:
            self._shown = shown
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(), int(self.alignment()), self.palette(),
                                  self.isEnabled(), self._shown, self.foregroundRole())

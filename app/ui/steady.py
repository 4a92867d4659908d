"""Keeping what changes at every scan from repainting the whole screen.

Two Qt behaviours made one scan repaint the whole pase de lista, about ten
times the cost of the service call on a 1,000-person group:

* a label whose text changes calls ``updateGeometry()``, which re-lays out
  every ancestor up to the window, and a ``QTabWidget`` that re-lays out
  repaints all of its page (the table included), even when no size changed;
* a style sheet makes a table's viewport non-opaque, so scrolling one row
  (the scanned person brought into view) repaints every visible row instead
  of moving the pixels and painting the row that appears.

:class:`SteadyBox` contains the first, :func:`keep_viewport_opaque` the second.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize
from PySide6.QtWidgets import QAbstractScrollArea, QSizePolicy, QWidget


class SteadyBox(QWidget):
    """A box around a widget whose content changes as people work (a scan's message).

    The box has no layout: a change inside it stops here instead of re-laying
    out the screen. The box changes its own height only when its content needs
    another one (a message comes or goes, or wraps onto a second line), so one
    message replacing another moves nothing on the screen. Its width is its
    parent layout's.
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content = content
        content.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.fit()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._content.sizeHint().width(), self.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._content.minimumSizeHint().width(), self.height())

    def event(self, event: QEvent) -> bool:
        # The content's layout asks its parent (this box) to re-lay out: only the height may matter.
        if event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return super().event(event)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self._content.setGeometry(0, 0, self.width(), self.height())
        self.fit()  # a new width may wrap the message onto another number of lines

    def fit(self) -> None:
        """Take the height the content needs now."""
        content = self._content
        needed = content.heightForWidth(self.width()) if content.hasHeightForWidth() else -1
        if needed < 0:
            needed = content.sizeHint().height()
        needed = max(needed, 0)
        if needed != self.height() or self.minimumHeight() != self.maximumHeight():
            self.setFixedHeight(needed)
        if content.height() != needed:
            content.setGeometry(0, 0, self.width(), needed)


class _OpaqueViewport(QObject):
    """Sets a viewport back to opaque each time the style sheet makes it transparent."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange) and isinstance(watched, QWidget):
            # The style sheet's background is the palette's base colour: filling with it looks the same.
            watched.setAutoFillBackground(True)
        return False


def keep_viewport_opaque(view: QAbstractScrollArea) -> None:
    """Let ``view`` scroll by moving pixels: the style sheet's background, painted as an opaque fill."""
    viewport = view.viewport()
    keeper = _OpaqueViewport(viewport)
    viewport.installEventFilter(keeper)
    viewport.setAutoFillBackground(True)

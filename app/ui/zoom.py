"""Zoom (projector mode): Ctrl++ / Ctrl+- / Ctrl+0 scale the whole interface.

The application font and every stylesheet metric are multiplied by the zoom
factor; the level is persisted in the settings.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.ui import style
from app.ui.settings import UiSettings

logger = logging.getLogger(__name__)

LEVELS = (80, 90, 100, 110, 125, 150, 175, 200, 250)


class ZoomController(QObject):
    """Owns the zoom level of the application.

    Signals:
        zoom_changed(int): the new level in percent.
    """

    zoom_changed = Signal(int)

    def __init__(self, app: QApplication, settings: UiSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._settings = settings
        self._percent = self._nearest(settings.zoom_percent)

    @staticmethod
    def _nearest(percent: int) -> int:
        return min(LEVELS, key=lambda level: abs(level - percent))

    @property
    def percent(self) -> int:
        return self._percent

    def apply(self) -> None:
        """Apply the current level to the application font and stylesheet."""
        factor = self._percent / 100
        font = QFont(self._app.font())
        font.setPointSizeF(style.BASE_POINT_SIZE * factor)
        self._app.setFont(font)
        self._app.setStyleSheet(style.stylesheet(factor))

    def set_percent(self, percent: int) -> None:
        percent = self._nearest(percent)
        if percent == self._percent:
            return
        self._percent = percent
        self._settings.zoom_percent = percent
        self.apply()
        logger.info("Zoom %s %%", percent)
        self.zoom_changed.emit(percent)

    def zoom_in(self) -> None:
        bigger = [level for level in LEVELS if level > self._percent]
        if bigger:
            self.set_percent(bigger[0])

    def zoom_out(self) -> None:
        smaller = [level for level in LEVELS if level < self._percent]
        if smaller:
            self.set_percent(smaller[-1])

    def reset(self) -> None:
        self.set_percent(100)

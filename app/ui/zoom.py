"""Zoom (projector mode): Ctrl++ / Ctrl+- / Ctrl+0 scale the whole interface.

A zoom step changes fonts only: the application font and the font of the
widgets with a ``role`` (titles, the counter, the scan box; see
:data:`app.ui.style.ROLE_FONTS`). The stylesheet is set once and never
changes, because setting a new application stylesheet re-polishes every
widget of every open screen (seconds on a 40-person group with its tabs),
while a font change is propagated by Qt and re-laid out lazily. The level is
persisted in the settings.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QProxyStyle, QWidget

from app.ui import style
from app.ui.settings import UiSettings

logger = logging.getLogger(__name__)

LEVELS = (80, 90, 100, 110, 125, 150, 175, 200, 250)


def apply_role_font(widget: QWidget, factor: float) -> None:
    """Give a widget with a ``role`` property its text size at zoom ``factor``."""
    role_font = style.ROLE_FONTS.get(widget.property("role") or "")
    if role_font is None:
        return
    font = QFont(widget.font())
    font.setPointSizeF(role_font.at(factor))
    font.setWeight(QFont.Weight(role_font.weight))
    if font != widget.font():
        widget.setFont(font)


class _RoleFontStyle(QProxyStyle):
    """The application's style, plus role fonts for every widget it polishes.

    Widgets created after a zoom step (a group opened later, a dialog) get the
    role font of the current level when Qt polishes them.
    """

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.factor = 1.0

    def polish(self, target):  # noqa: D102 (QStyle overloads: widget, application, palette)
        result = super().polish(target)
        if isinstance(target, QWidget):
            apply_role_font(target, self.factor)
        return result


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
        # Fonts then propagate through stylesheet-styled widgets like through any other.
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles, True)
        current = app.style()
        if isinstance(current, _RoleFontStyle):
            self._style = current
        else:
            self._style = _RoleFontStyle(current.name())
            app.setStyle(self._style)

    @staticmethod
    def _nearest(percent: int) -> int:
        return min(LEVELS, key=lambda level: abs(level - percent))

    @property
    def percent(self) -> int:
        return self._percent

    def apply(self) -> None:
        """Apply the current level: the application font and the role fonts."""
        factor = self._percent / 100
        self._style.factor = factor
        sheet = style.stylesheet()
        if self._app.styleSheet() != sheet:
            self._app.setStyleSheet(sheet)
        font = QFont(self._app.font())
        font.setPointSizeF(style.BASE_POINT_SIZE * factor)
        self._app.setFont(font)
        for widget in self._app.allWidgets():
            apply_role_font(widget, factor)

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

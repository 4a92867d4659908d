"""The look: one accent colour, status colours, a type scale, visible focus.

Green, amber and red are only for statuses and always come with text or an
icon (UX "Readable at 4 metres").

The stylesheet does not depend on the zoom: it holds colours, borders and
spacing, and no font sizes. Text sizes come from the application font (the
zoom scales it) and, for the few widgets with a ``role`` (titles, the counter,
the scan box…), from :data:`ROLE_FONTS`, applied by :mod:`app.ui.zoom`. A
zoom step then changes fonts only, which Qt propagates in milliseconds, instead
of re-polishing every widget of the application under a new stylesheet.
"""

from __future__ import annotations

from dataclasses import dataclass

BASE_POINT_SIZE = 10.5
ACCENT = "#1565C0"
ACCENT_DARK = "#0D47A1"
ACCENT_LIGHT = "#E3F2FD"
TEXT = "#212121"
MUTED = "#5F6368"
BORDER = "#C9CED6"
SURFACE = "#FFFFFF"
BACKGROUND = "#F5F6F8"
HIGHLIGHT_ROW = "#FFF3C4"
DISABLED_TEXT = "#8A9096"
DISABLED_BACKGROUND = "#ECEEF0"


@dataclass(frozen=True)
class StatusColors:
    foreground: str
    background: str


@dataclass(frozen=True)
class RoleFont:
    """The text size (at 100 %) and weight of the widgets with a ``role`` property."""

    point_size: float
    weight: int = 400
    zoom_share: float = 1.0  # how much of the zoom it follows: headline sizes are large already

    def at(self, factor: float) -> float:
        """The point size at zoom ``factor`` (1.0 = 100 %)."""
        return self.point_size * (1 + (factor - 1) * self.zoom_share)


ROLE_FONTS = {
    "title": RoleFont(17, 600, zoom_share=0.3),
    "subtitle": RoleFont(12.5, 600),
    "empty": RoleFont(12),
    "counter": RoleFont(32, 700, zoom_share=0.15),
    "feedback": RoleFont(13),
    "scan": RoleFont(20, zoom_share=0.3),
}

GOOD = StatusColors("#1B5E20", "#CFEBD2")
WARN = StatusColors("#7A4A00", "#FFF0C7")
BAD = StatusColors("#B71C1C", "#FDE4E4")
NEUTRAL = StatusColors("#37474F", "#ECEFF1")


def stylesheet() -> str:
    """The application stylesheet (the same at every zoom level)."""
    return f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QToolTip {{ color: {TEXT}; background: {SURFACE}; border: 1px solid {BORDER}; padding: 4px; }}
QPushButton, QToolButton {{
    padding: 3px 14px; border: 1px solid {BORDER}; border-radius: 4px;
    background: {SURFACE}; min-height: 22px;
}}
QToolButton {{ padding: 5px 8px; }}
QPushButton:hover, QToolButton:hover {{ background: {ACCENT_LIGHT}; }}
QPushButton:pressed, QToolButton:pressed {{ background: #CFE3FA; }}
QPushButton[primary="true"] {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK}; font-weight: 600;
}}
QPushButton[primary="true"]:hover {{ background: {ACCENT_DARK}; }}
QPushButton:disabled, QToolButton:disabled, QPushButton[primary="true"]:disabled {{
    color: {DISABLED_TEXT}; background: {DISABLED_BACKGROUND}; border: 1px dashed {BORDER};
    font-weight: normal;
}}
QMenu::item:disabled {{ color: {DISABLED_TEXT}; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QComboBox:disabled, QCheckBox:disabled {{
    color: {DISABLED_TEXT}; background: {DISABLED_BACKGROUND};
}}
QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus, QTabBar::tab:focus {{
    outline: none; border: 2px solid {ACCENT_DARK};
}}
QLineEdit, QPlainTextEdit, QTextEdit {{
    padding: 4px 6px; border: 1px solid {BORDER}; border-radius: 4px;
    background: {SURFACE}; min-height: 22px;
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: 2px solid {ACCENT}; }}
QSpinBox, QDateEdit, QTimeEdit, QComboBox {{ min-height: 26px; }}
QTableView, QListView, QTreeView {{
    background: {SURFACE}; border: 1px solid {BORDER}; gridline-color: #E6E8EB;
    selection-background-color: {ACCENT_LIGHT}; selection-color: {TEXT};
}}
QTableView:focus, QListView:focus, QTreeView:focus {{ border: 2px solid {ACCENT}; }}
QTableView#participationGrid::item:selected {{ background: {ACCENT}; color: white; }}
QTableView#participationGrid::item:focus {{ border: 3px solid {ACCENT_DARK}; }}
QLineEdit[notFound="true"] {{ border: 2px solid {BAD.foreground}; background: {BAD.background}; }}
QHeaderView::section {{
    background: #EEF1F5; padding: 3px 6px; border: none;
    border-bottom: 1px solid {BORDER}; font-weight: 600;
}}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: {SURFACE}; top: -1px; }}
QTabBar::tab {{
    padding: 4px 16px; border: 1px solid transparent; border-bottom: none;
    margin-right: 2px; color: {MUTED};
}}
QTabBar::tab:selected {{ background: {SURFACE}; border-color: {BORDER}; color: {TEXT};
    border-top: 3px solid {ACCENT}; font-weight: 600; }}
QStatusBar {{ background: #ECEFF3; color: {MUTED}; }}
QStatusBar QLabel {{ padding: 0 8px; color: {MUTED}; }}
QStatusBar QToolButton#syncState {{ padding: 0 8px; border: none; background: transparent;
    color: {MUTED}; min-height: 0; }}
QStatusBar QToolButton#syncState:hover {{ background: {ACCENT_LIGHT}; }}
QStatusBar QToolButton#syncState[tone="warn"] {{ color: {WARN.foreground}; background: {WARN.background}; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="empty"] {{ color: {MUTED}; padding: 24px; }}
QLabel[role="counter"] {{ color: {ACCENT_DARK}; }}
QLabel[role="feedback"] {{ padding: 6px 10px; border-radius: 4px; }}
QLabel[tone="good"] {{ color: {GOOD.foreground}; background: {GOOD.background}; }}
QLabel[tone="warn"] {{ color: {WARN.foreground}; background: {WARN.background}; }}
QLabel[tone="bad"] {{ color: {BAD.foreground}; background: {BAD.background}; }}
QLineEdit[role="scan"] {{ padding: 4px 12px;
    border: 2px solid {ACCENT}; }}
QLineEdit[role="scan"]:focus {{ border: 3px solid {ACCENT_DARK}; background: #FBFDFF; }}
QLineEdit[role="scan"]:disabled {{ border: 2px dashed {BORDER}; background: {DISABLED_BACKGROUND}; }}
QFrame[role="card"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
QFrame[role="header"] {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QListWidget#navigation {{ background: #E9EDF3; border: none; border-right: 1px solid {BORDER}; outline: 0;
    show-decoration-selected: 1;
    padding-top: 8px; }}
QListWidget#navigation::item {{ padding: 10px 14px; }}
QListWidget#navigation::item:selected {{ background: {SURFACE}; color: {ACCENT_DARK};
    border-left: 4px solid {ACCENT}; font-weight: 600; }}
"""

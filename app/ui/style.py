"""The look: one accent colour, status colours, a type scale, visible focus.

Green, amber and red are only for statuses and always come with text or an
icon (UX "Readable at 4 metres"). Every metric scales with the zoom factor,
so the projector mode enlarges the whole interface.
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


GOOD = StatusColors("#1B5E20", "#CFEBD2")
WARN = StatusColors("#7A4A00", "#FFF0C7")
BAD = StatusColors("#B71C1C", "#FDE4E4")
NEUTRAL = StatusColors("#37474F", "#ECEFF1")


def stylesheet(factor: float) -> str:
    """The application stylesheet at zoom ``factor`` (1.0 = 100 %)."""

    def px(value: float) -> int:
        return max(1, round(value * factor))

    def pt(value: float) -> str:
        return f"{value * factor:.1f}pt"

    return f"""
QWidget {{ color: {TEXT}; }}
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QToolTip {{ color: {TEXT}; background: {SURFACE}; border: 1px solid {BORDER}; padding: {px(4)}px; }}
QPushButton, QToolButton {{
    padding: {px(6)}px {px(14)}px; border: 1px solid {BORDER}; border-radius: {px(4)}px;
    background: {SURFACE}; min-height: {px(22)}px;
}}
QToolButton {{ padding: {px(5)}px {px(8)}px; }}
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
    outline: none; border: {px(2)}px solid {ACCENT_DARK};
}}
QLineEdit, QPlainTextEdit, QTextEdit {{
    padding: {px(4)}px {px(6)}px; border: 1px solid {BORDER}; border-radius: {px(4)}px;
    background: {SURFACE}; min-height: {px(22)}px;
}}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus {{ border: {px(2)}px solid {ACCENT}; }}
QSpinBox, QDateEdit, QTimeEdit, QComboBox {{ min-height: {px(26)}px; }}
QTableView, QListView, QTreeView {{
    background: {SURFACE}; border: 1px solid {BORDER}; gridline-color: #E6E8EB;
    selection-background-color: {ACCENT_LIGHT}; selection-color: {TEXT};
}}
QTableView:focus, QListView:focus, QTreeView:focus {{ border: {px(2)}px solid {ACCENT}; }}
QHeaderView::section {{
    background: #EEF1F5; padding: {px(5)}px {px(6)}px; border: none;
    border-bottom: 1px solid {BORDER}; font-weight: 600;
}}
QTabWidget::pane {{ border: 1px solid {BORDER}; background: {SURFACE}; top: -1px; }}
QTabBar::tab {{
    padding: {px(7)}px {px(16)}px; border: 1px solid transparent; border-bottom: none;
    margin-right: {px(2)}px; color: {MUTED};
}}
QTabBar::tab:selected {{ background: {SURFACE}; border-color: {BORDER}; color: {TEXT};
    border-top: {px(3)}px solid {ACCENT}; font-weight: 600; }}
QStatusBar {{ background: #ECEFF3; color: {MUTED}; }}
QStatusBar QLabel {{ padding: 0 {px(8)}px; color: {MUTED}; }}
QLabel[role="title"] {{ font-size: {pt(17)}; font-weight: 600; }}
QLabel[role="subtitle"] {{ font-size: {pt(12.5)}; font-weight: 600; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="empty"] {{ color: {MUTED}; font-size: {pt(12)}; padding: {px(24)}px; }}
QLabel[role="counter"] {{ font-size: {pt(32)}; font-weight: 700; color: {ACCENT_DARK}; }}
QLabel[role="feedback"] {{ font-size: {pt(13)}; padding: {px(6)}px {px(10)}px;
    border-radius: {px(4)}px; }}
QLabel[tone="good"] {{ color: {GOOD.foreground}; background: {GOOD.background}; }}
QLabel[tone="warn"] {{ color: {WARN.foreground}; background: {WARN.background}; }}
QLabel[tone="bad"] {{ color: {BAD.foreground}; background: {BAD.background}; }}
QLineEdit[role="scan"] {{ font-size: {pt(20)}; padding: {px(8)}px {px(12)}px;
    border: {px(2)}px solid {ACCENT}; }}
QLineEdit[role="scan"]:focus {{ border: {px(3)}px solid {ACCENT_DARK}; background: #FBFDFF; }}
QLineEdit[role="scan"]:disabled {{ border: {px(2)}px dashed {BORDER}; background: {DISABLED_BACKGROUND}; }}
QFrame[role="card"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: {px(6)}px; }}
QFrame[role="header"] {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QListWidget#navigation {{ background: #E9EDF3; border: none; border-right: 1px solid {BORDER}; outline: 0;
    show-decoration-selected: 1;
    padding-top: {px(8)}px; }}
QListWidget#navigation::item {{ padding: {px(10)}px {px(14)}px; }}
QListWidget#navigation::item:selected {{ background: {SURFACE}; color: {ACCENT_DARK};
    border-left: {px(4)}px solid {ACCENT}; font-weight: 600; }}
"""

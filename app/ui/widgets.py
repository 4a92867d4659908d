"""Small building blocks shared by the screens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMessageBox, QPushButton, QTableView, QWidget

from app.domain.errors import UserError
from app.ui import errors
from app.ui.icons import icon
from app.ui.steady import keep_viewport_opaque

_ENABLED_TOOLTIP = "enabledToolTip"


def tooltip_with_shortcut(text: str, shortcut: str | QKeySequence | None) -> str:
    """A tooltip that names its keyboard shortcut (UX principle 4)."""
    if not shortcut:
        return text
    sequence = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
    return f"{text} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"


def button(text: str, icon_name: str | None = None, *, tooltip: str | None = None,
           shortcut: str | None = None, primary: bool = False) -> QPushButton:
    """A push button with an icon, an accessible name and its shortcut in the tooltip."""
    widget = QPushButton(text)
    if icon_name:
        widget.setIcon(icon(icon_name))
    plain = text.replace("&", "")
    widget.setAccessibleName(plain)
    widget.setToolTip(tooltip_with_shortcut(tooltip or plain, shortcut))
    if shortcut:
        widget.setShortcut(QKeySequence(shortcut))
    if primary:
        widget.setProperty("primary", True)
    return widget


def set_enabled_with_reason(widget: QWidget | QAction, enabled: bool, reason: str) -> None:
    """Enable or disable ``widget``; disabled, its tooltip says why and what to do.

    The tooltip it had when first passed here comes back when it is enabled again.
    """
    normal = widget.property(_ENABLED_TOOLTIP)
    if normal is None:
        normal = widget.toolTip()
        widget.setProperty(_ENABLED_TOOLTIP, normal)
    widget.setEnabled(enabled)
    widget.setToolTip(normal if enabled or not reason else reason)


def label(text: str = "", role: str | None = None, *, wrap: bool = False) -> QLabel:
    widget = QLabel(text)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Colour a feedback label (good, warn, bad) and re-apply the stylesheet."""
    if (widget.property("tone") or "") == (tone or ""):
        return  # re-polishing costs milliseconds under a stylesheet
    widget.setProperty("tone", tone or "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def show_error(parent: QWidget | None, exc: BaseException) -> QMessageBox:
    """Show an expected error as a plain, non-blocking message box."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Aula", errors.user_message(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def report_task_error(parent: QWidget, exc: BaseException, feedback: Callable[[str, str], None]) -> None:
    """A background task failed: an expected error goes to the screen's feedback line and a
    message box; anything else is a bug and is raised again for the crash handler."""
    if not isinstance(exc, UserError):
        raise exc
    feedback(str(exc), "bad")
    show_error(parent, exc)


def record_table(model: QAbstractItemModel, accessible_name: str, *,
                 selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
                 stretch_column: int | None = None) -> QTableView:
    """A read-only table of records: whole-row selection, no row numbers, not editable.

    Args:
        model: the table model to show.
        accessible_name: what screen readers announce.
        selection: how many rows may be selected.
        stretch_column: when given, columns fit their contents and this one takes the rest.
    """
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(accessible_name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    keep_viewport_opaque(table)  # scrolling moves the pixels instead of repainting every row
    if stretch_column is not None:
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table

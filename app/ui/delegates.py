"""Painting of the attendance status chip: colour *and* text, never colour alone."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.domain.enums import AttendanceStatus
from app.ui import formatting
from app.ui.models.attendance_table_model import STATUS_ROLE


class StatusChipDelegate(QStyledItemDelegate):
    """Draws the status cell as a rounded chip with glyph and name."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(STATUS_ROLE)
        status = AttendanceStatus(value) if value else None
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        colors = formatting.status_colors(status)
        # Row background (selection, highlight) first, then the chip on top.
        base = QStyleOptionViewItem(option)
        self.initStyleOption(base, index)
        base.text = ""
        style = base.widget.style() if base.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, base, painter, base.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = option.font
        font.setBold(True)
        metrics = QFontMetrics(font)  # the text is drawn bold: measure it bold, or it is cut
        height = min(option.rect.height() - 4, metrics.height() + 8)
        width = min(option.rect.width() - 8, metrics.horizontalAdvance(text) + 20)
        chip = QRectF(option.rect.left() + 4, option.rect.center().y() - height / 2 + 0.5, width, height)
        painter.setPen(QPen(QColor(colors.foreground), 1))
        painter.setBrush(QColor(colors.background))
        painter.drawRoundedRect(chip, height / 2, height / 2)
        painter.setFont(font)
        painter.setPen(QColor(colors.foreground))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex):  # noqa: N802
        size = super().sizeHint(option, index)
        size.setWidth(size.width() + 28)
        size.setHeight(max(size.height(), option.fontMetrics.height() + 12))
        return size

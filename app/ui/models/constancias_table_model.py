"""Documentos: the group's constancias with folio, name, status and issue date."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.enums import ConstanciaStatus
from app.services.constancias import ConstanciaInfo
from app.ui import formatting, style
from app.ui.models.base import RowsTableModel

# A glyph beside each status so it never depends on colour alone.
STATUS_GLYPHS = {
    ConstanciaStatus.VALID: "✓",
    ConstanciaStatus.SUPERSEDED: "↻",
    ConstanciaStatus.REVOKED: "✗",
}

STATUS_COLORS = {
    ConstanciaStatus.VALID: style.GOOD,
    ConstanciaStatus.SUPERSEDED: style.WARN,
    ConstanciaStatus.REVOKED: style.BAD,
}


class ConstanciasTableModel(RowsTableModel[ConstanciaInfo]):
    """One row per issued constancia (valid, superseded or revoked)."""

    FOLIO, NAME, STATUS, ISSUED = range(4)

    def headers(self) -> Sequence[str]:
        return (self.tr("Folio"), self.tr("Name"), self.tr("Status"), self.tr("Issued on"))

    def status_text(self, status: ConstanciaStatus) -> str:
        """``✓ Vigente``, ``↻ Sustituida`` or ``✗ Revocada``."""
        names = {
            ConstanciaStatus.VALID: self.tr("Valid"),
            ConstanciaStatus.SUPERSEDED: self.tr("Superseded"),
            ConstanciaStatus.REVOKED: self.tr("Revoked"),
        }
        return f"{STATUS_GLYPHS[status]} {names[status]}"

    def display(self, row: ConstanciaInfo, column: int) -> Any:
        if column == self.FOLIO:
            return row.folio
        if column == self.NAME:
            return row.worker_name
        if column == self.STATUS:
            return self.status_text(row.status)
        return formatting.date_text(row.issued_on)

    def extra(self, row: ConstanciaInfo, column: int, role: int) -> Any:
        if column == self.STATUS:
            colors = STATUS_COLORS[row.status]
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(colors.foreground))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(colors.background))
            if role == Qt.ItemDataRole.ToolTipRole and row.status is ConstanciaStatus.REVOKED:
                return self.tr("Revoked: {reason}").format(reason=row.revoked_reason)
        return None

"""Resultados: who qualifies, who is still pending and, in one line, why the others do not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.completion import Outcome
from app.services.results import ParticipantResult
from app.ui import style
from app.ui.models.base import RowsTableModel

_COLORS = {Outcome.QUALIFIES: style.GOOD, Outcome.PENDING: style.WARN, Outcome.FAILS: style.BAD}


class ResultsTableModel(RowsTableModel[ParticipantResult]):
    NUMBER, NAME, MATRICULA, VERDICT, REASONS = range(5)

    def headers(self) -> Sequence[str]:
        return ("#", self.tr("Name"), self.tr("Employee no."), self.tr("Result"), self.tr("Reasons"))

    def verdict_text(self, row: ParticipantResult) -> str:
        outcome = row.outcome
        if outcome is Outcome.QUALIFIES:
            return "✓ " + self.tr("Qualifies")
        if outcome is Outcome.PENDING:
            return "… " + self.tr("Pending")
        return "✗ " + self.tr("Does not qualify")

    def display(self, row: ParticipantResult, column: int) -> Any:
        if column == self.NUMBER:
            return row.number
        if column == self.NAME:
            return row.name
        if column == self.MATRICULA:
            if row.matricula is None:
                return self.tr("External: {institution}").format(institution=row.institution)
            return row.matricula
        if column == self.VERDICT:
            return self.verdict_text(row)
        return "" if row.qualifies else row.reasons_text

    def extra(self, row: ParticipantResult, column: int, role: int) -> Any:
        if column == self.VERDICT:
            colors = _COLORS[row.outcome]
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(colors.foreground))
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(colors.background))
        if role == Qt.ItemDataRole.ToolTipRole and column == self.REASONS:
            return row.reasons_text
        return None

"""The roster of a group (Participantes)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.domain.enums import EnrollmentStatus
from app.services.roster import RosterEntry
from app.ui import formatting, style
from app.ui.models.base import RowsTableModel


class RosterTableModel(RowsTableModel[RosterEntry]):
    NUMBER, NAME, MATRICULA, CATEGORY, DEPARTMENT, SHIFT, STATUS = range(7)

    def headers(self) -> Sequence[str]:
        return ("#", self.tr("Name"), self.tr("Employee no."), self.tr("Category"),
                self.tr("Service"), self.tr("Shift"), self.tr("Status"))

    def display(self, row: RosterEntry, column: int) -> Any:
        if column == self.MATRICULA and row.matricula is None:
            return self.tr("External: {institution}").format(institution=row.institution)
        return (row.number, row.sortable_name, row.matricula, row.category, row.department,
                row.shift, formatting.enrollment_text(row.status))[column]

    def extra(self, row: RosterEntry, column: int, role: int) -> Any:
        withdrawn = row.status is EnrollmentStatus.WITHDRAWN
        if role == Qt.ItemDataRole.ForegroundRole and withdrawn:
            return QColor(style.MUTED)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def enrolled_count(self) -> int:
        return sum(1 for r in self._rows if r.status is EnrollmentStatus.ENROLLED)

"""The pase de lista of one session: number, name, matrícula, status, times, minutes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.attendance import AttendanceRow
from app.ui import formatting, style
from app.ui.models.base import RowsTableModel

# Role with the row's status value ("" when unrecorded) for the status-chip delegate.
# Never None: PySide6 6.12 on CPython 3.11 drops a reference to None each time
# Python reads an invalid QVariant, which aborts the interpreter after a while.
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2


class AttendanceTableModel(RowsTableModel[AttendanceRow]):
    """Rows of :class:`AttendanceRow`; one row can be highlighted (the last scan)."""

    NUMBER, NAME, MATRICULA, STATUS, CHECK_IN, CHECK_OUT, MINUTES = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._row_of: dict[uuid.UUID, int] = {}
        self._highlighted: uuid.UUID | None = None

    def headers(self) -> Sequence[str]:
        return ("#", self.tr("Name"), self.tr("Employee no."), self.tr("Status"),
                self.tr("Check-in"), self.tr("Check-out"), self.tr("Minutes"))

    def set_rows(self, rows: Sequence[AttendanceRow]) -> None:
        super().set_rows(rows)
        self._row_of = {r.worker_id: i for i, r in enumerate(self._rows)}

    def row_of(self, worker_id: uuid.UUID) -> int | None:
        return self._row_of.get(worker_id)

    def update_worker(self, value: AttendanceRow) -> int | None:
        """Replace the row of ``value.worker_id``; returns its row number."""
        row = self._row_of.get(value.worker_id)
        if row is not None:
            self.replace_row(row, value)
        return row

    def set_highlighted(self, worker_id: uuid.UUID | None) -> None:
        previous = self._row_of.get(self._highlighted) if self._highlighted else None
        self._highlighted = worker_id
        for row in (previous, self._row_of.get(worker_id) if worker_id else None):
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1),
                                      [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole])

    @property
    def highlighted(self) -> uuid.UUID | None:
        return self._highlighted

    def present_count(self) -> int:
        return sum(1 for r in self._rows if r.status is not None and r.status.attended)

    def display(self, row: AttendanceRow, column: int) -> Any:
        if column == self.NUMBER:
            return self._row_of.get(row.worker_id, 0) + 1
        if column == self.NAME:
            return row.name
        if column == self.MATRICULA:
            return row.matricula
        if column == self.STATUS:
            return formatting.status_chip_text(row.status)
        if column == self.CHECK_IN:
            return formatting.time_text(row.check_in)
        if column == self.CHECK_OUT:
            return formatting.time_text(row.check_out)
        if column == self.MINUTES:
            return row.minutes if row.status is not None else ""
        return None

    def extra(self, row: AttendanceRow, column: int, role: int) -> Any:
        if role == STATUS_ROLE:
            return row.status.value if row.status is not None else ""
        if role == Qt.ItemDataRole.BackgroundRole and row.worker_id == self._highlighted:
            return QBrush(QColor(style.HIGHLIGHT_ROW))
        if role == Qt.ItemDataRole.FontRole and row.worker_id == self._highlighted:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
                self.NUMBER, self.CHECK_IN, self.CHECK_OUT, self.MINUTES):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.STATUS:
            return formatting.status_text(row.status)
        return None

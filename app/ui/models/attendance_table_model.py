"""The pase de lista of one session: number, name, matrícula, status, times, minutes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.attendance import AttendanceRow
from app.ui import formatting, style
from app.ui.models.base import ROW_ROLE, RowsTableModel

# Role with the row's status value ("" when unrecorded) for the status-chip delegate.
# Never None: PySide6 6.12 on CPython 3.11 drops a reference to None each time
# Python reads an invalid QVariant, which aborts the interpreter after a while.
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2


_DISPLAY = Qt.ItemDataRole.DisplayRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class AttendanceTableModel(RowsTableModel[AttendanceRow]):
    """Rows of :class:`AttendanceRow`; one row can be highlighted (the last scan).

    A repaint asks for a dozen roles of every visible cell, and a scan that
    scrolls repaints the whole table: each row's texts are formatted once (when
    the row arrives) and :meth:`data` only looks them up. The present count is
    kept as rows change, not recounted over a 1,000-person group after each scan.
    """

    NUMBER, NAME, MATRICULA, STATUS, CHECK_IN, CHECK_OUT, MINUTES = range(7)
    _RIGHT_ALIGNED = frozenset((NUMBER, CHECK_IN, CHECK_OUT, MINUTES))

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._row_of: dict[uuid.UUID, int] = {}
        self._cells: list[tuple[Any, ...]] = []
        self._present = 0
        self._highlighted: uuid.UUID | None = None
        self._highlight_brush = QBrush(QColor(style.HIGHLIGHT_ROW))
        self._highlight_font = QFont()
        self._highlight_font.setBold(True)
        self._compact_headers = False

    def headers(self) -> Sequence[str]:
        return ("#", self.tr("Name"), self.tr("Employee no."), self.tr("Status"),
                self.tr("Check-in"), self.tr("Check-out"), self.tr("Minutes"))

    def short_headers(self) -> Sequence[str]:
        """The titles when the name would not fit (projector zoom on a small screen); the full
        title stays in the tooltip."""
        return ("#", self.tr("Name"), self.tr("Employee no."), self.tr("Status"),
                self.tr("In", "short for check-in"), self.tr("Out", "short for check-out"),
                self.tr("Min.", "short for minutes"))

    def set_compact_headers(self, compact: bool) -> None:
        if compact != self._compact_headers:
            self._compact_headers = compact
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.columnCount():
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.DisplayRole and self._compact_headers:
                return self.short_headers()[section]
        return super().headerData(section, orientation, role)

    def set_rows(self, rows: Sequence[AttendanceRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {r.worker_id: i for i, r in enumerate(self._rows)}
        self._cells = [self._format(i, r) for i, r in enumerate(self._rows)]
        self._present = sum(1 for r in self._rows if _attended(r))
        self.endResetModel()

    def replace_row(self, row: int, value: AttendanceRow) -> None:
        self._present += _attended(value) - _attended(self._rows[row])
        self._cells[row] = self._format(row, value)
        super().replace_row(row, value)

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
        return self._present

    def _format(self, number: int, row: AttendanceRow) -> tuple[Any, ...]:
        """The row's display texts by column, then its status role and accessible status text."""
        return ((number + 1, row.name, row.matricula, formatting.status_chip_text(row.status),
                 formatting.time_text(row.check_in), formatting.time_text(row.check_out),
                 row.minutes if row.status is not None else ""),
                row.status.value if row.status is not None else "",
                formatting.status_text(row.status))

    def data(self, index, role: int = _DISPLAY) -> Any:  # noqa: ANN001
        # Called for every role of every visible cell on each repaint: lookups only.
        number = index.row()
        if not 0 <= number < len(self._cells):
            return None
        if role == _DISPLAY:
            return self._cells[number][0][index.column()]
        if role == STATUS_ROLE:
            return self._cells[number][1]
        if role == _ALIGNMENT:
            return _RIGHT if index.column() in self._RIGHT_ALIGNED else None
        if role == _BACKGROUND or role == _FONT:
            if self._rows[number].worker_id != self._highlighted:
                return None
            return self._highlight_brush if role == _BACKGROUND else self._highlight_font
        if role == _ACCESSIBLE:
            return self._cells[number][2] if index.column() == self.STATUS else None
        if role == ROW_ROLE:
            return self._rows[number]
        return None

    def display(self, row: AttendanceRow, column: int) -> Any:
        number = self._row_of.get(row.worker_id, 0)
        return self._format(number, row)[0][column]


def _attended(row: AttendanceRow) -> bool:
    return row.status is not None and row.status.attended

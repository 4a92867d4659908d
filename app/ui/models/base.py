"""A read-only table model over a list of plain rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

# Role that returns the row object itself (views use it to act on a selection).
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of dataclasses with fixed columns; subclasses say how each cell reads."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        # Views ask for these thousands of times per repaint: translate once.
        self._headers = tuple(self.headers())

    # -- subclass hooks -------------------------------------------------
    def headers(self) -> Sequence[str]:
        raise NotImplementedError

    def display(self, row: Row, column: int) -> Any:
        raise NotImplementedError

    def extra(self, row: Row, column: int, role: int) -> Any:
        """Data for roles other than display (alignment, colours, tooltips)."""
        return None

    # -- rows -----------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def replace_row(self, row: int, value: Row) -> None:
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    # -- Qt -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each repaint: keep it lean.
        number = index.row()
        if not 0 <= number < len(self._rows):
            return None
        row = self._rows[number]
        if role == _DISPLAY:
            return self.display(row, index.column())
        if role == ROW_ROLE:
            return row
        return self.extra(row, index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return section + 1

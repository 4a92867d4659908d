"""The staff list (plantilla) search results, a page at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.services.staff import WorkerInfo
from app.ui.models.base import ROW_ROLE, RowsTableModel

_DISPLAY = Qt.ItemDataRole.DisplayRole

# Rows read per page: what a keystroke costs; scrolling to the end reads the next page.
PAGE = 100

Fetch = Callable[[int, int], list[WorkerInfo]]  # (offset, limit) → rows


class StaffTableModel(RowsTableModel[WorkerInfo]):
    """Search results: the first page, then the next one when the table scrolls to its end."""

    MATRICULA, NAME, CATEGORY, DEPARTMENT, SHIFT = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._cells: list[tuple[Any, ...]] = []
        self._fetch: Fetch | None = None
        self._more = False

    def headers(self) -> Sequence[str]:
        return (self.tr("Employee no."), self.tr("Name"), self.tr("Category"),
                self.tr("Service"), self.tr("Shift"))

    def set_rows(self, rows: Sequence[WorkerInfo]) -> None:
        self._fetch, self._more = None, False
        self._cells = [self._format(r) for r in rows]
        super().set_rows(rows)

    def set_search(self, fetch: Fetch) -> None:
        """Show the first page ``fetch`` returns; later pages come as the table scrolls."""
        rows = fetch(0, PAGE + 1)
        self.set_rows(rows[:PAGE])
        self._fetch, self._more = fetch, len(rows) > PAGE

    def has_more(self) -> bool:
        """Whether more matches exist than the rows read so far."""
        return self._more

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or not self._more or self._fetch is None:
            return
        rows = self._fetch(len(self._rows), PAGE + 1)
        self._more = len(rows) > PAGE
        rows = rows[:PAGE]
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self._cells.extend(self._format(r) for r in rows)
            self.endInsertRows()

    @staticmethod
    def _format(row: WorkerInfo) -> tuple[Any, ...]:
        return (row.matricula, row.sortable_name, row.category, row.department, row.shift)

    def data(self, index, role: int = _DISPLAY) -> Any:  # noqa: ANN001
        number = index.row()
        if not 0 <= number < len(self._cells):
            return None
        if role == _DISPLAY:
            return self._cells[number][index.column()]
        if role == ROW_ROLE:
            return self._rows[number]
        return None

    def display(self, row: WorkerInfo, column: int) -> Any:
        return self._format(row)[column]

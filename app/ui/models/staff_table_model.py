"""The staff list (plantilla) search results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.services.staff import WorkerInfo
from app.ui.models.base import RowsTableModel


class StaffTableModel(RowsTableModel[WorkerInfo]):
    MATRICULA, NAME, CATEGORY, DEPARTMENT, SHIFT = range(5)

    def headers(self) -> Sequence[str]:
        return (self.tr("Employee no."), self.tr("Name"), self.tr("Category"),
                self.tr("Service"), self.tr("Shift"))

    def display(self, row: WorkerInfo, column: int) -> Any:
        return (row.matricula, row.sortable_name, row.category, row.department, row.shift)[column]

"""The per-row problems of an import (file row, field, value, reason)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.importing import RowProblem
from app.ui.models.base import RowsTableModel


class ImportProblemsTableModel(RowsTableModel[RowProblem]):
    ROW, FIELD, VALUE, REASON = range(4)

    def headers(self) -> Sequence[str]:
        return (self.tr("Row"), self.tr("Field"), self.tr("Value"), self.tr("Problem"))

    def display(self, row: RowProblem, column: int) -> Any:
        return (row.row_number, row.field, row.value, row.reason)[column]

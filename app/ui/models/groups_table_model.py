"""Groups at a glance: one line per group with dates, venue and progress."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from app.services.groups import GroupSummary
from app.ui import formatting
from app.ui.models.base import RowsTableModel


class GroupsTableModel(RowsTableModel[GroupSummary]):
    CODE, COURSE, DATES, VENUE, PROGRESS = range(5)

    def headers(self) -> Sequence[str]:
        return (self.tr("Code"), self.tr("Course"), self.tr("Dates"), self.tr("Venue"),
                self.tr("Participants"))

    def display(self, row: GroupSummary, column: int) -> Any:
        if column == self.CODE:
            return row.code
        if column == self.COURSE:
            return row.course_name
        if column == self.DATES:
            return formatting.date_range_text(row.first_date, row.last_date)
        if column == self.VENUE:
            return " · ".join(part for part in (row.unit_code, row.room) if part)
        if column == self.PROGRESS:
            attended = self.tr("{attended} / {enrolled} attended").format(
                attended=row.attended, enrolled=row.enrolled)
            if row.qualified is None:
                return attended
            if row.pending:
                return self.tr("{attended} · {qualified} qualify · {pending} pending").format(
                    attended=attended, qualified=row.qualified, pending=row.pending)
            return self.tr("{attended} · {qualified} qualify").format(attended=attended,
                                                                     qualified=row.qualified)
        return None

    def extra(self, row: GroupSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == self.VENUE:
            return f"{row.unit_name} · {row.room}\n{row.instructors}"
        return None

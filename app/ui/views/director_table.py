"""The director's list: one row per worker with their coverage status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor

from app.services.coverage import CoverageStatus, WorkerCoverage
from app.ui import formatting
from app.ui.models.base import RowsTableModel
from app.ui.views.director_chart import STATUS_COLORS

HEADERS = (QT_TRANSLATE_NOOP("DirectorView", "Employee no."), QT_TRANSLATE_NOOP("DirectorView", "Name"),
           QT_TRANSLATE_NOOP("DirectorView", "Category"), QT_TRANSLATE_NOOP("DirectorView", "Service"),
           QT_TRANSLATE_NOOP("DirectorView", "Shift"), QT_TRANSLATE_NOOP("DirectorView", "Status"),
           QT_TRANSLATE_NOOP("DirectorView", "Detail"))


def status_labels() -> dict[CoverageStatus, str]:
    return {
        CoverageStatus.TRAINED: QCoreApplication.translate("DirectorView", "Trained"),
        CoverageStatus.TO_ISSUE: QCoreApplication.translate("DirectorView", "Qualified, constancia to issue"),
        CoverageStatus.FAILED: QCoreApplication.translate("DirectorView", "Did not qualify"),
        CoverageStatus.IN_COURSE: QCoreApplication.translate("DirectorView", "In a course"),
        CoverageStatus.PENDING: QCoreApplication.translate("DirectorView", "Pending"),
        CoverageStatus.LEFT: QCoreApplication.translate("DirectorView", "No longer on the staff list"),
    }


def detail_text(w: WorkerCoverage) -> str:
    """What backs the status: folio and date, group and dates, or the reason."""
    dates = formatting.date_range_text(w.first_date, w.last_date) if w.first_date else ""
    if w.folio:
        return QCoreApplication.translate("DirectorView", "Folio {folio} · {date}").format(
            folio=w.folio, date=formatting.date_text(w.issued_on))
    if w.status is CoverageStatus.FAILED:
        text = f"{w.reason} ({w.group_code})"
        if w.reenrolled_group:
            text += " · " + QCoreApplication.translate("DirectorView", "re-enrolled in {group}").format(
                group=w.reenrolled_group)
        return text
    if w.group_code:
        return f"{w.group_code} · {dates}"
    return ""


class CoverageTableModel(RowsTableModel[WorkerCoverage]):
    MATRICULA, NAME, CATEGORY, DEPARTMENT, SHIFT, STATUS, DETAIL = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._labels = status_labels()

    def headers(self) -> Sequence[str]:
            return tuple(QCoreApplication.translate("DirectorView", text) for text in HEADERS)

    def display(self, row: WorkerCoverage, column: int) -> Any:
        match column:
            case self.MATRICULA:
                return row.matricula
            case self.NAME:
                return row.name
            case self.CATEGORY:
                return row.category
            case self.DEPARTMENT:
                return row.department
            case self.SHIFT:
                return row.shift
            case self.STATUS:
                return self._labels[row.status]
            case self.DETAIL:
                return detail_text(row)
        return None

    def extra(self, row: WorkerCoverage, column: int, role: int) -> Any:
        if column == self.STATUS and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(STATUS_COLORS[row.status])
        if column == self.DETAIL and role == Qt.ItemDataRole.ToolTipRole:
            return detail_text(row)
        return None

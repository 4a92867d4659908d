"""Background export jobs of the coverage screen and the dialog that picks a period of constancias."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from app.services import coverage_export
from app.services.context import Context
from app.ui.tasks import TaskContext
from app.ui.widgets import label


def export_coverage_task(ctx: Context, unit_code: str, path: Path, course_code: str, *,
                         context: TaskContext) -> Path:
    """Background job: the coverage to XLSX, CSV or PDF (by the file's extension)."""
    context.progress(0, 0, "")
    return coverage_export.export_coverage(ctx, unit_code, path, course_code)


def export_issued_task(ctx: Context, unit_code: str, start: dt.date, end: dt.date, path: Path, *,
                       context: TaskContext) -> Path:
    """Background job: the DC-4-style list of the constancias issued from ``start`` to ``end``."""
    context.progress(0, 0, "")
    return coverage_export.export_issued(ctx, unit_code, start, end, path)


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class IssuedPeriodDialog(QDialog):
    """From and to: the period of the list of constancias issued (this year so far by default).

    Signals:
        chosen(object, object): the first and last day (``datetime.date``).
    """

    chosen = Signal(object, object)

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Constancias issued in a period"))
        self.start_edit = _date_edit(dt.date(today.year, 1, 1))
        self.start_edit.setAccessibleName(self.tr("From"))
        self.end_edit = _date_edit(today)
        self.end_edit.setAccessibleName(self.tr("To"))
        self.error_label = label("", "feedback", wrap=True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("From"), self.start_edit)
        form.addRow(self.tr("To"), self.end_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("One row per constancia issued for the unit's groups, with folio, worker, "
                                       "course, hours and dates, as the DC-4 list asks."), wrap=True))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @Slot()
    def _on_accepted(self) -> None:
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        if end < start:
            self.error_label.setText(self.tr("The last day is before the first one."))
            self.error_label.show()
            return
        self.chosen.emit(start, end)
        self.accept()

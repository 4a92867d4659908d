"""A worker's file: course history, attendance per session with times, participation, constancias."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ConstanciaStatus
from app.services import worker_history
from app.services.constancias import ConstanciaInfo
from app.services.context import Context
from app.ui import document_tasks, formatting
from app.ui.dialogs.pdf_preview_dialog import PdfPreviewDialog
from app.ui.tasks import Task, TaskRunner
from app.ui.widgets import button, label, report_task_error, set_enabled_with_reason, set_tone


def _table(headers: list[str], rows: list[list[str]], name: str) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class WorkerDetailDialog(QDialog):
    """Read-only; reprint and verify act on the selected constancia."""

    def __init__(self, ctx: Context, worker_id: uuid.UUID, parent: QWidget | None = None, *,
                 tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = tasks or TaskRunner(self)
        self.history = worker_history.worker_history(ctx, worker_id)
        self.preview: PdfPreviewDialog | None = None
        self.verify_dialog = None
        self.task: Task | None = None
        worker = self.history.worker
        self.setWindowTitle(self.tr("Worker: {name}").format(name=worker.full_name))
        self.resize(900, 600)
        header = label(f"{worker.sortable_name} · {worker.matricula or worker.curp or ''}", "title")
        facts = label(" · ".join(p for p in (worker.category, worker.department, worker.shift) if p), "muted")
        self.tabs = QTabWidget()
        self.courses_table = _table(
            [self.tr("Group"), self.tr("Course"), self.tr("Dates"), self.tr("Roster"), self.tr("Result")],
            [[a.group_code, a.course_name, formatting.date_range_text(a.first_date, a.last_date),
              formatting.enrollment_text(a.enrollment), a.result] for a in self.history.attempts],
            self.tr("Course history"))
        self.tabs.addTab(self.courses_table, self.tr("Courses"))
        self.attendance_table = _table(
            [self.tr("Group"), self.tr("Session"), self.tr("Date"), self.tr("Schedule"), self.tr("Attendance"),
             self.tr("Check-in"), self.tr("Check-out")],
            [[a.group_code, str(s.index), formatting.date_text(s.date),
              f"{formatting.time_text(s.start)}–{formatting.time_text(s.end)}", formatting.status_text(s.status),
              formatting.time_text(s.check_in), formatting.time_text(s.check_out)]
             for a in self.history.attempts for s in a.sessions],
            self.tr("Attendance per session"))
        self.tabs.addTab(self.attendance_table, self.tr("Attendance"))
        self.participation_table = _table(
            [self.tr("Group"), self.tr("Session"), self.tr("Activity"), self.tr("Took part")],
            [[a.group_code, str(x.session_index), x.name, self._participated(x.participated)]
             for a in self.history.attempts for x in a.activities],
            self.tr("Participation per activity"))
        self.tabs.addTab(self.participation_table, self.tr("Participation"))
        self.constancias_table = _table(
            [self.tr("Folio"), self.tr("Issued"), self.tr("Status")],
            [[c.folio, formatting.date_text(c.issued_on), self._status(c)] for c in self.history.constancias],
            self.tr("Constancias"))
        self.constancias_table.itemSelectionChanged.connect(self._update_actions)
        self.reprint_button = button(self.tr("Reprint…"), "list",
                                     tooltip=self.tr("Show the constancia as it was issued, to print it"))
        self.reprint_button.clicked.connect(self.reprint_selected)
        self.verify_button = button(self.tr("Verify"), "check",
                                    tooltip=self.tr("Check the signature of the selected constancia"))
        self.verify_button.clicked.connect(self.verify_selected)
        constancias_page = QWidget()
        page_layout = QVBoxLayout(constancias_page)
        page_layout.addWidget(self.constancias_table, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.reprint_button)
        actions.addWidget(self.verify_button)
        actions.addStretch(1)
        page_layout.addLayout(actions)
        self.tabs.addTab(constancias_page, self.tr("Constancias ({count})").format(
            count=len(self.history.constancias)))
        self.feedback_label = label("", "feedback", wrap=True)
        self.feedback_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(facts)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.feedback_label)
        layout.addWidget(buttons)
        if self.history.constancias:
            self.constancias_table.selectRow(0)
        self._update_actions()

    def _participated(self, value: bool | None) -> str:
        if value is None:
            return self.tr("Not marked")
        return self.tr("Yes") if value else self.tr("No")

    def _status(self, c: ConstanciaInfo) -> str:
        return {ConstanciaStatus.VALID: self.tr("Valid"), ConstanciaStatus.SUPERSEDED: self.tr("Superseded"),
                ConstanciaStatus.REVOKED: self.tr("Revoked")}[c.status]

    def selected_constancia(self) -> ConstanciaInfo | None:
        rows = self.constancias_table.selectionModel().selectedRows()
        return self.history.constancias[rows[0].row()] if rows else None

    @Slot()
    def _update_actions(self) -> None:
        chosen = self.selected_constancia()
        busy = self.task is not None and not self.task.done
        set_enabled_with_reason(self.reprint_button, chosen is not None and not busy
                                and chosen.status is not ConstanciaStatus.REVOKED,
                                self.tr("Select a constancia that is not revoked"))
        set_enabled_with_reason(self.verify_button, chosen is not None, self.tr("Select a constancia"))

    @Slot()
    def reprint_selected(self) -> Task | None:
        chosen = self.selected_constancia()
        if chosen is None:
            return None
        self.task = self.tasks.submit(document_tasks.reprint_task, self.ctx, [chosen.id], name="reprint")
        self.task.result.connect(lambda pdfs: self._show_preview(pdfs[0], chosen))
        self.task.error.connect(lambda exc: report_task_error(self, exc, self._feedback))
        self.task.finished.connect(self._update_actions)
        self._update_actions()
        return self.task

    def _show_preview(self, data: bytes, chosen: ConstanciaInfo) -> None:
        self.preview = PdfPreviewDialog(data, self.tr("Constancia {folio}").format(folio=chosen.folio), self)
        self.preview.open()

    @Slot()
    def verify_selected(self):
        """Open the verification dialog with the constancia's own QR text already checked."""
        from app.ui.dialogs.verify_dialog import VerifyDialog
        chosen = self.selected_constancia()
        if chosen is None:
            return None
        self.verify_dialog = VerifyDialog(self.ctx, self)
        self.verify_dialog.text_edit.setText(chosen.qr_text)
        self.verify_dialog.verify_text()
        self.verify_dialog.show()
        return self.verify_dialog

    def _feedback(self, text: str, tone: str | None) -> None:
        self.feedback_label.setText(text)
        set_tone(self.feedback_label, tone)
        self.feedback_label.setVisible(bool(text))

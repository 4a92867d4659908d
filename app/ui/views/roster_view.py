"""Participantes: the roster, added three ways (staff list, file, walk-in) and withdrawn."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QProgressBar, QStackedWidget, QVBoxLayout, QWidget

from app.domain.enums import EnrollmentStatus
from app.domain.errors import UserError
from app.services import roster
from app.services.context import Context
from app.services.roster import RosterEntry
from app.services.staff import ImportReport, WorkerInfo
from app.ui import formatting
from app.ui.confirm import ConfirmBox, confirm
from app.ui.dialogs.add_participants_dialog import AddParticipantsDialog
from app.ui.dialogs.import_report_dialog import ImportReportDialog
from app.ui.dialogs.walk_in_dialog import WalkInDialog
from app.ui.models.roster_table_model import RosterTableModel
from app.ui.tasks import Task, TaskContext, TaskRunner
from app.ui.undo_commands import WithdrawalCommand
from app.ui.widgets import button, label, record_table, report_task_error, set_enabled_with_reason, set_tone, show_error

logger = logging.getLogger(__name__)


def import_roster_task(ctx: Context, path: Path, group_id: uuid.UUID, *,
                       context: TaskContext) -> ImportReport:
    """Background job: read and import a roster file (one transaction in the service)."""
    context.progress(0, 0, path.name)
    return roster.import_roster(ctx, path, group_id)


class RosterView(QWidget):
    """The group's participants.

    Signals:
        roster_changed(): someone was added or withdrawn.
    """

    roster_changed = Signal()

    def __init__(self, ctx: Context, group_id: uuid.UUID, tasks: TaskRunner,
                 parent: QWidget | None = None, *, undo_stack: QUndoStack | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.tasks = tasks
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.confirm_box: ConfirmBox | None = None
        self.read_only = False
        self.add_dialog: AddParticipantsDialog | None = None
        self.walk_in_dialog: WalkInDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.import_task: Task | None = None

        self.add_button = button(self.tr("Add from staff list…"), "staff", shortcut="Ctrl+Shift+A",
                                 primary=True)
        self.add_button.clicked.connect(self.open_add_dialog)
        self.import_button = button(self.tr("Import file…"), "import", shortcut="Ctrl+I")
        self.import_button.clicked.connect(self.open_file_dialog)
        self.walk_in_button = button(self.tr("New participant…"), "user_add", shortcut="Ctrl+Shift+N",
                                     tooltip=self.tr("A worker who is not on the staff list"))
        self.walk_in_button.clicked.connect(lambda: self.open_walk_in_dialog())
        self.withdraw_button = button(self.tr("Withdraw"), "user_remove", shortcut="Del",
                                      tooltip=self.tr("Withdraw the selected participant (marks are kept)"))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.count_label = label("", "subtitle")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Import in progress"))
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.feedback_label = label("", "feedback", wrap=True)
        self.feedback_label.hide()

        self.model = RosterTableModel(self)
        self.table = record_table(self.model, self.tr("Participants"), stretch_column=RosterTableModel.NAME)
        self.empty_label = label(self.tr("No participants yet. Import the list or add them from the "
                                         "staff list."), "empty", wrap=True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.table)

        actions = QHBoxLayout()
        for widget in (self.add_button, self.import_button, self.walk_in_button, self.withdraw_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addWidget(self.progress)
        status.addWidget(self.feedback_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(status)
        layout.addWidget(self.stack, 1)

    def reload(self) -> list[RosterEntry]:
        entries = roster.list_roster(self.ctx, self.group_id)
        self.model.set_rows(entries)
        self.count_label.setText(self.tr("{count} enrolled").format(count=self.model.enrolled_count()))
        self.stack.setCurrentWidget(self.table if entries else self.empty_label)
        return entries

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in (self.add_button, self.import_button, self.walk_in_button, self.withdraw_button):
            set_enabled_with_reason(widget, not read_only,
                                    self.tr("The group is closed: reopen it to change its participants"))

    def _feedback(self, text: str, tone: str | None) -> None:
        self.feedback_label.setText(text)
        set_tone(self.feedback_label, tone)
        self.feedback_label.show()

    def _changed(self) -> None:
        self.reload()
        self.roster_changed.emit()

    # -- from the staff list ----------------------------------------------
    @Slot()
    def open_add_dialog(self) -> AddParticipantsDialog:
        self.add_dialog = AddParticipantsDialog(self.ctx, self.group_id, self)
        self.add_dialog.enrolled.connect(lambda _worker_id: self._changed())
        self.add_dialog.open()
        return self.add_dialog

    # -- walk-in -----------------------------------------------------------
    def open_walk_in_dialog(self, matricula: str = "") -> WalkInDialog:
        self.walk_in_dialog = WalkInDialog(self.ctx, matricula, self)
        self.walk_in_dialog.worker_added.connect(self._on_walk_in_dialog_worker_added)
        self.walk_in_dialog.open()
        return self.walk_in_dialog

    @Slot(object)
    def _on_walk_in_dialog_worker_added(self, worker: WorkerInfo) -> None:
        try:
            roster.enroll(self.ctx, self.group_id, worker.id)
        except UserError as exc:
            show_error(self, exc)
            return
        self._feedback(self.tr("{name} was added to the group.").format(name=worker.full_name), "good")
        self._changed()

    # -- import -------------------------------------------------------------
    @Slot()
    def open_file_dialog(self) -> QFileDialog:
        self.file_dialog = QFileDialog(self, self.tr("Import participant list"))
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog.setNameFilter(self.tr("Lists (*.xlsx *.csv)"))
        self.file_dialog.fileSelected.connect(lambda path: self.import_file(Path(path)))
        self.file_dialog.open()
        return self.file_dialog

    def import_file(self, path: Path) -> Task:
        """Import ``path`` in the background; the report opens when it finishes."""
        self.progress.show()
        set_enabled_with_reason(self.import_button, False, self.tr("An import is in progress"))
        self._feedback(self.tr("Importing {file}…").format(file=path.name), None)
        self.import_task = self.tasks.submit(import_roster_task, self.ctx, path, self.group_id,
                                             name="import_roster")
        self.import_task.result.connect(self._on_import_task_result)
        self.import_task.error.connect(self._on_import_task_error)
        self.import_task.finished.connect(self._on_import_task_finished)
        return self.import_task

    @Slot(object)
    def _on_import_task_result(self, report: ImportReport) -> None:
        entries = self.reload()
        enrolled = sum(1 for e in entries if e.status is EnrollmentStatus.ENROLLED)
        self._feedback(report.summary(), "warn" if report.problems else "good")
        self.roster_changed.emit()
        self.report_dialog = ImportReportDialog(report, enrolled, self)
        self.report_dialog.open()

    @Slot(object)
    def _on_import_task_error(self, exc: BaseException) -> None:
        report_task_error(self, exc, self._feedback)

    @Slot()
    def _on_import_task_finished(self) -> None:
        self.progress.hide()
        set_enabled_with_reason(self.import_button, not self.read_only,
                                self.tr("The group is closed: reopen it to change its participants"))

    # -- withdraw -----------------------------------------------------------
    @Slot()
    def withdraw_selected(self) -> ConfirmBox | None:
        """Ask, then withdraw the selected participant (undoable: undo enrolls them again)."""
        index = self.table.currentIndex()
        if not index.isValid() or self.read_only:
            return None
        entry = self.model.row_at(index.row())
        if entry.status is EnrollmentStatus.WITHDRAWN:
            return None
        self.confirm_box = confirm(
            self, self.tr("Withdraw {name} from the group?").format(name=entry.name),
            self.tr("Their marks are kept, but they will no longer appear in the attendance or qualify. "
                    "You can undo it (Ctrl+Z)."),
            self.tr("Withdraw"), lambda: self._withdraw(entry))
        return self.confirm_box

    def _withdraw(self, entry: RosterEntry) -> None:
        try:
            roster.withdraw(self.ctx, self.group_id, entry.worker_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.undo_stack.push(WithdrawalCommand(
            self.ctx, self.group_id, entry.worker_id, self.tr("withdrawal of {name}").format(name=entry.name),
            lambda: self._after_undo(entry), lambda exc: show_error(self, exc)))
        self._feedback(self.tr("{name} was withdrawn from the group.").format(name=entry.name), None)
        self._changed()

    def _after_undo(self, entry: RosterEntry) -> None:
        """An undone (or redone) withdrawal: the message says where the participant stands now."""
        self._changed()
        row = next((r for r in self.model.rows() if r.worker_id == entry.worker_id), None)
        if row is not None:
            self._feedback(self.tr("{name} is now: {status}.").format(
                name=row.name, status=formatting.enrollment_text(row.status)), None)

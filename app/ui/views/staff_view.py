"""Plantilla: the staff list, searchable as you type; import a file, edit a worker."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QModelIndex, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.services import catalog, staff
from app.services.context import Context
from app.services.staff import ImportReport, WorkerInfo
from app.ui import formatting
from app.ui.dialogs.import_report_dialog import ImportReportDialog
from app.ui.dialogs.worker_dialog import WorkerDialog
from app.ui.models.staff_table_model import StaffTableModel
from app.ui.tasks import Task, TaskContext, TaskRunner
from app.ui.widgets import button, label, record_table, report_task_error, set_tone

logger = logging.getLogger(__name__)

def import_staff_task(ctx: Context, path: Path, unit_code: str, *, context: TaskContext) -> ImportReport:
    """Background job: read and import a staff file into a unit (one transaction in the service)."""
    context.progress(0, 0, "")
    return staff.import_staff(ctx, path, unit_code)


class StaffView(QWidget):
    """The staff list of every unit on this device.

    Args:
        ctx: the services' context.
        tasks: the application's task runner (imports run there); a private
            one when not given.

    Signals:
        staff_changed(): a worker was edited or a list imported (changes to send).
    """

    staff_changed = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None, *,
                 tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = tasks or TaskRunner(self)
        self.file_dialog: QFileDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self.worker_dialog: WorkerDialog | None = None
        self.import_task: Task | None = None
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name or employee number (accents not needed)"))
        self.search_edit.setAccessibleName(self.tr("Search the staff list"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.search)
        self.import_button = button(self.tr("Import staff list…"), "import", shortcut="Ctrl+Shift+I",
                                    tooltip=self.tr("Import a unit's staff list from CSV or XLSX"))
        self.import_button.clicked.connect(self.open_file_dialog)
        self.unit_combo = QComboBox()
        self.unit_combo.setAccessibleName(self.tr("Unit of the staff list to import"))
        self.edit_button = button(self.tr("Edit worker…"), "edit", shortcut="F2",
                                  tooltip=self.tr("Correct the selected worker's data"))
        self.edit_button.clicked.connect(self.open_worker_dialog)
        self._edit_tooltip = self.edit_button.toolTip()
        self._set_edit_enabled(False)
        self.count_label = label("", "muted")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Import in progress"))
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.feedback_label = label("", "feedback", wrap=True)
        self.feedback_label.hide()
        self.model = StaffTableModel(self)
        self.model.rowsInserted.connect(self._on_model_rows_inserted)
        self.table = record_table(self.model, self.tr("Staff list"),
                                  selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(StaffTableModel.MATRICULA, 130)
        header.resizeSection(StaffTableModel.NAME, 320)
        header.resizeSection(StaffTableModel.CATEGORY, 260)
        header.resizeSection(StaffTableModel.DEPARTMENT, 200)
        top = QHBoxLayout()
        top.addWidget(label(self.tr("Staff list"), "title"))
        top.addSpacing(24)
        top.addWidget(self.search_edit, 1)
        actions = QHBoxLayout()
        for widget in (self.edit_button, self.import_button, self.unit_combo):
            actions.addWidget(widget)
        actions.addStretch(1)
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addWidget(self.progress)
        status.addWidget(self.feedback_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addLayout(status)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        self.total = staff.count_workers(self.ctx)
        self._load_units()
        self.search(self.search_edit.text())

    def _load_units(self) -> None:
        current = self.unit_combo.currentData()
        self.unit_combo.clear()
        for unit in catalog.list_units(self.ctx):
            self.unit_combo.addItem(f"{unit.code} · {unit.name}", unit.code)
        self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(current)))
        # With one unit there is nothing to choose.
        self.unit_combo.setVisible(self.unit_combo.count() > 1)
        self.import_button.setEnabled(self.unit_combo.count() > 0 and self.import_task is None)

    @Slot(str)
    def search(self, text: str) -> None:
        """Show the first matches of ``text`` among every worker of the device (more as the table scrolls)."""
        self.model.set_search(lambda offset, limit: staff.search_workers(self.ctx, text, limit=limit,
                                                                         offset=offset))
        self._set_edit_enabled(self.selected_worker() is not None)
        self._show_count(text)

    def _show_count(self, text: str | None = None) -> None:
        text = self.search_edit.text() if text is None else text
        total = getattr(self, "total", None)
        count = self.model.rowCount()
        if text.strip():
            shown = (self.tr("First {count} matches; keep typing to narrow the search") if self.model.has_more()
                     else self.tr("{count} matches"))
            self.count_label.setText(shown.format(count=formatting.number_text(count)))
        elif total is not None:
            self.count_label.setText(self.tr("{total} workers; type to search").format(
                total=formatting.number_text(total)))

    @Slot()
    def _on_model_rows_inserted(self) -> None:
        self._show_count()  # a further page, read as the table scrolled to its end

    def _feedback(self, text: str, tone: str | None) -> None:
        self.feedback_label.setText(text)
        set_tone(self.feedback_label, tone)
        self.feedback_label.show()

    # -- edit ---------------------------------------------------------------
    def _set_edit_enabled(self, enabled: bool) -> None:
        self.edit_button.setEnabled(enabled)
        self.edit_button.setToolTip(self._edit_tooltip if enabled else self.tr(
            "Select a worker in the list to correct their data"))

    def selected_worker(self) -> WorkerInfo | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    @Slot(QModelIndex, QModelIndex)
    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._set_edit_enabled(current.isValid())

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self.open_worker_dialog()

    @Slot()
    def open_worker_dialog(self) -> WorkerDialog | None:
        """Editar trabajador: the selected worker's data in a dialog."""
        worker = self.selected_worker()
        if worker is None:
            return None
        self.worker_dialog = WorkerDialog(self.ctx, worker, self)
        self.worker_dialog.saved.connect(self._on_worker_dialog_saved)
        self.worker_dialog.open()
        return self.worker_dialog

    @Slot(object)
    def _on_worker_dialog_saved(self, worker: WorkerInfo) -> None:
        self.search(self.search_edit.text())
        row = next((i for i, w in enumerate(self.model.rows()) if w.id == worker.id), None)
        if row is not None:
            self.table.selectRow(row)
        self._feedback(self.tr("{name}'s data was saved.").format(name=worker.full_name), "good")
        self.staff_changed.emit()

    # -- import -------------------------------------------------------------
    @Slot()
    def open_file_dialog(self) -> QFileDialog:
        self.file_dialog = QFileDialog(self, self.tr("Import staff list"))
        self.file_dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.file_dialog.setNameFilter(self.tr("Lists (*.xlsx *.csv)"))
        self.file_dialog.fileSelected.connect(lambda path: self.import_file(Path(path)))
        self.file_dialog.open()
        return self.file_dialog

    def import_file(self, path: Path, unit_code: str | None = None) -> Task:
        """Import ``path`` into the chosen unit in the background; the report opens when it finishes."""
        unit_code = unit_code or self.unit_combo.currentData()
        self.progress.show()
        self.import_button.setEnabled(False)
        self._feedback(self.tr("Importing {file}…").format(file=path.name), None)
        self.import_task = self.tasks.submit(import_staff_task, self.ctx, path, unit_code,
                                             name="import_staff")
        self.import_task.result.connect(self._on_import_task_result)
        self.import_task.error.connect(self._on_import_task_error)
        self.import_task.finished.connect(self._on_import_task_finished)
        return self.import_task

    @Slot(object)
    def _on_import_task_result(self, report: ImportReport) -> None:
        self._feedback(report.summary(), "warn" if report.problems else "good")
        self.report_dialog = ImportReportDialog(report, None, self)
        self.report_dialog.open()
        self.staff_changed.emit()

    @Slot(object)
    def _on_import_task_error(self, exc: BaseException) -> None:
        report_task_error(self, exc, self._feedback)

    @Slot()
    def _on_import_task_finished(self) -> None:
        self.import_task = None
        self.progress.hide()
        self.reload()

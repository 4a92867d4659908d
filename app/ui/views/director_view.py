"""Cobertura: who of the unit's staff list is trained, in a course, failed or still pending.

The screen is thin: :func:`app.services.coverage.unit_coverage` computes
everything; this view shows the headline, a chart per breakdown (a click on
a bar segment lists exactly those workers), the list with filters and
accent-insensitive search, and starts exports in the background.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import catalog, coverage, worker_history
from app.services.context import Context
from app.services.coverage import STAFF_STATUSES, Coverage, CoverageStatus, WorkerCoverage
from app.ui import formatting
from app.ui.dialogs.verify_dialog import VerifyDialog
from app.ui.dialogs.worker_detail_dialog import WorkerDetailDialog
from app.ui.tasks import Task, TaskRunner
from app.ui.views.director_chart import STATUS_COLORS, BreakdownChart
from app.ui.views.director_export import IssuedPeriodDialog, export_coverage_task, export_issued_task
from app.ui.views.director_table import CoverageTableModel, status_labels
from app.ui.widgets import button, label, record_table, report_task_error, set_tone

logger = logging.getLogger(__name__)


class DirectorView(QWidget):
    """The coverage dashboard of a unit and a course."""

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tasks = tasks or TaskRunner(self)
        self.coverage: Coverage | None = None
        self.bar_filter: tuple[str, str] | None = None  # (dimension, key)
        self.export_task: Task | None = None
        self.file_dialog: QFileDialog | None = None
        self.period_dialog: IssuedPeriodDialog | None = None
        self.detail_dialog: WorkerDetailDialog | None = None
        self.labels = status_labels()

        self.unit_combo = QComboBox()
        self.unit_combo.setAccessibleName(self.tr("Unit"))
        self.course_combo = QComboBox()
        self.course_combo.setAccessibleName(self.tr("Course"))
        self.target_check = QCheckBox(self.tr("Target date"))
        self.target_edit = QDateEdit()
        self.target_edit.setCalendarPopup(True)
        self.target_edit.setDisplayFormat("dd/MM/yyyy")
        self.target_edit.setAccessibleName(self.tr("Target date"))
        self.percent_label = label("", "title")
        self.percent_label.setAccessibleName(self.tr("Coverage"))
        self.headline_label = label("", wrap=True)
        self.target_label = label("", "muted", wrap=True)
        self.freshness_label = label("", "muted", wrap=True)
        self.freshness_label.setAccessibleName(self.tr("Data freshness"))
        self.groups_label = label("", "muted", wrap=True)
        # The count of each status, each a link that lists those workers.
        self.counts_label = label("", wrap=True)
        self.counts_label.setAccessibleName(self.tr("Workers per status"))
        self.counts_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                  | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.counts_label.linkActivated.connect(lambda status: self.show_status(CoverageStatus(status)))

        self.export_button = button(self.tr("Export…"), "import", shortcut="Ctrl+E",
                                    tooltip=self.tr("Save what this screen shows as XLSX, CSV or PDF"))
        menu = QMenu(self.export_button)
        menu.addAction(self.tr("Excel workbook (XLSX)…"), lambda: self.open_export_dialog(".xlsx"))
        menu.addAction(self.tr("CSV for other programs…"), lambda: self.open_export_dialog(".csv"))
        menu.addAction(self.tr("PDF report with signatures…"), lambda: self.open_export_dialog(".pdf"))
        menu.addSeparator()
        menu.addAction(self.tr("Constancias issued in a period (DC-4 style)…"), self.open_period_dialog)
        self.export_button.setMenu(menu)
        self.verify_edit = QLineEdit()
        self.verify_edit.setPlaceholderText(self.tr("Folio or QR text"))
        self.verify_edit.setAccessibleName(self.tr("Folio or QR text of the constancia to verify"))
        self.verify_edit.returnPressed.connect(self.verify)
        self.verify_button = button(self.tr("Verify"), "scan",
                                    tooltip=self.tr("Check a constancia by its folio or the text of its QR"))
        self.verify_button.clicked.connect(self.verify)
        self.verify_dialog: VerifyDialog | None = None
        self.detail_button = button(self.tr("Worker detail…"), "info", tooltip=self.tr(
            "Course history, attendance and constancias of the selected worker (double-click a row)"))
        self.detail_button.clicked.connect(self.open_worker_detail)

        self.charts: dict[str, BreakdownChart] = {}
        self.chart_tabs = QTabWidget()
        titles = {"department": self.tr("By service"), "category": self.tr("By category"),
                  "shift": self.tr("By shift")}
        for dimension, title in titles.items():
            chart = BreakdownChart(self.labels)
            chart.setAccessibleName(title)
            chart.bar_clicked.connect(self.show_bar)
            self.charts[dimension] = chart
            self.chart_tabs.addTab(chart, title)

        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("Show"))
        self.status_combo.addItem(self.tr("All statuses"), None)
        for status in (*STAFF_STATUSES, CoverageStatus.LEFT):
            self.status_combo.addItem(self.labels[status], status)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name, employee number, category, service or group"))
        self.search_edit.setAccessibleName(self.tr("Search the coverage list"))
        self.search_edit.setClearButtonEnabled(True)
        self.bar_label = label("", "muted")
        self.clear_bar_button = button(self.tr("Show all"), "cross",
                                       tooltip=self.tr("Stop showing only the workers of the chosen bar"))
        self.clear_bar_button.clicked.connect(self.clear_bar)
        self.count_label = label("", "muted")
        self.feedback_label = label("", "feedback", wrap=True)
        self.feedback_label.hide()
        self.model = CoverageTableModel(self)
        self.table = record_table(self.model, self.tr("Workers and their coverage status"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((0, 90), (1, 220), (2, 170), (3, 140), (4, 85), (5, 130)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(self._on_table_double_clicked)

        self.course_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.course_combo.setMinimumContentsLength(24)
        self._layout()
        self._load_choices()
        self.unit_combo.currentIndexChanged.connect(self._on_unit_changed)
        self.course_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.target_check.toggled.connect(self._on_target_changed)
        self.target_edit.dateChanged.connect(self._on_target_changed)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search_edit.textChanged.connect(lambda _t: self.apply_filters())

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(label(self.tr("Coverage"), "title"))
        top.addSpacing(16)
        for widget in (self.unit_combo, self.course_combo):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.target_check)
        top.addWidget(self.target_edit)
        headline = QHBoxLayout()
        headline.addWidget(self.percent_label)
        headline.addSpacing(12)
        text = QVBoxLayout()
        text.addWidget(self.headline_label)
        text.addWidget(self.counts_label)
        text.addWidget(self.target_label)
        headline.addLayout(text, 1)
        actions = QHBoxLayout()
        for widget in (self.detail_button, self.export_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.verify_edit, 1)
        actions.addWidget(self.verify_button)
        filters = QHBoxLayout()
        filters.addWidget(self.status_combo)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.bar_label)
        filters.addWidget(self.clear_bar_button)
        filters.addWidget(self.count_label)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(filters)
        bottom_layout.addWidget(self.feedback_label)
        bottom_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart_tabs)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([400, 240])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.freshness_label)
        layout.addLayout(headline)
        layout.addWidget(self.groups_label)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)

    # -- data ---------------------------------------------------------------
    def _load_choices(self) -> None:
        self.unit_combo.blockSignals(True)
        self.unit_combo.clear()
        for unit in catalog.list_units(self.ctx):
            self.unit_combo.addItem(f"{unit.code} · {unit.name}", unit.code)
        self.unit_combo.setVisible(self.unit_combo.count() > 1)
        self.unit_combo.blockSignals(False)
        self._load_courses()

    def _load_courses(self) -> None:
        self.course_combo.blockSignals(True)
        self.course_combo.clear()
        unit_code = self.unit_combo.currentData()
        if unit_code:
            for course in coverage.courses_of_unit(self.ctx, unit_code):
                self.course_combo.addItem(f"{course.name} ({course.code})", course.code)
        self.course_combo.blockSignals(False)

    @Slot(int)
    def _on_unit_changed(self, _index: int) -> None:
        self._load_courses()
        self.reload()

    def reload(self) -> Coverage | None:
        """Recompute the coverage of the chosen unit and course and show it."""
        unit_code, course_code = self.unit_combo.currentData(), self.course_combo.currentData()
        if not unit_code or not course_code:
            self.coverage = None
            self.headline_label.setText(self.tr("There are no units yet: import a staff list first."))
            return None
        self.coverage = coverage.unit_coverage(self.ctx, unit_code, course_code)
        self._show_headline()
        self._show_freshness()
        for dimension, chart in self.charts.items():
            chart.show_breakdown(self.coverage.breakdown(dimension))
        self.apply_filters()
        return self.coverage

    def _show_headline(self) -> None:
        c = self.coverage
        self.percent_label.setText(f"{c.percent:.1f} %")
        self.headline_label.setText(self.tr("{trained} of {expected} workers on the staff list are trained in "
                                            "{course}.").format(trained=formatting.number_text(c.trained),
                                                                expected=formatting.number_text(c.expected),
                                                                course=c.course_name))
        shown = [s for s in (*STAFF_STATUSES, CoverageStatus.LEFT) if s is not CoverageStatus.LEFT or c.count(s)]
        self.counts_label.setText(" · ".join(
            f'<span style="color:{STATUS_COLORS[s]}">■</span>&nbsp;<a href="{s.value}">{self.labels[s]}</a>: '
            f'{formatting.number_text(c.count(s))}' for s in shown))
        self.counts_label.setToolTip(self.tr("Click a status to list those workers"))
        self.target_check.blockSignals(True)
        self.target_edit.blockSignals(True)
        self.target_check.setChecked(c.target_date is not None)
        self.target_edit.setEnabled(c.target_date is not None)
        default = c.target_date or (c.as_of.date() + dt.timedelta(days=90))
        self.target_edit.setDate(QDate(default.year, default.month, default.day))
        self.target_check.blockSignals(False)
        self.target_edit.blockSignals(False)
        if c.target_date is None:
            self.target_label.setText(self.tr("No target date: tick it to see the coverage expected by then."))
        else:
            self.target_label.setText(self.tr(
                "By {date} ({days} days): {count} trained or in groups that end by then, {percent:.1f} %.").format(
                date=formatting.date_text(c.target_date), days=c.days_to_target,
                count=formatting.number_text(c.on_track), percent=c.on_track_percent))
        groups = [self.tr("{code}, {dates}: {enrolled} of {capacity} places ({phase})").format(
            code=g.code, dates=formatting.date_range_text(g.first_date, g.last_date), enrolled=g.enrolled,
            capacity=g.capacity, phase=self.tr("under way") if g.running else self.tr("upcoming"))
            for g in c.groups]
        self.groups_label.setText(self.tr("Groups: {groups}").format(groups="; ".join(groups)) if groups
                                  else self.tr("No group of this course is under way or scheduled."))

    def _show_freshness(self) -> None:
        fresh = coverage.freshness(self.ctx)
        parts = [self.tr("Data as of {moment}").format(moment=fresh.as_of.strftime("%d/%m/%Y %H:%M"))]
        for device in fresh.devices:
            synced = (self.tr("last synchronized {moment}").format(
                moment=device.last_sync_at.astimezone().strftime("%d/%m/%Y %H:%M"))
                if device.synced else self.tr("this device has not been synchronized"))
            pending = (self.tr("{count} changes still to send").format(count=device.pending_changes)
                       if device.pending_changes else self.tr("nothing left to send"))
            parts.append(f"{device.label}: {synced}, {pending}")
        self.freshness_label.setText(" · ".join(parts))
        set_tone(self.freshness_label, "warn" if fresh.never_synced else None)

    # -- filters --------------------------------------------------------------
    def chosen_status(self) -> CoverageStatus | None:
        data = self.status_combo.currentData()  # Qt hands the enum back as its plain string
        return CoverageStatus(data) if data else None

    def visible_workers(self) -> tuple[WorkerCoverage, ...]:
        if self.coverage is None:
            return ()
        dimension, key = self.bar_filter or (None, None)
        return self.coverage.select(status=self.chosen_status(), dimension=dimension, key=key,
                                    text=self.search_edit.text())

    @Slot()
    def apply_filters(self) -> None:
        rows = self.visible_workers()
        self.model.set_rows(rows)
        self.count_label.setText(self.tr("{count} workers").format(count=formatting.number_text(len(rows))))
        self.bar_label.setVisible(self.bar_filter is not None)
        self.clear_bar_button.setVisible(self.bar_filter is not None)
        if self.bar_filter is not None:
            self.bar_label.setText(self.tr("Only: {key}").format(key=self.bar_filter[1]))

    def show_status(self, status: CoverageStatus | None) -> None:
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        self.apply_filters()

    @Slot(str, str, object)
    def show_bar(self, dimension: str, key: str, status: CoverageStatus) -> None:
        """A click on a chart segment: exactly the workers of that bar and status."""
        self.bar_filter = (dimension, key)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.show_status(status)

    @Slot()
    def clear_bar(self) -> None:
        self.bar_filter = None
        self.show_status(None)

    @Slot(bool)
    def _on_target_changed(self, *_args) -> None:
        self.target_edit.setEnabled(self.target_check.isChecked())
        target = self.target_edit.date().toPython() if self.target_check.isChecked() else None
        try:
            coverage.set_target_date(self.ctx, self.unit_combo.currentData(), target)
        except UserError as exc:
            self._feedback(str(exc), "bad")
        self.reload()

    # -- worker detail ------------------------------------------------------
    def selected_worker(self) -> WorkerCoverage | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        self.open_worker_detail()

    @Slot()
    def open_worker_detail(self, worker_id: uuid.UUID | None = None) -> WorkerDetailDialog | None:
        worker = self.selected_worker()
        worker_id = worker_id or (worker.worker_id if worker else None)
        if worker_id is None:
            self._feedback(self.tr("Select a worker in the list first."), "warn")
            return None
        self.detail_dialog = WorkerDetailDialog(self.ctx, worker_id, self, tasks=self.tasks)
        self.detail_dialog.open()
        return self.detail_dialog

    # -- verify ---------------------------------------------------------------
    @Slot()
    def verify(self) -> VerifyDialog | None:
        """Verify a constancia by its folio (looked up on this device) or by the text of its QR."""
        text = self.verify_edit.text().strip()
        if not text:
            return None
        qr_text = worker_history.qr_text_for_folio(self.ctx, text) or (text if len(text) > 30 else None)
        if qr_text is None:
            self._feedback(self.tr("There is no constancia with folio {folio} on this device. Scan or paste "
                                   "the text of its QR to check its signature.").format(folio=text), "warn")
            return None
        self.verify_dialog = VerifyDialog(self.ctx, self)
        self.verify_dialog.text_edit.setText(qr_text)
        self.verify_dialog.verify_text()
        self.verify_dialog.show()
        return self.verify_dialog

    # -- exports --------------------------------------------------------------
    def default_name(self, suffix: str) -> str:
        c = self.coverage
        return f"cobertura-{c.unit_code}-{c.course_code}-{c.as_of.date().isoformat()}{suffix}"

    def open_export_dialog(self, suffix: str) -> QFileDialog | None:
        if self.coverage is None:
            return None
        self.file_dialog = QFileDialog(self, self.tr("Export coverage"))
        self.file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.file_dialog.setDefaultSuffix(suffix[1:])
        self.file_dialog.selectFile(self.default_name(suffix))
        self.file_dialog.fileSelected.connect(lambda path: self.export_to(Path(path)))
        self.file_dialog.open()
        return self.file_dialog

    def export_to(self, path: Path) -> Task:
        """Write the coverage to ``path`` (XLSX, CSV or PDF) off the GUI thread."""
        self._feedback(self.tr("Exporting to {file}…").format(file=path.name), None)
        self.export_button.setEnabled(False)
        self.export_task = self.tasks.submit(export_coverage_task, self.ctx, self.coverage.unit_code, path,
                                             self.coverage.course_code, name="export_coverage")
        self._watch(self.export_task)
        return self.export_task

    def open_period_dialog(self) -> IssuedPeriodDialog | None:
        if self.coverage is None:
            return None
        self.period_dialog = IssuedPeriodDialog(self.coverage.as_of.date(), self)
        self.period_dialog.chosen.connect(self._on_period_chosen)
        self.period_dialog.open()
        return self.period_dialog

    @Slot(object, object)
    def _on_period_chosen(self, start: dt.date, end: dt.date) -> None:
        self.file_dialog = QFileDialog(self, self.tr("Save the list of constancias"))
        self.file_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.file_dialog.setDefaultSuffix("xlsx")
        self.file_dialog.selectFile(f"constancias-{self.coverage.unit_code}-{start}-{end}.xlsx")
        self.file_dialog.fileSelected.connect(lambda path: self.export_issued_to(start, end, Path(path)))
        self.file_dialog.open()

    def export_issued_to(self, start: dt.date, end: dt.date, path: Path) -> Task:
        self._feedback(self.tr("Exporting to {file}…").format(file=path.name), None)
        self.export_button.setEnabled(False)
        self.export_task = self.tasks.submit(export_issued_task, self.ctx, self.coverage.unit_code, start, end,
                                             path, name="export_issued")
        self._watch(self.export_task)
        return self.export_task

    def _watch(self, task: Task) -> None:
        task.result.connect(lambda path: self._feedback(
            self.tr("Saved {file}.").format(file=str(path)), "good"))
        task.error.connect(lambda exc: report_task_error(self, exc, self._feedback))
        task.finished.connect(lambda: self.export_button.setEnabled(True))

    def _feedback(self, text: str, tone: str | None) -> None:
        self.feedback_label.setText(text)
        set_tone(self.feedback_label, tone)
        self.feedback_label.setVisible(bool(text))

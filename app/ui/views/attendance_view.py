"""Pase de lista: the scan box, the live counter and the roster's marks for one session."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHBoxLayout, QHeaderView, QLineEdit, QMenu,
                               QVBoxLayout, QWidget)

from app.domain.completion import AttendanceMark, attended_minutes
from app.domain.enums import AttendanceStatus
from app.domain.identifiers import normalize_matricula
from app.services import attendance, roster, staff
from app.services.attendance import AttendanceRow, AttendanceState, ScanOutcome, ScanResult
from app.services.context import Context
from app.domain.errors import UserError
from app.services.errors import NotEnrolled, UnknownMatricula
from app.services.groups import SessionInfo
from app.ui import formatting
from app.ui.delegates import StatusChipDelegate
from app.ui.models.attendance_table_model import AttendanceTableModel
from app.ui.undo_commands import AttendanceMarkCommand, BulkAttendanceCommand
from app.ui.widgets import button, label, record_table, set_enabled_with_reason, set_tone, show_error

logger = logging.getLogger(__name__)

_KEY_TO_STATUS = {getattr(Qt.Key, f"Key_{key}"): status
                  for status, key in formatting.STATUS_KEYS.items()}


def _is_undo_or_redo(event: QKeyEvent) -> bool:
    combination = QKeySequence(event.keyCombination())
    return (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
            or combination in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")))


class AttendanceView(QWidget):
    """Takes attendance for one session; the scan box keeps the focus.

    Signals:
        marks_changed(): a mark was committed (results may have changed).
        add_worker_requested(str): the user wants to add an unknown matrícula.
    """

    marks_changed = Signal()
    add_worker_requested = Signal(str)

    def __init__(self, ctx: Context, group_id: uuid.UUID, session: SessionInfo, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.session = session
        self.undo_stack = undo_stack
        self.read_only = False
        self._pending_matricula = ""
        self._pending_kind = ""

        self.scan_box = QLineEdit()
        self.scan_box.setProperty("role", "scan")
        self.scan_box.setPlaceholderText(self.tr("Scan the badge or type the employee number and press Enter"))
        self.scan_box.setAccessibleName(self.tr("Scan box"))
        self.scan_box.setToolTip(self.tr(
            "Scan or type the employee number + Enter. First scan: check-in; next: check-out. "
            "P, R, S, F, J change the selected row's status; ↑ ↓ move the selection."))
        self.scan_box.returnPressed.connect(self._on_scan_box_return_pressed)
        self.scan_box.installEventFilter(self)

        self.counter_label = label("", "counter")
        self.counter_label.setAccessibleName(self.tr("Present counter"))
        self.feedback_label = label("", "feedback", wrap=True)
        self.feedback_label.setAccessibleName(self.tr("Last scan"))
        self.feedback_label.hide()
        self.resolve_button = button(self.tr("Add as new participant"), "user_add")
        self.resolve_button.clicked.connect(self._on_resolve_button_clicked)
        self.resolve_button.hide()

        self.all_present_button = button(self.tr("Everyone present"), "check_all",
                                         shortcut="Ctrl+Shift+P",
                                         tooltip=self.tr("Mark everyone without a mark as present"))
        self.all_present_button.clicked.connect(self.mark_all_present)
        self.check_out_all_button = button(self.tr("Check out everyone"), "logout",
                                           shortcut="Ctrl+Shift+O",
                                           tooltip=self.tr("Record the check-out of everyone still in "
                                                           "the room at the scheduled end"))
        self.check_out_all_button.clicked.connect(self.check_out_all)
        self.status_buttons: dict[AttendanceStatus, object] = {}
        status_row = QHBoxLayout()
        status_row.addWidget(label(self.tr("Selected row:"), "muted"))
        for status, key in formatting.STATUS_KEYS.items():
            widget = button(f"{formatting.STATUS_GLYPHS[status]} {formatting.status_text(status)}",
                            tooltip=self.tr("Mark the selected row as {status}").format(
                                status=formatting.status_text(status)))
            widget.setToolTip(f"{widget.toolTip()} ({key})")
            widget.clicked.connect(lambda _=False, s=status: self.set_selected_status(s))
            self.status_buttons[status] = widget
            status_row.addWidget(widget)
        status_row.addStretch(1)

        self.model = AttendanceTableModel(self)
        self.table = record_table(self.model, self.tr("Attendance of the session"))
        self.table.setItemDelegateForColumn(AttendanceTableModel.STATUS, StatusChipDelegate(self.table))
        self.table.setAlternatingRowColors(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.installEventFilter(self)
        header = self.table.horizontalHeader()
        # Fixed widths from the font, not ResizeToContents: that would measure
        # every row again after each scan (too slow for a 1,000-person group).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(AttendanceTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_columns()

        self.closed_label = label(self.tr("This group is closed: its marks cannot be changed. "
                                          "Reopen it from Results to correct something."), "feedback",
                                  wrap=True)
        set_tone(self.closed_label, "warn")
        self.closed_label.hide()

        top = QHBoxLayout()
        top.addWidget(self.scan_box, 1)
        top.addSpacing(16)
        top.addWidget(self.counter_label)
        feedback_row = QHBoxLayout()
        feedback_row.addWidget(self.feedback_label, 1)
        feedback_row.addWidget(self.resolve_button)
        actions = QHBoxLayout()
        actions.addWidget(self.all_present_button)
        actions.addWidget(self.check_out_all_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.closed_label)
        layout.addLayout(top)
        layout.addLayout(feedback_row)
        layout.addLayout(actions)
        layout.addLayout(status_row)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.scan_box)

    def _fit_columns(self) -> None:
        """Column widths and row height for the current font (zoom)."""
        header = self.table.horizontalHeader()
        metrics = QFontMetrics(QApplication.font())
        bold = QApplication.font()
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        # Narrow fixed columns, so the name keeps the room at projector zoom on a small screen.
        pad = metrics.horizontalAdvance("MM")
        widest_status = max(bold_metrics.horizontalAdvance(formatting.status_chip_text(s))
                            for s in (*formatting.STATUS_KEYS, None))

        def width(column: int, sample: str) -> int:
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            return max(metrics.horizontalAdvance(sample), bold_metrics.horizontalAdvance(title)) + pad

        header.resizeSection(AttendanceTableModel.NUMBER, metrics.horizontalAdvance("000M"))
        header.resizeSection(AttendanceTableModel.MATRICULA,
                             width(AttendanceTableModel.MATRICULA, "0000000000"))
        header.resizeSection(AttendanceTableModel.STATUS, widest_status + pad + 16)  # the chip's margins
        for column in (AttendanceTableModel.CHECK_IN, AttendanceTableModel.CHECK_OUT,
                       AttendanceTableModel.MINUTES):
            header.resizeSection(column, width(column, "00:00"))
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 6)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # After the children have their new font too.
            QTimer.singleShot(0, self._fit_columns)

    # -- data -----------------------------------------------------------
    def reload(self) -> None:
        """Read the session's marks from the database and show them."""
        selected = self.selected_worker()
        self.model.set_rows(attendance.session_attendance(self.ctx, self.session.id))
        self._update_counter()
        if not self.model.rowCount():
            self._feedback(self.tr("No participants yet. Add them in the Participants tab, or scan a "
                                   "badge to add its worker."), None)
        if selected is not None:
            self.select_worker(selected, scroll=False)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.closed_label.setVisible(read_only)
        for widget in (self.scan_box, self.all_present_button, self.check_out_all_button,
                       *self.status_buttons.values()):
            set_enabled_with_reason(widget, not read_only,
                                    self.tr("The group is closed: reopen it to correct the attendance"))
        if read_only:
            self.resolve_button.hide()

    def _update_counter(self) -> None:
        self.counter_label.setText(self.tr("{present} / {total} present").format(
            present=self.model.present_count(), total=self.model.rowCount()))

    def _row_from_state(self, worker_id: uuid.UUID, state: AttendanceState) -> AttendanceRow | None:
        row = self.model.row_of(worker_id)
        if row is None:
            return None
        old = self.model.row_at(row)
        minutes = 0 if state.status is None else attended_minutes(
            self.session.schedule, AttendanceMark(state.status, state.check_in, state.check_out))
        return AttendanceRow(worker_id, old.matricula, old.name, state.status, state.check_in,
                             state.check_out, minutes)

    # -- selection --------------------------------------------------------
    def selected_worker(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.row_at(index.row()).worker_id
        return self.model.highlighted

    def select_worker(self, worker_id: uuid.UUID, scroll: bool = True) -> None:
        row = self.model.row_of(worker_id)
        if row is None:
            return
        index = self.model.index(row, AttendanceTableModel.NAME)
        self.table.setCurrentIndex(index)
        if scroll:
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _move_selection(self, step: int) -> None:
        if not self.model.rowCount():
            return
        current = self.table.currentIndex().row()
        row = 0 if current < 0 else max(0, min(self.model.rowCount() - 1, current + step))
        self.select_worker(self.model.row_at(row).worker_id)

    # -- scanning -------------------------------------------------------
    @Slot()
    def _on_scan_box_return_pressed(self) -> None:
        text = normalize_matricula(self.scan_box.text())
        self.scan_box.clear()
        if text:
            self.scan(text)

    def scan(self, matricula: str) -> ScanResult | None:
        """Record a scan of ``matricula`` and show what it did."""
        self.resolve_button.hide()
        try:
            result = attendance.scan(self.ctx, self.session.id, matricula)
        except UnknownMatricula:
            self._offer_resolution(matricula, "unknown", self.tr(
                "Employee number {matricula} was not found. Add it as a new participant?").format(
                matricula=matricula), self.tr("Add as new participant"))
            return None
        except NotEnrolled:
            self._offer_resolution(matricula, "not_enrolled", self.tr(
                "Employee number {matricula} is not on this group's roster. Enroll and check in?"
            ).format(matricula=matricula), self.tr("Enroll and check in"))
            return None
        except UserError as exc:
            self._feedback(str(exc), "bad")
            return None
        self._show_scan(result)
        return result

    def _show_scan(self, result: ScanResult) -> None:
        when = formatting.time_text(result.current.check_out if result.outcome is ScanOutcome.CHECK_OUT
                                    else result.current.check_in)
        status = formatting.status_text(result.current.status)
        if result.outcome is ScanOutcome.REPEATED:
            self._feedback(self.tr("{name}: already checked in at {time}.").format(
                name=result.name, time=when), None)
        else:
            text = (self.tr("Check-in {time} — {name} ({status})") if result.outcome is ScanOutcome.CHECK_IN
                    else self.tr("Check-out {time} — {name} ({status})"))
            tone = "good" if result.current.status is AttendanceStatus.PRESENT else "warn"
            self._feedback("✓ " + text.format(time=when, name=result.name, status=status), tone)
            self.undo_stack.push(AttendanceMarkCommand(
                self.ctx, self.session.id, result.worker_id, result.previous, result.current,
                self.tr("Scan of {name}").format(name=result.name), self._after_undo, self._on_undo_error))
            row = self._row_from_state(result.worker_id, result.current)
            if row is not None:
                self.model.update_worker(row)
            self._update_counter()
            self.marks_changed.emit()
        self.model.set_highlighted(result.worker_id)
        self.select_worker(result.worker_id)
        self.scan_box.setFocus()

    def _offer_resolution(self, matricula: str, kind: str, message: str, action: str) -> None:
        QApplication.beep()  # the instructor may be looking at the person, not the screen
        self._pending_matricula, self._pending_kind = matricula, kind
        self._feedback(message, "bad")
        self.resolve_button.setText(action)
        self.resolve_button.setAccessibleName(action)
        self.resolve_button.show()

    def _feedback(self, text: str, tone: str | None) -> None:
        self.feedback_label.setText(text)
        set_tone(self.feedback_label, tone)
        self.feedback_label.setVisible(bool(text))

    @Slot()
    def _on_resolve_button_clicked(self) -> None:
        matricula, kind = self._pending_matricula, self._pending_kind
        self.resolve_button.hide()
        if kind == "unknown":
            self.add_worker_requested.emit(matricula)
        elif kind == "not_enrolled":
            self.enroll_and_scan(matricula)
        self.scan_box.setFocus()

    def enroll_and_scan(self, matricula: str) -> None:
        """Put a known worker on the roster, then record the scan."""
        worker = staff.get_worker_by_matricula(self.ctx, matricula)
        if worker is None:
            return
        try:
            roster.enroll(self.ctx, self.group_id, worker.id)
        except UserError as exc:
            self._feedback(str(exc), "bad")
            return
        self.reload()
        self.scan(matricula)

    # -- status changes ---------------------------------------------------
    def set_selected_status(self, status: AttendanceStatus) -> None:
        """Change the selected (or last scanned) row's status: a click or P/R/S/F/J."""
        worker_id = self.selected_worker()
        if worker_id is None or self.read_only:
            return
        try:
            before = attendance.set_status(self.ctx, self.session.id, worker_id, status)
        except UserError as exc:
            show_error(self, exc)
            return
        self.reload()
        row = self.model.row_of(worker_id)
        current = self.model.row_at(row)
        after = AttendanceState(current.status, current.check_in, current.check_out)
        if before != after:
            self.undo_stack.push(AttendanceMarkCommand(
                self.ctx, self.session.id, worker_id, before, after,
                self.tr("{status}: {name}").format(status=formatting.status_text(status), name=current.name),
                self._after_undo, self._on_undo_error))
            self.marks_changed.emit()
        self.select_worker(worker_id)
        self.scan_box.setFocus()

    @Slot()
    def mark_all_present(self) -> None:
        """"Todos presentes": one action, one undo step."""
        self._bulk(lambda: attendance.mark_all_present(self.ctx, self.session.id),
                   self.tr("Everyone present"))

    @Slot()
    def check_out_all(self) -> None:
        """"Registrar salida de todos" at the scheduled end."""
        self._bulk(lambda: attendance.check_out_all(self.ctx, self.session.id),
                   self.tr("Check out everyone"))

    def _bulk(self, action, text: str) -> None:
        if self.read_only:
            return
        try:
            before = action()
        except UserError as exc:
            show_error(self, exc)
            return
        self.reload()
        if before:
            after = {}
            for worker_id in before:
                row = self.model.row_at(self.model.row_of(worker_id))
                after[worker_id] = AttendanceState(row.status, row.check_in, row.check_out)
            self.undo_stack.push(BulkAttendanceCommand(self.ctx, self.session.id, before, after, text,
                                                       self._after_undo, self._on_undo_error))
            self.marks_changed.emit()
        self._feedback(self.tr("{action}: {count} changed.").format(action=text, count=len(before)),
                       "good" if before else None)
        self.scan_box.setFocus()

    def _after_undo(self) -> None:
        self.reload()
        self.marks_changed.emit()

    def _on_undo_error(self, exc: UserError) -> None:
        show_error(self, exc)

    # -- mouse and keyboard -------------------------------------------------
    @Slot(QModelIndex)
    def _on_table_clicked(self, index: QModelIndex) -> None:
        if index.column() == AttendanceTableModel.STATUS and not self.read_only:
            self._status_menu(self.table.viewport().mapToGlobal(self.table.visualRect(index).bottomLeft()))

    @Slot(object)
    def _on_table_context_menu(self, position) -> None:
        if self.table.indexAt(position).isValid() and not self.read_only:
            self._status_menu(self.table.viewport().mapToGlobal(position))

    def _status_menu(self, where) -> None:
        menu = QMenu(self)
        for status, key in formatting.STATUS_KEYS.items():
            action = menu.addAction(formatting.status_chip_text(status))
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, s=status: self.set_selected_status(s))
        self.status_menu = menu
        menu.popup(where)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and watched is self.scan_box \
                and _is_undo_or_redo(event):
            # Ctrl+Z belongs to the group's undo stack, not to the box's own text undo.
            return True
        if event.type() == QEvent.Type.KeyPress and watched in (self.scan_box, self.table):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            modifiers = key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
                status = _KEY_TO_STATUS.get(Qt.Key(key_event.key()))
                if status is not None:
                    self.set_selected_status(status)
                    return True
                if watched is self.scan_box and key_event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                    self._move_selection(-1 if key_event.key() == Qt.Key.Key_Up else 1)
                    return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.scan_box.setFocus()

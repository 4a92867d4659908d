"""Pase de lista: the scan box, the live counter and the roster's marks for one session.

Marks never land in the wrong place: the screen says which day it is for, a scan
into a session not held today is refused (with a way to today's session or, on
purpose, to correct a past day), and the scan box only scans: letters typed
there search the roster by name, they never change a status.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import AttendanceStatus
from app.domain.errors import UserError
from app.domain.identifiers import normalize_matricula
from app.services import attendance, roster, staff
from app.services.attendance import AttendanceRow, AttendanceState, ScanOutcome, ScanResult
from app.services.context import Context
from app.services.errors import NotEnrolled, SessionNotToday, UnknownMatricula
from app.services.groups import SessionInfo
from app.ui import formatting
from app.ui.confirm import ConfirmBox, confirm
from app.ui.delegates import StatusChipDelegate
from app.ui.feedback_bar import FeedbackBar, RowMessage
from app.ui.fitting_label import FittingLabel
from app.ui.icons import icon
from app.ui.models.attendance_table_model import AttendanceTableModel
from app.ui.steady import SteadyBox
from app.ui.undo_commands import AttendanceMarkCommand, BulkAttendanceCommand
from app.ui.widgets import button, label, record_table, set_enabled_with_reason, set_tone, show_error

logger = logging.getLogger(__name__)

_KEY_TO_STATUS = {getattr(Qt.Key, f"Key_{key}"): status
                  for status, key in formatting.STATUS_KEYS.items()}

# What the scan box received: a badge (or typed number) or someone's name.
ScanTarget = str | uuid.UUID


def _is_undo_or_redo(event: QKeyEvent) -> bool:
    combination = QKeySequence(event.keyCombination())
    return (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
            or combination in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")))


def _looks_like_a_name(text: str) -> bool:
    """Letters make a name, unless they come with digits in one word (an identifier such as a CURP)."""
    if not any(c.isalpha() for c in text):
        return False  # a matrícula, even typed with spaces or dashes
    return bool(re.search(r"\s", text)) or not any(c.isdigit() for c in text)


class AttendanceView(QWidget):
    """Takes attendance for one session; the scan box keeps the focus.

    Signals:
        marks_changed(): a mark was committed (results may have changed).
        add_worker_requested(str): the user wants to add an unknown matrícula.
        today_session_requested(object, object): the user wants today's session (its id) and the
            refused scan (a matrícula or a worker id) recorded there.
    """

    marks_changed = Signal()
    add_worker_requested = Signal(str)
    today_session_requested = Signal(object, object)

    def __init__(self, ctx: Context, group_id: uuid.UUID, session: SessionInfo, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.session = session
        self.undo_stack = undo_stack
        self.read_only = False
        self.confirm_box: ConfirmBox | None = None
        self._pending_matricula = ""
        self._pending_kind = ""
        self._matches: list[uuid.UUID] = []
        self._refused: tuple[SessionNotToday, ScanTarget] | None = None

        # One line that gives way (the long date, else the short one, else elided; the long one in
        # the tooltip) instead of taking a second line from the roster at projector zoom.
        self.session_label = FittingLabel()
        self.session_label.setProperty("role", "subtitle")
        self.session_label.setAccessibleName(self.tr("Session"))
        self.session_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.session_label.setMinimumWidth(120)
        self.day_label = label("", "feedback")

        self.scan_box = QLineEdit()
        self.scan_box.setProperty("role", "scan")
        self.scan_box.setPlaceholderText(self.tr("Badge, employee number or name + Enter"))
        self.scan_box.setAccessibleName(self.tr("Scan box"))
        self.scan_box.setToolTip(self.tr(
            "Scan or type the employee number + Enter. First scan: check-in; next: check-out. "
            "A name + Enter finds the person; Enter again records them. ↑ ↓ move the selection."))
        self.scan_box.returnPressed.connect(self._on_scan_box_return_pressed)
        self.scan_box.textEdited.connect(self._on_scan_box_text_edited)
        self.scan_box.installEventFilter(self)

        self.counter_label = label("", "counter")
        self.counter_label.setAccessibleName(self.tr("Present counter"))
        self.feedback = FeedbackBar()
        self.feedback.timer.timeout.connect(self._on_feedback_expired)
        self.feedback_label = self.feedback.label
        # A new message re-wraps in the width it has instead of asking the layout for
        # more: the rows below stay put and a scan repaints the message, not the screen.
        self.feedback_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.resolve_button = self.feedback.add_action(button(self.tr("Add as new participant"), "user_add"))
        self.resolve_button.clicked.connect(self._on_resolve_button_clicked)
        self.today_button = self.feedback.add_action(button(
            self.tr("Go to today's session"), "calendar",
            tooltip=self.tr("Switch to today's session and record this scan there")))
        self.today_button.clicked.connect(self._on_today_button_clicked)
        self.correct_button = self.feedback.add_action(button(
            self.tr("Correct this day…"), "edit",
            tooltip=self.tr("Record this scan in this past session, on purpose")))
        self.correct_button.clicked.connect(self._on_correct_button_clicked)

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
        self._status_texts: dict[AttendanceStatus, tuple[str, str]] = {}
        self.selected_row_label = label(self.tr("Selected row:"), "muted")
        status_row = QHBoxLayout()
        status_row.addWidget(self.selected_row_label)
        for status, key in formatting.STATUS_KEYS.items():
            hint = self.tr("Mark the selected row as {status} (key {key} in the table)")
            full = f"{formatting.STATUS_GLYPHS[status]} {formatting.status_text(status)}"
            widget = button(full, tooltip=hint.format(status=formatting.status_text(status), key=key))
            widget.setAccessibleName(formatting.status_text(status))
            widget.clicked.connect(lambda _=False, s=status: self.set_selected_status(s))
            self.status_buttons[status] = widget
            self._status_texts[status] = (full, formatting.STATUS_GLYPHS[status])
            status_row.addWidget(widget)

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
        self.empty_label = label(self.tr("No participants yet. Add them in the Participants tab, or scan a "
                                         "badge to add its worker."), "empty", wrap=True)
        self.empty_label.hide()

        self.closed_label = label(self.tr("This group is closed: its marks cannot be changed. "
                                          "Reopen it from Results to correct something."), "feedback",
                                  wrap=True)
        set_tone(self.closed_label, "warn")
        self.closed_label.hide()

        session_row = QHBoxLayout()
        session_row.addWidget(self.session_label, 1)
        session_row.addWidget(self.day_label)
        top = QHBoxLayout()
        top.addWidget(self.scan_box, 1)
        top.addSpacing(16)
        top.addWidget(self.counter_label)
        actions = QHBoxLayout()
        actions.addWidget(self.all_present_button)
        actions.addWidget(self.check_out_all_button)
        actions.addStretch(1)
        actions.addLayout(status_row)
        # One row of buttons; it never forces the window wider (see _fit_action_row).
        self.actions_bar = QWidget()
        self.actions_bar.setLayout(actions)
        actions.setContentsMargins(0, 0, 0, 0)
        self.actions_bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)  # every pixel is a roster row at projector zoom
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.closed_label)
        layout.addLayout(session_row)
        layout.addLayout(top)
        # Message after message, nothing else moves (the box changes only when a message comes or goes).
        layout.addWidget(SteadyBox(self.feedback))
        layout.addWidget(self.actions_bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.scan_box)
        self._show_session()

    def _fit_columns(self) -> None:
        """Column widths and row height for the current font (zoom) and width.

        The name takes what the other columns leave. When that would be too little to read a
        name (projector zoom on a small screen), the other columns get short titles (full in
        their tooltips) and less padding.
        """
        header = self.table.horizontalHeader()
        metrics = QFontMetrics(QApplication.font())
        bold = QApplication.font()
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        widest_status = max(bold_metrics.horizontalAdvance(formatting.status_chip_text(s))
                            for s in (*formatting.STATUS_KEYS, None))
        samples = {AttendanceTableModel.MATRICULA: "0000000000", AttendanceTableModel.CHECK_IN: "00:00",
                   AttendanceTableModel.CHECK_OUT: "00:00", AttendanceTableModel.MINUTES: "000"}

        def widths(titles, pad: int) -> dict[int, int]:
            fitted = {column: max(metrics.horizontalAdvance(sample), bold_metrics.horizontalAdvance(titles[column]))
                      + pad for column, sample in samples.items()}
            fitted[AttendanceTableModel.NUMBER] = metrics.horizontalAdvance("000") + pad
            fitted[AttendanceTableModel.STATUS] = widest_status + pad + 16  # the chip's margins
            return fitted

        room = self.table.viewport().width()
        readable_name = metrics.averageCharWidth() * 24  # "Alejandra Hernández Góm…"
        fitted = widths(self.model.headers(), metrics.horizontalAdvance("MM"))
        compact = room > 0 and room - sum(fitted.values()) < readable_name
        if compact:
            fitted = widths(self.model.short_headers(), metrics.horizontalAdvance("M"))
        self.model.set_compact_headers(compact)
        for column, size in fitted.items():
            if header.sectionSize(column) != size:
                header.resizeSection(column, size)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 6)

    def _fit_action_row(self) -> None:
        """Status buttons show their names when the row has room, only their glyphs when not."""
        available = self.actions_bar.width()
        layout = self.actions_bar.layout()
        fixed = [self.all_present_button, self.check_out_all_button, self.selected_row_label]
        needed = sum(w.sizeHint().width() for w in fixed) + layout.spacing() * (len(fixed) + len(self.status_buttons))
        for status, widget in self.status_buttons.items():
            metrics = widget.fontMetrics()
            padding = widget.sizeHint().width() - metrics.horizontalAdvance(widget.text())
            needed += padding + metrics.horizontalAdvance(self._status_texts[status][0])
        compact = needed > available
        for status, widget in self.status_buttons.items():
            widget.setText(self._status_texts[status][1 if compact else 0])
        self.selected_row_label.setVisible(not compact)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_action_row()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            # After the children have their new font too.
            QTimer.singleShot(0, self._fit_columns)
            QTimer.singleShot(0, self._fit_action_row)
            QTimer.singleShot(0, self._fit_counter)

    # -- data -----------------------------------------------------------
    def reload(self) -> None:
        """Read the session's marks from the database and show them."""
        selected = self.selected_worker()
        self.model.set_rows(attendance.session_attendance(self.ctx, self.session.id))
        self._fit_counter()
        self._update_counter()
        self.empty_label.setVisible(not self.model.rowCount())
        self._show_session()
        self.feedback.row_changed(self._state_of)
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
            self.feedback.hide_actions()

    def is_today(self) -> bool:
        return self.session.date == self.ctx.clock().date()

    def _show_session(self) -> None:
        """The session's number, day and schedule, and whether it is today's."""
        text = self.tr("Session {number} · {date} · {start}–{end}")
        values = dict(number=self.session.index, start=formatting.time_text(self.session.start),
                      end=formatting.time_text(self.session.end))
        self.session_label.set_texts(
            text.format(date=formatting.date_text(self.session.date, long=True), **values),
            text.format(date=formatting.date_text(self.session.date, short_day=True), **values))
        today = self.ctx.clock().date()
        if self.session.date == today:
            self.day_label.setText(self.tr("Today"))
            set_tone(self.day_label, "good")
        else:
            self.day_label.setText(self.tr("Not today: past session") if self.session.date < today
                                   else self.tr("Not today: upcoming session"))
            set_tone(self.day_label, "warn")

    def _update_counter(self) -> None:
        self.counter_label.setText(self.tr("{present} / {total} present").format(
            present=self.model.present_count(), total=self.model.rowCount()))

    def _fit_counter(self) -> None:
        """As large as the counter can get for this roster, so a scan never re-lays out the screen."""
        total = self.model.rowCount()
        shown = self.counter_label.text()
        self.counter_label.ensurePolished()  # the stylesheet's counter font, not the default one
        self.counter_label.setText(self.tr("{present} / {total} present").format(present=total, total=total))
        # Fixed in both directions: a new count then never re-lays out (and repaints) the screen.
        self.counter_label.setFixedSize(self.counter_label.sizeHint())
        self.counter_label.setText(shown)

    def _state_of(self, worker_id: uuid.UUID) -> AttendanceState | None:
        row = self.model.row_of(worker_id)
        if row is None:
            return None
        current = self.model.row_at(row)
        return AttendanceState(current.status, current.check_in, current.check_out)

    def _show_mark(self, worker_id: uuid.UUID, state: AttendanceState, minutes: int) -> None:
        """The row shows the mark the service just stored (no reload, nothing recomputed here)."""
        row = self.model.row_of(worker_id)
        if row is None:
            return
        old = self.model.row_at(row)
        self.model.update_worker(AttendanceRow(worker_id, old.matricula, old.name, state.status, state.check_in,
                                               state.check_out, minutes))

    def _name_of(self, worker_id: uuid.UUID) -> str:
        row = self.model.row_of(worker_id)
        return self.model.row_at(row).name if row is not None else ""

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
        if self._matches:
            # Choosing among the people a name search found.
            current = self.selected_worker()
            at = self._matches.index(current) if current in self._matches else 0
            self.select_worker(self._matches[max(0, min(len(self._matches) - 1, at + step))])
            return
        if not self.model.rowCount():
            return
        current = self.table.currentIndex().row()
        row = 0 if current < 0 else max(0, min(self.model.rowCount() - 1, current + step))
        self.select_worker(self.model.row_at(row).worker_id)

    # -- scanning -------------------------------------------------------
    @Slot()
    def _on_scan_box_return_pressed(self) -> None:
        text = self.scan_box.text().strip()
        self.scan_box.clear()
        if not text:
            if self._pending_kind == "found":
                self._record_found()
            return
        if _looks_like_a_name(text):
            self.find_by_name(text)
        else:
            self.scan(normalize_matricula(text), typed=text)

    @Slot(str)
    def _on_scan_box_text_edited(self, _text: str) -> None:
        # Typing starts something new: Enter must not record a person found before.
        if self._pending_kind == "found":
            self._forget_pending()

    def _forget_pending(self) -> None:
        self._pending_matricula, self._pending_kind, self._matches = "", "", []

    @Slot()
    def _on_feedback_expired(self) -> None:
        # An offer nobody can read any more must not be taken by the next Enter.
        self._forget_pending()
        self._refused = None

    def scan(self, matricula: str, *, allow_other_day: bool = False, typed: str = "") -> ScanResult | None:
        """Record a scan of ``matricula`` and show what it did.

        Args:
            allow_other_day: the user confirmed they are correcting this (past) session.
            typed: the text as typed; when no badge matches it, it is searched as a name.
        """
        try:
            return self._record(lambda: attendance.scan(self.ctx, self.session.id, matricula,
                                                        allow_other_day=allow_other_day), matricula)
        except UnknownMatricula:
            if typed and any(c.isalpha() for c in typed) and self._name_matches(typed):
                self.find_by_name(typed)
                return None
            self._offer_resolution(matricula, "unknown", self.tr(
                "Employee number {matricula} was not found. Add it as a new participant?").format(
                matricula=matricula), self.tr("Add as new participant"))
        except NotEnrolled:
            self._offer_resolution(matricula, "not_enrolled", self.tr(
                "Employee number {matricula} is not on this group's roster. Enroll and check in?"
            ).format(matricula=matricula), self.tr("Enroll and check in"))
        return None

    def record_worker(self, worker_id: uuid.UUID, *, allow_other_day: bool = False) -> ScanResult | None:
        """Record a participant found by name as if their badge had been scanned."""
        try:
            return self._record(lambda: attendance.scan_worker(self.ctx, self.session.id, worker_id,
                                                               allow_other_day=allow_other_day), worker_id)
        except NotEnrolled as exc:  # withdrawn since the list was shown
            self.feedback.show_message(str(exc), "bad")
            return None

    def record(self, target: ScanTarget) -> ScanResult | None:
        """Record a matrícula or a worker id (a scan refused in another session, re-applied here)."""
        if isinstance(target, uuid.UUID):
            return self.record_worker(target)
        return self.scan(target)

    def _record(self, action: Callable[[], ScanResult], target: ScanTarget) -> ScanResult | None:
        """Run a scan; refusals become messages, except unknown/not enrolled (the caller's)."""
        self._forget_pending()
        self._refused = None
        try:
            result = action()
        except SessionNotToday as exc:
            self._offer_other_day(exc, target)
            return None
        except (UnknownMatricula, NotEnrolled):
            raise
        except UserError as exc:
            QApplication.beep()
            self.feedback.show_message(str(exc), "bad")
            return None
        self._show_scan(result)
        return result

    def _show_scan(self, result: ScanResult) -> None:
        when = formatting.time_text(result.current.check_out if result.outcome is ScanOutcome.CHECK_OUT
                                    else result.current.check_in)
        status = formatting.status_text(result.current.status)
        if result.outcome is ScanOutcome.REPEATED:
            text = (self.tr("{name}: already checked in at {time}.") if result.current.check_in
                    else self.tr("{name} is already marked present."))
            self.feedback.show_message(text.format(name=result.name, time=when), None)
        else:
            if result.outcome is ScanOutcome.CHECK_IN:
                what = self.tr("check-in of {name}").format(name=result.name)
                text = (self.tr("Correction: {name} present for the whole session ({status})")
                        if result.correction and result.current.check_in is None
                        else self.tr("Check-in {time} — {name} ({status})"))
            else:
                what = self.tr("check-out of {name}").format(name=result.name)
                text = self.tr("Check-out {time} — {name} ({status})")
            tone = "good" if result.current.status is AttendanceStatus.PRESENT else "warn"
            self.undo_stack.push(AttendanceMarkCommand(
                self.ctx, self.session.id, result.worker_id, result.previous, result.current,
                what, self._after_undo, self._on_undo_error))
            self._show_mark(result.worker_id, result.current, result.minutes)
            self._update_counter()
            self.feedback.show_message("✓ " + text.format(time=when, name=result.name, status=status), tone,
                                       about=RowMessage(result.worker_id, result.name, result.previous,
                                                        result.current, what))
            self.marks_changed.emit()
        self.model.set_highlighted(result.worker_id)
        self.select_worker(result.worker_id)
        self.scan_box.setFocus()

    def _offer_resolution(self, matricula: str, kind: str, message: str, action: str) -> None:
        QApplication.beep()  # the instructor may be looking at the person, not the screen
        self._pending_matricula, self._pending_kind = matricula, kind
        self.resolve_button.setText(action)
        self.resolve_button.setIcon(icon("user_add"))
        self.resolve_button.setAccessibleName(action)
        self.feedback.show_message(message, "bad", actions=(self.resolve_button,))

    def _offer_other_day(self, exc: SessionNotToday, target: ScanTarget) -> None:
        QApplication.beep()
        self._refused = (exc, target)
        actions = tuple(b for b, offered in ((self.today_button, exc.today_session_id is not None),
                                             (self.correct_button, exc.is_past)) if offered)
        self.feedback.show_message(str(exc), "bad", actions=actions)

    @Slot()
    def _on_resolve_button_clicked(self) -> None:
        matricula, kind = self._pending_matricula, self._pending_kind
        self.feedback.hide_actions()
        if kind == "unknown":
            self.add_worker_requested.emit(matricula)
        elif kind == "not_enrolled":
            self.enroll_and_scan(matricula)
        elif kind == "found":
            self._record_found()
        self.scan_box.setFocus()

    @Slot()
    def _on_today_button_clicked(self) -> None:
        if self._refused is None:
            return
        exc, target = self._refused
        self._refused = None
        self.feedback.clear()
        self.today_session_requested.emit(exc.today_session_id, target)

    @Slot()
    def _on_correct_button_clicked(self) -> None:
        if self._refused is None:
            return
        exc, target = self._refused
        who = self._name_of(target) if isinstance(target, uuid.UUID) else target
        self.confirm_box = confirm(
            self, self.tr("Correct session {number} of {date}?").format(
                number=self.session.index, date=formatting.date_text(self.session.date, long=True)),
            self.tr("Use this only to correct a past day. {who} will be marked present for the whole "
                    "session, or checked out at its scheduled end; a recorded check-out is never "
                    "replaced. Today's session does not change.").format(who=who),
            self.tr("Correct this day"), lambda: self._correct(target))

    def _correct(self, target: ScanTarget) -> None:
        self.feedback.clear()
        if isinstance(target, uuid.UUID):
            self.record_worker(target, allow_other_day=True)
        else:
            self.scan(target, allow_other_day=True)
        self.scan_box.setFocus()

    def enroll_and_scan(self, matricula: str) -> None:
        """Put a known worker on the roster, then record the scan."""
        worker = staff.get_worker_by_matricula(self.ctx, matricula)
        if worker is None:
            return
        try:
            roster.enroll(self.ctx, self.group_id, worker.id)
        except UserError as exc:
            self.feedback.show_message(str(exc), "bad")
            return
        self.reload()
        self.scan(matricula)

    # -- finding by name ----------------------------------------------------
    def _name_matches(self, text: str) -> list[AttendanceRow]:
        return attendance.find_by_name(self.model.rows(), text)

    def find_by_name(self, text: str) -> list[AttendanceRow]:
        """Select who ``text`` names; Enter (or ✓) then records the selected one."""
        self._forget_pending()
        matches = self._name_matches(text)
        if not matches:
            QApplication.beep()
            self.feedback.show_message(self.tr("Nobody on this list matches “{text}”.").format(text=text),
                                       "bad")
            return matches
        self._matches = [row.worker_id for row in matches]
        self._pending_kind = "found"
        self.select_worker(matches[0].worker_id)
        if len(matches) == 1:
            row = matches[0]
            text = (self.tr("Press Enter (or ✓) to record the check-out of {name}.")
                    if row.status is not None and row.status.attended and row.check_out is None
                    else self.tr("Press Enter (or ✓) to record the check-in of {name}."))
            message = text.format(name=row.name)
        else:
            message = self.tr("{count} people match “{text}”: choose with ↑ ↓ and press Enter (or ✓)."
                              ).format(count=len(matches), text=text)
        action = self.tr("Record")
        self.resolve_button.setText(action)
        self.resolve_button.setIcon(icon("check"))
        self.resolve_button.setAccessibleName(action)
        self.feedback.show_message(message, None, actions=(self.resolve_button,))
        return matches

    def _record_found(self) -> None:
        selected = self.selected_worker()
        worker_id = selected if selected in self._matches else (self._matches or [None])[0]
        if worker_id is not None:
            self.record_worker(worker_id)

    # -- status changes ---------------------------------------------------
    def set_selected_status(self, status: AttendanceStatus) -> None:
        """Change the selected (or last scanned) row's status: a click, or P/R/S/F/J on the table."""
        worker_id = self.selected_worker()
        if worker_id is None or self.read_only:
            return
        try:
            change = attendance.change_status(self.ctx, self.session.id, worker_id, status)
        except UserError as exc:
            show_error(self, exc)
            return
        before, after = change.previous, change.current
        self._show_mark(worker_id, after, change.minutes)
        self._update_counter()
        self.feedback.row_changed(self._state_of)
        current = self.model.row_at(self.model.row_of(worker_id))
        if before != after:
            self.undo_stack.push(AttendanceMarkCommand(
                self.ctx, self.session.id, worker_id, before, after,
                self.tr("mark “{status}” of {name}").format(status=formatting.status_text(status),
                                                             name=current.name),
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
        if self.is_today():
            self._run_bulk(action, text)
            return
        # A bulk action on another day's tab is most likely the wrong tab: ask first.
        self.confirm_box = confirm(
            self, self.tr("“{action}” in session {number} of {date}?").format(
                action=text, number=self.session.index,
                date=formatting.date_text(self.session.date, long=True)),
            self.tr("This is not today's session. Continue only if you are correcting that day."),
            text, lambda: self._run_bulk(action, text))

    def _run_bulk(self, action, text: str) -> None:
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
        self.feedback.show_message(self.tr("{action}: {count} changed.").format(action=text, count=len(before)),
                                   "good" if before else None)
        self.scan_box.setFocus()

    def _after_undo(self) -> None:
        self.reload()
        self.marks_changed.emit()

    def _on_undo_error(self, exc: UserError) -> None:
        self.reload()  # what is stored, which the refused step left as it was
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
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()  # the name keeps what the other columns leave
            return False
        if event.type() == QEvent.Type.ShortcutOverride and watched is self.scan_box \
                and _is_undo_or_redo(event):
            # Ctrl+Z belongs to the screen's undo stack, not to the box's own text undo.
            return True
        if event.type() == QEvent.Type.KeyPress and watched in (self.scan_box, self.table):
            key_event: QKeyEvent = event  # type: ignore[assignment]
            modifiers = key_event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
                if watched is self.table:
                    # Status letters act only on the table: in the scan box they are a name.
                    status = _KEY_TO_STATUS.get(Qt.Key(key_event.key()))
                    if status is not None:
                        self.set_selected_status(status)
                        return True
                elif key_event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                    self._move_selection(-1 if key_event.key() == Qt.Key.Key_Up else 1)
                    return True
                elif key_event.key() == Qt.Key.Key_Escape and self._pending_kind:
                    self._forget_pending()
                    self.feedback.clear()
                    return True
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.scan_box.setFocus()

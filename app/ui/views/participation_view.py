"""Actividades: the participation grid of one session (participants × activities)."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QEvent, QModelIndex, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from app.domain.enums import EnrollmentStatus
from app.domain.errors import UserError
from app.services import participation
from app.services.context import Context
from app.services.groups import SessionInfo
from app.services.roster import RosterEntry
from app.ui.models.participation_table_model import GridActivity, GridParticipant, ParticipationTableModel
from app.ui.undo_commands import ParticipationCommand
from app.ui.widgets import button, label, show_error, tooltip_with_shortcut

logger = logging.getLogger(__name__)


class ParticipationView(QWidget):
    """Ticks per activity; Space toggles, the column header marks everyone.

    An exception takes three keys: Ctrl+F, the name or matrícula, Enter (the
    row is found and the grid takes the focus on it), Space.

    Signals:
        marks_changed(): a participation mark was committed.
    """

    marks_changed = Signal()

    def __init__(self, ctx: Context, session: SessionInfo, undo_stack: QUndoStack,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.session = session
        self.undo_stack = undo_stack
        self.read_only = False
        self.model = ParticipationTableModel(self)
        self.model.toggle_requested.connect(self._on_model_toggle_requested)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("participationGrid")  # its current cell is drawn strongly (style.py)
        self.table.setAccessibleName(self.tr("Participation in the session's activities"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # One line per participant (a long name is elided; the line above the grid names it whole).
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # The names column is sized by _fit_header: wide enough for the names, but never so wide
        # that the activities' titles cannot wrap (a small screen, projector zoom).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._on_header_section_clicked)
        self.table.verticalHeader().hide()
        self.everyone_button = button(self.tr("Everyone took part"), "check_all", shortcut="Ctrl+Shift+T",
                                      tooltip=self.tr("Mark that everyone took part in the selected "
                                                      "activity"))
        self.everyone_button.clicked.connect(self._on_everyone_button_clicked)
        self.hint_label = label(self.tr("Ctrl+F finds · arrows move · Space ticks · "
                                        "a click on a title: everyone"), "muted", wrap=True)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(self.tr("Find by name or employee number"))
        self.find_edit.setAccessibleName(self.tr("Find a participant"))
        self.find_edit.setToolTip(tooltip_with_shortcut(
            self.tr("Type a name or employee number; Enter goes to the row, then Space ticks"), "Ctrl+F"))
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.textChanged.connect(self._on_find_edit_text_changed)
        self.find_edit.returnPressed.connect(self._on_find_edit_return_pressed)
        self.find_edit.installEventFilter(self)
        self.find_action = QAction(self.tr("Find a participant"), self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self.focus_find)
        self.addAction(self.find_action)
        self.current_label = label("", "subtitle")
        self.current_label.setAccessibleName(self.tr("Current cell"))
        self.table.selectionModel().currentChanged.connect(self._on_current_changed)
        self.model.dataChanged.connect(self._show_current)
        self.model.modelReset.connect(self._show_current)
        actions = QHBoxLayout()
        actions.addWidget(self.find_edit, 1)
        actions.addWidget(self.everyone_button)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.current_label)
        layout.addWidget(self.table, 1)

    def reload(self, roster: list[RosterEntry]) -> None:
        """Show the grid for the enrolled participants of ``roster``."""
        grid = participation.session_grid(self.ctx, self.session.id)
        participants = [GridParticipant(n, e.worker_id, e.sortable_name, e.matricula) for n, e in enumerate(
            (e for e in roster if e.status is EnrollmentStatus.ENROLLED), start=1)]
        activities = [GridActivity(a.id, a.name) for a in self.session.activities]
        current = self.table.currentIndex()
        self.model.set_grid(participants, activities, grid.marks)
        self._fit_header()
        if current.isValid() and current.row() < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))
        elif self.model.rowCount() and self.model.columnCount() > 1:
            self.table.setCurrentIndex(self.model.index(0, 1))

    # -- find box and current cell ------------------------------------------
    @Slot()
    def focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def _activity_column(self) -> int:
        column = self.table.currentIndex().column()
        return column if column > 0 else min(1, self.model.columnCount() - 1)

    def find(self, text: str, start: int = 0) -> bool:
        """Make the first matching row (name or matrícula) current, in the current activity's column."""
        row = self.model.find(text, start)
        if row is None:
            return False
        index = self.model.index(row, self._activity_column())
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    @Slot(str)
    def _on_find_edit_text_changed(self, text: str) -> None:
        not_found = bool(text.strip()) and not self.find(text)
        if bool(self.find_edit.property("notFound")) != not_found:
            self.find_edit.setProperty("notFound", not_found)
            self.find_edit.style().unpolish(self.find_edit)
            self.find_edit.style().polish(self.find_edit)

    @Slot()
    def _on_find_edit_return_pressed(self) -> None:
        """Enter: the grid takes the focus on the row found, so Space ticks it."""
        if self.find(self.find_edit.text()):
            self.table.setFocus()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if (watched is self.find_edit and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Escape)):
            self.table.setFocus()
            return True
        return super().eventFilter(watched, event)

    @Slot(QModelIndex, QModelIndex)
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    @Slot()
    def _show_current(self, *_args) -> None:
        """Name the current cell in words, large enough to read from the back of the room."""
        index = self.table.currentIndex()
        if not index.isValid() or index.column() == 0 or index.row() >= self.model.rowCount():
            self.current_label.setText("")
            return
        participant = self.model.participant(index.row())
        activity = self.model.activity(index.column())
        marked = self.model.is_marked(participant.worker_id, activity.activity_id)
        self.current_label.setText(self.tr("{number}. {name} · {activity}: {value}").format(
            number=participant.number, name=participant.name, activity=activity.name,
            value="✓ " + self.tr("took part") if marked else "✗ " + self.tr("did not take part")))

    def _fit_header(self) -> None:
        """The names column, then a header tall enough for every activity's wrapped title."""
        header = self.table.horizontalHeader()
        available = self.table.viewport().width() or self.table.width()
        names = self.table.sizeHintForColumn(0) if self.model.rowCount() else 0
        header.resizeSection(0, max(header.sectionSizeFromContents(0).width(),
                                    min(names, int(available * 0.28))))
        bold = QFont(header.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        lines = 2
        for column in range(1, self.model.columnCount()):
            text = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(1, header.sectionSize(column) - 12)
            needed = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                          int(Qt.TextFlag.TextWordWrap), text).height()
            lines = max(lines, -(-needed // metrics.lineSpacing()))
        header.setFixedHeight(min(lines, 6) * metrics.lineSpacing() + 12)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_header)  # once the table has its new width

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            QTimer.singleShot(0, self._fit_header)  # after the header has its new font too

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.model.set_read_only(read_only)
        self.everyone_button.setEnabled(not read_only)

    @Slot(object, object, bool)
    def _on_model_toggle_requested(self, worker_id: uuid.UUID, activity_id: uuid.UUID, value: bool) -> None:
        self.toggle(worker_id, activity_id, value)

    def toggle(self, worker_id: uuid.UUID, activity_id: uuid.UUID, value: bool) -> None:
        """Record one participant's mark, then show it (undoable)."""
        try:
            before = participation.record_participation(self.ctx, activity_id, worker_id, value)
        except UserError as exc:
            show_error(self, exc)
            return
        self.model.set_mark(worker_id, activity_id, value)
        if before != value:
            self.undo_stack.push(ParticipationCommand(
                self.ctx, activity_id, {worker_id: before}, {worker_id: value},
                self.tr("Participation"), self._after_undo, self._on_undo_error))
            self.marks_changed.emit()

    @Slot(int)
    def _on_header_section_clicked(self, column: int) -> None:
        if column > 0:
            everyone = self.model.column_count_marked(column) < self.model.rowCount()
            self.mark_everyone(column, everyone)

    @Slot()
    def _on_everyone_button_clicked(self) -> None:
        column = self.table.currentIndex().column()
        self.mark_everyone(column if column > 0 else 1, True)
        self.table.setFocus()

    def mark_everyone(self, column: int, participated: bool = True) -> None:
        """"Todos participaron" (or nobody) for the activity in ``column``, one undo step."""
        if self.read_only or not 0 < column < self.model.columnCount():
            return
        activity = self.model.activity(column)
        try:
            before = participation.mark_everyone(self.ctx, activity.activity_id, participated)
        except UserError as exc:
            show_error(self, exc)
            return
        for worker_id in before:
            self.model.set_mark(worker_id, activity.activity_id, participated)
        if before:
            self.undo_stack.push(ParticipationCommand(
                self.ctx, activity.activity_id, before, {w: participated for w in before},
                self.tr("Everyone took part: {activity}").format(activity=activity.name),
                self._after_undo, self._on_undo_error))
            self.marks_changed.emit()

    def _after_undo(self) -> None:
        self._show_stored_marks()
        self.marks_changed.emit()

    def _show_stored_marks(self) -> None:
        grid = participation.session_grid(self.ctx, self.session.id)
        for row in range(self.model.rowCount()):
            participant = self.model.participant(row)
            for column in range(1, self.model.columnCount()):
                activity_id = self.model.activity(column).activity_id
                value = grid.participated(participant.worker_id, activity_id)
                if self.model.is_marked(participant.worker_id, activity_id) != value:
                    self.model.set_mark(participant.worker_id, activity_id, value)

    def _on_undo_error(self, exc: UserError) -> None:
        self._show_stored_marks()  # what is stored, which the refused step left as it was
        show_error(self, exc)

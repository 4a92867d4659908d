"""A group: header (course, dates, venue, instructor, status) and its tabs.

Tabs: Participantes, Sesión 1 … n (each with Pase de lista and Actividades),
Resultados, Documentos. Undo (Ctrl+Z / Ctrl+Shift+Z) acts on the screen in front of the
user: each screen has its own undo stack (the roster, and per session the pase de lista and
the activities) and the undo button names what it would undo.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QIcon, QKeySequence, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QTabWidget, QVBoxLayout, QWidget

from app.domain.enums import GroupStatus, Role
from app.services import groups
from app.services.context import Context
from app.services.groups import GroupDetail
from app.services.permissions import active_role
from app.ui import formatting
from app.ui.dialogs.group_dialog import GroupDialog
from app.ui.elided_button import ElidedButton
from app.ui.fitting_label import FittingLabel
from app.ui.icons import icon
from app.ui.tasks import TaskRunner
from app.ui.views.attendance_view import AttendanceView
from app.ui.views.documents_view import DocumentsView
from app.ui.views.participation_view import ParticipationView
from app.ui.views.results_view import ResultsView
from app.ui.views.roster_view import RosterView
from app.ui.widgets import button, label, set_enabled_with_reason, set_tone, tooltip_with_shortcut

logger = logging.getLogger(__name__)


class SessionView(QTabWidget):
    """One session: Pase de lista and Actividades."""

    def __init__(self, attendance_view: AttendanceView, participation_view: ParticipationView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attendance_view = attendance_view
        self.participation_view = participation_view
        self.addTab(attendance_view, self.tr("&Attendance"))
        self.addTab(participation_view, self.tr("Ac&tivities"))
        self.setDocumentMode(True)


class GroupView(QWidget):
    """Everything about one group.

    Signals:
        back_requested(): return to the list of groups.
        group_changed(): something that the list of groups shows changed.
    """

    back_requested = Signal()
    group_changed = Signal()

    def __init__(self, ctx: Context, group_id: uuid.UUID, tasks: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.detail: GroupDetail = groups.get_group(ctx, group_id)
        self.undo_group = QUndoGroup(self)
        self.edit_dialog: GroupDialog | None = None

        self.back_button = button(self.tr("Groups"), "back", shortcut="Alt+Left",
                                  tooltip=self.tr("Back to the list of groups"))
        self.back_button.clicked.connect(self.back_requested)
        self.title_label = label("", "title", wrap=True)
        # A long course name wraps instead of widening the window past a laptop screen.
        self.title_label.setMinimumWidth(160)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # One line, cut at the window's edge (the whole text is in its tooltip): the header stays
        # two lines high at projector zoom on a 768-pixel screen.
        self.details_label = FittingLabel()  # the whole line when it fits, else code and dates, else the code
        self.details_label.setProperty("role", "muted")
        self.details_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status_label = label("", "feedback")
        self.edit_button = button(self.tr("Edit group…"), "edit", shortcut="Ctrl+E")
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.undo_action = QAction(self.tr("Undo"), self)
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.undo_action.triggered.connect(self.undo_group.undo)
        self.redo_action = QAction(self.tr("Redo"), self)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.triggered.connect(self.undo_group.redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.undo_button = ElidedButton(self.tr("Undo"))
        self.undo_button.setIcon(icon("undo"))
        self.undo_button.clicked.connect(self.undo_group.undo)
        self.redo_button = button(self.tr("Redo"), "redo")
        self.redo_button.clicked.connect(self.undo_group.redo)
        # A push, an undo, a clear or another screen: each moves the index or the active stack.
        for undo_signal in (self.undo_group.activeStackChanged, self.undo_group.indexChanged):
            undo_signal.connect(self._show_undo_state)

        header = QFrame()
        header.setProperty("role", "header")
        grid = QGridLayout(header)
        grid.addWidget(self.back_button, 0, 0)
        grid.addWidget(self.title_label, 0, 1, 1, 3)
        grid.addWidget(self.status_label, 0, 4, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.details_label, 1, 1, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addWidget(self.edit_button)
        grid.addLayout(buttons, 1, 3, 1, 2)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Group sections"))
        self.roster_view = RosterView(ctx, group_id, tasks, undo_stack=self._new_undo_stack())
        self.roster_view.roster_changed.connect(self._on_roster_changed)
        self.tabs.addTab(self.roster_view, self.tr("Participants"))
        self.session_views: list[SessionView] = []
        for session in self.detail.sessions:
            attendance_view = AttendanceView(ctx, group_id, session, self._new_undo_stack())
            participation_view = ParticipationView(ctx, session, self._new_undo_stack())
            attendance_view.marks_changed.connect(self._on_marks_changed)
            attendance_view.add_worker_requested.connect(self._on_add_worker_requested)
            attendance_view.today_session_requested.connect(self._on_today_session_requested)
            participation_view.marks_changed.connect(self._on_marks_changed)
            view = SessionView(attendance_view, participation_view)
            view.currentChanged.connect(self._follow_screen)
            self.session_views.append(view)
            self.tabs.addTab(view, self.tr("Session {number}").format(number=session.index))
        self.results_view = ResultsView(ctx, group_id)
        self.results_view.group_status_changed.connect(self._on_group_status_changed)
        self.tabs.addTab(self.results_view, self.tr("Results"))
        self.documents_view = DocumentsView(ctx, group_id, tasks)
        self.documents_view.constancias_changed.connect(self._on_marks_changed)  # results and the list
        self.tabs.addTab(self.documents_view, self.tr("Documents"))
        self.results_view.issue_requested.connect(self._on_issue_requested)
        self.results_view.sign_in_sheet_requested.connect(self.documents_view.open_sign_in_sheet_dialog)
        self.results_view.group_report_requested.connect(self.documents_view.open_group_report_dialog)
        # A wide page (a long row of buttons) must not force the window wider than a laptop screen:
        # the tab pages do not impose their minimum width on the window.
        for index in range(self.tabs.count()):
            self.tabs.widget(index).setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        for number in range(1, min(9, self.tabs.count()) + 1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Alt+{number}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, i=number - 1: self.tabs.setCurrentIndex(i))
            self.addAction(action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)
        self.refresh()
        self._open_today = self.todays_session()
        if self._open_today is not None:
            # A course day opens on that day's pase de lista, ready to scan.
            self.tabs.setCurrentWidget(self._open_today)
            self._open_today.setCurrentIndex(0)
        self._follow_screen()

    # -- data ---------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the group and every tab from the database."""
        self.detail = groups.get_group(self.ctx, self.group_id)
        self._show_header()
        entries = self.roster_view.reload()
        director = active_role(self.ctx)[0] is Role.DIRECTOR  # a director consults; the services refuse writes
        closed = self.detail.summary.status is GroupStatus.CLOSED or director
        self.roster_view.set_read_only(closed)
        set_enabled_with_reason(self.edit_button, not closed, self.tr("The director profile only consults groups")
                                if director else self.tr("The group is closed: reopen it to edit it"))
        for view, session in zip(self.session_views, self.detail.sessions):
            view.attendance_view.session = session  # the dates may have been edited
            self._mark_session_tab(view, session)
            view.attendance_view.reload()
            view.attendance_view.set_read_only(closed)
            view.participation_view.reload(entries)
            view.participation_view.set_read_only(closed)
        self.results_view.reload()
        self.documents_view.reload()
        if director:
            self.status_label.setText(self.tr("Read only: director profile"))
            for widget in (self.documents_view.issue_button, self.documents_view.correct_button,
                           self.documents_view.revoke_button):
                set_enabled_with_reason(widget, False, self.tr("The director profile cannot issue, correct or "
                                                               "revoke constancias"))

    def _show_header(self) -> None:
        summary = self.detail.summary
        self.title_label.setText(summary.course_name)
        venue = " · ".join(part for part in (summary.unit_name, summary.room) if part)
        dates = formatting.date_range_text(summary.first_date, summary.last_date)
        self.details_label.set_texts(
            self.tr("{code} · {dates} · {venue} · Instructor: {instructors}").format(
                code=summary.code, dates=dates, venue=venue, instructors=summary.instructors or "—"),
            f"{summary.code} · {dates}", summary.code)
        closed = summary.status is GroupStatus.CLOSED
        self.status_label.setText(self.tr("Closed") if closed else self.tr("Open"))
        set_tone(self.status_label, "warn" if closed else "good")

    def _new_undo_stack(self) -> QUndoStack:
        stack = QUndoStack(self)
        self.undo_group.addStack(stack)
        return stack

    def _mark_session_tab(self, view: SessionView, session) -> None:
        """Today's session tab carries the calendar icon and says so in its tooltip."""
        index = self.tabs.indexOf(view)
        today = session.date == self.ctx.clock().date()
        self.tabs.setTabIcon(index, icon("calendar") if today else QIcon())
        self.tabs.setTabToolTip(index, self.tr("Today's session") if today else formatting.date_text(
            session.date, long=True))

    def todays_session(self) -> SessionView | None:
        """The tab of the session held today, if there is one."""
        today = self.ctx.clock().date()
        return next((v for v in self.session_views if v.attendance_view.session.date == today), None)

    def screen_undo_stack(self) -> QUndoStack | None:
        """The undo stack of the screen in front of the user (None on Results and Documents)."""
        current = self.tabs.currentWidget()
        if current is self.roster_view:
            return self.roster_view.undo_stack
        if isinstance(current, SessionView):
            inner = current.currentWidget()
            return inner.undo_stack if inner is not None else None
        return None

    @property
    def undo_stack(self) -> QUndoStack | None:
        """The stack that Ctrl+Z and the undo button act on now."""
        return self.undo_group.activeStack()

    @Slot()
    def _follow_screen(self) -> None:
        self.undo_group.setActiveStack(self.screen_undo_stack())
        self._show_undo_state()

    @Slot()
    def _show_undo_state(self) -> None:
        """Undo and redo name what they would do on this screen ("Deshacer: entrada de …").

        The undo button shows it (elided on a narrow screen); redo says it in its tooltip.
        """
        group = self.undo_group
        undo = self.tr("Undo: {what}").format(what=group.undoText()) if group.canUndo() else self.tr("Undo")
        redo = self.tr("Redo: {what}").format(what=group.redoText()) if group.canRedo() else self.tr("Redo")
        self.undo_action.setText(undo)
        self.redo_action.setText(redo)
        self.undo_button.set_texts(undo, self.tr("Undo"))
        self.undo_button.setAccessibleName(undo)
        self.redo_button.setAccessibleName(redo)
        for action, widget, can, text, nothing, key in (
                (self.undo_action, self.undo_button, group.canUndo(), undo,
                 self.tr("Nothing to undo on this screen"), "Ctrl+Z"),
                (self.redo_action, self.redo_button, group.canRedo(), redo,
                 self.tr("Nothing to redo on this screen"), "Ctrl+Shift+Z")):
            action.setEnabled(can)
            widget.setEnabled(can)
            widget.setToolTip(tooltip_with_shortcut(text if can else nothing, key))

    def session_view(self, index: int) -> SessionView:
        """The tab of session ``index`` (1-based)."""
        return self.session_views[index - 1]

    def show_session(self, index: int) -> SessionView:
        view = self.session_view(index)
        self.tabs.setCurrentWidget(view)
        view.setCurrentIndex(0)
        view.attendance_view.scan_box.setFocus()
        return view

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._open_today is not None:
            # After whoever opened the group has placed the focus: today's scan box takes it.
            view, self._open_today = self._open_today, None
            scan_box = view.attendance_view.scan_box
            QTimer.singleShot(0, scan_box, scan_box.setFocus)

    # -- reactions ----------------------------------------------------------
    @Slot()
    def _on_marks_changed(self) -> None:
        self._results_stale = True
        self.group_changed.emit()

    @Slot()
    def _on_roster_changed(self) -> None:
        entries = self.roster_view.model.rows()
        for view in self.session_views:
            view.attendance_view.reload()
            view.participation_view.reload(entries)
        self._results_stale = True
        self.group_changed.emit()

    @Slot(int)
    def _on_tabs_current_changed(self, index: int) -> None:
        self._follow_screen()
        if self.tabs.widget(index) is self.results_view and getattr(self, "_results_stale", False):
            self.results_view.reload()
            self._results_stale = False

    @Slot()
    def _on_issue_requested(self) -> None:
        # The summary and the new folios are shown where the constancias live.
        self.tabs.setCurrentWidget(self.documents_view)
        self.documents_view.issue_constancias()

    @Slot()
    def _on_group_status_changed(self) -> None:
        # Marks made before closing can no longer be undone through the service.
        for stack in self.undo_group.stacks():
            stack.clear()
        self.refresh()
        self.group_changed.emit()

    @Slot(str)
    def _on_add_worker_requested(self, matricula: str) -> None:
        dialog = self.roster_view.open_walk_in_dialog(matricula)
        dialog.worker_added.connect(lambda worker: self._scan_after_add(worker.matricula or worker.curp))

    @Slot(object, object)
    def _on_today_session_requested(self, session_id, target) -> None:
        """A scan refused on another day's tab: switch to today's session and record it there."""
        view = next((v for v in self.session_views if v.attendance_view.session.id == session_id), None)
        if view is None:
            return
        self.show_session(view.attendance_view.session.index)
        view.attendance_view.record(target)

    def _scan_after_add(self, matricula: str) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, SessionView):
            current.attendance_view.reload()
            current.attendance_view.scan(matricula)

    @Slot()
    def open_edit_dialog(self) -> GroupDialog:
        self.edit_dialog = GroupDialog(self.ctx, self.detail, parent=self)
        self.edit_dialog.saved.connect(lambda _detail: (self.refresh(), self.group_changed.emit()))
        self.edit_dialog.open()
        return self.edit_dialog

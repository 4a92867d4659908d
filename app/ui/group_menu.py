"""The *Grupo* menu: the open group's actions, also reachable from its tabs' buttons.

Each entry drives the same button the user would press in the group's tabs,
so the rules (what is allowed, confirmations, feedback) stay in one place; an
entry is enabled and explains itself exactly as its button does. The keyboard
shortcuts of those buttons move to the menu while the group is open, so they
work from any tab of the group (a shortcut held by both would be ambiguous and
do nothing).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMenu, QWidget

from app.domain.enums import GroupStatus
from app.ui.icons import icon
from app.ui.widgets import set_enabled_with_reason

if TYPE_CHECKING:  # the group screen is imported when a group opens, not at start-up
    from app.ui.views.group_view import GroupView, SessionView

logger = logging.getLogger(__name__)

ATTENDANCE_TAB, ACTIVITIES_TAB = 0, 1


def _with_tab_key(text: str, tab: int) -> str:
    """``text`` with the group view's own Alt+number shortcut of ``tab`` shown beside it in the menu.

    Only shown (after a tab, as QMenu draws shortcuts): the group view holds the shortcut.
    """
    if not 0 <= tab < 9:
        return text
    key = QKeySequence(f"Alt+{tab + 1}").toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}\t{key}"


class GroupMenu(QMenu):
    """Grupo: import, pase de lista, actividades, resultados, cerrar, emitir, documentos.

    Every entry is disabled while no group is open.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(self.tr("&Group"), parent)
        self.setToolTipsVisible(True)
        self.view: GroupView | None = None
        self._mirrors: dict[QAbstractButton, QAction] = {}
        self.import_action = self._action(self.tr("&Import participants…"), "import", self._import)
        self.addSeparator()
        self.attendance_action = self._action(self.tr("&Attendance"), "scan", self._show_attendance)
        self.activities_action = self._action(self.tr("Ac&tivities"), "check_all", self._show_activities)
        self.results_action = self._action(self.tr("&Results"), "results", self._show_results)
        self.close_action = self._action(self.tr("&Close group"), "lock", self._close_or_reopen)
        self.addSeparator()
        self.issue_action = self._action(self.tr("&Issue constancias"), "check", self._issue)
        self.documents_action = self._action(self.tr("&Documents"), "list", self._show_documents)
        self.sign_in_menu = self.addMenu(icon("list"), self.tr("&Sign-in sheet"))
        self.report_action = self._action(self.tr("Group &report…"), "results", self._report)
        self.aboutToShow.connect(self.refresh)
        self.set_group_view(None)

    def _action(self, text: str, icon_name: str, slot: Callable[[], None]) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- the open group -----------------------------------------------------
    def set_group_view(self, view: GroupView | None) -> None:
        """Act on ``view`` from now on; ``None`` when no group is open."""
        for source in self._mirrors:
            source.removeEventFilter(self)
        self._mirrors.clear()
        self.view = view
        for action in self.actions():
            action.setShortcut(QKeySequence())
        if view is None:
            for action in self.actions():
                set_enabled_with_reason(action, False, self.tr("Open a group first"))
            self.sign_in_menu.menuAction().setEnabled(False)
            return
        roster, results, documents = view.roster_view, view.results_view, view.documents_view
        self._take_shortcut(self.import_action, roster.import_button)
        self._take_shortcut(self.issue_action, results.issue_button, documents.issue_button)
        self._mirror(self.import_action, roster.import_button)
        self._mirror(self.issue_action, results.issue_button)
        self._mirror(self.report_action, documents.report_button)
        self._mirror(self.sign_in_menu.menuAction(), documents.sign_in_button)
        no_sessions = self.tr("This group has no sessions")
        for action in (self.attendance_action, self.activities_action):
            set_enabled_with_reason(action, bool(view.session_views), no_sessions)
        for action in (self.results_action, self.documents_action, self.close_action):
            set_enabled_with_reason(action, True, "")
        self.refresh()

    def _take_shortcut(self, action: QAction, *buttons: QAbstractButton) -> None:
        sequence = buttons[0].shortcut()
        for source in buttons:
            source.setShortcut(QKeySequence())
        action.setShortcut(sequence)

    def _mirror(self, action: QAction, source: QAbstractButton) -> None:
        self._mirrors[source] = action
        source.installEventFilter(self)
        self._copy_state(source, action)

    @staticmethod
    def _copy_state(source: QAbstractButton, action: QAction) -> None:
        action.setEnabled(source.isEnabled())
        action.setToolTip(source.toolTip())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt naming)
        if event.type() in (QEvent.Type.EnabledChange, QEvent.Type.ToolTipChange):
            action = self._mirrors.get(watched)
            if action is not None:
                self._copy_state(watched, action)
        return super().eventFilter(watched, event)

    @Slot()
    def refresh(self) -> None:
        """Texts that depend on the group's state: the session of today, close or reopen."""
        view = self.view
        if view is None:
            return
        session = self.current_session_index()
        if session is not None:
            today = view.detail.sessions[session - 1].date == self._today()
            text = (self.tr("&Attendance of today") if today else
                    self.tr("&Attendance: session {number}").format(number=session))
            self.attendance_action.setText(_with_tab_key(text, view.tabs.indexOf(view.session_view(session))))
            self.activities_action.setText(self.tr("Ac&tivities: session {number}").format(number=session))
        self.results_action.setText(_with_tab_key(self.tr("&Results"), view.tabs.indexOf(view.results_view)))
        self.documents_action.setText(_with_tab_key(self.tr("&Documents"),
                                                    view.tabs.indexOf(view.documents_view)))
        closed = view.results_view.status is GroupStatus.CLOSED
        self.close_action.setText(self.tr("&Reopen group…") if closed else self.tr("&Close group"))
        self.close_action.setIcon(icon("unlock" if closed else "lock"))
        self.sign_in_menu.clear()
        for day in view.detail.sessions:
            action = self.sign_in_menu.addAction(self.tr("Session {number}…").format(number=day.index))
            action.triggered.connect(lambda _=False, i=day.index: self._sign_in_sheet(i))

    def _today(self) -> dt.date:
        return self.view.ctx.clock().date()

    def current_session_index(self) -> int | None:
        """The session the menu's *Pase de lista* opens: today's, else the next, else the last."""
        sessions = self.view.detail.sessions if self.view is not None else []
        if not sessions:
            return None
        today = self._today()
        upcoming = [s for s in sessions if s.date >= today]
        return (upcoming[0] if upcoming else sessions[-1]).index

    # -- entries ------------------------------------------------------------
    @Slot()
    def _import(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.roster_view)
        self.view.roster_view.import_button.click()

    def _show_session(self, tab: int) -> SessionView | None:
        index = self.current_session_index()
        if index is None:
            return None
        view = self.view.show_session(index)
        view.setCurrentIndex(tab)
        return view

    @Slot()
    def _show_attendance(self) -> None:
        self._show_session(ATTENDANCE_TAB)

    @Slot()
    def _show_activities(self) -> None:
        view = self._show_session(ACTIVITIES_TAB)
        if view is not None:
            view.participation_view.table.setFocus()

    @Slot()
    def _show_results(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.results_view)

    @Slot()
    def _close_or_reopen(self) -> None:
        results = self.view.results_view
        self.view.tabs.setCurrentWidget(results)
        closed = results.status is GroupStatus.CLOSED
        (results.reopen_button if closed else results.close_button).click()

    @Slot()
    def _issue(self) -> None:
        self.view.results_view.issue_button.click()

    @Slot()
    def _show_documents(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.documents_view)

    def _sign_in_sheet(self, session_index: int) -> None:
        self._show_documents()
        self.view.documents_view.open_sign_in_sheet_dialog(session_index)

    @Slot()
    def _report(self) -> None:
        self._show_documents()
        self.view.documents_view.report_button.click()

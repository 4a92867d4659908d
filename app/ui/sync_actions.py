"""Sync in the main window: its actions, its dialogs, the status bar and the screens that follow it.

One object per window, so the window itself only creates it: "Sincronizar ahora" (F9),
"Conectar con el servidor…", "Desconectar este equipo…" and "Cambios rechazados…"; the
runner's status goes to the status bar; changes pulled by sync reload the screens that show
them (keeping the user's place), and the screens' own changes ask for a round soon.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction, QKeySequence

from app.services.broadcast import Changed
from app.sync.entities import Entity
from app.sync.status import SyncPhase, SyncStatus
from app.ui import errors
from app.ui.change_bridge import ChangeBridge, RefreshOnChange, keeping_place
from app.ui.confirm import ConfirmBox, confirm
from app.ui.dialogs.enroll_dialog import EnrollDialog
from app.ui.dialogs.parked_changes_dialog import ParkedChangesDialog
from app.ui.icons import icon
from app.ui.sync_runner import Engine, SyncRunner
from app.ui.tasks import Task, TaskContext
from app.ui.widgets import set_enabled_with_reason, show_error, tooltip_with_shortcut

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow
    from app.ui.views.group_view import GroupView
    from app.ui.views.staff_view import StaffView

logger = logging.getLogger(__name__)

#: What a group's screen shows (its header, roster, marks, results and constancias).
GROUP_ENTITIES = (Entity.COURSE_GROUP, Entity.SESSION, Entity.ACTIVITY, Entity.ENROLLMENT, Entity.ATTENDANCE,
                  Entity.PARTICIPATION, Entity.CONSTANCIA, Entity.COURSE, Entity.UNIT, Entity.WORKER)
STAFF_ENTITIES = (Entity.WORKER, Entity.UNIT)

SYNC_SHORTCUT = "F9"


def _unenroll(engine: Engine, *, context: TaskContext) -> None:
    engine.unenroll()


class SyncActions(QObject):
    """The sync side of ``window`` (a :class:`~app.ui.main_window.MainWindow`)."""

    def __init__(self, window: MainWindow, engine: Engine | None) -> None:
        super().__init__(window)
        self.window = window
        self.engine = engine
        self.enroll_dialog: EnrollDialog | None = None
        self.parked_dialog: ParkedChangesDialog | None = None
        self.confirm_box: ConfirmBox | None = None
        self.unenroll_task: Task | None = None
        self.runner = SyncRunner(engine, window.context.tasks, self)
        self.bridge: ChangeBridge | None = None
        self.refreshers: list[RefreshOnChange] = []
        self.group_refresher: RefreshOnChange | None = None

        self.sync_now_action = self._action(self.tr("S&ync now"), "redo", SYNC_SHORTCUT, self.sync_now)
        self.connect_action = self._action(self.tr("&Connect to the server…"), None, None, self.open_enroll_dialog)
        self.disconnect_action = self._action(self.tr("&Disconnect this device…"), None, None,
                                              self.request_disconnect)
        self.parked_action = self._action(self.tr("&Rejected changes…"), "list", None, self.open_parked_dialog)
        menu = window.tools_menu
        before = menu.actions()[0] if menu.actions() else None
        for action in (self.sync_now_action, self.connect_action, self.disconnect_action, self.parked_action):
            menu.insertAction(before, action)
        menu.insertSeparator(before)

        status_bar = window.status
        status_bar.parked_requested.connect(self.open_parked_dialog)
        self.runner.status_changed.connect(self._on_runner_status_changed)
        self.runner.round_finished.connect(self._on_runner_round_finished)
        if window.ctx is not None:
            self.bridge = ChangeBridge(window.ctx.broadcast, self)
            self.bridge.changed.connect(self._on_bridge_changed)
            if window.groups_view is not None:
                view = window.groups_view
                self.refreshers.append(RefreshOnChange(
                    self.bridge, GROUP_ENTITIES, lambda: self._reload_keeping_place(
                        view.reload, [s.table for s in view.sections.values()]), parent=view))
        self._on_runner_status_changed(self.runner.status)

    def follow_staff_view(self, staff_view: StaffView) -> None:
        """The staff page (created when first shown): its changes ask for a round, pulled ones reload it."""
        staff_view.staff_changed.connect(self.runner.changes_made)
        if self.bridge is not None:
            self.refreshers.append(RefreshOnChange(
                self.bridge, STAFF_ENTITIES,
                lambda: self._reload_keeping_place(staff_view.reload, [staff_view.table]), parent=staff_view))

    def _action(self, text: str, icon_name: str | None, shortcut: str | None, slot) -> QAction:
        action = QAction(text, self.window)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(tooltip_with_shortcut(text.replace("&", "").rstrip("…"), shortcut))
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def start(self) -> None:
        self.runner.start()

    def stop(self) -> None:
        """At exit: no round left running, no listener left on the broadcast."""
        self.runner.stop()
        if self.bridge is not None:
            self.bridge.close()
        if self.engine is not None and not self.runner.running:
            self.engine.close()  # its HTTP connections

    # -- screens ------------------------------------------------------------
    @staticmethod
    def _reload_keeping_place(reload, tables) -> None:
        with keeping_place(tables):
            reload()

    def follow_group_view(self, view: GroupView | None) -> None:
        """Reload ``view`` when sync brings a change to its group; its changes ask for a round."""
        self.group_refresher = None
        if view is None or self.bridge is None:
            return
        view.group_changed.connect(self.runner.changes_made)
        self.group_refresher = RefreshOnChange(self.bridge, GROUP_ENTITIES, lambda: self._reload_group(view),
                                               group_id=view.group_id, parent=view)

    def _reload_group(self, view: GroupView) -> None:
        tables = [view.roster_view.table, view.results_view.table, view.documents_view.table]
        for session in view.session_views:
            tables += [session.attendance_view.table, session.participation_view.table]
        with keeping_place(tables):
            view.refresh()
        logger.info("Group %s reloaded after a sync", view.detail.summary.code)

    @Slot(object)
    def _on_bridge_changed(self, change: Changed) -> None:
        if change.source == "local":  # a service of this device wrote: send it soon
            self.runner.changes_made()

    # -- status -------------------------------------------------------------
    @Slot(object)
    def _on_runner_status_changed(self, status: SyncStatus) -> None:
        bar = self.window.status
        if self.window.ctx is not None:
            bar.today = self.window.ctx.clock().date()
        bar.set_sync_status(status)
        phase = status.phase
        enrolled = self.engine is not None and phase is not SyncPhase.NOT_ENROLLED
        if self.engine is None:
            reason = self.tr("Sync is not available without a database")
        elif not enrolled:
            reason = self.tr("Connect this device to a server first (Tools › Connect to the server…)")
        elif phase is SyncPhase.REVOKED:
            reason = self.tr("The server removed this device; ask its administrator")
        elif phase is SyncPhase.REENROLL_REQUIRED:
            reason = self.tr("This database is not the one the server knows: connect this device again")
        else:
            reason = ""
        set_enabled_with_reason(self.sync_now_action, self.runner.can_sync, reason)
        can_connect = self.engine is not None and phase in (SyncPhase.NOT_ENROLLED, SyncPhase.REENROLL_REQUIRED,
                                                            SyncPhase.REVOKED)
        set_enabled_with_reason(self.connect_action, can_connect,
                                self.tr("This device is already connected to {url}").format(
                                    url=status.server_url or "")
                                if self.engine is not None else reason)
        busy = self.runner.running or self.unenroll_task is not None
        set_enabled_with_reason(self.disconnect_action, enrolled and not busy,
                                self.tr("Wait until the sync ends") if enrolled else reason)
        set_enabled_with_reason(self.parked_action, status.rejected_ops > 0,
                                self.tr("No change was rejected"))

    @Slot(object)
    def _on_runner_round_finished(self, _status: SyncStatus) -> None:
        if self.parked_dialog is not None and self.parked_dialog.isVisible():
            self.parked_dialog.reload()

    # -- actions ------------------------------------------------------------
    @Slot()
    def sync_now(self) -> None:
        self.runner.sync_now()

    @Slot()
    def open_enroll_dialog(self) -> EnrollDialog | None:
        if self.engine is None:
            return None
        if self.enroll_dialog is not None and self.enroll_dialog.isVisible():
            self.enroll_dialog.raise_()
            return self.enroll_dialog
        self.enroll_dialog = EnrollDialog(self.engine, self.window.context.tasks, self.window,
                                          url=self.runner.status.server_url or "")
        self.enroll_dialog.enrolled.connect(self._on_enroll_dialog_enrolled)
        self.enroll_dialog.open()
        return self.enroll_dialog

    @Slot(object)
    def _on_enroll_dialog_enrolled(self, _result) -> None:
        self.runner.refresh_status()
        self.runner.start()
        self.runner.sync_now()  # the unit's data comes now, with its progress in the status bar

    @Slot()
    def request_disconnect(self) -> ConfirmBox | None:
        if self.engine is None or not self.runner.enrolled:
            return None
        self.confirm_box = confirm(
            self.window, self.tr("Disconnect this device from {url}?").format(url=self.runner.status.server_url),
            self.tr("Nothing recorded on this computer is deleted; changes not yet sent stay here until "
                    "the device is connected again."),
            self.tr("Disconnect"), self.disconnect)
        return self.confirm_box

    def disconnect(self) -> Task | None:
        if self.engine is None or self.runner.running or self.unenroll_task is not None:
            return None
        self.unenroll_task = self.window.context.tasks.submit(_unenroll, self.engine, name="unenroll")
        self.unenroll_task.error.connect(self._on_unenroll_task_error)
        self.unenroll_task.finished.connect(self._on_unenroll_task_finished)
        self._on_runner_status_changed(self.runner.status)
        return self.unenroll_task

    @Slot(object)
    def _on_unenroll_task_error(self, exc: BaseException) -> None:
        if not errors.is_expected(exc):
            raise exc
        show_error(self.window, exc)

    @Slot()
    def _on_unenroll_task_finished(self) -> None:
        self.unenroll_task = None
        self.runner.refresh_status()

    @Slot()
    def open_parked_dialog(self) -> ParkedChangesDialog | None:
        if self.engine is None:
            return None
        self.parked_dialog = ParkedChangesDialog(self.engine, self.window)
        self.parked_dialog.changed.connect(self.runner.refresh_status)
        self.parked_dialog.retried.connect(self.runner.sync_now)
        self.parked_dialog.open()
        return self.parked_dialog

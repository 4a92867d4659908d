"""The main window: navigation (Grupos, Plantilla, Cobertura), menus, status bar.

Only the first screen is built before the window shows: the other pages (the staff list,
the coverage screen with its charts and exports) are created when first shown or asked
for, and the dialogs are imported when opened. Start-up work that can follow the first
frame waits for it (:meth:`MainWindow.call_after_first_paint`): counting who qualifies in
each listed group (each group's results; for a director, whose window opens on Coverage, when
the list is first shown) and the daily backup.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontMetrics, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app import __version__
from app.services import catalog, profiles
from app.services.groups import GroupDetail
from app.ui import paths
from app.ui.backup_actions import RestoreBackupAction
from app.ui.bootstrap import AppContext
from app.ui.dialogs.profile_dialog import ProfileDialog, role_text
from app.ui.group_menu import GroupMenu
from app.ui.icons import icon
from app.ui.status_bar import AulaStatusBar
from app.ui.sync_actions import SyncActions
from app.ui.sync_runner import create_engine
from app.ui.views.groups_view import GroupsView
from app.ui.widgets import set_enabled_with_reason, tooltip_with_shortcut

if TYPE_CHECKING:  # imported when first used, not at start-up
    from collections.abc import Callable

    from app.ui.dialogs.group_dialog import GroupDialog
    from app.ui.dialogs.guide_dialog import GuideDialog
    from app.ui.dialogs.settings_dialog import SettingsDialog
    from app.ui.dialogs.verify_dialog import VerifyDialog
    from app.ui.sync_runner import Engine
    from app.ui.views.director_view import DirectorView
    from app.ui.views.group_view import GroupView
    from app.ui.views.staff_view import StaffView

logger = logging.getLogger(__name__)

GROUPS_PAGE, STAFF_PAGE, COVERAGE_PAGE = range(3)


class MainWindow(QMainWindow):
    """The window of Aula.

    Args:
        context: the bootstrapped application; ``context.services`` is the
            services' :class:`~app.services.context.Context` (the database).
        sync_engine: the sync engine (tests give theirs); by default the database's own.
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None, *,
                 sync_engine: Engine | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ctx = context.services
        self.setObjectName("mainWindow")
        self.group_view: GroupView | None = None
        self.group_dialog: GroupDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.guide_dialog: GuideDialog | None = None
        self.about_box: QMessageBox | None = None
        self._update_title()

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Sections"))
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.installEventFilter(self)
        self.pages = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.groups_stack = QStackedWidget()
        self.groups_view: GroupsView | None = None
        self._staff_view: StaffView | None = None
        self._director_view: DirectorView | None = None
        self.profile_dialog: ProfileDialog | None = None
        self._first_paint_done = False
        self._groups_counted = False
        self._startup_work: list[Callable[[], None]] = []
        if self.ctx is not None:
            self.groups_view = GroupsView(self.ctx)
            self.groups_view.open_requested.connect(self.open_group)
            self.groups_view.new_group_requested.connect(self.open_new_group_dialog)
            self.groups_stack.addWidget(self.groups_view)
        # The staff and coverage pages hold an empty widget until first shown (see _ensure_page).
        self._add_page(self.tr("Groups"), "groups", self.groups_stack)
        self._add_page(self.tr("Staff list"), "staff", QWidget())
        self._add_page(self.tr("Coverage"), "results", QWidget())
        self._fit_navigation()
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)

        self.status = AulaStatusBar(self)
        self.setStatusBar(self.status)
        self.status.set_zoom(context.zoom.percent)
        context.zoom.zoom_changed.connect(self.status.set_zoom)

        self._create_actions()
        self._create_menus()
        self.sync = SyncActions(self, sync_engine or create_engine(self.ctx))
        self._restore_window()
        if self.ctx is not None:
            self._show_profile_and_unit()
            self.groups_view.reload_uncounted()
            self.call_after_first_paint(self._count_groups_if_shown)
        director = self.ctx is not None and profiles.current_profile(self.ctx).is_director
        self.navigation.setCurrentRow(COVERAGE_PAGE if director else GROUPS_PAGE)
        self.sync.start()

    # -- pages created on first use -------------------------------------------
    @property
    def staff_view(self) -> StaffView | None:
        """The staff list page (created on first use; ``None`` without a database)."""
        self._ensure_page(STAFF_PAGE)
        return self._staff_view

    @property
    def director_view(self) -> DirectorView | None:
        """The coverage page (created on first use; ``None`` without a database)."""
        self._ensure_page(COVERAGE_PAGE)
        return self._director_view

    def _ensure_page(self, index: int) -> None:
        """Put the real staff or coverage page in place of its empty widget, once."""
        if self.ctx is None or index == GROUPS_PAGE:
            return
        if index == STAFF_PAGE and self._staff_view is None:
            from app.ui.views.staff_view import StaffView

            widget = self._staff_view = StaffView(self.ctx, tasks=self.context.tasks)
            self.sync.follow_staff_view(widget)
        elif index == COVERAGE_PAGE and self._director_view is None:
            from app.ui.views.director_view import DirectorView

            widget = self._director_view = DirectorView(self.ctx, tasks=self.context.tasks)
        else:
            return
        placeholder = self.pages.widget(index)
        current = self.pages.currentIndex()
        self.pages.insertWidget(index, widget)
        self.pages.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages.setCurrentIndex(current)

    def _count_groups_if_shown(self) -> None:
        if self.pages.currentIndex() == GROUPS_PAGE:
            self._count_groups()

    def _count_groups(self) -> None:
        """Who qualifies in each listed group (each group's results): once the list is on screen."""
        if not self._groups_counted and self.groups_view is not None:
            self._groups_counted = True
            self.groups_view.reload()

    # -- start-up work that waits for the first frame ---------------------------
    def call_after_first_paint(self, work: Callable[[], None]) -> None:
        """Run start-up ``work`` on the GUI thread once the window has painted its first frame.

        Work still waiting when the window closes (closed before its first frame) runs then.
        """
        self._startup_work.append(work)
        if self._first_paint_done:
            QTimer.singleShot(0, self, self._run_startup_work)

    def _run_startup_work(self) -> None:
        while self._startup_work:
            self._startup_work.pop(0)()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt naming)
        super().paintEvent(event)
        if not self._first_paint_done:
            self._first_paint_done = True  # the rest once this frame has reached the screen
            QTimer.singleShot(0, self, self._run_startup_work)

    # -- construction -------------------------------------------------------
    def _add_page(self, title: str, icon_name: str, widget: QWidget) -> None:
        item = QListWidgetItem(icon(icon_name), title)
        item.setData(Qt.ItemDataRole.UserRole, title)
        item.setToolTip(title)
        self.navigation.addItem(item)
        self.pages.addWidget(widget)

    #: Below this many average characters of room beside the navigation, it shows icons only.
    COMPACT_NAVIGATION_CHARS = 90

    def _fit_navigation(self) -> None:
        """As wide as its longest entry at the current font (zoom); only icons when the window is narrow.

        At projector zoom on a 1024-pixel screen the names would take the room
        the roster needs; the icons stay, with the names in their tooltips.
        """
        metrics = self.navigation.fontMetrics()
        titles = [self.navigation.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.navigation.count())]
        full = self._navigation_width(titles)
        compact = (self.width() - full) < self.COMPACT_NAVIGATION_CHARS * metrics.averageCharWidth()
        for i, title in enumerate(titles):
            self.navigation.item(i).setText("" if compact else title)
        if compact:
            icon_width = max(self.navigation.iconSize().width(), metrics.height())
            self.navigation.setFixedWidth(icon_width + 2 * 14 + 4 + 2 * self.navigation.frameWidth())
        else:
            self.navigation.setFixedWidth(full)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._fit_navigation()

    def _navigation_width(self, titles: list[str]) -> int:
        metrics = self.navigation.fontMetrics()
        bold = QFont(self.navigation.font())
        bold.setBold(True)  # the selected entry is bold
        widest = max((QFontMetrics(bold).horizontalAdvance(title) for title in titles), default=0)
        icon_width = max(self.navigation.iconSize().width(), metrics.height())
        # Item padding and the selection bar of the stylesheet, plus the icon's gap.
        return (widest + icon_width + 2 * 14 + 4 + metrics.horizontalAdvance("M")
                + 2 * self.navigation.frameWidth())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt naming)
        if watched is self.navigation and event.type() == QEvent.Type.FontChange:
            self._fit_navigation()
        return super().eventFilter(watched, event)

    def _action(self, text: str, icon_name: str | None, shortcuts, slot) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcuts:
            sequences = [s if isinstance(s, QKeySequence) else QKeySequence(s)
                         for s in (shortcuts if isinstance(shortcuts, list) else [shortcuts])]
            action.setShortcuts(sequences)
            action.setToolTip(tooltip_with_shortcut(text.replace("&", ""), sequences[0]))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        zoom = self.context.zoom
        # Ctrl+= as well: on many keyboards "+" needs Shift.
        self.zoom_in_action = self._action(
            self.tr("Zoom &in"), "zoom_in",
            [*QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")],
            zoom.zoom_in)
        self.zoom_out_action = self._action(self.tr("Zoom &out"), "zoom_out",
                                            QKeySequence.keyBindings(QKeySequence.StandardKey.ZoomOut),
                                            zoom.zoom_out)
        self.zoom_reset_action = self._action(self.tr("&Normal size"), None, "Ctrl+0", zoom.reset)
        self.new_group_action = self._action(self.tr("&New group…"), "add", "Ctrl+N",
                                             self.open_new_group_dialog)
        self.groups_action = self._action(self.tr("&Groups"), "groups", "Ctrl+1",
                                          lambda: self.show_page(GROUPS_PAGE))
        self.staff_action = self._action(self.tr("&Staff list"), "staff", "Ctrl+2",
                                         lambda: self.show_page(STAFF_PAGE))
        self.coverage_action = self._action(self.tr("&Coverage"), "results", "Ctrl+3",
                                            lambda: self.show_page(COVERAGE_PAGE))
        self.profile_action = self._action(self.tr("Switch &profile…"), "lock", "Ctrl+Shift+U",
                                           self.open_profile_dialog)
        self.profile_action.setEnabled(self.ctx is not None)
        self.settings_action = self._action(self.tr("&Settings…"), "settings", "Ctrl+,",
                                            self.open_settings_dialog)
        self.quit_action = self._action(self.tr("&Quit"), "logout", "Ctrl+Q", self.close)
        self.verify_action = self._action(self.tr("&Verify constancia…"), "scan", "Ctrl+Shift+V",
                                          self.open_verify_dialog)
        self.guide_action = self._action(self.tr("Instructor's &guide"), "info", "F1", self.open_guide)
        self.about_action = self._action(self.tr("&About Aula"), None, None, self.open_about)
        self.new_group_action.setEnabled(self.ctx is not None)
        self.verify_action.setEnabled(self.ctx is not None)

    def _create_menus(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu = menu_bar.addMenu(self.tr("&File"))
        self.file_menu.addAction(self.new_group_action)
        self.file_menu.addAction(RestoreBackupAction(self))
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = menu_bar.addMenu(self.tr("&View"))
        self.view_menu.addActions([self.groups_action, self.staff_action, self.coverage_action])
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action])
        self.tools_menu = menu_bar.addMenu(self.tr("&Tools"))
        self.tools_menu.addAction(self.verify_action)
        self.tools_menu.addAction(self.profile_action)
        self.tools_menu.addSeparator()
        self.tools_menu.addAction(self.settings_action)
        self.group_menu = GroupMenu(self)
        menu_bar.insertMenu(self.tools_menu.menuAction(), self.group_menu)
        self.help_menu = menu_bar.addMenu(self.tr("&Help"))
        self.help_menu.addActions([self.guide_action, self.about_action])

    def _restore_window(self) -> None:
        geometry = self.context.settings.window_geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = self.context.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def _update_title(self) -> None:
        institution = self.context.settings.institution_name
        self.setWindowTitle(f"Aula — {institution}" if institution else "Aula")

    def _show_profile_and_unit(self) -> None:
        profile = profiles.start_profile(self.ctx)
        self._show_profile(profile)
        units = catalog.list_units(self.ctx)
        if len(units) == 1:
            self.status.set_unit(f"{units[0].code} · {units[0].name}", units[0].code)
        else:
            self.status.set_unit(self.tr("{count} units").format(count=len(units)))

    def _show_profile(self, profile: profiles.ProfileInfo) -> None:
        role = role_text(profile)
        self.status.set_profile(profile.name if profile.name == role else  # not "Instructor (Instructor)"
                                self.tr("{name} ({role})").format(name=profile.name, role=role))
        reason = self.tr("The director profile consults; switch to the instructor profile to do this")
        set_enabled_with_reason(self.new_group_action, not profile.is_director, reason)
        if self.groups_view is not None:
            set_enabled_with_reason(self.groups_view.new_button, not profile.is_director, reason)

    @Slot()
    def open_profile_dialog(self) -> ProfileDialog | None:
        """Herramientas › Cambiar de perfil (PIN when the profile has one; audited)."""
        if self.ctx is None:
            return None
        self.profile_dialog = ProfileDialog(self.ctx, self)
        self.profile_dialog.switched.connect(self._on_profile_switched)
        self.profile_dialog.open()
        return self.profile_dialog

    @Slot(object)
    def _on_profile_switched(self, profile: profiles.ProfileInfo) -> None:
        self._show_profile(profile)
        if self.group_view is not None:
            self.group_view.refresh()
        if profile.is_director:
            self.show_page(COVERAGE_PAGE)

    # -- navigation ---------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    @Slot(int)
    def _on_navigation_current_row_changed(self, row: int) -> None:
        self._ensure_page(row)
        self.pages.setCurrentIndex(row)
        if row == GROUPS_PAGE and self._first_paint_done:
            self._count_groups()  # a director's window opens on Coverage: counted when first shown
        if row == STAFF_PAGE and self._staff_view is not None:
            self._staff_view.reload()
            self._staff_view.search_edit.setFocus()
        if row == COVERAGE_PAGE and self._director_view is not None:
            self._director_view.reload()

    @Slot(object)
    def open_group(self, group_id: uuid.UUID) -> GroupView:
        """Show the group's view in the Groups page."""
        self.close_group_view()
        from app.ui.views.group_view import GroupView

        self.group_view = GroupView(self.ctx, group_id, self.context.tasks)
        self.group_view.back_requested.connect(self.close_group_view)
        self.group_menu.set_group_view(self.group_view)
        self.sync.follow_group_view(self.group_view)
        # The list of groups is re-read when the user goes back to it.
        self.groups_stack.addWidget(self.group_view)
        self.groups_stack.setCurrentWidget(self.group_view)
        self.show_page(GROUPS_PAGE)
        self.group_view.tabs.setFocus()
        logger.info("Opened group %s", self.group_view.detail.summary.code)
        return self.group_view

    @Slot()
    def close_group_view(self) -> None:
        if self.group_view is None:
            return
        self.group_menu.set_group_view(None)
        self.sync.follow_group_view(None)
        self.groups_stack.removeWidget(self.group_view)
        self.group_view.deleteLater()
        self.group_view = None
        self.groups_stack.setCurrentWidget(self.groups_view)
        self.groups_view.reload()
        self.groups_view.search_edit.setFocus()

    # -- dialogs ------------------------------------------------------------
    @Slot()
    def open_new_group_dialog(self) -> GroupDialog | None:
        if self.ctx is None:
            return None
        from app.ui.dialogs.group_dialog import GroupDialog

        self.group_dialog = GroupDialog(self.ctx, parent=self)
        self.group_dialog.saved.connect(self._on_group_dialog_saved)
        self.group_dialog.open()
        return self.group_dialog

    @Slot(object)
    def _on_group_dialog_saved(self, detail: GroupDetail) -> None:
        self.groups_view.reload()
        self.open_group(detail.id)

    @Slot()
    def open_settings_dialog(self) -> SettingsDialog:
        from app.ui.dialogs.settings_dialog import SettingsDialog

        self.settings_dialog = SettingsDialog(self.context.settings, self, ctx=self.ctx,
                                              tasks=self.context.tasks)
        self.settings_dialog.saved.connect(self._update_title)
        self.settings_dialog.open()
        return self.settings_dialog

    @Slot()
    def open_verify_dialog(self) -> VerifyDialog | None:
        """Verificar constancia: scan or paste a QR text (non-modal, one scan after another)."""
        if self.ctx is None:
            return None
        if self.verify_dialog is None:
            from app.ui.dialogs.verify_dialog import VerifyDialog

            self.verify_dialog = VerifyDialog(self.ctx, self)
        self.verify_dialog.show()
        self.verify_dialog.raise_()
        self.verify_dialog.activateWindow()
        self.verify_dialog.text_edit.setFocus()
        return self.verify_dialog

    @Slot()
    def open_guide(self) -> GuideDialog:
        """Ayuda › Guía del instructor, shown from the copy shipped with the application."""
        if self.guide_dialog is None:
            from app.ui.dialogs.guide_dialog import GuideDialog

            self.guide_dialog = GuideDialog(paths.instructor_guide(), self)
        self.guide_dialog.show()
        self.guide_dialog.raise_()
        return self.guide_dialog

    @Slot()
    def open_about(self) -> QMessageBox:
        self.about_box = QMessageBox(QMessageBox.Icon.Information, self.tr("About Aula"), self.tr(
            "<b>Aula {version}</b><p>Attendance, participation and constancias of the courses, "
            "without a network.</p>").format(version=__version__), QMessageBox.StandardButton.Ok, self)
        self.about_box.open()
        return self.about_box

    # -- events -------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt naming)
        self._run_startup_work()
        self.context.settings.save_window(self.saveGeometry(), self.saveState())
        self.context.settings.sync()
        self.sync.stop()
        super().closeEvent(event)

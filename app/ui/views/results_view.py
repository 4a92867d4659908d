"""Resultados: ✓ Acredita / … Pendiente / ✗ No acredita with the reasons, and closing the group."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHBoxLayout, QMenu, QVBoxLayout, QWidget

from app.domain.enums import EnrollmentStatus, GroupStatus
from app.domain.errors import UserError
from app.services import groups, results
from app.services.context import Context
from app.ui import formatting
from app.ui.confirm import ConfirmBox, confirm
from app.ui.dialogs.reopen_dialog import ReopenDialog
from app.ui.models.results_table_model import ResultsTableModel
from app.ui.widgets import button, label, record_table, set_enabled_with_reason, show_error

logger = logging.getLogger(__name__)


class ResultsView(QWidget):
    """Who qualifies and why not; close or reopen the group.

    Signals:
        group_status_changed(): the group was closed or reopened.
        issue_requested(): the user asked to issue the constancias.
        sign_in_sheet_requested(int): the user asked for the sign-in sheet of a session (1-based).
        group_report_requested(): the user asked for the group's report.
    """

    group_status_changed = Signal()
    issue_requested = Signal()
    sign_in_sheet_requested = Signal(int)
    group_report_requested = Signal()

    def __init__(self, ctx: Context, group_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.status = GroupStatus.OPEN
        self.reopen_dialog: ReopenDialog | None = None
        self.confirm_box: ConfirmBox | None = None
        self._all_rows = []
        self.summary_label = label("", "subtitle", wrap=True)
        self.filter_check = QCheckBox(self.tr("Show only those who do not qualify"))
        self.filter_check.setAccessibleName(self.tr("Filter: does not qualify"))
        self.filter_check.toggled.connect(self._apply_filter)
        self.close_button = button(self.tr("Close group"), "lock",
                                   tooltip=self.tr("Lock the attendance and participation marks"))
        self.close_button.clicked.connect(self.close_group)
        self.reopen_button = button(self.tr("Reopen group…"), "unlock",
                                    tooltip=self.tr("Allow corrections again (recorded with its reason)"))
        self.reopen_button.clicked.connect(self.request_reopen)
        self.issue_button = button(self.tr("Issue constancias"), "check", shortcut="Ctrl+Shift+E",
                                   primary=True,
                                   tooltip=self.tr("Issue a constancia to everyone who qualifies "
                                                   "and has none yet"))
        self.issue_button.clicked.connect(self.issue_requested)
        self.sign_in_button = button(self.tr("Sign-in sheet"), "list",
                                     tooltip=self.tr("Printable attendance list of a session"))
        self.sign_in_menu = QMenu(self)
        self.sign_in_button.setMenu(self.sign_in_menu)
        self.report_button = button(self.tr("Group report…"), "results",
                                    tooltip=self.tr("Save the group's report as PDF"))
        self.report_button.clicked.connect(self.group_report_requested)
        self.model = ResultsTableModel(self)
        self.table = record_table(self.model, self.tr("Results of the group"),
                                  selection=QAbstractItemView.SelectionMode.ExtendedSelection,
                                  stretch_column=ResultsTableModel.REASONS)
        top = QHBoxLayout()
        top.addWidget(self.summary_label, 1)
        top.addWidget(self.filter_check)
        top.addWidget(self.close_button)
        top.addWidget(self.reopen_button)
        documents = QHBoxLayout()
        documents.addWidget(self.issue_button)
        documents.addWidget(self.sign_in_button)
        documents.addWidget(self.report_button)
        documents.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(documents)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        outcome = results.evaluate_group(self.ctx, self.group_id)
        self.status = outcome.group.summary.status
        self._all_rows = list(outcome.participants)
        enrolled = [p for p in self._all_rows if p.status is EnrollmentStatus.ENROLLED]
        if outcome.pending:
            self.summary_label.setText(self.tr("{qualified} of {enrolled} qualify · {pending} pending").format(
                qualified=outcome.qualified, enrolled=len(enrolled), pending=outcome.pending))
        else:
            self.summary_label.setText(self.tr("{qualified} of {enrolled} qualify").format(
                qualified=outcome.qualified, enrolled=len(enrolled)))
        closed = self.status is GroupStatus.CLOSED
        self.close_button.setVisible(not closed)
        self.reopen_button.setVisible(closed)
        set_enabled_with_reason(self.issue_button, outcome.qualified > 0,
                                self.tr("Nobody qualifies yet: constancias are issued to those who qualify"))
        self._build_sign_in_menu(outcome.group.sessions)
        self._apply_filter()

    def _build_sign_in_menu(self, sessions) -> None:
        self.sign_in_menu.clear()
        for session in sessions:
            action = self.sign_in_menu.addAction(self.tr("Session {number} · {date}…").format(
                number=session.index, date=formatting.date_text(session.date)))
            action.triggered.connect(
                lambda _=False, i=session.index: self.sign_in_sheet_requested.emit(i))

    @Slot()
    def _apply_filter(self) -> None:
        rows = self._all_rows
        if self.filter_check.isChecked():
            rows = [r for r in rows if not r.qualifies]
        self.model.set_rows(rows)

    @Slot()
    def close_group(self) -> ConfirmBox:
        """Ask, then close the group (it can be reopened with a reason)."""
        self.confirm_box = confirm(
            self, self.tr("Close the group?"),
            self.tr("Attendance and participation marks become read-only and constancias can be issued. "
                    "You can reopen the group later, giving the reason."),
            self.tr("Close group"), self._close_confirmed)
        return self.confirm_box

    def _close_confirmed(self) -> None:
        try:
            groups.close_group(self.ctx, self.group_id)
        except UserError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.group_status_changed.emit()

    @Slot()
    def request_reopen(self) -> None:
        """Ask for confirmation and a reason; reopening is audited by the service."""
        self.reopen_dialog = ReopenDialog(self)
        self.reopen_dialog.accepted.connect(self._on_reopen_dialog_accepted)
        self.reopen_dialog.open()

    @Slot()
    def _on_reopen_dialog_accepted(self) -> None:
        try:
            groups.reopen_group(self.ctx, self.group_id, self.reopen_dialog.reason())
        except UserError as exc:
            show_error(self, exc)
            return
        self.reload()
        self.group_status_changed.emit()

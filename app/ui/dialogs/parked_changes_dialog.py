"""Cambios rechazados: the changes the server refused, with its reason, to retry or discard.

A rejected change is never retried silently: it waits here until the user sends it again
("Reintentar", e.g. after the administrator fixed the unit) or gives it up ("Descartar",
confirmed; both are audited by the engine).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui import formatting
from app.ui.confirm import ConfirmBox, confirm
from app.ui.sync_runner import Engine
from app.ui.widgets import button, label, set_enabled_with_reason


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    if moment.tzinfo is not None:  # the engine keeps UTC; the user reads the wall clock
        moment = moment.astimezone().replace(tzinfo=None)
    return f"{formatting.date_text(moment.date())} {formatting.time_text(moment)}"


class ParkedChangesDialog(QDialog):
    """Signals:
        changed(): a change was retried or discarded (the sync status must be re-read).
        retried(): a change was put back in the queue (a round may send it now).
    """

    changed = Signal()
    retried = Signal()

    DATE, RECORD, KIND, REASON = range(4)

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.rows: list[Any] = []
        self.confirm_box: ConfirmBox | None = None
        self.setWindowTitle(self.tr("Rejected changes"))
        self.resize(760, 420)
        self.intro_label = label(self.tr(
            "The server did not accept these changes. Retry one once the cause is fixed, or discard it: "
            "a discarded change stays only in the history of this computer."), wrap=True)
        self.empty_label = label(self.tr("No change is waiting."), "empty")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Record"), self.tr("Change"),
                                              self.tr("Reason")])
        self.table.setAccessibleName(self.tr("Rejected changes"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.REASON, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retry_button = button(self.tr("Retry"), "redo", tooltip=self.tr("Send the change to the server again"))
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button = button(self.tr("Discard…"), "cross",
                                     tooltip=self.tr("Give up the change; the server keeps its version"))
        self.discard_button.clicked.connect(self.request_discard)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.retry_button)
        row.addWidget(self.discard_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.reload()

    @Slot()
    def reload(self) -> None:
        """Re-read the parked changes from the engine (the database)."""
        self.rows = list(self.engine.parked())
        self.table.setRowCount(len(self.rows))
        for index, op in enumerate(self.rows):
            cells = (_when(op.created_at), op.entity_label, self.kind_text(str(op.kind)), op.reason)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(self.rows))
        self.empty_label.setVisible(not self.rows)
        if self.rows and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()

    def kind_text(self, kind: str) -> str:
        return {"upsert": self.tr("New or changed"), "delete": self.tr("Deleted")}.get(kind, kind)

    def selected(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    @Slot()
    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for widget in (self.retry_button, self.discard_button):
            set_enabled_with_reason(widget, chosen, self.tr("Select a change first"))

    @Slot()
    def retry_selected(self) -> None:
        op = self.selected()
        if op is None:
            return
        self.engine.retry_parked(op.op_id)
        self.reload()
        self.changed.emit()
        self.retried.emit()

    @Slot()
    def request_discard(self) -> ConfirmBox | None:
        op = self.selected()
        if op is None:
            return None
        self.confirm_box = confirm(
            self, self.tr("Discard this change to {record}?").format(record=op.entity_label),
            self.tr("It will not reach the server; the server's version stays. This cannot be undone."),
            self.tr("Discard"), lambda: self.discard(op.op_id))
        return self.confirm_box

    def discard(self, op_id: Any) -> None:
        self.engine.discard_parked(op_id)
        self.reload()
        self.changed.emit()

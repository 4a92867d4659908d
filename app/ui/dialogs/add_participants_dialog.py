"""Add participants from the staff list: search as you type, Enter adds."""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLineEdit, QVBoxLayout, QWidget

from app.domain.errors import UserError
from app.services import roster, staff
from app.services.context import Context
from app.ui.models.staff_table_model import StaffTableModel
from app.ui.widgets import label, record_table, set_tone

logger = logging.getLogger(__name__)

RESULT_LIMIT = 100


class AddParticipantsDialog(QDialog):
    """Stays open so several people can be added in a row.

    Signals:
        enrolled(object): the worker id just put on the roster.
    """

    enrolled = Signal(object)

    def __init__(self, ctx: Context, group_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        self.setWindowTitle(self.tr("Add from the staff list"))
        self.resize(820, 520)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name or employee number (accents not needed)"))
        self.search_edit.setAccessibleName(self.tr("Search the staff list"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.search)
        self.search_edit.installEventFilter(self)
        self.model = StaffTableModel(self)
        self.table = record_table(self.model, self.tr("Matching workers"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(StaffTableModel.MATRICULA, 120)
        header.resizeSection(StaffTableModel.NAME, 300)
        header.resizeSection(StaffTableModel.CATEGORY, 220)
        self.table.activated.connect(self._on_table_activated)
        self.feedback_label = label("", "feedback", wrap=True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add_button = self.buttons.addButton(self.tr("Add selected"),
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.add_button.clicked.connect(self.add_selected)
        self.buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("Type part of the name or the employee number; ↑ ↓ choose, "
                                       "Enter adds to the group."), "muted", wrap=True))
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.feedback_label)
        layout.addWidget(self.buttons)
        self.search_edit.setFocus()

    @Slot(str)
    def search(self, text: str) -> None:
        """Show the workers matching ``text`` (accent- and case-insensitive)."""
        rows = staff.search_workers(self.ctx, text, limit=RESULT_LIMIT) if text.strip() else []
        self.model.set_rows(rows)
        if rows:
            self.table.setCurrentIndex(self.model.index(0, 0))

    @Slot()
    def add_selected(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        worker = self.model.row_at(index.row())
        try:
            added = roster.enroll(self.ctx, self.group_id, worker.id)
        except UserError as exc:
            self.feedback_label.setText(str(exc))
            set_tone(self.feedback_label, "bad")
            return
        text = (self.tr("{name} was added to the group.") if added
                else self.tr("{name} was already on the roster.")).format(name=worker.full_name)
        self.feedback_label.setText(text)
        set_tone(self.feedback_label, "good" if added else None)
        if added:
            self.enrolled.emit(worker.id)
        self.search_edit.selectAll()
        self.search_edit.setFocus()

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        self.add_selected()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_selected()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.model.rowCount():
                row = max(0, min(self.model.rowCount() - 1, self.table.currentIndex().row()
                                 + (-1 if key == Qt.Key.Key_Up else 1)))
                self.table.setCurrentIndex(self.model.index(row, 0))
                return True
        return super().eventFilter(watched, event)

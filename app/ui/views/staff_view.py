"""Plantilla: the staff list, searchable as you type."""

from __future__ import annotations

import logging

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLineEdit, QVBoxLayout, QWidget)

from app.services import staff
from app.services.context import Context
from app.ui import formatting
from app.ui.models.staff_table_model import StaffTableModel
from app.ui.widgets import label, record_table

logger = logging.getLogger(__name__)

RESULT_LIMIT = 200


class StaffView(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name or employee number (accents not needed)"))
        self.search_edit.setAccessibleName(self.tr("Search the staff list"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.search)
        self.count_label = label("", "muted")
        self.model = StaffTableModel(self)
        self.table = record_table(self.model, self.tr("Staff list"),
                                  selection=QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(StaffTableModel.MATRICULA, 130)
        header.resizeSection(StaffTableModel.NAME, 320)
        header.resizeSection(StaffTableModel.CATEGORY, 260)
        header.resizeSection(StaffTableModel.DEPARTMENT, 200)
        top = QHBoxLayout()
        top.addWidget(label(self.tr("Staff list"), "title"))
        top.addSpacing(24)
        top.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        self.total = staff.count_workers(self.ctx)
        self.search(self.search_edit.text())

    @Slot(str)
    def search(self, text: str) -> None:
        """Show the first matches of ``text`` among every worker of the device."""
        rows = staff.search_workers(self.ctx, text, limit=RESULT_LIMIT)
        self.model.set_rows(rows)
        total = getattr(self, "total", None)
        if text.strip():
            shown = (self.tr("{count} matches") if len(rows) < RESULT_LIMIT
                     else self.tr("First {count} matches; keep typing to narrow the search"))
            self.count_label.setText(shown.format(count=formatting.number_text(len(rows))))
        elif total is not None:
            self.count_label.setText(self.tr("{total} workers; type to search").format(
                total=formatting.number_text(total)))

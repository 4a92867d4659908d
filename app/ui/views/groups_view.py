"""Inicio / Grupos: groups at a glance, in progress, upcoming and finished; search; new group."""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from app.services import groups, results
from app.services.context import Context
from app.services.groups import GroupSummary, Phase
from app.ui.models.base import ROW_ROLE
from app.ui.models.groups_table_model import GroupsTableModel
from app.ui.widgets import button, label, record_table, tooltip_with_shortcut

logger = logging.getLogger(__name__)


class _GroupSection(QWidget):
    """A titled table of the groups of one phase."""

    def __init__(self, title: str, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.title_label = label("", "subtitle")
        self.empty_label = label(empty_text, "muted")
        self.model = GroupsTableModel(self)
        self.table = record_table(self.model, title, stretch_column=GroupsTableModel.COURSE)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.addWidget(self.title_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table)

    def set_groups(self, rows: list[GroupSummary]) -> None:
        self.model.set_rows(rows)
        self.title_label.setText(f"{self.title} ({len(rows)})")
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + sum(
            self.table.rowHeight(r) for r in range(len(rows))) + 2 * self.table.frameWidth() + 2
        self.table.setFixedHeight(height)


class GroupsView(QWidget):
    """Signals:
        open_requested(object): the id of the group to open.
        new_group_requested(): "Nuevo grupo" was pressed.
    """

    open_requested = Signal(object)
    new_group_requested = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Search by code, course, unit, room or instructor"))
        self.search_edit.setAccessibleName(self.tr("Search groups"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        # Who qualifies in each group counted by the last reload: typing in the search box only
        # filters the same data, so it reuses them (a data change goes through reload()).
        self._counted: dict[uuid.UUID, GroupSummary] = {}
        # Ctrl+N belongs to the window's "Nuevo grupo" action; the tooltip names it.
        self.new_button = button(self.tr("New group"), "add", primary=True,
                                 tooltip=tooltip_with_shortcut(self.tr("New group"), "Ctrl+N"))
        self.new_button.clicked.connect(self.new_group_requested)
        self.sections = {
            Phase.IN_PROGRESS: _GroupSection(self.tr("In progress"), self.tr("No group is in progress.")),
            Phase.UPCOMING: _GroupSection(self.tr("Upcoming"), self.tr("No upcoming groups. Create one with "
                                                                       "“New group”.")),
            Phase.FINISHED: _GroupSection(self.tr("Finished"), self.tr("No finished groups yet.")),
        }
        content = QWidget()
        content_layout = QVBoxLayout(content)
        for section in self.sections.values():
            section.table.activated.connect(self._on_table_activated)
            content_layout.addWidget(section)
        content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        top = QHBoxLayout()
        top.addWidget(label(self.tr("Groups"), "title"))
        top.addSpacing(24)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    @Slot()
    def reload(self) -> None:
        """The groups read again, and who qualifies in each counted again (the data may have changed)."""
        self._counted.clear()
        self._show(self._with_counts(groups.list_groups(self.ctx, self.search_edit.text())))

    def reload_uncounted(self) -> None:
        """The groups without who qualifies, which needs each group's results (start-up: the
        window counts them once its first frame is on screen)."""
        self._counted.clear()
        self._show(groups.list_groups(self.ctx, self.search_edit.text()))

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        rows = groups.list_groups(self.ctx, text)
        self._show(self._with_counts(rows) if self._counted else rows)  # uncounted until start-up counts

    def _with_counts(self, rows: list[GroupSummary]) -> list[GroupSummary]:
        """``rows`` with who qualifies: counted now for the groups the last count did not cover.

        A count is reused only for the same summary (same enrolled, attended, dates and phase).
        """
        missing = [row for row in rows if row.id not in self._counted
                   or replace(self._counted[row.id], qualified=None, pending=None) != row]
        for row in results.with_qualified(self.ctx, missing):
            self._counted[row.id] = row
        return [self._counted[row.id] for row in rows]

    def _show(self, rows: list[GroupSummary]) -> None:
        for phase, section in self.sections.items():
            section.set_groups([g for g in rows if g.phase is phase])

    @Slot(QModelIndex)
    def _on_table_activated(self, index: QModelIndex) -> None:
        summary: GroupSummary = index.data(ROW_ROLE)
        self.open_requested.emit(summary.id)

    def open_group(self, group_id: uuid.UUID) -> None:
        self.open_requested.emit(group_id)

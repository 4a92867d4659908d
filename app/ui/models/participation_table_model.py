"""The participation grid of one session: participants × activities, checkable."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.domain.text import search_key

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class GridParticipant:
    number: int
    worker_id: uuid.UUID
    name: str
    matricula: str = ""

    @property
    def search_text(self) -> str:
        """Name and matrícula without accents or case, for the find box."""
        return search_key(self.name, self.matricula)


@dataclass(frozen=True)
class GridActivity:
    activity_id: uuid.UUID
    name: str


class ParticipationTableModel(QAbstractTableModel):
    """Column 0 is the participant; one checkable column per activity.

    The model never writes: a toggle emits :attr:`toggle_requested`, the view
    records it through the service and then calls :meth:`set_mark`.

    Signals:
        toggle_requested(object, object, bool): worker id, activity id, new value.
    """

    toggle_requested = Signal(object, object, bool)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._participants: list[GridParticipant] = []
        self._activities: list[GridActivity] = []
        self._marks: dict[tuple[uuid.UUID, uuid.UUID], bool] = {}
        self._read_only = False

    def set_grid(self, participants: Sequence[GridParticipant], activities: Sequence[GridActivity],
                 marks: dict[tuple[uuid.UUID, uuid.UUID], bool]) -> None:
        self.beginResetModel()
        self._participants = list(participants)
        self._activities = list(activities)
        self._marks = dict(marks)
        self.endResetModel()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only

    def participant(self, row: int) -> GridParticipant:
        return self._participants[row]

    def activity(self, column: int) -> GridActivity:
        return self._activities[column - 1]

    def is_marked(self, worker_id: uuid.UUID, activity_id: uuid.UUID) -> bool:
        return self._marks.get((worker_id, activity_id), False)

    def set_mark(self, worker_id: uuid.UUID, activity_id: uuid.UUID, value: bool) -> None:
        """Show a committed mark."""
        self._marks[(worker_id, activity_id)] = value
        row = next((i for i, p in enumerate(self._participants) if p.worker_id == worker_id), None)
        column = next((i + 1 for i, a in enumerate(self._activities) if a.activity_id == activity_id), None)
        if row is not None and column is not None:
            index = self.index(row, column)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])

    def find(self, text: str, start: int = 0) -> int | None:
        """The first row from ``start`` (wrapping around) whose name or matrícula contains ``text``.

        Accents and case do not matter; every word typed must appear ("ana bravo").
        """
        words = search_key(text).split()
        if not words or not self._participants:
            return None
        count = len(self._participants)
        for offset in range(count):
            row = (start + offset) % count
            haystack = self._participants[row].search_text
            if all(word in haystack for word in words):
                return row
        return None

    def column_count_marked(self, column: int) -> int:
        activity = self.activity(column)
        return sum(1 for p in self._participants if self.is_marked(p.worker_id, activity.activity_id))

    # -- Qt -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._participants)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 1 + len(self._activities)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() > 0 and not self._read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._participants):
            return None
        participant = self._participants[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{participant.number}. {participant.name}"
            return None
        if not 0 < index.column() <= len(self._activities):
            return None
        marked = self.is_marked(participant.worker_id, self.activity(index.column()).activity_id)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if marked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Yes") if marked else self.tr("No")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.tr("{name}, {activity}: {value}").format(
                name=participant.name, activity=self.activity(index.column()).name,
                value=self.tr("took part") if marked else self.tr("did not take part"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if (role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() == 0
                or self._read_only):
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        participant = self._participants[index.row()]
        self.toggle_requested.emit(participant.worker_id, self.activity(index.column()).activity_id,
                                   checked)
        return False  # the view calls set_mark once the service has committed

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        if section == 0:
            return self.tr("Participant") if role == Qt.ItemDataRole.DisplayRole else None
        if not 0 < section <= len(self._activities):
            return None
        activity = self._activities[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{section}. {activity.name}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{name} — click the header to mark that everyone took part").format(
                name=activity.name)
        return None

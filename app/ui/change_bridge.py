"""The services' change broadcast, brought to the GUI thread.

``ctx.broadcast`` calls its listeners on the publisher's thread (a sync page commits on a
pool thread). :class:`ChangeBridge` re-emits each :class:`~app.services.broadcast.Changed`
as a Qt signal queued to the GUI thread; :class:`RefreshOnChange` turns the changes that
touch what a screen shows into one reload of that screen, keeping the user's place in it.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QAbstractItemView, QTableView

from app.services.broadcast import ChangeBroadcast, Changed
from app.ui.models.base import ROW_ROLE


class ChangeBridge(QObject):
    """Subscribed to a :class:`ChangeBroadcast`; ``changed`` is always emitted on the GUI thread.

    Signals:
        changed(object): a :class:`Changed`.
    """

    changed = Signal(object)
    _posted = Signal(object)

    def __init__(self, broadcast: ChangeBroadcast, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A signal emitted from another thread reaches this object's slot through its event loop.
        self._posted.connect(self._on_posted)
        self._unsubscribe: Callable[[], None] | None = broadcast.subscribe(self._posted.emit)

    @Slot(object)
    def _on_posted(self, change: Changed) -> None:
        self.changed.emit(change)

    def close(self) -> None:
        """Stop listening (the broadcast outlives the window)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None


class RefreshOnChange(QObject):
    """Calls ``reload`` once after changes to ``entities`` (of ``group_id``, when given).

    A bootstrap publishes one change per page: changes arriving together give one reload.
    Only changes pulled by sync (or published by another screen) are followed: a screen
    already shows what it wrote itself.
    """

    def __init__(self, bridge: ChangeBridge, entities: Iterable[str], reload: Callable[[], None],
                 group_id: uuid.UUID | None = None, parent: QObject | None = None,
                 delay_ms: int = 150) -> None:
        super().__init__(parent)
        self.entities = tuple(entities)
        self.group_id = group_id
        self._reload = reload
        self.reloads = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        bridge.changed.connect(self._on_bridge_changed)

    def wants(self, change: Changed) -> bool:
        return any(change.touches(entity, self.group_id) for entity in self.entities)

    @Slot(object)
    def _on_bridge_changed(self, change: Changed) -> None:
        if change.source != "local" and self.wants(change):
            self._timer.start()

    @Slot()
    def _on_timer_timeout(self) -> None:
        self.reloads += 1
        self._reload()


def _row_key(row: object) -> object:
    for name in ("worker_id", "id"):
        value = getattr(row, name, None)
        if value is not None:
            return value
    return row


@contextlib.contextmanager
def keeping_place(tables: Iterable[QTableView]) -> Iterator[None]:
    """Reload inside this block: each table keeps its selected records, current cell and scroll.

    Records are recognised by their ``worker_id`` or ``id``, so a row that moved is followed.
    """
    saved = []
    for table in tables:
        model = table.model()
        selected = {_row_key(index.data(ROW_ROLE)) for index in table.selectionModel().selectedRows()}
        current = table.currentIndex()
        current_key = _row_key(current.data(ROW_ROLE)) if current.isValid() else None
        saved.append((table, selected, current_key, current.column() if current.isValid() else 0,
                      table.verticalScrollBar().value(), table.horizontalScrollBar().value(), model))
    yield
    for table, selected, current_key, column, vertical, horizontal, model in saved:
        if table.model() is not model:
            continue
        selection = table.selectionModel()
        keys = {_row_key(model.index(row, 0).data(ROW_ROLE)): row for row in range(model.rowCount())}
        keys.pop(None, None)  # a model without records (a grid) keeps its own current cell
        if current_key in keys:
            selection.setCurrentIndex(model.index(keys[current_key], column),
                                      selection.SelectionFlag.NoUpdate)
        if selected and table.selectionMode() is not QAbstractItemView.SelectionMode.NoSelection:
            selection.clearSelection()
            for key in selected:
                if key in keys:
                    selection.select(model.index(keys[key], 0),
                                     selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        table.verticalScrollBar().setValue(vertical)
        table.horizontalScrollBar().setValue(horizontal)

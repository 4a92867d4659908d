"""Change broadcast: who changed what, told to whoever shows it.

Services and the sync engine publish a :class:`Changed` after their transaction commits;
screens subscribe (through a Qt bridge in ``app.ui``) and reload only when a change touches
what they show. Plain Python so services and the sync layer never import Qt. Callbacks run
on the publisher's thread: a GUI bridge must re-post to the GUI thread (a queued signal).
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Changed:
    """Entities (``app.sync.protocol.Entity`` values) and the groups a commit touched.

    ``group_ids`` empty with group-level entities in ``entities`` means "any group may have
    changed" (a bulk pull page): a screen then reloads whatever it shows.
    """

    entities: frozenset[str]
    group_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    source: str = "local"  # "local" (a service on this device) or "sync" (pulled from the server)

    def touches(self, entity: str, group_id: uuid.UUID | None = None) -> bool:
        if entity not in self.entities:
            return False
        return group_id is None or not self.group_ids or group_id in self.group_ids


Listener = Callable[[Changed], None]


class ChangeBroadcast:
    """A thread-safe list of listeners; a failing listener never breaks the publisher."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Add ``listener``; returns a function that removes it."""
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def publish(self, change: Changed) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(change)
            except Exception:  # a screen's bug must not undo a committed sync page
                log.exception("change listener failed")

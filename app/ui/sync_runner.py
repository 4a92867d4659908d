"""Sync in the background: one round at a time, off the GUI thread.

:class:`SyncRunner` runs the engine's ``run_round`` through the interface's
:class:`~app.ui.tasks.TaskRunner` — periodically, soon after the user's changes (debounced)
and on "Sincronizar ahora" — and never two rounds at once. After a failed round the next
automatic one waits (full jitter, ~1 s growing to 10 minutes); "Sincronizar ahora" does not
wait. The GUI thread only ever calls the engine's cheap ``status()``, so a scan never waits
for the network.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import random
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.sync.status import SyncPhase, SyncStatus
from app.ui.tasks import Task, TaskContext, TaskRunner

logger = logging.getLogger(__name__)

#: Phases in which no round may run until the user (or the administrator) acts. "Actualice Aula"
#: is not one: it is tried again with the back-off, so the updated Aula syncs by itself.
BLOCKED_PHASES = frozenset({SyncPhase.NOT_ENROLLED, SyncPhase.REVOKED, SyncPhase.REENROLL_REQUIRED})
#: A round that ended in one of these waits for the back-off before the next automatic one.
RETRY_PHASES = frozenset({SyncPhase.OFFLINE, SyncPhase.UPDATE_REQUIRED})


class Engine(Protocol):
    """What the runner and the sync screens use of ``app.sync.engine.SyncEngine``."""

    def status(self) -> SyncStatus: ...
    def run_round(self, progress: Callable[[int, int, str], None] | None = None,
                  cancel: Callable[[], bool] | None = None) -> SyncStatus: ...
    def enroll(self, url: str, code: str) -> Any: ...
    def unenroll(self) -> None: ...
    def parked(self) -> list[Any]: ...
    def retry_parked(self, op_id: Any) -> None: ...
    def discard_parked(self, op_id: Any) -> None: ...
    def close(self) -> None: ...


def create_engine(ctx) -> Engine | None:
    """The sync engine of ``ctx``'s database, or None without a database."""
    if ctx is None:
        return None
    from app.sync.engine import SyncEngine

    return SyncEngine(ctx)


class Backoff:
    """Full jitter: after the n-th failure in a row wait a random time in [0, min(cap, base·2ⁿ)]."""

    def __init__(self, base: float = 1.0, cap: float = 600.0, rng: random.Random | None = None) -> None:
        self.base, self.cap = base, cap
        self.failures = 0
        self._rng = rng or random.Random()

    def failed(self) -> float:
        """Count a failure; returns the seconds to wait before the next automatic attempt."""
        self.failures += 1
        return max(self.base, self._rng.uniform(0, min(self.cap, self.base * 2 ** self.failures)))

    def succeeded(self) -> None:
        self.failures = 0


def _seconds_until(moment: dt.datetime | None) -> float | None:
    """Seconds from now to ``moment`` (aware, or naive local time); None without a moment."""
    if moment is None:
        return None
    now = dt.datetime.now(dt.UTC) if moment.tzinfo is not None else dt.datetime.now()
    return max(0.0, (moment - now).total_seconds())


def _run_round(engine: Engine, *, context: TaskContext) -> SyncStatus:
    return engine.run_round(progress=context.progress, cancel=lambda: context.cancelled)


class SyncRunner(QObject):
    """Decides when a round runs, runs it in the background and tells the status.

    Signals:
        status_changed(object): the :class:`SyncStatus` to show (also during a round).
        round_finished(object): a round ended; its :class:`SyncStatus`.
        round_failed(object): a round raised (the exception); the status was re-read.

    Args:
        engine: the sync engine (None: no database; nothing ever runs).
        tasks: the interface's task runner.
        period_ms: a round every this often while enrolled.
        debounce_ms: a round this long after the last local change.
    """

    status_changed = Signal(object)
    round_finished = Signal(object)
    round_failed = Signal(object)

    PERIOD_MS = 5 * 60 * 1000
    DEBOUNCE_MS = 10 * 1000

    def __init__(self, engine: Engine | None, tasks: TaskRunner, parent: QObject | None = None, *,
                 period_ms: int = PERIOD_MS, debounce_ms: int = DEBOUNCE_MS,
                 backoff: Backoff | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self._tasks = tasks
        self.backoff = backoff or Backoff()
        self.task: Task | None = None
        self.rounds_started = 0
        self._again = False
        self._stopped = False
        self._periodic = QTimer(self)
        self._periodic.setInterval(period_ms)
        self._periodic.timeout.connect(self._on_periodic_timeout)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(debounce_ms)
        self._soon.timeout.connect(self._on_soon_timeout)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._on_retry_timeout)
        self.status: SyncStatus = engine.status() if engine is not None else SyncStatus(SyncPhase.NOT_ENROLLED)

    # -- state ----------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.task is not None

    @property
    def enrolled(self) -> bool:
        return self.status.phase is not SyncPhase.NOT_ENROLLED

    @property
    def can_sync(self) -> bool:
        return self.engine is not None and not self._stopped and self.status.phase not in BLOCKED_PHASES

    @property
    def waiting_for_retry(self) -> bool:
        return self._retry.isActive()

    @Slot()
    def refresh_status(self) -> SyncStatus:
        """Re-read the status from the database (cheap) and tell it; unchanged during a round."""
        if self.engine is not None and not self.running:
            self._set_status(self.engine.status())
        return self.status

    def _set_status(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    # -- when ------------------------------------------------------------------
    def start(self) -> None:
        """Begin the periodic rounds; the first one soon after start-up."""
        if self.engine is None or self._stopped:
            return
        self._periodic.start()
        self.refresh_status()
        if not self.can_sync:
            return
        wait = _seconds_until(getattr(self.status, "next_attempt_at", None))
        if wait:  # the previous run's back-off still holds
            self._retry.start(int(wait * 1000))
        else:
            self._soon.start()

    @Slot()
    def changes_made(self) -> None:
        """The user changed something: tell the new count now, sync once the changes pause."""
        if self._stopped:
            return
        self.refresh_status()
        if self.can_sync:
            self._soon.start()  # restarted by every change: one round after the burst

    @Slot()
    def sync_now(self) -> bool:
        """"Sincronizar ahora": a round now, whatever the backoff; after the running one if any."""
        if not self.can_sync:
            return False
        self._retry.stop()
        self._begin()
        return True

    @Slot()
    def _on_periodic_timeout(self) -> None:
        if not self.waiting_for_retry:
            self._begin_if_allowed()

    @Slot()
    def _on_soon_timeout(self) -> None:
        if not self.waiting_for_retry:
            self._begin_if_allowed()

    @Slot()
    def _on_retry_timeout(self) -> None:
        self._begin_if_allowed()

    def _begin_if_allowed(self) -> None:
        self.refresh_status()
        if self.can_sync:
            self._begin()

    # -- the round -------------------------------------------------------------
    def _begin(self) -> None:
        if self.running:
            self._again = True  # once this round ends, another one (never two at once)
            return
        self._again = False
        self._soon.stop()
        self.rounds_started += 1
        task = self._tasks.submit(_run_round, self.engine, name="sync")
        self.task = task
        task.progress.connect(self._on_task_progress)
        task.result.connect(self._on_task_result)
        task.error.connect(self._on_task_error)
        task.finished.connect(self._on_task_finished)
        self._set_status(dataclasses.replace(self.status, phase=SyncPhase.SYNCING, done=0, total=0))

    @Slot(int, int, str)
    def _on_task_progress(self, done: int, total: int, _text: str) -> None:
        self._set_status(dataclasses.replace(self.status, phase=SyncPhase.SYNCING, done=done, total=total))

    @Slot(object)
    def _on_task_result(self, status: SyncStatus) -> None:
        if status.phase in RETRY_PHASES:
            self._schedule_retry(status)
        else:
            self.backoff.succeeded()
        self.task = None
        self._set_status(status)
        self.round_finished.emit(status)

    @Slot(object)
    def _on_task_error(self, exc: BaseException) -> None:
        logger.warning("Sync round failed: %s", exc)
        self.task = None
        self._schedule_retry()
        self.refresh_status()
        self.round_failed.emit(exc)

    @Slot()
    def _on_task_finished(self) -> None:
        self.task = None
        if self._stopped:
            return
        if self.status.phase is SyncPhase.SYNCING:  # cancelled: the database knows what was done
            self.refresh_status()
        if self._again and self.can_sync:
            self._begin()

    def _schedule_retry(self, status: SyncStatus | None = None) -> None:
        """The next automatic round waits: until the engine's ``next_attempt_at``, else our own backoff."""
        if self._stopped:
            return
        delay = self.backoff.failed()
        engine_delay = _seconds_until(getattr(status, "next_attempt_at", None))
        if engine_delay is not None:
            delay = engine_delay
        logger.info("Next automatic sync in %.1f s", delay)
        self._retry.start(int(delay * 1000))

    # -- exit ------------------------------------------------------------------
    def stop(self, wait_ms: int = 15000) -> None:
        """No more rounds; cancel the running one and wait for its thread to return."""
        self._stopped = True
        for timer in (self._periodic, self._soon, self._retry):
            timer.stop()
        task = self.task
        if task is not None:
            task.cancel()
            self._tasks.wait_for_done(wait_ms)

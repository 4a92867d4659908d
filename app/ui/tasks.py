"""The one background task runner of the interface (STYLE practice 3).

Imports, exports, PDF batches and sync run through :class:`TaskRunner`: the
function runs on a ``QThreadPool`` thread and its result, error, progress and
cancellation come back as signals delivered on the GUI thread. Functions get
ids and plain data, never widgets or open ORM sessions; each receives a
:class:`TaskContext` as keyword argument ``context`` to report progress and to
check for cancellation.
"""

from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

logger = logging.getLogger(__name__)


class TaskCancelled(Exception):
    """Raised inside a task (by :meth:`TaskContext.check_cancelled`) to stop it."""


class TaskContext:
    """What a running task may touch: progress reports and the cancel flag."""

    def __init__(self, emit_progress: Callable[[int, int, str], None]) -> None:
        self._emit_progress = emit_progress
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check_cancelled(self) -> None:
        """Raise :class:`TaskCancelled` when cancellation was requested."""
        if self._cancel.is_set():
            raise TaskCancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report ``done`` of ``total`` steps, with an optional line for the user."""
        self._emit_progress(done, total, text)


class _WorkerSignals(QObject):
    """Signals emitted from the pool thread; they belong to the GUI thread."""

    result = Signal(object)
    error = Signal(object)
    progress = Signal(int, int, str)
    cancelled = Signal()


class Task(QObject):
    """A handle on one background call, living on the GUI thread.

    Signals:
        result(object): the function's return value.
        error(object): the exception it raised (``TaskCancelled`` excluded).
        progress(int, int, str): done, total and a line of text.
        cancelled(): the task stopped because :meth:`cancel` was called.
        finished(): emitted last, whatever the outcome.
    """

    result = Signal(object)
    error = Signal(object)
    progress = Signal(int, int, str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, task_id: int, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.task_id = task_id
        self.name = name
        self.done = False
        self.outcome: Any = None
        self.exception: BaseException | None = None
        self.traceback_text = ""
        self._worker_signals = _WorkerSignals()
        self._worker_signals.result.connect(self._on_worker_result)
        self._worker_signals.error.connect(self._on_worker_error)
        self._worker_signals.progress.connect(self.progress)
        self._worker_signals.cancelled.connect(self._on_worker_cancelled)
        self.context = TaskContext(self._worker_signals.progress.emit)

    def cancel(self) -> None:
        """Ask the task to stop at its next cancellation check."""
        self.context.cancel()

    @Slot(object)
    def _on_worker_result(self, value: Any) -> None:
        self.outcome = value
        self.result.emit(value)
        self._finish()

    @Slot(object)
    def _on_worker_error(self, payload: tuple[BaseException, str]) -> None:
        self.exception, self.traceback_text = payload
        self.error.emit(self.exception)
        self._finish()

    @Slot()
    def _on_worker_cancelled(self) -> None:
        self.cancelled.emit()
        self._finish()

    def _finish(self) -> None:
        self.done = True
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, function: Callable[..., Any], args: tuple, kwargs: dict,
                 context: TaskContext, signals: _WorkerSignals, name: str) -> None:
        super().__init__()
        self._function = function
        self._args = args
        self._kwargs = kwargs
        self._context = context
        self._signals = signals
        self._name = name

    def run(self) -> None:
        try:
            value = self._function(*self._args, context=self._context, **self._kwargs)
        except TaskCancelled:
            logger.info("Task %s cancelled", self._name)
            self._signals.cancelled.emit()
        except BaseException as exc:  # reported to the GUI thread, never lost
            text = traceback.format_exc()
            logger.info("Task %s failed: %s", self._name, exc)
            self._signals.error.emit((exc, text))
        else:
            self._signals.result.emit(value)


class TaskRunner(QObject):
    """Runs functions on a thread pool and hands results back on the GUI thread.

    Signals:
        busy_changed(bool): whether any task is running.
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._running: dict[int, Task] = {}

    def submit(self, function: Callable[..., Any], *args: Any, name: str = "",
               **kwargs: Any) -> Task:
        """Run ``function(*args, context=TaskContext, **kwargs)`` in the background.

        Connect to the returned task's signals right away: they are delivered
        through the GUI thread's event loop, never before this call returns.
        """
        task = Task(next(self._ids), name or getattr(function, "__name__", "task"))
        self._running[task.task_id] = task
        task.finished.connect(lambda: self._on_task_finished(task.task_id))
        if len(self._running) == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Runnable(function, args, kwargs, task.context,
                                   task._worker_signals, task.name))
        return task

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        for task in list(self._running.values()):
            task.cancel()

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the pool's threads are idle (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)

    def _on_task_finished(self, task_id: int) -> None:
        self._running.pop(task_id, None)
        if not self._running:
            self.busy_changed.emit(False)

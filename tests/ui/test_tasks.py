"""The background task runner hands results, errors, progress and cancel to the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from app.ui.tasks import TaskCancelled, TaskRunner


def _threads_seen(record: list) -> None:
    record.append(QThread.currentThread())


def test_result_arrives_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    worker_threads = []

    def work(a, b, *, context):
        worker_threads.append(threading.current_thread())
        return a + b

    task = runner.submit(work, 2, 3)
    received = []
    task.result.connect(lambda value: received.append((value, QThread.currentThread())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert received == [(5, QThread.currentThread())]
    assert worker_threads[0] is not threading.main_thread()


def test_an_exception_in_the_task_is_delivered_as_error(qtbot):
    runner = TaskRunner()

    def work(*, context):
        raise ValueError("archivo dañado")

    task = runner.submit(work)
    with qtbot.waitSignal(task.error, timeout=5000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)
    assert "archivo dañado" in task.traceback_text


def test_progress_reports_reach_the_gui(qtbot):
    runner = TaskRunner()

    def work(*, context):
        for done in range(1, 4):
            context.progress(done, 3, f"fila {done}")
        return "ok"

    task = runner.submit(work)
    reports = []
    task.progress.connect(lambda done, total, text: reports.append((done, total, text)))
    qtbot.waitSignal(task.finished, timeout=5000).wait()
    assert reports == [(1, 3, "fila 1"), (2, 3, "fila 2"), (3, 3, "fila 3")]


def test_cancel_stops_a_task_at_its_next_check(qtbot):
    runner = TaskRunner()
    started = threading.Event()
    release = threading.Event()

    def work(*, context):
        started.set()
        release.wait(5)
        context.check_cancelled()
        return "terminó"

    task = runner.submit(work)
    assert started.wait(5)
    task.cancel()
    release.set()
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        pass
    assert task.outcome is None


def test_runner_reports_busy_while_a_task_runs(qtbot):
    runner = TaskRunner()
    states = []
    runner.busy_changed.connect(states.append)
    task = runner.submit(lambda *, context: None)
    qtbot.waitSignal(task.finished, timeout=5000).wait()
    qtbot.waitUntil(lambda: states == [True, False], timeout=5000)
    assert not runner.busy


def test_task_cancelled_is_not_reported_as_error(qtbot):
    runner = TaskRunner()

    def work(*, context):
        raise TaskCancelled()

    task = runner.submit(work)
    errors = []
    task.error.connect(errors.append)
    qtbot.waitSignal(task.finished, timeout=5000).wait()
    assert errors == []

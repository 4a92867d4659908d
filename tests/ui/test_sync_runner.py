"""Sync in the background: off the GUI thread, one round at a time, after changes, with backoff."""

from __future__ import annotations

import random
import threading

import pytest
from PySide6.QtCore import Qt
from sync_double import EngineDouble, window_with_engine

from app.sync.status import SyncPhase
from app.ui.sync_runner import Backoff, SyncRunner


@pytest.fixture
def engine(clock) -> EngineDouble:
    return EngineDouble(clock, enrolled=True, pending=3)


def test_f9_syncs_off_the_gui_thread_and_the_status_ends_up_to_date(app_context, ctx, qtbot, engine):
    window = window_with_engine(app_context, ctx, qtbot, engine)
    assert window.status.sync_label.text() == "3 cambios por enviar"
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: window.status.sync_label.text() == "Al día, 07:30")
    assert engine.pending == 0
    assert threading.get_ident() not in engine.round_threads
    assert window.sync.runner.status.up_to_date


def test_the_status_bar_shows_the_progress_of_a_running_round(app_context, ctx, qtbot, engine):
    window = window_with_engine(app_context, ctx, qtbot, engine)
    engine.release.clear()
    window.sync.sync_now()
    qtbot.waitUntil(engine.entered.is_set)
    assert window.status.sync_label.text() == "Sincronizando…"
    assert not window.sync.disconnect_action.isEnabled()
    assert window.sync.disconnect_action.toolTip() == "Espere a que termine la sincronización"
    seen = []
    window.sync.runner.status_changed.connect(lambda status: seen.append(window.status.sync_label.text()))
    engine.release.set()
    qtbot.waitUntil(lambda: not window.sync.runner.running)
    assert "Sincronizando… (1/3)" in seen and "Sincronizando… (3/3)" in seen
    assert seen[-1] == "Al día, 07:30"


def test_never_two_rounds_at_once(app_context, ctx, qtbot, engine):
    window = window_with_engine(app_context, ctx, qtbot, engine)
    runner = window.sync.runner
    engine.release.clear()
    runner.sync_now()
    qtbot.waitUntil(engine.entered.is_set)
    runner.sync_now()
    runner.sync_now()
    engine.release.set()
    qtbot.waitUntil(lambda: runner.rounds_started == 2 and not runner.running)
    assert engine.max_active == 1
    assert engine.rounds == 2  # the requests made during a round give one more round, not two


def test_changes_in_a_burst_give_one_round_once_they_pause(app_context, qtbot, clock):
    engine = EngineDouble(clock, enrolled=True)
    runner = SyncRunner(engine, app_context.tasks, debounce_ms=50)
    for _ in range(3):
        engine.pending += 1
        runner.changes_made()
    assert runner.status.pending_ops == 3  # told at once, before any round
    qtbot.waitUntil(lambda: runner.rounds_started == 1 and not runner.running)
    assert engine.pending == 0
    runner.stop()


def test_a_mark_in_the_group_asks_for_a_round_soon(app_context, ctx, qtbot, enrolled_group, clock):
    engine = EngineDouble(clock, enrolled=True)
    window = window_with_engine(app_context, ctx, qtbot, engine)
    view = window.open_group(enrolled_group.id)
    runner = window.sync.runner
    runner._soon.stop()  # the round after start-up: not what this test is about
    view.session_view(1).attendance_view.scan("10000001")
    assert runner._soon.isActive()


def test_an_offline_round_waits_for_the_backoff_but_sync_now_does_not(app_context, qtbot, clock):
    engine = EngineDouble(clock, enrolled=True, pending=2)
    engine.reachable = False
    runner = SyncRunner(engine, app_context.tasks, backoff=Backoff(base=60, rng=random.Random(1)))
    runner.sync_now()
    qtbot.waitUntil(lambda: runner.rounds_started == 1 and not runner.running)
    assert runner.status.phase is SyncPhase.OFFLINE
    assert runner.waiting_for_retry and runner.backoff.failures == 1
    runner._on_periodic_timeout()
    runner._on_soon_timeout()
    assert runner.rounds_started == 1  # the automatic rounds wait for the backoff
    engine.reachable = True
    runner.sync_now()
    qtbot.waitUntil(lambda: runner.rounds_started == 2 and not runner.running)
    assert runner.status.phase is SyncPhase.UP_TO_DATE and runner.backoff.failures == 0
    assert not runner.waiting_for_retry
    runner.stop()


def test_update_required_is_retried_with_the_backoff_and_syncs_once_aula_is_updated(
        app_context, ctx, qtbot, clock):
    engine = EngineDouble(clock, enrolled=True, pending=2)
    engine.update_required = True
    window = window_with_engine(app_context, ctx, qtbot, engine)
    runner = window.sync.runner
    runner.sync_now()
    qtbot.waitUntil(lambda: runner.rounds_started == 1 and not runner.running)
    assert window.status.sync_label.text() == "Actualice Aula"
    assert runner.waiting_for_retry  # tried again later, never given up
    assert window.sync.sync_now_action.isEnabled()
    engine.update_required = False  # Aula was updated
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: runner.rounds_started == 2 and not runner.running)
    assert window.status.sync_label.text() == "Al día, 07:30"
    assert engine.pending == 0


def test_backoff_grows_with_full_jitter_up_to_ten_minutes():
    backoff = Backoff(rng=random.Random(7))
    delays = [backoff.failed() for _ in range(20)]
    assert all(1 <= d <= 600 for d in delays)
    assert max(delays[12:]) > 60  # grows past a minute once failures pile up
    backoff.succeeded()
    assert backoff.failures == 0


def test_a_device_not_enrolled_never_syncs_and_says_why(app_context, ctx, qtbot, clock):
    engine = EngineDouble(clock, enrolled=False, pending=7)
    window = window_with_engine(app_context, ctx, qtbot, engine)
    assert window.status.sync_label.text() == "Sin servidor — 7 cambios guardados aquí"
    action = window.sync.sync_now_action
    assert not action.isEnabled()
    assert action.toolTip().startswith("Conecte primero este equipo con un servidor")
    assert not window.sync.runner.sync_now()
    window.sync.runner.changes_made()
    assert engine.rounds == 0
    assert action in window.tools_menu.actions()


def test_closing_the_window_stops_a_running_round(app_context, ctx, qtbot, engine):
    window = window_with_engine(app_context, ctx, qtbot, engine)
    engine.release.clear()
    window.sync.sync_now()
    qtbot.waitUntil(engine.entered.is_set)
    window.close()
    assert engine.active == 0  # the round was cancelled and its thread returned
    assert engine.pending == 3
    assert not window.sync.runner.can_sync


def test_the_shortcut_f9_belongs_to_sync_now_alone(app_context, ctx, qtbot, engine, enrolled_group):
    from PySide6.QtGui import QAction, QKeySequence

    window = window_with_engine(app_context, ctx, qtbot, engine)
    window.open_group(enrolled_group.id)
    holders = [a for a in window.findChildren(QAction) if QKeySequence("F9") in a.shortcuts()]
    assert holders == [window.sync.sync_now_action]

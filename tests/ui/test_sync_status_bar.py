"""The status bar says the sync state as it is: words, counts, time, and never "al día" too soon."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.sync.status import SyncPhase, SyncStatus
from app.ui.status_bar import AulaStatusBar

TODAY = dt.date(2026, 11, 24)
AT_10_42 = dt.datetime(2026, 11, 24, 10, 42)


@pytest.fixture
def bar(app_context, qtbot) -> AulaStatusBar:
    widget = AulaStatusBar()
    widget.today = TODAY
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _say(bar: AulaStatusBar, **fields) -> str:
    bar.set_sync_status(SyncStatus(**fields))
    return bar.sync_label.text()


def test_the_status_bar_walks_from_no_server_to_rejected_with_the_right_words(bar):
    assert _say(bar, phase=SyncPhase.NOT_ENROLLED, pending_ops=35) == "Sin servidor — 35 cambios guardados aquí"
    assert _say(bar, phase=SyncPhase.OFFLINE, pending_ops=12, last_attempt=dt.datetime(2026, 11, 24, 9, 5)) \
        == "Sin conexión — 12 cambios por enviar · 09:05"
    assert _say(bar, phase=SyncPhase.PENDING, pending_ops=3) == "3 cambios por enviar"
    assert _say(bar, phase=SyncPhase.SYNCING, pending_ops=1700, done=340, total=1700) \
        == "Sincronizando… (340/1,700)"
    assert bar.sync_progress.isVisible() and bar.sync_progress.value() == 340
    assert _say(bar, phase=SyncPhase.UP_TO_DATE, last_success=AT_10_42) == "Al día, 10:42"
    assert not bar.sync_progress.isVisible()
    assert not bar.sync_label.property("tone")
    assert _say(bar, phase=SyncPhase.REJECTED, rejected_ops=2, last_success=AT_10_42) == "2 cambios rechazados"
    assert bar.sync_label.property("tone") == "warn"
    assert "Haga clic para ver los cambios rechazados." in bar.sync_label.toolTip()


def test_blocked_devices_say_what_to_do(bar):
    assert _say(bar, phase=SyncPhase.REVOKED, pending_ops=4) == "Equipo dado de baja"
    assert _say(bar, phase=SyncPhase.UPDATE_REQUIRED) == "Actualice Aula"
    assert _say(bar, phase=SyncPhase.REENROLL_REQUIRED) == "Vuelva a conectar este equipo"
    assert _say(bar, phase=SyncPhase.NOT_ENROLLED) == "Sin servidor"
    assert _say(bar, phase=SyncPhase.REJECTED, rejected_ops=1) == "1 cambio rechazado"


def test_up_to_date_is_never_said_while_something_is_pending(bar):
    text = _say(bar, phase=SyncPhase.UP_TO_DATE, pending_ops=5, last_success=AT_10_42)
    assert "Al día" not in text
    assert text == "5 cambios por enviar"
    text = _say(bar, phase=SyncPhase.UP_TO_DATE, rejected_ops=1, last_success=AT_10_42)
    assert text == "1 cambio rechazado"


def test_a_skewed_clock_is_added_to_the_line_and_explained(bar):
    text = _say(bar, phase=SyncPhase.UP_TO_DATE, last_success=AT_10_42, clock_skew_seconds=-3 * 86400)
    assert text == "Al día, 10:42 · Reloj desfasado"
    assert "4,320 minutos" in bar.sync_label.toolTip()
    assert bar.sync_label.property("tone") == "warn"
    assert _say(bar, phase=SyncPhase.UP_TO_DATE, last_success=AT_10_42, clock_skew_seconds=120) == "Al día, 10:42"


def test_a_sync_of_another_day_shows_its_date(bar):
    yesterday = dt.datetime(2026, 11, 23, 18, 2)
    assert _say(bar, phase=SyncPhase.UP_TO_DATE, last_success=yesterday) == "Al día, 23/11/2026 18:02"


def test_the_tooltip_names_the_server_the_last_sync_and_the_failure(bar):
    _say(bar, phase=SyncPhase.OFFLINE, pending_ops=1, server_url="https://aula.imss.mx",
         last_success=AT_10_42, reason="Tiempo de espera agotado.")
    tooltip = bar.sync_label.toolTip()
    assert "Servidor: https://aula.imss.mx" in tooltip
    assert "Última sincronización completa: 24/11/2026 10:42" in tooltip
    assert "Tiempo de espera agotado." in tooltip


def test_clicking_the_state_opens_the_rejected_changes_only_when_there_are_some(bar, qtbot):
    _say(bar, phase=SyncPhase.PENDING, pending_ops=2)
    with qtbot.assertNotEmitted(bar.parked_requested):
        qtbot.mouseClick(bar.sync_label, Qt.MouseButton.LeftButton)
    _say(bar, phase=SyncPhase.REJECTED, rejected_ops=3)
    with qtbot.waitSignal(bar.parked_requested):
        qtbot.mouseClick(bar.sync_label, Qt.MouseButton.LeftButton)

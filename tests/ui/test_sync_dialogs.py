"""Conectar con el servidor, Desconectar este equipo and the rejected changes panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sync_double import EngineDouble, window_with_engine

from app.sync.status import SyncPhase


@pytest.fixture
def new_device(clock) -> EngineDouble:
    return EngineDouble(clock, enrolled=False, pending=4)


def test_a_wrong_code_shows_the_server_reason_in_the_dialog(app_context, ctx, qtbot, new_device):
    window = window_with_engine(app_context, ctx, qtbot, new_device)
    dialog = window.sync.open_enroll_dialog()
    assert not dialog.connect_button.isEnabled()
    qtbot.keyClicks(dialog.url_edit, "http://127.0.0.1:8765")
    qtbot.keyClicks(dialog.code_edit, "AAA-000")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None)
    assert dialog.isVisible()
    assert dialog.feedback_label.text().startswith("El servidor rechazó el código")
    assert dialog.feedback_label.property("tone") == "bad"
    assert new_device.server_url is None
    assert window.status.sync_label.text() == "Sin servidor — 4 cambios guardados aquí"


def test_a_good_code_enrolls_and_the_first_round_starts(app_context, ctx, qtbot, new_device):
    window = window_with_engine(app_context, ctx, qtbot, new_device)
    assert not window.sync.disconnect_action.isEnabled()
    window.sync.connect_action.trigger()
    dialog = window.sync.enroll_dialog
    qtbot.keyClicks(dialog.url_edit, "http://127.0.0.1:8765")
    qtbot.keyClicks(dialog.code_edit, "  K7P-2QX\n".strip())
    with qtbot.waitSignal(dialog.enrolled):
        qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert new_device.calls[0] == ("enroll", "http://127.0.0.1:8765", "K7P-2QX")
    qtbot.waitUntil(lambda: window.status.sync_label.text() == "Al día, 07:30")
    assert new_device.pending == 0  # what was made before enrolling was sent
    assert not window.sync.connect_action.isEnabled()
    assert window.sync.sync_now_action.isEnabled()


def test_disconnecting_asks_first_and_keeps_the_changes(app_context, ctx, qtbot, clock):
    engine = EngineDouble(clock, enrolled=True, pending=2)
    engine.reachable = False
    window = window_with_engine(app_context, ctx, qtbot, engine)
    window.sync.runner.stop()  # no round in the way of this test
    box = window.sync.request_disconnect()
    assert "127.0.0.1:8765" in box.text()
    qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    assert engine.server_url is not None
    box = window.sync.request_disconnect()
    qtbot.mouseClick(box.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.runner.status.phase is SyncPhase.NOT_ENROLLED)
    assert ("unenroll",) in engine.calls
    assert window.status.sync_label.text() == "Sin servidor — 2 cambios guardados aquí"
    assert window.sync.connect_action.isEnabled()


def test_the_rejected_changes_panel_retries_and_discards_through_the_engine(app_context, ctx, qtbot, clock):
    engine = EngineDouble(clock, enrolled=True)
    engine.reachable = False  # the retried change stays queued: nothing sends it in this test
    first = engine.park("Asistencia de José Luis Núñez Peña, sesión 1", "El grupo está cerrado en el servidor.")
    second = engine.park("Participación de Ana Bravo", "La actividad ya no existe.")
    window = window_with_engine(app_context, ctx, qtbot, engine)
    window.sync.runner.stop()
    assert window.status.sync_label.text() == "2 cambios rechazados"
    with qtbot.waitSignal(window.status.parked_requested):
        qtbot.mouseClick(window.status.sync_label, Qt.MouseButton.LeftButton)
    panel = window.sync.parked_dialog
    assert panel.isVisible()
    assert panel.table.rowCount() == 2
    assert panel.table.item(0, panel.REASON).text() == "El grupo está cerrado en el servidor."
    assert panel.table.item(0, panel.RECORD).text() == first.entity_label

    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert ("retry", first.op_id) in engine.calls
    assert panel.table.rowCount() == 1
    assert window.status.sync_label.text() == "1 cambio rechazado"

    box = panel.request_discard()
    qtbot.mouseClick(box.cancel_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 1
    qtbot.mouseClick(panel.discard_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_box.accept_button, Qt.MouseButton.LeftButton)
    assert ("discard", second.op_id) in engine.calls
    assert panel.table.rowCount() == 0
    assert panel.empty_label.isVisible()
    assert not panel.retry_button.isEnabled()
    assert window.status.sync_label.text() == "Sin conexión — 1 cambio por enviar"

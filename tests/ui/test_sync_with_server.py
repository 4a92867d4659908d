"""The window with the real sync engine against a real ``aula-server`` on 127.0.0.1.

The status bar walks through not enrolled → (wrong code) → enrolled and up to date → pending →
offline (server stopped) → syncing → up to date → rejected, with the words and counts the
user reads; a group on screen shows a mark another device sent, keeping the user's place.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from server_harness import ServerProcess  # noqa: E402

from app.domain.enums import AttendanceStatus  # noqa: E402
from app.services import attendance, catalog, staff  # noqa: E402
from app.sync.status import SyncPhase  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

pytestmark = pytest.mark.slow

UNIT = "UMF07"  # the unit the ``ctx`` fixture creates locally


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("server"))
    process.start()
    process.create_unit(UNIT, "Unidad de Medicina Familiar No. 7")
    yield process
    process.stop()


def _window(app_context, ctx, qtbot) -> MainWindow:
    app_context.services = ctx
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def _text(window) -> str:
    return window.status.sync_label.text()


def _round(window, qtbot) -> None:
    """F9, then wait for the round to end."""
    runner = window.sync.runner
    started = runner.rounds_started
    qtbot.keyClick(window, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: runner.rounds_started > started and not runner.running, timeout=60_000)


def _enroll(window, qtbot, url: str, code: str):
    dialog = window.sync.open_enroll_dialog()  # the same dialog again after a refused code
    dialog.url_edit.setText(url)
    dialog.code_edit.setText(code)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60_000)
    if not dialog.isVisible():  # the offscreen platform does not give the window back its focus
        with qtbot.waitActive(window):
            window.activateWindow()
    return dialog


def test_the_status_bar_walks_from_no_server_to_rejected_with_a_real_server(app_context, ctx, qtbot, server):
    window = _window(app_context, ctx, qtbot)
    kept = window.sync.runner.status.pending_ops
    assert kept > 0  # the unit and the shipped courses, made before any server
    assert _text(window) == f"Sin servidor — {QLocale().toString(kept)} cambios guardados aquí"
    assert not window.sync.sync_now_action.isEnabled()

    dialog = _enroll(window, qtbot, server.base_url, "NO-EXISTE-123")
    assert dialog.isVisible()
    reason = dialog.feedback_label.text()
    assert "El código de inscripción no es válido" in reason  # the server's words
    assert window.sync.runner.status.phase is SyncPhase.NOT_ENROLLED

    texts: list[str] = []
    window.sync.runner.status_changed.connect(lambda _status: texts.append(_text(window)))
    assert _enroll(window, qtbot, server.base_url, server.enroll_code(UNIT)) is dialog
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.sync.runner.status.up_to_date, timeout=60_000)
    assert _text(window).startswith("Al día, ")
    assert any(text.startswith("Sincronizando…") for text in texts)

    unit = catalog.get_unit(ctx, UNIT)
    staff.add_worker(ctx, matricula="31000001", given_names="Rita", paternal_surname="Zamora",
                     maternal_surname="", unit_id=unit.id, in_staff_list=True)
    window.sync.runner.changes_made()  # what the staff list does after an edit
    assert _text(window).startswith("1 cambio por enviar · ")  # with the time of the last round
    assert "Al día" not in _text(window)

    server.stop()
    try:
        _round(window, qtbot)
        assert window.sync.runner.status.phase is SyncPhase.OFFLINE
        assert _text(window).startswith("Sin conexión — 1 cambio por enviar · ")
        assert window.sync.runner.waiting_for_retry
    finally:
        server.start()

    texts.clear()
    _round(window, qtbot)
    assert _text(window).startswith("Al día, ")
    assert any(text.startswith("Sincronizando…") for text in texts)

    # A unit this device was never given: the server refuses what is recorded in it.
    other = catalog.create_unit(ctx, "HGZ99", "Hospital fuera del alcance")
    staff.add_worker(ctx, matricula="31000002", given_names="Luis", paternal_surname="Ortiz",
                     maternal_surname="", unit_id=other.id, in_staff_list=True)
    _round(window, qtbot)
    rejected = window.sync.runner.status.rejected_ops
    assert rejected >= 1
    assert _text(window) == ("1 cambio rechazado" if rejected == 1 else f"{rejected} cambios rechazados")
    with qtbot.waitSignal(window.status.parked_requested):
        qtbot.mouseClick(window.status.sync_label, Qt.MouseButton.LeftButton)
    panel = window.sync.parked_dialog
    assert panel.table.rowCount() == rejected
    assert panel.table.item(0, panel.REASON).text()
    for _ in range(rejected):
        qtbot.mouseClick(panel.discard_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.confirm_box.accept_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 0
    assert window.sync.runner.status.rejected_ops == 0
    assert "rechazad" not in _text(window)


def test_a_mark_sent_by_another_device_appears_on_the_open_group(app_context, ctx, qtbot, server, tmp_path,
                                                                 enrolled_group, people):
    from sync_client_harness import open_app

    window = _window(app_context, ctx, qtbot)
    progress: list[tuple[str, bool]] = []
    window.sync.runner.status_changed.connect(
        lambda _status: progress.append((_text(window), window.status.sync_progress.isVisible())))
    _enroll(window, qtbot, server.base_url, server.enroll_code(UNIT))
    qtbot.waitUntil(lambda: window.sync.runner.status.up_to_date, timeout=60_000)
    # The first round brings what the unit already has, with its progress in the status bar.
    assert any(text.startswith("Sincronizando… (") and bar for text, bar in progress)

    other = open_app(tmp_path / "other", "otra")
    try:
        other.engine.enroll(server.base_url, server.enroll_code(UNIT))
        other.sync()
        session = enrolled_group.sessions[0]
        attendance.record_attendance(other.ctx, session.id, people[3].id, AttendanceStatus.ABSENT)
        other.sync()
    finally:
        other.close()

    group_view = window.open_group(enrolled_group.id)
    view = group_view.show_session(1).attendance_view
    view.select_worker(people[1].id)
    qtbot.keyClicks(view.scan_box, "100")
    _round(window, qtbot)
    model = view.model
    qtbot.waitUntil(lambda: model.row_at(model.row_of(people[3].id)).status is AttendanceStatus.ABSENT)
    assert view.selected_worker() == people[1].id
    assert view.scan_box.text() == "100"
    assert window.sync.group_refresher.reloads >= 1

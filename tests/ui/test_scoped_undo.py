"""Undo acts on the screen in front of the user and says what it will undo; risky actions ask."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.enums import AttendanceStatus, EnrollmentStatus, GroupStatus
from app.services import attendance, catalog, groups, participation, roster, staff
from app.ui.models.roster_table_model import RosterTableModel as RosterColumns


@pytest.fixture
def adriana(ctx, enrolled_group):
    unit = catalog.get_unit(ctx, "UMF07")
    worker = staff.add_worker(ctx, matricula="10000010", given_names="Adriana", paternal_surname="Peña",
                              unit_id=unit.id, in_staff_list=True)
    roster.enroll(ctx, enrolled_group.id, worker.id)
    return worker


def _scan(qtbot, view, matricula: str) -> None:
    qtbot.keyClicks(view.scan_box, matricula)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)


def _status(ctx, session_id, matricula):
    return next(r.status for r in attendance.session_attendance(ctx, session_id) if r.matricula == matricula)


def _enrollment(ctx, group_id, worker_id) -> EnrollmentStatus:
    return next(e.status for e in roster.list_roster(ctx, group_id) if e.worker_id == worker_id)


def test_undo_says_what_it_will_undo(window, enrolled_group, adriana, clock, qtbot):
    group_view = window.open_group(enrolled_group.id)
    view = group_view.show_session(1).attendance_view
    assert not group_view.undo_button.isEnabled()
    assert group_view.undo_button.toolTip().startswith("Nada que deshacer en esta pantalla")
    clock.set("08:00")
    _scan(qtbot, view, "10000010")
    assert group_view.undo_button.text() == "Deshacer: entrada de Adriana Peña"
    assert group_view.undo_action.text() == "Deshacer: entrada de Adriana Peña"
    group_view.undo_button.click()
    assert group_view.redo_button.toolTip().startswith("Rehacer: entrada de Adriana Peña")
    assert group_view.undo_button.text() == "Deshacer"


def test_undo_on_one_tab_never_changes_another_tabs_data(group_view, ctx, clock, qtbot):
    session = group_view.detail.session(1)
    attendance_view = group_view.show_session(1).attendance_view
    clock.set("08:00")
    _scan(qtbot, attendance_view, "10000002")
    session_view = group_view.session_view(1)
    session_view.setCurrentWidget(session_view.participation_view)
    grid = session_view.participation_view
    grid.table.setFocus()
    grid.table.setCurrentIndex(grid.model.index(0, 1))
    qtbot.keyClick(grid.table, Qt.Key.Key_Space)
    activity = grid.model.activity(1).activity_id
    ticked = grid.model.participant(0).worker_id
    assert participation.session_grid(ctx, session.id).participated(ticked, activity)

    # Another screen, with nothing of its own to undo: Ctrl+Z touches nothing anywhere.
    other = group_view.show_session(2).attendance_view
    assert not group_view.undo_button.isEnabled()
    qtbot.keyClick(other.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _status(ctx, session.id, "10000002") is AttendanceStatus.PRESENT
    assert participation.session_grid(ctx, session.id).participated(ticked, activity)

    # The activities: undo takes back the tick, not the scan made on the pase de lista.
    group_view.tabs.setCurrentWidget(session_view)
    session_view.setCurrentWidget(grid)
    qtbot.keyClick(grid.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert grid.model.index(0, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert not participation.session_grid(ctx, session.id).participated(ticked, activity)
    assert _status(ctx, session.id, "10000002") is AttendanceStatus.PRESENT
    assert not group_view.undo_button.isEnabled()

    # Back on the pase de lista, its own step is still there.
    session_view.setCurrentWidget(attendance_view)
    assert group_view.undo_action.text() == "Deshacer: entrada de María Guadalupe Ávila Zúñiga"
    assert group_view.undo_button.isEnabled()


def test_an_undone_scan_no_longer_shows_its_green_check(window, enrolled_group, adriana, ctx, clock, qtbot):
    group_view = window.open_group(enrolled_group.id)
    view = group_view.show_session(1).attendance_view
    clock.set("08:00")
    _scan(qtbot, view, "10000010")
    assert view.feedback_label.text() == "✓ Entrada 08:00 — Adriana Peña (Presente)"
    assert view.feedback_label.property("tone") == "good"
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.feedback_label.text() == "Se deshizo: entrada de Adriana Peña."
    assert view.feedback_label.property("tone") == ""
    assert _status(ctx, view.session.id, "10000010") is None
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.feedback_label.text() == "✓ Entrada 08:00 — Adriana Peña (Presente)"


def test_a_message_follows_a_status_change_of_its_row(window, enrolled_group, adriana, ctx, clock, qtbot):
    view = window.open_group(enrolled_group.id).show_session(1).attendance_view
    clock.set("08:00")
    _scan(qtbot, view, "10000010")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F)
    assert view.feedback_label.text() == "Adriana Peña ahora: Falta."
    assert _status(ctx, view.session.id, "10000010") is AttendanceStatus.ABSENT


def test_feedback_expires(group_view, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("08:00")
    _scan(qtbot, view, "10000001")
    assert view.feedback.timer.isActive() and view.feedback.timer.interval() == 8000
    view.feedback.timer.timeout.emit()
    assert not view.feedback_label.isVisible()


def test_the_empty_state_disappears_when_the_table_has_rows(window, group, people, ctx, clock, qtbot):
    view = window.open_group(group.id).show_session(1).attendance_view
    assert view.empty_label.isVisible()
    clock.set("08:00")
    _scan(qtbot, view, "10000001")
    qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)  # enroll and check in
    assert view.model.rowCount() == 1
    assert not view.empty_label.isVisible()
    assert _status(ctx, view.session.id, "10000001") is AttendanceStatus.PRESENT


def test_withdrawal_asks_for_confirmation_and_can_be_undone(window, enrolled_group, ctx, qtbot):
    group_view = window.open_group(enrolled_group.id)
    group_view.tabs.setCurrentWidget(group_view.roster_view)
    view = group_view.roster_view
    view.table.setCurrentIndex(view.model.index(0, RosterColumns.NAME))
    entry = view.model.row_at(0)
    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    box = view.confirm_box
    assert box.isVisible() and box.text() == f"¿Dar de baja a {entry.name} del grupo?"
    assert box.accept_button.text() == "Dar de baja" and box.cancel_button.text() == "Cancelar"
    box.cancel_button.click()
    assert view.model.index(0, RosterColumns.STATUS).data() == "Inscrito"
    assert _enrollment(ctx, enrolled_group.id, entry.worker_id) is EnrollmentStatus.ENROLLED

    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    view.confirm_box.accept_button.click()
    assert view.model.index(0, RosterColumns.STATUS).data() == "Baja"
    assert _enrollment(ctx, enrolled_group.id, entry.worker_id) is EnrollmentStatus.WITHDRAWN
    assert group_view.session_view(1).attendance_view.model.row_of(entry.worker_id) is None

    assert group_view.undo_action.text() == f"Deshacer: baja de {entry.name}"
    assert group_view.undo_button.text().startswith("Deshacer: baja de María")  # elided if long
    group_view.undo_button.click()
    assert view.model.index(0, RosterColumns.STATUS).data() == "Inscrito"
    assert view.feedback_label.text() == f"{entry.name} ahora: Inscrito."
    assert _enrollment(ctx, enrolled_group.id, entry.worker_id) is EnrollmentStatus.ENROLLED
    assert group_view.session_view(1).attendance_view.model.row_of(entry.worker_id) is not None


def test_closing_the_group_asks_for_confirmation(window, enrolled_group, ctx, qtbot):
    group_view = window.open_group(enrolled_group.id)
    group_view.tabs.setCurrentWidget(group_view.results_view)
    view = group_view.results_view
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    box = view.confirm_box
    assert box.isVisible() and box.text() == "¿Cerrar el grupo?"
    assert box.defaultButton() is box.cancel_button
    box.cancel_button.click()
    assert groups.get_group(ctx, enrolled_group.id).summary.status is GroupStatus.OPEN
    assert view.close_button.isVisible() and group_view.status_label.text() == "Abierto"

    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    view.confirm_box.accept_button.click()
    assert groups.get_group(ctx, enrolled_group.id).summary.status is GroupStatus.CLOSED
    assert view.reopen_button.isVisible() and group_view.status_label.text() == "Cerrado"
    assert not group_view.session_view(1).attendance_view.scan_box.isEnabled()

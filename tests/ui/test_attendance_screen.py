"""Pase de lista: scans, statuses by keyboard, bulk actions, undo/redo — screen and database agree."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.enums import AttendanceStatus
from app.services import attendance
from app.ui import formatting
from app.ui.models.attendance_table_model import AttendanceTableModel as Columns


def _attendance_view(group_view, session: int = 1):
    return group_view.show_session(session).attendance_view


def _scan(qtbot, view, matricula: str) -> None:
    qtbot.keyClicks(view.scan_box, matricula)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)


def _row_texts(view, matricula: str) -> dict[int, str]:
    model = view.model
    row = next(r for r in range(model.rowCount())
               if model.index(r, Columns.MATRICULA).data() == matricula)
    return {c: str(model.index(row, c).data()) for c in range(model.columnCount())}


def _stored(ctx, session_id, matricula):
    return next(r for r in attendance.session_attendance(ctx, session_id) if r.matricula == matricula)


def test_scan_box_has_the_focus_when_the_session_opens(group_view, qtbot):
    view = _attendance_view(group_view)
    qtbot.waitUntil(view.scan_box.hasFocus)


def test_typing_a_matricula_and_enter_records_the_check_in_time(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("08:03")
    _scan(qtbot, view, "10000002")
    row = _row_texts(view, "10000002")
    assert row[Columns.STATUS] == "✓ Presente"
    assert row[Columns.CHECK_IN] == "08:03"
    stored = _stored(ctx, view.session.id, "10000002")
    assert stored.status is AttendanceStatus.PRESENT
    assert stored.check_in.strftime("%H:%M") == "08:03"


def test_counter_shows_present_over_enrolled(group_view, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("07:58")
    _scan(qtbot, view, "10000001")
    _scan(qtbot, view, "10000003")
    assert view.counter_label.text() == "2 / 4 presentes"


def test_arrival_beyond_tolerance_shows_late(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("08:25")
    _scan(qtbot, view, "10000004")
    assert _row_texts(view, "10000004")[Columns.STATUS] == "◷ Retardo"
    assert _stored(ctx, view.session.id, "10000004").status is AttendanceStatus.LATE


def test_second_scan_records_the_check_out(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("07:55")
    _scan(qtbot, view, "10000001")
    clock.set("14:02")
    _scan(qtbot, view, "10000001")
    row = _row_texts(view, "10000001")
    assert (row[Columns.CHECK_IN], row[Columns.CHECK_OUT], row[Columns.MINUTES]) == ("07:55", "14:02", "360")
    assert _stored(ctx, view.session.id, "10000001").check_out.strftime("%H:%M") == "14:02"


def test_last_scanned_row_is_highlighted_and_selected(group_view, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("08:00")
    _scan(qtbot, view, "10000003")
    row = view.model.row_of(view.model.highlighted)
    assert view.model.index(row, Columns.MATRICULA).data() == "10000003"
    assert view.table.currentIndex().row() == row


def test_unknown_matricula_explains_and_offers_to_add_the_worker(group_view, qtbot):
    view = _attendance_view(group_view)
    _scan(qtbot, view, "9912345")
    assert view.feedback_label.text() == ("No se encontró la matrícula 9912345. "
                                          "¿Agregarla como participante nuevo?")
    assert view.resolve_button.isVisible()
    qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)
    dialog = group_view.roster_view.walk_in_dialog
    assert dialog.matricula_edit.text() == "9912345"


def test_adding_an_unknown_scanned_worker_enrolls_and_checks_them_in(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("08:01")
    _scan(qtbot, view, "9912345")
    qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)
    dialog = group_view.roster_view.walk_in_dialog
    qtbot.keyClicks(dialog.given_edit, "Rosa")
    qtbot.keyClicks(dialog.paternal_edit, "Ibarra")
    dialog.add_button.click()
    assert _row_texts(view, "9912345")[Columns.STATUS] == "✓ Presente"
    assert _stored(ctx, view.session.id, "9912345").status is AttendanceStatus.PRESENT


def test_status_letter_on_the_table_changes_the_selected_row(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("08:00")
    _scan(qtbot, view, "10000001")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F)
    assert _row_texts(view, "10000001")[Columns.STATUS] == "✗ Falta"
    assert _stored(ctx, view.session.id, "10000001").status is AttendanceStatus.ABSENT
    assert view.scan_box.hasFocus()


def test_arrow_keys_in_the_scan_box_move_the_selection_then_j_on_the_table_excuses(group_view, ctx, qtbot):
    view = _attendance_view(group_view)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Down)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Down)
    second = view.model.row_at(1)
    assert view.table.currentIndex().row() == 1
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_J)
    assert view.model.index(1, Columns.STATUS).data() == "J Justificada"
    assert _stored(ctx, view.session.id, second.matricula).status is AttendanceStatus.EXCUSED


def test_status_button_applies_to_the_selected_row(group_view, ctx, qtbot):
    view = _attendance_view(group_view)
    view.table.setCurrentIndex(view.model.index(2, Columns.NAME))
    target = view.model.row_at(2)
    qtbot.mouseClick(view.status_buttons[AttendanceStatus.LATE], Qt.MouseButton.LeftButton)
    assert view.model.index(2, Columns.STATUS).data() == "◷ Retardo"
    assert _stored(ctx, view.session.id, target.matricula).status is AttendanceStatus.LATE
    assert view.scan_box.hasFocus()


def test_ctrl_z_undoes_a_scan_and_ctrl_shift_z_redoes_it(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("08:02")
    _scan(qtbot, view, "10000002")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _row_texts(view, "10000002")[Columns.STATUS] == "· Sin registro"
    assert _stored(ctx, view.session.id, "10000002").status is None
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _row_texts(view, "10000002")[Columns.CHECK_IN] == "08:02"
    assert _stored(ctx, view.session.id, "10000002").status is AttendanceStatus.PRESENT


def test_undo_restores_the_status_before_a_keyboard_change(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("08:00")
    _scan(qtbot, view, "10000003")
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_S)
    assert _stored(ctx, view.session.id, "10000003").status is AttendanceStatus.LEFT_EARLY
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _row_texts(view, "10000003")[Columns.STATUS] == "✓ Presente"
    assert _stored(ctx, view.session.id, "10000003").status is AttendanceStatus.PRESENT


def test_everyone_present_marks_all_in_one_action_and_one_undo(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("08:00")
    _scan(qtbot, view, "10000004")
    qtbot.mouseClick(view.all_present_button, Qt.MouseButton.LeftButton)
    assert view.counter_label.text() == "4 / 4 presentes"
    assert all(r.status is not None for r in attendance.session_attendance(ctx, view.session.id))
    group_view.undo_button.click()
    assert view.counter_label.text() == "1 / 4 presentes"
    assert sum(r.status is not None for r in attendance.session_attendance(ctx, view.session.id)) == 1


def test_check_out_everyone_records_the_scheduled_end(group_view, ctx, clock, qtbot):
    view = _attendance_view(group_view)
    clock.set("07:59")
    _scan(qtbot, view, "10000001")
    _scan(qtbot, view, "10000002")
    qtbot.mouseClick(view.check_out_all_button, Qt.MouseButton.LeftButton)
    assert _row_texts(view, "10000001")[Columns.CHECK_OUT] == "14:00"
    assert _stored(ctx, view.session.id, "10000002").check_out.strftime("%H:%M") == "14:00"


def test_closed_group_disables_the_scan_box(window, enrolled_group, ctx):
    from app.services import groups

    groups.close_group(ctx, enrolled_group.id)
    view = window.open_group(enrolled_group.id).show_session(1).attendance_view
    assert not view.scan_box.isEnabled()
    assert view.closed_label.isVisible()


def test_clicking_the_status_chip_offers_the_statuses(group_view, ctx, qtbot):
    view = _attendance_view(group_view)
    index = view.model.index(1, Columns.STATUS)
    view.table.scrollTo(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.table.visualRect(index).center())
    menu = view.status_menu
    assert [a.text() for a in menu.actions()] == [
        "✓ Presente", "◷ Retardo", "↧ Salió antes", "✗ Falta", "J Justificada"]
    menu.actions()[3].trigger()
    assert view.model.index(1, Columns.STATUS).data() == "✗ Falta"
    assert _stored(ctx, view.session.id, view.model.row_at(1).matricula).status is AttendanceStatus.ABSENT


def test_empty_session_says_how_to_add_participants(window, group):
    view = window.open_group(group.id).show_session(1).attendance_view
    assert view.counter_label.text() == "0 / 0 presentes"
    assert view.empty_label.isVisible()
    assert view.empty_label.text().startswith("Aún no hay participantes.")


def test_a_scan_and_a_status_key_update_the_row_from_the_stored_mark_without_reading_the_session_again(
        group_view, ctx, clock, qtbot, monkeypatch):
    view = _attendance_view(group_view)
    reads = []
    original = attendance.session_attendance
    monkeypatch.setattr(attendance, "session_attendance", lambda *a, **k: reads.append(a) or original(*a, **k))
    clock.set("08:00")
    _scan(qtbot, view, "10000001")
    clock.set("12:00")
    _scan(qtbot, view, "10000001")  # leaves two hours early: the minutes come from the service
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    row = _row_texts(view, "10000001")
    assert reads == []  # the row and the counter came from what the services returned
    stored = _stored(ctx, view.session.id, "10000001")
    assert stored.status is AttendanceStatus.LATE
    assert row[Columns.STATUS] == formatting.status_chip_text(AttendanceStatus.LATE)
    assert (row[Columns.CHECK_IN], row[Columns.CHECK_OUT]) == ("08:00", "12:00")
    assert row[Columns.MINUTES] == str(stored.minutes) != "0"
    assert view.counter_label.text() == "1 / 4 presentes"

"""Marks land in the session of the day: the screen says which day it is, other days refuse scans."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.domain.enums import AttendanceStatus
from app.services import attendance
from app.ui.models.attendance_table_model import AttendanceTableModel as Columns

DAY1, DAY2 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)  # the sessions of the ``group`` fixture


def _scan(qtbot, view, matricula: str) -> None:
    qtbot.keyClicks(view.scan_box, matricula)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)


def _row_texts(view, matricula: str) -> dict[int, str]:
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.index(r, Columns.MATRICULA).data() == matricula)
    return {c: str(model.index(row, c).data()) for c in range(model.columnCount())}


def _stored(ctx, session_id, matricula):
    return next(r for r in attendance.session_attendance(ctx, session_id) if r.matricula == matricula)


def _marks(ctx, session_id):
    return [(r.matricula, r.status, r.check_in, r.check_out)
            for r in attendance.session_attendance(ctx, session_id)]


def _day1_in_and_out(ctx, clock, group, matricula="10000001"):
    """Day 1 as it happened: a check-in at 07:58 and a check-out at 14:02."""
    session = group.sessions[0]
    clock.set("07:58", DAY1)
    attendance.scan(ctx, session.id, matricula)
    clock.set("14:02", DAY1)
    attendance.scan(ctx, session.id, matricula)


def test_a_group_opens_on_todays_session_ready_to_scan(window, enrolled_group, clock, qtbot):
    clock.set("07:50", DAY2)
    group_view = window.open_group(enrolled_group.id)
    session_view = group_view.session_view(2)
    assert group_view.tabs.currentWidget() is session_view
    assert session_view.currentWidget() is session_view.attendance_view
    assert group_view.tabs.tabToolTip(group_view.tabs.indexOf(session_view)) == "Sesión de hoy"
    assert not group_view.tabs.tabIcon(group_view.tabs.indexOf(session_view)).isNull()
    qtbot.waitUntil(session_view.attendance_view.scan_box.hasFocus)


def test_the_attendance_screen_shows_the_sessions_day_and_schedule(window, enrolled_group, clock):
    clock.set("07:50", DAY1)
    group_view = window.open_group(enrolled_group.id)
    today = group_view.show_session(1).attendance_view
    assert today.session_label.text() == "Sesión 1 · martes 24 de noviembre de 2026 · 08:00–14:00"
    assert today.day_label.text() == "Hoy"
    tomorrow = group_view.show_session(2).attendance_view
    assert tomorrow.session_label.text().startswith("Sesión 2 · miércoles 25 de noviembre de 2026 · ")
    assert tomorrow.day_label.text() == "No es hoy: sesión próxima"


def test_a_scan_on_a_session_that_is_not_today_is_refused_and_changes_nothing(
        window, enrolled_group, ctx, clock, qtbot):
    _day1_in_and_out(ctx, clock, enrolled_group)
    day1, day2 = enrolled_group.sessions
    before = (_marks(ctx, day1.id), _marks(ctx, day2.id))
    clock.set("08:01", DAY2)
    group_view = window.open_group(enrolled_group.id)
    view = group_view.show_session(1).attendance_view  # the forgotten tab
    assert view.day_label.text() == "No es hoy: sesión pasada"
    _scan(qtbot, view, "10000001")
    assert view.feedback_label.text() == (
        "La sesión 1 fue el martes 24 de noviembre de 2026 y hoy es miércoles 25 de noviembre de 2026: "
        "no se registró nada. Cambie a la sesión 2, la de hoy.")
    assert view.feedback_label.property("tone") == "bad"
    assert view.today_button.isVisible() and view.correct_button.isVisible()
    assert "✓" not in view.feedback_label.text()
    row = _row_texts(view, "10000001")
    assert (row[Columns.CHECK_IN], row[Columns.CHECK_OUT]) == ("07:58", "14:02")
    assert (_marks(ctx, day1.id), _marks(ctx, day2.id)) == before
    assert not group_view.undo_button.isEnabled()


def test_one_click_goes_to_todays_session_and_records_the_scan_there(window, enrolled_group, ctx, clock, qtbot):
    _day1_in_and_out(ctx, clock, enrolled_group)
    day1, day2 = enrolled_group.sessions
    clock.set("08:01", DAY2)
    group_view = window.open_group(enrolled_group.id)
    _scan(qtbot, group_view.show_session(1).attendance_view, "10000001")
    qtbot.mouseClick(group_view.session_view(1).attendance_view.today_button, Qt.MouseButton.LeftButton)
    today = group_view.session_view(2).attendance_view
    assert group_view.tabs.currentWidget() is group_view.session_view(2)
    assert today.scan_box.hasFocus()
    assert _row_texts(today, "10000001")[Columns.CHECK_IN] == "08:01"
    assert today.feedback_label.text().startswith("✓ Entrada 08:01 — José Luis Núñez Peña")
    assert _stored(ctx, day2.id, "10000001").status is AttendanceStatus.PRESENT
    assert _stored(ctx, day1.id, "10000001").check_out == dt.datetime(2026, 11, 24, 14, 2)


def test_correcting_a_past_day_asks_first(window, enrolled_group, ctx, clock, qtbot):
    day1 = enrolled_group.sessions[0]
    clock.set("10:00", DAY2)
    view = window.open_group(enrolled_group.id).show_session(1).attendance_view
    _scan(qtbot, view, "10000003")
    qtbot.mouseClick(view.correct_button, Qt.MouseButton.LeftButton)
    box = view.confirm_box
    assert box.isVisible()
    assert box.text() == "¿Corregir la sesión 1 del martes 24 de noviembre de 2026?"
    assert box.defaultButton() is box.cancel_button
    box.cancel_button.click()
    assert _stored(ctx, day1.id, "10000003").status is None
    qtbot.mouseClick(view.correct_button, Qt.MouseButton.LeftButton)
    view.confirm_box.accept_button.click()
    assert _row_texts(view, "10000003")[Columns.STATUS] == "✓ Presente"
    assert view.feedback_label.text() == "✓ Corrección: Ana Bravo presente toda la sesión (Presente)"
    stored = _stored(ctx, day1.id, "10000003")
    assert (stored.status, stored.check_in, stored.minutes) == (AttendanceStatus.PRESENT, None, 360)


def test_a_correction_never_overwrites_the_check_out_of_a_past_day(window, enrolled_group, ctx, clock, qtbot):
    _day1_in_and_out(ctx, clock, enrolled_group)
    day1 = enrolled_group.sessions[0]
    before = _marks(ctx, day1.id)
    clock.set("08:01", DAY2)
    view = window.open_group(enrolled_group.id).show_session(1).attendance_view
    _scan(qtbot, view, "10000001")
    qtbot.mouseClick(view.correct_button, Qt.MouseButton.LeftButton)
    view.confirm_box.accept_button.click()
    assert view.feedback_label.text().startswith(
        "José Luis Núñez Peña ya tiene registrada su salida de la sesión 1 a las 14:02")
    assert _row_texts(view, "10000001")[Columns.CHECK_OUT] == "14:02"
    assert _marks(ctx, day1.id) == before


def test_a_check_out_earlier_than_the_check_in_is_impossible(group_view, ctx, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("08:00")
    _scan(qtbot, view, "10000001")
    clock.set("13:00")
    _scan(qtbot, view, "10000001")
    clock.set("07:40")  # the laptop's clock went back
    _scan(qtbot, view, "10000001")
    assert view.feedback_label.text() == (
        "La salida (07:40) no puede ser anterior a la entrada (08:00): no se registró nada.")
    assert _row_texts(view, "10000001")[Columns.CHECK_OUT] == "13:00"
    assert _stored(ctx, view.session.id, "10000001").check_out == dt.datetime(2026, 11, 24, 13, 0)


def test_check_out_everyone_never_puts_a_check_out_before_a_late_check_in(group_view, ctx, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("14:10")  # arrived after the scheduled end (14:00)
    _scan(qtbot, view, "10000004")
    qtbot.mouseClick(view.check_out_all_button, Qt.MouseButton.LeftButton)
    row = _row_texts(view, "10000004")
    assert (row[Columns.CHECK_IN], row[Columns.CHECK_OUT]) == ("14:10", "")
    stored = _stored(ctx, view.session.id, "10000004")
    assert stored.check_out is None or stored.check_out >= stored.check_in


def test_everyone_present_on_another_days_session_asks_first(window, enrolled_group, ctx, clock, qtbot):
    clock.set("08:00", DAY2)
    view = window.open_group(enrolled_group.id).show_session(1).attendance_view
    qtbot.mouseClick(view.all_present_button, Qt.MouseButton.LeftButton)
    assert view.confirm_box.isVisible()
    view.confirm_box.cancel_button.click()
    assert view.counter_label.text() == "0 / 4 presentes"
    assert all(r.status is None for r in attendance.session_attendance(ctx, view.session.id))

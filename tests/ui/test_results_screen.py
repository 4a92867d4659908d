"""Resultados: who qualifies and why not; closing and reopening the group."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import complete_everyone_but_one

from app.domain.enums import AttendanceStatus, GroupStatus
from app.services import attendance, groups, participation, results
from app.ui.models.results_table_model import ResultsTableModel as Columns


def _results_view(window, group):
    view = window.open_group(group.id)
    view.tabs.setCurrentWidget(view.results_view)
    return view.results_view


def _after_the_course(clock, group):
    clock.set("14:30", group.sessions[-1].date)


def test_results_show_qualifies_and_the_reasons_of_those_who_do_not(window, enrolled_group, ctx, clock):
    missing = complete_everyone_but_one(ctx, enrolled_group)
    _after_the_course(clock, enrolled_group)
    view = _results_view(window, enrolled_group)
    assert view.summary_label.text() == "3 de 4 acreditan"
    rows = {view.model.row_at(r).worker_id: r for r in range(view.model.rowCount())}
    assert view.model.index(rows[missing], Columns.VERDICT).data() == "✗ No acredita"
    assert view.model.index(rows[missing], Columns.REASONS).data().startswith("Sesión 2: inasistencia")
    other = next(r for w, r in rows.items() if w != missing)
    assert view.model.index(other, Columns.VERDICT).data() == "✓ Acredita"


def test_filter_shows_only_those_who_do_not_qualify(window, enrolled_group, ctx, clock, qtbot):
    missing = complete_everyone_but_one(ctx, enrolled_group)
    _after_the_course(clock, enrolled_group)
    view = _results_view(window, enrolled_group)
    view.filter_check.setFocus()
    qtbot.keyClick(view.filter_check, Qt.Key.Key_Space)
    assert [view.model.row_at(r).worker_id for r in range(view.model.rowCount())] == [missing]


def test_results_follow_a_scan_made_in_a_session(window, enrolled_group, ctx, clock, qtbot):
    group_view = window.open_group(enrolled_group.id)
    scan_view = group_view.show_session(1).attendance_view
    clock.set("07:58")
    qtbot.keyClicks(scan_view.scan_box, "10000001")
    qtbot.keyClick(scan_view.scan_box, Qt.Key.Key_Return)
    clock.set("14:30", enrolled_group.sessions[-1].date)
    group_view.tabs.setCurrentWidget(group_view.results_view)
    model = group_view.results_view.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).matricula == "10000001")
    reasons = model.index(row, Columns.REASONS).data()
    assert "Sesión 1: asistencia sin registrar" not in reasons
    assert "Sesión 2: pase de lista sin registrar" in reasons


def _day_two_morning(ctx, clock, group):
    """Day 1 taken (the last person absent) and its activities marked but one; day 2 under way."""
    day1, day2 = group.sessions
    people = [r.worker_id for r in attendance.session_attendance(ctx, day1.id)]
    for worker_id in people:
        attendance.record_attendance(ctx, day1.id, worker_id, AttendanceStatus.ABSENT
                                     if worker_id == people[-1] else AttendanceStatus.PRESENT)
    for activity in day1.activities[1:]:
        participation.mark_everyone(ctx, activity.id)
    clock.set("09:00", day2.date)
    for worker_id in people[:-1]:
        attendance.record_attendance(ctx, day2.id, worker_id, AttendanceStatus.PRESENT)
    return people, day1.activities[0]


def test_mid_course_results_say_pending_for_what_has_not_happened_yet(window, enrolled_group, ctx, clock):
    people, unmarked = _day_two_morning(ctx, clock, enrolled_group)
    view = _results_view(window, enrolled_group)
    assert view.summary_label.text() == "0 de 4 acreditan · 3 pendientes"
    rows = {view.model.row_at(r).worker_id: r for r in range(view.model.rowCount())}
    for worker_id in people[:-1]:
        assert view.model.index(rows[worker_id], Columns.VERDICT).data() == "… Pendiente"
        assert view.model.index(rows[worker_id], Columns.REASONS).data() == (
            f"Sesión 1: participación en «{unmarked.name}» sin registrar; Sesión 2: en curso")
    assert view.model.index(rows[people[-1]], Columns.VERDICT).data() == "✗ No acredita"
    assert view.model.index(rows[people[-1]], Columns.REASONS).data() == "Sesión 1: inasistencia"
    # The database holds the marks as recorded: nothing was turned into a failure.
    stored = results.evaluate_group(ctx, enrolled_group.id)
    assert (stored.qualified, stored.pending) == (0, 3)
    assert [r.status for r in attendance.session_attendance(ctx, enrolled_group.sessions[1].id)].count(
        None) == 1


def test_closing_the_group_turns_what_is_still_pending_into_a_verdict(window, enrolled_group, ctx, clock):
    people, unmarked = _day_two_morning(ctx, clock, enrolled_group)
    clock.set("14:30")
    view = _results_view(window, enrolled_group)
    assert view.model.index(0, Columns.VERDICT).data() == "… Pendiente"
    groups.close_group(ctx, enrolled_group.id)
    view.reload()
    assert view.summary_label.text() == "0 de 4 acreditan"
    verdicts = {view.model.index(r, Columns.VERDICT).data() for r in range(view.model.rowCount())}
    assert verdicts == {"✗ No acredita"}
    assert results.evaluate_group(ctx, enrolled_group.id).pending == 0


def test_groups_list_counts_who_qualifies_and_who_is_pending(window, enrolled_group, ctx, clock):
    _day_two_morning(ctx, clock, enrolled_group)
    window.groups_view.reload()
    section = window.groups_view.sections[groups.Phase.IN_PROGRESS]
    assert section.model.index(0, section.model.PROGRESS).data() == (
        "3 / 4 asistieron · 0 acreditan · 3 pendientes")


def test_closing_the_group_locks_the_marks(window, enrolled_group, ctx, qtbot):
    view = _results_view(window, enrolled_group)
    qtbot.mouseClick(view.close_button, Qt.MouseButton.LeftButton)
    view.confirm_box.accept_button.click()
    assert groups.get_group(ctx, enrolled_group.id).summary.status is GroupStatus.CLOSED
    group_view = window.group_view
    assert group_view.status_label.text() == "Cerrado"
    assert not group_view.session_view(1).attendance_view.scan_box.isEnabled()
    assert view.reopen_button.isVisible() and not view.close_button.isVisible()


def test_reopening_asks_for_a_reason_before_reopening(window, enrolled_group, ctx, qtbot):
    groups.close_group(ctx, enrolled_group.id)
    view = _results_view(window, enrolled_group)
    qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
    dialog = view.reopen_dialog
    assert not dialog.reopen_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "Corregir hora de salida")
    dialog.reopen_button.click()
    assert groups.get_group(ctx, enrolled_group.id).summary.status is GroupStatus.OPEN
    assert window.group_view.session_view(1).attendance_view.scan_box.isEnabled()


def test_cancelling_the_reopen_dialog_keeps_the_group_closed(window, enrolled_group, ctx, qtbot):
    groups.close_group(ctx, enrolled_group.id)
    view = _results_view(window, enrolled_group)
    view.request_reopen()
    view.reopen_dialog.reject()
    assert groups.get_group(ctx, enrolled_group.id).summary.status is GroupStatus.CLOSED

"""Inicio / Grupos and the new/edit group dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTime

from app.services import groups


def test_groups_are_listed_under_their_phase(group, window):
    sections = window.groups_view.sections
    assert sections[groups.Phase.IN_PROGRESS].title_label.text() == "En curso (1)"
    assert sections[groups.Phase.UPCOMING].title_label.text() == "Próximos (0)"
    assert sections[groups.Phase.IN_PROGRESS].model.index(0, 0).data() == group.summary.code


def test_search_filters_the_groups(group, window, qtbot):
    view = window.groups_view
    qtbot.keyClicks(view.search_edit, "no existe")
    assert view.sections[groups.Phase.IN_PROGRESS].title_label.text() == "En curso (0)"
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, "buen trato")
    assert view.sections[groups.Phase.IN_PROGRESS].title_label.text() == "En curso (1)"


def test_new_group_dialog_creates_the_group_and_opens_it(window, ctx, qtbot):
    qtbot.mouseClick(window.groups_view.new_button, Qt.MouseButton.LeftButton)
    dialog = window.group_dialog
    assert [r.start_edit.time() for r in dialog.session_rows] == [QTime(8, 0), QTime(8, 0)]
    dialog.room_edit.insert("Aula de Enseñanza")  # keyClicks types ASCII only
    qtbot.keyClicks(dialog.instructors_edit, "Mariana Torres")
    dialog.save_button.click()
    stored = groups.list_groups(ctx)
    assert [g.room for g in stored] == ["Aula de Enseñanza"]
    assert window.group_view is not None
    assert window.group_view.details_label.text().startswith(stored[0].code)
    assert [window.group_view.tabs.tabText(i) for i in range(window.group_view.tabs.count())] == [
        "Participantes", "Sesión 1", "Sesión 2", "Resultados", "Documentos"]


def test_new_group_sessions_default_to_consecutive_weekdays(window, qtbot):
    window.new_group_action.trigger()
    dialog = window.group_dialog
    dialog.first_date_edit.setDate(dt.date(2026, 11, 27))  # a Friday
    assert [r.date_edit.date().toPython() for r in dialog.session_rows] == [
        dt.date(2026, 11, 27), dt.date(2026, 11, 30)]


def test_group_dialog_explains_an_end_time_before_the_start(window, ctx, qtbot):
    window.new_group_action.trigger()
    dialog = window.group_dialog
    qtbot.keyClicks(dialog.instructors_edit, "Mariana Torres")
    dialog.session_rows[1].end_edit.setTime(QTime(7, 0))
    dialog.save_button.click()
    assert dialog.error_label.text() == "Sesión 2: la hora de término debe ser posterior a la de inicio."
    assert groups.list_groups(ctx) == []


def test_group_dialog_asks_for_an_instructor(window, ctx, qtbot):
    window.new_group_action.trigger()
    window.group_dialog.save_button.click()
    assert window.group_dialog.error_label.text() == "Escriba el nombre de al menos un instructor."
    assert groups.list_groups(ctx) == []


def test_editing_a_group_changes_its_room(window, group, ctx, qtbot):
    view = window.open_group(group.id)
    dialog = view.open_edit_dialog()
    dialog.room_edit.setText("Auditorio")
    dialog.save_button.click()
    assert groups.get_group(ctx, group.id).summary.room == "Auditorio"
    assert "Auditorio" in view.details_label.text()


def test_enter_on_a_group_opens_it(group, window, qtbot):
    table = window.groups_view.sections[groups.Phase.IN_PROGRESS].table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.group_view is not None and window.group_view.group_id == group.id


def test_back_returns_to_the_list(group, window, qtbot):
    view = window.open_group(group.id)
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert window.group_view is None
    assert window.groups_stack.currentWidget() is window.groups_view


def test_typing_in_the_search_reuses_the_counts_and_a_change_counts_again(window, enrolled_group, ctx, clock,
                                                                          qtbot, monkeypatch):
    """Filtering the list does not evaluate every group's results again on each keystroke; the
    list read again after a change counts again."""
    from app.domain.enums import AttendanceStatus
    from app.services import attendance, results

    day1 = enrolled_group.sessions[0]
    clock.set("09:00", day1.date)
    first = attendance.session_attendance(ctx, day1.id)[0].worker_id
    attendance.record_attendance(ctx, day1.id, first, AttendanceStatus.PRESENT)
    view = window.groups_view
    view.reload()
    evaluated = []
    evaluate = results.evaluate_group
    monkeypatch.setattr(results, "evaluate_group", lambda c, gid: evaluated.append(gid) or evaluate(c, gid))
    section = view.sections[groups.Phase.IN_PROGRESS]
    shown = section.model.index(0, section.model.PROGRESS).data()
    assert shown == "1 / 4 asistieron · 0 acreditan · 4 pendientes"

    qtbot.keyClicks(view.search_edit, "buen")
    assert section.model.index(0, section.model.PROGRESS).data() == shown
    qtbot.keyClicks(view.search_edit, "xyz")  # nothing matches
    assert section.model.rowCount() == 0
    view.search_edit.clear()  # the group is back, counted already
    assert section.model.index(0, section.model.PROGRESS).data() == shown
    assert evaluated == []

    for row in attendance.session_attendance(ctx, day1.id)[1:]:
        attendance.record_attendance(ctx, day1.id, row.worker_id, AttendanceStatus.PRESENT)
    view.reload()  # what the window does when the group view closes or a sync brings changes
    assert evaluated == [enrolled_group.id]
    assert section.model.index(0, section.model.PROGRESS).data() == "4 / 4 asistieron · 0 acreditan · 4 pendientes"
    qtbot.keyClicks(view.search_edit, "buen")
    assert evaluated == [enrolled_group.id]

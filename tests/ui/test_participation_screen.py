"""Actividades: the participation grid, keyboard first, undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.services import participation
from app.ui import style


def _participation_view(group_view, session: int = 1):
    session_view = group_view.show_session(session)
    session_view.setCurrentWidget(session_view.participation_view)
    view = session_view.participation_view
    view.table.setFocus()
    return view


def test_grid_has_one_column_per_activity_of_the_session(group_view):
    view = _participation_view(group_view)
    assert view.model.columnCount() == 1 + len(group_view.detail.session(1).activities)
    assert view.model.rowCount() == 4


def test_space_ticks_the_current_cell_and_records_it(group_view, ctx, qtbot):
    view = _participation_view(group_view)
    view.table.setCurrentIndex(view.model.index(1, 2))
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert view.model.index(1, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    worker = view.model.participant(1).worker_id
    activity = view.model.activity(2).activity_id
    assert participation.session_grid(ctx, view.session.id).participated(worker, activity)


def test_arrow_keys_then_space_untick_a_mark(group_view, ctx, qtbot):
    view = _participation_view(group_view)
    view.table.setCurrentIndex(view.model.index(0, 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert view.model.index(0, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    grid = participation.session_grid(ctx, view.session.id)
    assert not grid.participated(view.model.participant(0).worker_id, view.model.activity(1).activity_id)


def test_clicking_an_activity_header_marks_everyone(group_view, ctx, qtbot):
    view = _participation_view(group_view)
    header = view.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.viewport().rect().topLeft() + _section_center(header, 3))
    assert view.model.column_count_marked(3) == 4
    grid = participation.session_grid(ctx, view.session.id)
    activity = view.model.activity(3).activity_id
    assert all(grid.participated(w, activity) for w in grid.worker_ids)


def _section_center(header, section):
    from PySide6.QtCore import QPoint
    return QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2,
                  header.height() // 2)


def test_everyone_took_part_is_one_undo_step(group_view, ctx, qtbot):
    view = _participation_view(group_view)
    view.table.setCurrentIndex(view.model.index(0, 2))
    qtbot.mouseClick(view.everyone_button, Qt.MouseButton.LeftButton)
    assert view.model.column_count_marked(2) == 4
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.model.column_count_marked(2) == 0
    grid = participation.session_grid(ctx, view.session.id)
    assert not any(grid.marks.values())


def test_redo_puts_a_participation_mark_back(group_view, ctx, qtbot):
    view = _participation_view(group_view)
    view.table.setCurrentIndex(view.model.index(2, 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    group_view.undo_stack.undo()
    group_view.redo_button.click()
    assert view.model.index(2, 1).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    grid = participation.session_grid(ctx, view.session.id)
    assert grid.participated(view.model.participant(2).worker_id, view.model.activity(1).activity_id)


def test_find_box_jumps_to_the_row_by_name_without_accents_or_by_matricula(group_view, qtbot):
    view = _participation_view(group_view)
    view.table.setCurrentIndex(view.model.index(0, 3))
    qtbot.keyClicks(view.find_edit, "nunez pe")
    current = view.table.currentIndex()
    assert view.model.participant(current.row()).name == "Núñez Peña José Luis"
    assert current.column() == 3  # the activity the instructor was on
    assert view.current_label.text().startswith(f"{current.row() + 1}. Núñez Peña José Luis · ")
    view.find_edit.clear()
    qtbot.keyClicks(view.find_edit, "10000003")
    assert view.model.participant(view.table.currentIndex().row()).matricula == "10000003"
    view.find_edit.clear()
    qtbot.keyClicks(view.find_edit, "nadie asi")
    assert view.find_edit.property("notFound") is True


def test_an_exception_takes_three_keys_ctrl_f_enter_space(group_view, ctx, qtbot):
    view = _participation_view(group_view)
    activity = view.model.activity(2)
    view.mark_everyone(2)
    view.table.setCurrentIndex(view.model.index(0, 2))
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # key 1
    assert view.find_edit.hasFocus()
    qtbot.keyClicks(view.find_edit, "ana bravo")
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return)  # key 2
    assert view.table.hasFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)  # key 3
    row = view.table.currentIndex().row()
    ana = view.model.participant(row)
    assert ana.matricula == "10000003"
    assert view.model.index(row, 2).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert view.current_label.text().endswith("✗ no participó")
    grid = participation.session_grid(ctx, view.session.id)
    assert not grid.participated(ana.worker_id, activity.activity_id)
    assert sum(grid.participated(view.model.participant(r).worker_id, activity.activity_id)
               for r in range(view.model.rowCount())) == 3


def test_the_current_cell_is_named_in_words_and_drawn_strongly(group_view, qtbot):
    view = _participation_view(group_view)
    view.table.setCurrentIndex(view.model.index(1, 1))
    participant, activity = view.model.participant(1), view.model.activity(1)
    assert view.current_label.text() == f"2. {participant.name} · {activity.name}: ✗ no participó"
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert view.current_label.text().endswith("✓ participó")
    # The current cell is filled with the accent colour, not the pale selection of the other tables.
    rect = view.table.visualRect(view.table.currentIndex())
    pixel = view.table.viewport().grab().toImage().pixelColor(rect.right() - 8, rect.center().y())
    accent = QColor(style.ACCENT)
    assert max(abs(pixel.red() - accent.red()), abs(pixel.green() - accent.green()),
               abs(pixel.blue() - accent.blue())) <= 8

"""Plantilla: the staff list searched as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.main_window import STAFF_PAGE


def test_staff_page_shows_the_count_and_searches_without_accents(people, window, qtbot):
    window.staff_action.trigger()
    view = window.staff_view
    assert window.pages.currentIndex() == STAFF_PAGE
    assert view.count_label.text() == "4 trabajadores; escriba para buscar"
    qtbot.keyClicks(view.search_edit, "avila")
    assert view.model.rowCount() == 1
    assert view.model.index(0, 1).data() == "Ávila Zúñiga María Guadalupe"
    assert view.count_label.text() == "1 coincidencias"


def test_ctrl_2_opens_the_staff_list_with_the_search_focused(people, window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == STAFF_PAGE
    assert window.staff_view.search_edit.hasFocus()

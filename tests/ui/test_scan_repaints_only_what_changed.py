"""A scan repaints what it changed: the row, the counter, the message; not the screen around them.

These tests count what Qt repaints and re-lays out (never how long it takes): a
label that re-lays out its ancestors makes the group's tab widget repaint the
whole pase de lista, and a table that cannot move its pixels repaints every row
when it scrolls one.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import catalog, roster, staff

GIVEN = ("Ana", "María Guadalupe del Carmen", "José Luis")  # names, and undo texts, of every length


@pytest.fixture
def forty(ctx, group, clock):
    """A full group of 40: more people than rows on the screen."""
    unit = catalog.get_unit(ctx, "UMF07")
    for number in range(40):
        worker = staff.add_worker(ctx, matricula=f"8{number:07d}", given_names=f"{GIVEN[number % 3]} {number}",
                                  paternal_surname="Hernández", maternal_surname="Zúñiga",
                                  unit_id=unit.id, in_staff_list=True)
        roster.enroll(ctx, group.id, worker.id)
    clock.set("07:50")
    return group


class PaintLog(QObject):
    """The area each widget repainted, and which ones were moved or resized, while on."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: dict[int, int] = {}
        self.moved: set[int] = set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            area = sum(rect.width() * rect.height() for rect in event.region())
            self.painted[id(watched)] = self.painted.get(id(watched), 0) + area
        elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize):
            self.moved.add(id(watched))
        return False


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def scan(view, matricula: str) -> None:
    view.scan_box.setText(matricula)
    QTest.keyClick(view.scan_box, Qt.Key.Key_Return)
    QApplication.processEvents()


@pytest.fixture
def attendance_view(window, forty):
    window.resize(1280, 800)
    view = window.open_group(forty.id).show_session(1).attendance_view
    settle()
    return view


def logged_scans(view, matriculas: list[str]) -> PaintLog:
    log = PaintLog()
    QApplication.instance().installEventFilter(log)
    try:
        for matricula in matriculas:
            scan(view, matricula)
    finally:
        QApplication.instance().removeEventFilter(log)
    return log


def test_scans_in_view_repaint_their_rows_not_the_table(attendance_view):
    view = attendance_view
    scan(view, view.model.row_at(0).matricula)  # the first message makes room for itself: the layout may change once
    settle()
    viewport = view.table.viewport()
    full = viewport.width() * viewport.height()

    in_view = [view.model.row_at(row).matricula for row in range(1, 4)]
    log = logged_scans(view, in_view)

    assert view.model.present_count() == 4
    # Each scan repaints three rows at most (the new mark and selection, the old ones): never the table.
    row_area = viewport.width() * view.table.rowHeight(0)
    assert 0 < log.painted.get(id(viewport), 0) <= 3 * 3 * row_area < full
    assert id(view.table) not in log.moved and id(viewport) not in log.moved


def test_a_scan_that_scrolls_moves_the_pixels_and_paints_the_new_rows(attendance_view):
    view = attendance_view
    scan(view, view.model.row_at(0).matricula)
    settle()
    viewport = view.table.viewport()
    full = viewport.width() * viewport.height()
    bottom = view.table.rowAt(viewport.height() - 1)
    assert 0 < bottom < 36  # the last rows are below the fold

    log = logged_scans(view, [view.model.row_at(row).matricula for row in range(bottom + 1, bottom + 4)])

    assert view.model.present_count() == 4
    assert view.table.rowAt(viewport.height() - 1) >= bottom + 3  # the scanned rows came into view
    assert log.painted.get(id(viewport), 0) < full  # three one-row scrolls: less than one table's worth


def test_the_next_message_and_count_move_nothing_on_the_screen(attendance_view, window):
    view = attendance_view
    scan(view, view.model.row_at(0).matricula)
    settle()
    watched = [view.table, view.scan_box, view.counter_label, window.group_view.title_label,
               window.group_view.undo_button]

    log = logged_scans(view, [view.model.row_at(row).matricula for row in (1, 32, 7)])

    assert view.feedback.text().startswith("✓")
    assert view.model.present_count() == 4
    assert [widget for widget in watched if id(widget) in log.moved] == []


def test_a_message_that_needs_two_lines_gets_them(attendance_view, window):
    view = attendance_view
    scan(view, view.model.row_at(0).matricula)
    settle()
    one_line = view.feedback.height()

    view.feedback.show_message("Un aviso largo " * 40, "bad")
    settle()

    label = view.feedback.label
    assert view.feedback.height() > one_line
    assert label.height() >= label.heightForWidth(label.width())  # no line cut off
    view.feedback.clear()
    settle()
    assert view.feedback.height() == 0  # no empty band left above the table


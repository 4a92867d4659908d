"""The window on a small laptop and on a projector: 1024×768 and 1366×768, zoom up to 175 %."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget

from app.services import attendance, catalog, roster, staff
from app.ui.models.attendance_table_model import AttendanceTableModel as Columns
from app.ui.models.results_table_model import ResultsTableModel

SCREENS = [(1024, 768, 100), (1366, 768, 100), (1366, 768, 150)]


@pytest.fixture
def forty(ctx, group):
    """The group with 40 participants, as on a real course day."""
    unit = catalog.get_unit(ctx, "UMF07")
    for number in range(40):
        worker = staff.add_worker(ctx, matricula=f"9{number:07d}", given_names=f"Participante {number}",
                                  paternal_surname="Hernández", maternal_surname="Zúñiga",
                                  unit_id=unit.id, in_staff_list=True)
        roster.enroll(ctx, group.id, worker.id)
    return group


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _show_at(window, app_context, width: int, height: int, percent: int) -> None:
    app_context.zoom.set_percent(percent)
    _settle()
    window.resize(width, height)
    _settle()


def _fully_inside(widget: QWidget, window) -> bool:
    """The widget is shown and its whole rectangle lies inside the window."""
    if not widget.isVisible():
        return False
    top_left = widget.mapTo(window, QPoint(0, 0))
    return (top_left.x() >= 0 and top_left.y() >= 0
            and top_left.x() + widget.width() <= window.width()
            and top_left.y() + widget.height() <= window.height())


def _whole_rows(table) -> int:
    viewport = table.viewport().height()
    return sum(1 for r in range(table.model().rowCount())
               if table.rowViewportPosition(r) >= 0
               and table.rowViewportPosition(r) + table.rowHeight(r) <= viewport)


def _column_fully_shown(table, column: int) -> bool:
    left = table.columnViewportPosition(column)
    return left >= 0 and left + table.columnWidth(column) <= table.viewport().width()


@pytest.mark.parametrize("width, height, percent", SCREENS)
def test_pase_de_lista_fits_the_screen_with_counter_status_bar_and_time_columns(
        window, app_context, forty, width, height, percent):
    view = window.open_group(forty.id).show_session(1).attendance_view
    _show_at(window, app_context, width, height, percent)
    minimum = window.minimumSizeHint()
    assert minimum.width() <= width and minimum.height() <= height
    assert (window.width(), window.height()) == (width, height)
    assert _fully_inside(window.statusBar(), window)
    assert _fully_inside(view.counter_label, window)
    assert _fully_inside(view.scan_box, window)
    assert view.counter_label.text() == "0 / 40 presentes"
    for column in (Columns.CHECK_IN, Columns.CHECK_OUT, Columns.MINUTES):
        assert _column_fully_shown(view.table, column), view.model.headerData(column, 1)
    assert _fully_inside(view.table, window)


@pytest.mark.parametrize("width, height, percent", SCREENS)
def test_participation_grid_and_results_fit_the_screen(window, app_context, forty, width, height, percent):
    group_view = window.open_group(forty.id)
    session_view = group_view.show_session(1)
    session_view.setCurrentWidget(session_view.participation_view)
    _show_at(window, app_context, width, height, percent)
    assert window.minimumSizeHint().width() <= width
    grid = session_view.participation_view
    assert _fully_inside(grid.find_edit, window)
    assert _column_fully_shown(grid.table, grid.model.columnCount() - 1)
    group_view.tabs.setCurrentWidget(group_view.results_view)
    _settle()
    results = group_view.results_view
    assert window.minimumSizeHint().width() <= width
    assert _fully_inside(results.summary_label, window) and _fully_inside(results.close_button, window)
    assert _column_fully_shown(results.table, ResultsTableModel.VERDICT)
    assert _fully_inside(window.statusBar(), window)


@pytest.mark.parametrize("percent", [125, 150, 175])
def test_projector_zoom_keeps_the_scan_box_the_counter_and_eight_rows_in_view(
        window, app_context, forty, ctx, percent):
    view = window.open_group(forty.id).show_session(1).attendance_view
    _show_at(window, app_context, 1366, 768, percent)
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 768
    assert QApplication.font().pointSizeF() == pytest.approx(10.5 * percent / 100)
    assert _fully_inside(view.scan_box, window) and _fully_inside(view.counter_label, window)
    assert _whole_rows(view.table) >= 8
    assert _fully_inside(window.statusBar(), window)
    assert window.status.zoom_label.text() == f"Zoom {percent} %"
    # What the rows show is the session as stored.
    stored = attendance.session_attendance(ctx, forty.sessions[0].id)
    assert [view.model.row_at(r).worker_id for r in range(8)] == [row.worker_id for row in stored[:8]]


@pytest.mark.parametrize("width, height, percent", [(1024, 768, 150), (1366, 768, 175)])
def test_a_name_stays_readable_on_a_small_screen_at_projector_zoom(window, app_context, forty, width, height,
                                                                    percent):
    """The other columns give up their long titles (kept in the tooltip) and padding before the
    name is cut to a few letters."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics

    view = window.open_group(forty.id).show_session(1).attendance_view
    _show_at(window, app_context, width, height, percent)
    metrics = QFontMetrics(view.table.font())
    assert view.table.columnWidth(Columns.NAME) >= metrics.horizontalAdvance("Participante 39 Hernández")
    assert view.model.headerData(Columns.CHECK_IN, Qt.Orientation.Horizontal) == "Entr."
    assert view.model.headerData(Columns.CHECK_IN, Qt.Orientation.Horizontal,
                                 Qt.ItemDataRole.ToolTipRole) == "Entrada"
    for column in (Columns.CHECK_IN, Columns.CHECK_OUT, Columns.MINUTES):
        assert _column_fully_shown(view.table, column)
    _show_at(window, app_context, 1366, 800, 100)  # room again: the full titles come back
    assert view.model.headerData(Columns.CHECK_IN, Qt.Orientation.Horizontal) == "Entrada"


def test_the_status_bar_says_the_unit_by_its_code_when_its_name_does_not_fit(window, app_context, forty):
    unit = window.status.unit_label
    _show_at(window, app_context, 1366, 800, 100)
    assert unit.shown_text() == "UMF07 · Unidad de Medicina Familiar No. 7"
    window.open_group(forty.id).show_session(1)
    _show_at(window, app_context, 1024, 768, 150)
    assert unit.shown_text() == "UMF07"  # not "UN", cut mid-word
    assert unit.text() == unit.toolTip() == "UMF07 · Unidad de Medicina Familiar No. 7"  # read whole aloud
    assert _fully_inside(window.statusBar(), window)
    assert window.status.profile_label.text() == "Instructor"  # its role is its name: said once
    details = window.group_view.details_label  # the group's line under its title: whole parts only
    assert details.shown_text() in details.texts()[1:] and details.shown_text().startswith(forty.summary.code)

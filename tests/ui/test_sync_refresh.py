"""Screens follow what sync brings: the group on screen reloads, keeps the user's place, others wait."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sync_double import EngineDouble

from app.domain.enums import AttendanceStatus
from app.services import attendance, catalog, groups, staff
from app.services.broadcast import Changed
from app.sync.protocol import Entity
from app.ui.main_window import MainWindow


@pytest.fixture
def sync_window(app_context, ctx, qtbot, clock) -> MainWindow:
    app_context.services = ctx
    window = MainWindow(app_context, sync_engine=EngineDouble(clock, enrolled=True))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def _publish_from_a_sync_thread(ctx, change: Changed) -> None:
    """What the engine does after a pull page commits: publish on its own thread."""
    thread = threading.Thread(target=ctx.broadcast.publish, args=(change,))
    thread.start()
    thread.join()


def _status_of(view, worker_id):
    model = view.model
    return model.row_at(model.row_of(worker_id)).status


def test_a_mark_pulled_by_sync_appears_and_the_selection_and_the_typing_stay(
        sync_window, ctx, qtbot, enrolled_group, people):
    group_view = sync_window.open_group(enrolled_group.id)
    view = group_view.show_session(1).attendance_view
    chosen, pulled = people[1], people[2]
    view.select_worker(chosen.id)
    qtbot.keyClicks(view.scan_box, "1000")
    session = group_view.detail.sessions[0]
    # Another device's mark, as a pull page writes it.
    attendance.record_attendance(ctx, session.id, pulled.id, AttendanceStatus.ABSENT)
    assert _status_of(view, pulled.id) is None  # not shown yet: nothing told the screen
    _publish_from_a_sync_thread(ctx, Changed(frozenset({Entity.ATTENDANCE}), frozenset({enrolled_group.id}),
                                             source="sync"))
    qtbot.waitUntil(lambda: _status_of(view, pulled.id) is AttendanceStatus.ABSENT)
    assert view.selected_worker() == chosen.id
    assert view.scan_box.text() == "1000"
    assert sync_window.sync.group_refresher.reloads == 1


def test_a_change_to_another_group_does_not_reload_the_group_on_screen(
        sync_window, ctx, qtbot, enrolled_group, group):
    sync_window.open_group(enrolled_group.id)
    refresher = sync_window.sync.group_refresher
    other = _another_group(ctx)
    ctx.broadcast.publish(Changed(frozenset({Entity.ATTENDANCE}), frozenset({other.id}), source="sync"))
    assert not refresher._timer.isActive()
    ctx.broadcast.publish(Changed(frozenset({Entity.WORKER}), source="sync"))
    assert refresher._timer.isActive()  # a worker's name may be on this group's roster
    qtbot.waitUntil(lambda: refresher.reloads == 1)


def test_a_bulk_page_without_groups_reloads_the_group_on_screen(sync_window, ctx, qtbot, enrolled_group):
    sync_window.open_group(enrolled_group.id)
    refresher = sync_window.sync.group_refresher
    ctx.broadcast.publish(Changed(frozenset({Entity.PARTICIPATION}), source="sync"))
    qtbot.waitUntil(lambda: refresher.reloads == 1)


def test_the_screen_own_changes_do_not_reload_it(sync_window, ctx, qtbot, enrolled_group):
    sync_window.open_group(enrolled_group.id)
    refresher = sync_window.sync.group_refresher
    ctx.broadcast.publish(Changed(frozenset({Entity.ATTENDANCE}), frozenset({enrolled_group.id}), source="local"))
    assert not refresher._timer.isActive()


def test_a_group_pulled_by_sync_appears_in_the_list_of_groups(sync_window, ctx, qtbot):
    sections = sync_window.groups_view.sections

    def shown() -> set:
        return {row.id for section in sections.values() for row in section.model.rows()}

    other = _another_group(ctx)
    assert other.id not in shown()
    _publish_from_a_sync_thread(ctx, Changed(frozenset({Entity.COURSE_GROUP}), frozenset({other.id}),
                                             source="sync"))
    qtbot.waitUntil(lambda: other.id in shown())


def test_a_worker_pulled_by_sync_appears_in_the_staff_list_keeping_the_search(sync_window, ctx, qtbot, people):
    sync_window.show_page(1)
    view = sync_window.staff_view
    qtbot.keyClicks(view.search_edit, "Zamora")
    assert view.model.rowCount() == 0
    unit = catalog.get_unit(ctx, "UMF07")
    staff.add_worker(ctx, matricula="20000009", given_names="Rita", paternal_surname="Zamora",
                     maternal_surname="", unit_id=unit.id, in_staff_list=True)
    _publish_from_a_sync_thread(ctx, Changed(frozenset({Entity.WORKER}), source="sync"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.search_edit.text() == "Zamora"


def test_issuing_constancias_tells_the_window_the_group_changed(sync_window, enrolled_group, qtbot):
    view = sync_window.open_group(enrolled_group.id)
    with qtbot.waitSignal(view.group_changed):
        view.documents_view.constancias_changed.emit()
    assert sync_window.sync.runner._soon.isActive()


def _another_group(ctx):
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    unit = catalog.get_unit(ctx, "UMF07")
    days = (dt.date(2026, 12, 1), dt.date(2026, 12, 2))
    plans = [groups.SessionPlan(day, t.start, t.end) for day, t in zip(days, course.sessions)]
    return groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans, room="Aula 2",
                               instructors="Otro", capacity=20)



def test_the_staff_list_keeps_the_selected_worker_and_the_scroll_when_sync_adds_one_above(
        sync_window, ctx, qtbot):
    unit = catalog.get_unit(ctx, "UMF07")
    for n in range(60):
        staff.add_worker(ctx, matricula=f"4100{n:04d}", given_names="Eva", paternal_surname=f"Mora{n:02d}",
                         maternal_surname="", unit_id=unit.id, in_staff_list=True)
    sync_window.show_page(1)
    view = sync_window.staff_view
    view.table.selectRow(40)
    chosen = view.selected_worker()
    view.table.scrollTo(view.table.currentIndex())
    scrolled = view.table.verticalScrollBar().value()
    assert scrolled > 0
    staff.add_worker(ctx, matricula="40999999", given_names="Abel", paternal_surname="Aaron",
                     maternal_surname="", unit_id=unit.id, in_staff_list=True)
    _publish_from_a_sync_thread(ctx, Changed(frozenset({Entity.WORKER}), source="sync"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 61)
    assert view.selected_worker().id == chosen.id
    assert view.table.currentIndex().row() == 41  # the record is followed, not the row number
    assert view.table.verticalScrollBar().value() == scrolled
    assert view.edit_button.isEnabled()

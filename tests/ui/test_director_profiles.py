"""Profiles in the GUI: switching is shown in the status bar; a director cannot change marks, rosters
or constancias from the screens (and the services refuse it anyway)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.enums import Role
from app.services import attendance, profiles, roster
from app.services.permissions import NotAllowedForRole
from app.storage.tables import Device
from app.ui.main_window import COVERAGE_PAGE


def switch_to_director(window, qtbot, pin: str = ""):
    dialog = window.open_profile_dialog()
    dialog.profile_combo.setCurrentIndex(next(i for i, p in enumerate(dialog.profiles) if p.is_director))
    qtbot.keyClicks(dialog.pin_edit, pin)
    return dialog, dialog.apply()


def test_the_status_bar_shows_the_real_profile_and_a_switch_changes_it(window, qtbot):
    assert window.status.profile_label.text().startswith("Instructor")
    _, chosen = switch_to_director(window, qtbot)
    assert chosen.is_director
    assert window.status.profile_label.text() == "Dirección (Director)"
    assert window.pages.currentIndex() == COVERAGE_PAGE
    assert not window.new_group_action.isEnabled()


def test_a_director_cannot_mark_attendance_or_change_the_roster_from_the_group(window, qtbot, ctx, enrolled_group):
    switch_to_director(window, qtbot)
    view = window.open_group(enrolled_group.id)
    session_view = view.session_views[0]
    assert not session_view.attendance_view.all_present_button.isEnabled()
    assert not session_view.attendance_view.scan_box.isEnabled()
    assert not session_view.participation_view.everyone_button.isEnabled()
    assert not view.roster_view.add_button.isEnabled()
    assert not view.documents_view.issue_button.isEnabled()
    assert "dirección" in view.documents_view.issue_button.toolTip()
    # Even called directly, the services refuse.
    with pytest.raises(NotAllowedForRole):
        attendance.mark_all_present(ctx, enrolled_group.sessions[0].id)
    with pytest.raises(NotAllowedForRole):
        roster.withdraw(ctx, enrolled_group.id, roster.list_roster(ctx, enrolled_group.id)[0].worker_id)
    assert all(r.status is None for r in attendance.session_attendance(ctx, enrolled_group.sessions[0].id))


def test_switching_back_to_the_instructor_enables_the_screens_again(window, qtbot, enrolled_group):
    switch_to_director(window, qtbot)
    view = window.open_group(enrolled_group.id)
    dialog = window.open_profile_dialog()
    dialog.profile_combo.setCurrentIndex(next(i for i, p in enumerate(dialog.profiles) if not p.is_director))
    dialog.apply()
    assert view.session_views[0].attendance_view.all_present_button.isEnabled()
    assert view.roster_view.add_button.isEnabled()


def test_a_wrong_pin_is_refused_in_the_dialog(window, qtbot, ctx):
    director = next(p for p in profiles.list_profiles(ctx) if p.role is Role.DIRECTOR)
    profiles.set_pin(ctx, director.id, "2468")
    dialog, chosen = switch_to_director(window, qtbot, "1111")
    assert chosen is None and dialog.isVisible()
    assert "PIN" in dialog.error_label.text()
    assert profiles.current_profile(ctx).role is Role.INSTRUCTOR
    dialog.pin_edit.clear()
    qtbot.keyClicks(dialog.pin_edit, "2468")
    assert dialog.apply().is_director


def test_a_device_enrolled_as_director_opens_in_the_coverage_page(app_context, ctx, qtbot):
    from app.ui.main_window import MainWindow

    with ctx.db.write() as s:
        s.add(Device(id=1, device_code="DIRECT01", public_key="x", role="director"))
    app_context.services = ctx
    main = MainWindow(app_context)
    qtbot.addWidget(main)
    assert main.pages.currentIndex() == COVERAGE_PAGE
    assert main.status.profile_label.text() == "Dirección (Director)"
    qtbot.keyClick(main, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)

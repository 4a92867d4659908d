"""The Grupo and Ayuda menus, and buttons that say why they are disabled."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from ui_helpers import complete_everyone_but_one

from app import __version__
from app.domain.enums import GroupStatus
from app.services import constancias, groups, results
from app.ui import paths, style
from app.ui.confirm import ConfirmBox

TASK_TIMEOUT_MS = 60_000
DAY1, DAY2 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)  # the sessions of the ``group`` fixture


def _group_actions(window):
    menu = window.group_menu
    return [menu.import_action, menu.attendance_action, menu.activities_action, menu.results_action,
            menu.close_action, menu.issue_action, menu.documents_action, menu.sign_in_menu.menuAction(),
            menu.report_action]


def _accept_confirmations() -> None:
    """Say yes to the confirmation that closing a group asks for."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, ConfirmBox) and widget.isVisible():
            widget.accept_button.click()


def test_group_menu_is_disabled_until_a_group_is_open(window, group):
    assert window.group_menu.title() == "&Grupo"
    assert not [action.text() for action in _group_actions(window) if action.isEnabled()]
    assert window.group_menu.import_action.toolTip() == "Abra un grupo primero"


def test_group_menu_enables_its_entries_when_a_group_opens(window, enrolled_group, ctx, clock):
    complete_everyone_but_one(ctx, enrolled_group)
    clock.set("14:30", DAY2)  # the course is over: nothing is pending
    window.open_group(enrolled_group.id)
    assert all(action.isEnabled() for action in _group_actions(window))
    window.close_group_view()
    assert not [action.text() for action in _group_actions(window) if action.isEnabled()]


def test_group_menu_entries_show_their_shortcuts(window, enrolled_group):
    window.open_group(enrolled_group.id)
    menu = window.group_menu
    menu.refresh()
    assert menu.import_action.shortcut() == QKeySequence("Ctrl+I")
    assert menu.issue_action.shortcut() == QKeySequence("Ctrl+Shift+E")
    # Tabs: Participantes, Sesión 1, Sesión 2, Resultados, Documentos.
    assert menu.attendance_action.text() == "&Pase de lista de hoy\tAlt+2"
    assert menu.results_action.text() == "&Resultados\tAlt+4"
    assert menu.documents_action.text() == "&Documentos\tAlt+5"


def test_attendance_entry_opens_the_session_of_today(window, enrolled_group):
    view = window.open_group(enrolled_group.id)
    view.tabs.setCurrentWidget(view.roster_view)
    window.group_menu.attendance_action.trigger()
    session = view.session_view(1)
    assert view.tabs.currentWidget() is session
    assert session.currentWidget() is session.attendance_view
    assert groups.get_group(window.ctx, enrolled_group.id).sessions[0].date == DAY1


def test_attendance_entry_names_the_next_session_on_a_day_without_one(window, enrolled_group, clock):
    clock.set("07:30", DAY1 - dt.timedelta(days=3))
    window.open_group(enrolled_group.id)
    window.group_menu.refresh()
    assert window.group_menu.attendance_action.text() == "&Pase de lista: sesión 1\tAlt+2"
    clock.set("07:30", DAY2)
    window.group_menu.refresh()
    assert window.group_menu.attendance_action.text() == "&Pase de lista de hoy\tAlt+3"


def test_activities_entry_opens_the_participation_grid_of_that_session(window, enrolled_group):
    view = window.open_group(enrolled_group.id)
    window.group_menu.activities_action.trigger()
    session = view.session_view(1)
    assert view.tabs.currentWidget() is session
    assert session.currentWidget() is session.participation_view


def test_issue_shortcut_works_from_the_participants_tab(window, enrolled_group, ctx, clock, qtbot):
    complete_everyone_but_one(ctx, enrolled_group)
    clock.set("14:30", DAY2)  # the course is over: nothing is pending
    view = window.open_group(enrolled_group.id)
    view.tabs.setCurrentWidget(view.roster_view)
    view.roster_view.table.setFocus()
    qtbot.keyClick(view.roster_view.table, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    documents = view.documents_view
    qtbot.waitUntil(lambda: documents.task is not None and documents.task.done, timeout=TASK_TIMEOUT_MS)
    assert view.tabs.currentWidget() is documents
    assert len(constancias.list_constancias(ctx, enrolled_group.id)) == 3
    assert documents.model.rowCount() == 3


def test_import_entry_opens_the_file_dialog_of_the_participants_tab(window, enrolled_group, qtbot):
    view = window.open_group(enrolled_group.id)
    view.tabs.setCurrentWidget(view.results_view)
    window.group_menu.import_action.trigger()
    assert view.tabs.currentWidget() is view.roster_view
    qtbot.waitUntil(lambda: view.roster_view.file_dialog is not None and view.roster_view.file_dialog.isVisible())
    view.roster_view.file_dialog.reject()


def test_close_entry_closes_the_group_and_then_offers_to_reopen_it(window, enrolled_group, ctx, qtbot):
    view = window.open_group(enrolled_group.id)
    menu = window.group_menu
    menu.refresh()
    assert menu.close_action.text() == "&Cerrar grupo"
    menu.close_action.trigger()
    qtbot.waitUntil(lambda: (_accept_confirmations(),
                             groups.get_group(ctx, enrolled_group.id).summary.status is GroupStatus.CLOSED)[1])
    assert view.status_label.text() == "Cerrado"
    menu.refresh()
    assert menu.close_action.text() == "&Reabrir grupo…"


def test_buttons_of_a_closed_group_say_why_they_are_disabled(window, enrolled_group, ctx):
    groups.close_group(ctx, enrolled_group.id)
    view = window.open_group(enrolled_group.id)
    roster = view.roster_view
    assert not roster.import_button.isEnabled()
    assert roster.import_button.toolTip() == "El grupo está cerrado: reábralo para cambiar a sus participantes"
    assert window.group_menu.import_action.toolTip() == roster.import_button.toolTip()
    assert not window.group_menu.import_action.isEnabled()
    attendance = view.session_view(1).attendance_view
    assert attendance.scan_box.toolTip() == "El grupo está cerrado: reábralo para corregir la asistencia"
    assert view.edit_button.toolTip() == "El grupo está cerrado: reábralo para editarlo"


def test_reopening_gives_the_buttons_back_their_usual_tooltip(window, enrolled_group, ctx):
    groups.close_group(ctx, enrolled_group.id)
    view = window.open_group(enrolled_group.id)
    groups.reopen_group(ctx, enrolled_group.id, "Corregir una salida")
    view.refresh()
    assert view.roster_view.import_button.isEnabled()
    ctrl_i = QKeySequence("Ctrl+I").toString(QKeySequence.SequenceFormat.NativeText)
    assert view.roster_view.import_button.toolTip() == f"Importar archivo… ({ctrl_i})"
    assert window.group_menu.import_action.isEnabled()


def test_issue_button_says_why_when_nobody_qualifies(window, enrolled_group, ctx):
    view = window.open_group(enrolled_group.id)
    assert not any(p.qualifies for p in results.evaluate_group(ctx, enrolled_group.id).participants)
    button = view.results_view.issue_button
    assert not button.isEnabled()
    assert button.toolTip() == "Nadie acredita todavía: las constancias se emiten a quienes acreditan"
    assert not window.group_menu.issue_action.isEnabled()
    assert window.group_menu.issue_action.toolTip() == button.toolTip()


def test_documents_buttons_say_what_to_select(window, enrolled_group, ctx, clock):
    complete_everyone_but_one(ctx, enrolled_group)
    clock.set("14:30", DAY2)  # the course is over: nothing is pending
    constancias.issue_constancias(ctx, enrolled_group.id)
    view = window.open_group(enrolled_group.id)
    documents = view.documents_view
    view.tabs.setCurrentWidget(documents)
    assert not documents.revoke_button.isEnabled()
    assert documents.revoke_button.toolTip() == "Seleccione una constancia para revocarla"
    documents.select_folio(documents.model.row_at(0).folio)
    assert documents.revoke_button.isEnabled()
    assert documents.revoke_button.toolTip() == "Revocar la constancia seleccionada (el registro se conserva)"


def test_a_disabled_primary_button_does_not_look_like_an_active_one(window, enrolled_group):
    view = window.open_group(enrolled_group.id)
    view.tabs.setCurrentWidget(view.results_view)
    button = view.results_view.issue_button
    assert not button.isEnabled()
    image = button.grab().toImage()
    centre = image.pixelColor(4, image.height() // 2).name().upper()
    assert centre != style.ACCENT.upper()
    assert centre == style.DISABLED_BACKGROUND.upper()


def test_help_menu_opens_the_instructors_guide(window, qtbot):
    assert window.help_menu.title() == "A&yuda"
    assert window.guide_action.shortcut() == QKeySequence("F1")
    window.guide_action.trigger()
    dialog = window.guide_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowTitle() == "Guía del instructor"
    assert "Guía rápida para instructores" in dialog.browser.toPlainText()
    assert "Pase de lista" in dialog.browser.toPlainText()


def test_the_guide_is_found_where_the_application_ships_it():
    guide = paths.instructor_guide()
    assert guide.is_file()
    assert guide.read_text(encoding="utf-8").startswith("# Guía")


def test_about_names_the_version(window):
    window.about_action.trigger()
    assert __version__ in window.about_box.text()
    window.about_box.close()


def test_menu_bar_offers_grupo_and_ayuda(window):
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&Archivo", "&Ver", "&Grupo", "&Herramientas", "A&yuda"]

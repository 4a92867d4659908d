"""The main window shell: status bar, zoom, language, settings persisted."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.ui.main_window import MainWindow
from app.ui.settings import UiSettings


def _window(app_context, qtbot) -> MainWindow:
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def test_status_bar_says_quietly_that_there_is_no_server(app_context, qtbot):
    window = _window(app_context, qtbot)
    assert window.status.sync_label.text() == "Sin servidor"
    assert window.status.zoom_label.text() == "Zoom 100 %"


def test_ctrl_plus_enlarges_the_interface_and_is_remembered(app_context, qtbot):
    window = _window(app_context, qtbot)
    before = QApplication.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.font().pointSizeF() > before
    assert window.status.zoom_label.text() == "Zoom 110 %"
    assert UiSettings().zoom_percent == 110


def test_ctrl_zero_returns_to_normal_size(app_context, qtbot):
    window = _window(app_context, qtbot)
    app_context.zoom.set_percent(150)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert app_context.zoom.percent == 100
    assert window.status.zoom_label.text() == "Zoom 100 %"


def test_ctrl_minus_makes_the_interface_smaller(app_context, qtbot):
    window = _window(app_context, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert app_context.zoom.percent == 90


def test_dates_use_mexican_spanish(app_context):
    assert QLocale().name() == "es_MX"


def test_english_can_be_chosen_instead_of_spanish(app_context, qtbot):
    app_context.translations.apply("en")
    window = _window(app_context, qtbot)
    assert window.status.sync_label.text() == "No server"


def test_window_geometry_is_restored_on_next_launch(app_context, qtbot):
    window = _window(app_context, qtbot)
    window.resize(700, 520)
    window.close()
    again = _window(app_context, qtbot)
    assert (again.width(), again.height()) == (700, 520)


def test_log_file_is_in_the_data_directory(app_context, aula_home):
    assert (aula_home / "logs" / "aula.log").exists()


def test_settings_dialog_sets_the_institution_name_in_the_title(window, ctx):
    from app.services import document_settings

    dialog = window.open_settings_dialog()
    dialog.documents_page.institution_edit.setText("Institución de Salud")
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert window.windowTitle() == "Aula — Institución de Salud"
    assert (UiSettings().institution_name, UiSettings().language) == ("Institución de Salud", "en")
    assert document_settings.get_document_settings(ctx).institution_name == "Institución de Salud"


def test_settings_without_a_database_offer_the_language_only(app_context, qtbot):
    window = _window(app_context, qtbot)
    dialog = window.open_settings_dialog()
    assert dialog.documents_page is None and dialog.tabs.count() == 1
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.save_button.click()
    assert UiSettings().language == "en"

"""Expected errors are plain messages; bugs open a copyable report and reach the log."""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from app.ui import logging_setup
from app.ui.crash_handler import CrashDialog, CrashHandler
from app.ui.errors import KnownError


def _exc_info(exc: BaseException):
    try:
        raise exc
    except BaseException:
        return sys.exc_info()


def test_expected_error_is_shown_as_a_plain_message(app_context, qtbot):
    handler = CrashHandler()
    handler.handle(_exc_info(KnownError("El archivo lista.xlsx no tiene la columna «matrícula».")))
    box = handler.last_dialog
    assert isinstance(box, QMessageBox)
    qtbot.addWidget(box)
    assert box.text() == "El archivo lista.xlsx no tiene la columna «matrícula»."


def test_bug_opens_the_crash_dialog_with_the_traceback(app_context, qtbot):
    handler = CrashHandler()
    handler.handle(_exc_info(ZeroDivisionError("division by zero")))
    dialog = handler.last_dialog
    assert isinstance(dialog, CrashDialog)
    qtbot.addWidget(dialog)
    report = dialog.report_view.toPlainText()
    assert "ZeroDivisionError: division by zero" in report
    assert dialog.windowTitle() == "Error inesperado"


def test_copy_report_puts_the_report_on_the_clipboard(app_context, qtbot):
    dialog = CrashDialog("informe de prueba")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "informe de prueba"
    assert dialog.copy_button.text() == "Copiado"


def test_bug_is_written_to_the_log_file(app_context, qtbot):
    handler = CrashHandler()
    handler.handle(_exc_info(RuntimeError("estado imposible")))
    qtbot.addWidget(handler.last_dialog)
    assert "RuntimeError: estado imposible" in logging_setup.log_file().read_text(encoding="utf-8")


def test_installed_handler_replaces_sys_excepthook(app_context):
    previous = sys.excepthook
    handler = CrashHandler()
    handler.install()
    try:
        assert sys.excepthook == handler._excepthook
    finally:
        handler.uninstall()
    assert sys.excepthook == previous


def test_service_errors_are_expected_errors(app_context, qtbot):
    from app.services.errors import GroupClosed

    handler = CrashHandler()
    handler.handle(_exc_info(GroupClosed("SER-BT-261124-UMF07")))
    box = handler.last_dialog
    qtbot.addWidget(box)
    assert isinstance(box, QMessageBox)
    assert box.text().startswith("El grupo SER-BT-261124-UMF07 está cerrado")

"""The crash handler: installed before the main window exists.

``sys.excepthook`` (and ``threading.excepthook``) route every uncaught
exception here. Expected errors become a plain message box; bugs are logged
with their traceback and shown in :class:`CrashDialog`, whose report can be
copied to the clipboard.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

import app
from app.storage.errors import is_damage
from app.ui import errors, logging_setup

logger = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def build_report(exc_type: type[BaseException], exc: BaseException,
                 tb: TracebackType | None) -> str:
    """A plain-text report for a bug: versions, traceback and the log's tail."""
    lines = [
        f"Aula {app.__version__}",
        f"Python {platform.python_version()} · PySide6 {pyside_version} · Qt {qVersion()}",
        f"{platform.system()} {platform.release()} ({platform.machine()})",
        "",
        "".join(traceback.format_exception(exc_type, exc, tb)).rstrip(),
        "",
        "--- log ---",
        logging_setup.tail(),
    ]
    return "\n".join(lines)


class CrashDialog(QDialog):
    """Shows a bug report that the user can copy and send."""

    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.setObjectName("crashDialog")
        intro = QLabel(self.tr(
            "Aula found an error it did not expect. Your marks already saved are safe. "
            "Copy this report and send it to technical support."))
        intro.setWordWrap(True)
        self.report_view = QPlainTextEdit(report)
        self.report_view.setReadOnly(True)
        self.report_view.setAccessibleName(self.tr("Error report"))
        self.report_view.setMinimumSize(560, 260)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = buttons.addButton(self.tr("Copy report"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report_view)
        layout.addWidget(buttons)

    @Slot()
    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report_view.toPlainText())
        self.copy_button.setText(self.tr("Copied"))


class CrashHandler(QObject):
    """Routes uncaught exceptions to a message or a crash dialog on the GUI thread.

    Signals:
        exception_caught(object): emitted with ``(type, value, traceback)``;
            queued so exceptions raised in worker threads reach the GUI thread.
    """

    exception_caught = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._showing = False
        self.last_dialog: QDialog | QMessageBox | None = None
        self.exception_caught.connect(self._on_exception_caught,
                                      Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def _excepthook(self, exc_type, exc, tb) -> None:
        self.handle((exc_type, exc, tb))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.exception_caught.emit((args.exc_type, args.exc_value, args.exc_traceback))

    def handle(self, exc_info: ExcInfo) -> None:
        """Show ``exc_info`` to the user: a message if expected, else a crash report."""
        exc_type, exc, tb = exc_info
        if issubclass(exc_type, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        if errors.is_expected(exc):
            logger.warning("Expected error: %s", errors.user_message(exc))
            self._show_message(exc)
            return
        if is_damage(exc):  # found while in use: not a bug, and no report would help
            logger.error("The database is damaged", exc_info=(exc_type, exc, tb))
            self._show_message(errors.KnownError(self.tr(
                "The database is damaged and Aula cannot go on using it. Close Aula and open it again: "
                "it will offer to restore the newest good backup, keeping the damaged file aside.")))
            return
        logger.error("Uncaught exception", exc_info=(exc_type, exc, tb))
        if self._showing or QApplication.instance() is None:
            traceback.print_exception(exc_type, exc, tb)
            return
        try:
            dialog = CrashDialog(build_report(exc_type, exc, tb), QApplication.activeWindow())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(self._on_dialog_finished)
            self._showing = True
            self.last_dialog = dialog
            # open(), not exec(): no nested event loop inside an exception hook.
            dialog.open()
        except Exception:  # the handler itself must never raise
            traceback.print_exc()

    def _show_message(self, exc: BaseException) -> None:
        title = getattr(exc, "title", None) or self.tr("Aula")
        box = QMessageBox(QMessageBox.Icon.Warning, title, errors.user_message(exc),
                          QMessageBox.StandardButton.Ok, QApplication.activeWindow())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = box
        box.open()

    @Slot()
    def _on_dialog_finished(self) -> None:
        self._showing = False

    @Slot(object)
    def _on_exception_caught(self, exc_info: ExcInfo) -> None:
        self.handle(exc_info)

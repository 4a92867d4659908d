"""Herramientas › Conectar con el servidor…: the server's address and the one-time code.

The code is typed, or pasted from the text of the QR that ``aula-server enroll-code`` prints.
The registration runs on the task runner (it waits for the network); the server's reason
for a refusal is shown in the dialog, in Spanish, and the user can correct and try again.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.ui import errors
from app.ui.sync_runner import Engine
from app.ui.tasks import Task, TaskContext, TaskRunner
from app.ui.widgets import label, set_tone

logger = logging.getLogger(__name__)


def _enroll(engine: Engine, url: str, code: str, *, context: TaskContext) -> Any:
    return engine.enroll(url, code)


class EnrollDialog(QDialog):
    """Signals:
        enrolled(object): the engine's enrollment result; the dialog then closes.
    """

    enrolled = Signal(object)

    def __init__(self, engine: Engine, tasks: TaskRunner, parent: QWidget | None = None,
                 url: str = "") -> None:
        super().__init__(parent)
        self.engine = engine
        self._tasks = tasks
        self.task: Task | None = None
        self.setWindowTitle(self.tr("Connect to the server"))
        self.setMinimumWidth(480)
        self.intro_label = label(self.tr(
            "Ask the administrator of the server for a one-time code for this computer. "
            "The changes made on this computer are kept and sent to the server."), wrap=True)
        self.url_edit = QLineEdit(url)
        self.url_edit.setPlaceholderText("https://aula.ejemplo.mx")
        self.url_edit.setAccessibleName(self.tr("Server address"))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText(self.tr("Type the code or paste the text of the QR"))
        self.code_edit.setAccessibleName(self.tr("One-time code"))
        self.feedback_label = label("", "feedback", wrap=True)
        self.feedback_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(self.tr("Connect"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.url_edit, self.code_edit):
            edit.textChanged.connect(self._update_button)
        form = QFormLayout()
        form.addRow(self.tr("Server &address:"), self.url_edit)
        form.addRow(self.tr("One-time &code:"), self.code_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.feedback_label)
        layout.addWidget(self.buttons)
        self._update_button()

    @Slot()
    def _update_button(self) -> None:
        ready = bool(self.url_edit.text().strip() and self.code_edit.text().strip())
        self.connect_button.setEnabled(ready and self.task is None)

    def _say(self, text: str, tone: str | None) -> None:
        self.feedback_label.setText(text)
        set_tone(self.feedback_label, tone)
        self.feedback_label.setVisible(bool(text))

    @Slot()
    def submit(self) -> Task | None:
        """Register this device with the server, in the background."""
        url, code = self.url_edit.text().strip(), self.code_edit.text().strip()
        if not (url and code) or self.task is not None:
            return None
        self._say(self.tr("Connecting to {url}…").format(url=url), None)
        for widget in (self.url_edit, self.code_edit):
            widget.setEnabled(False)
        self.task = self._tasks.submit(_enroll, self.engine, url, code, name="enroll")
        self.task.result.connect(self._on_task_result)
        self.task.error.connect(self._on_task_error)
        self.task.finished.connect(self._on_task_finished)
        self._update_button()
        return self.task

    @Slot(object)
    def _on_task_result(self, result: Any) -> None:
        logger.info("Enrolled with %s", self.url_edit.text().strip())
        self.enrolled.emit(result)
        self.accept()

    @Slot(object)
    def _on_task_error(self, exc: BaseException) -> None:
        if not errors.is_expected(exc):
            raise exc
        self._say(errors.user_message(exc), "bad")
        self.code_edit.selectAll()

    @Slot()
    def _on_task_finished(self) -> None:
        self.task = None
        for widget in (self.url_edit, self.code_edit):
            widget.setEnabled(True)
        self._update_button()
        if self.isVisible():
            self.code_edit.setFocus()

    def reject(self) -> None:
        if self.task is not None:
            return  # the registration is on its way: its answer must be recorded
        super().reject()

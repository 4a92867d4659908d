"""Add a walk-in worker (not on the staff list) with a validated matrícula and CURP."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit,
                               QVBoxLayout, QWidget)

from app.domain.enums import Shift
from app.domain.identifiers import InvalidIdentifier, validate_curp, validate_matricula
from app.services import staff
from app.services.context import Context
from app.domain.errors import UserError
from app.services.staff import WorkerInfo
from app.ui.widgets import label, set_tone

logger = logging.getLogger(__name__)


class WalkInDialog(QDialog):
    """Creates the worker through the staff service; says what to fix, field by field.

    Signals:
        worker_added(object): the new :class:`WorkerInfo`.
    """

    worker_added = Signal(object)

    def __init__(self, ctx: Context, matricula: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker: WorkerInfo | None = None
        self.setWindowTitle(self.tr("New participant"))
        self.matricula_edit = QLineEdit(matricula)
        self.given_edit = QLineEdit()
        self.paternal_edit = QLineEdit()
        self.maternal_edit = QLineEdit()
        self.curp_edit = QLineEdit()
        self.curp_edit.setMaxLength(18)
        self.category_edit = QLineEdit()
        self.department_edit = QLineEdit()
        self.shift_combo = QComboBox()
        self.shift_combo.setEditable(True)
        self.shift_combo.addItems(["", *(s.value for s in Shift)])
        form = QFormLayout()
        for text, widget in ((self.tr("Employee no.*"), self.matricula_edit),
                             (self.tr("Given names*"), self.given_edit),
                             (self.tr("Paternal surname*"), self.paternal_edit),
                             (self.tr("Maternal surname"), self.maternal_edit),
                             (self.tr("CURP"), self.curp_edit),
                             (self.tr("Category"), self.category_edit),
                             (self.tr("Service"), self.department_edit),
                             (self.tr("Shift"), self.shift_combo)):
            widget.setAccessibleName(text.rstrip("*"))
            form.addRow(text, widget)
        self.error_label = label("", "feedback", wrap=True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("Fields marked * are required. The CURP is optional but, "
                                       "if given, must be valid."), "muted", wrap=True))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        (self.given_edit if matricula else self.matricula_edit).setFocus()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        set_tone(self.error_label, "bad")
        self.error_label.show()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            validate_matricula(self.matricula_edit.text())
            if self.curp_edit.text().strip():
                validate_curp(self.curp_edit.text())
        except InvalidIdentifier as exc:
            self._show_error(self.tr("{field}: {reason}.").format(field=exc.field[:1].upper() + exc.field[1:],
                                                                  reason=exc.reason))
            (self.matricula_edit if exc.field == "matrícula" else self.curp_edit).setFocus()
            return
        try:
            self.worker = staff.add_worker(
                self.ctx, matricula=self.matricula_edit.text(), given_names=self.given_edit.text(),
                paternal_surname=self.paternal_edit.text(), maternal_surname=self.maternal_edit.text(),
                curp=self.curp_edit.text(), category=self.category_edit.text(),
                department=self.department_edit.text(), shift=self.shift_combo.currentText())
        except UserError as exc:
            self._show_error(str(exc))
            return
        logger.info("Walk-in worker %s added", self.worker.matricula)
        self.worker_added.emit(self.worker)
        self.accept()

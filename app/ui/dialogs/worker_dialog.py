"""Edit a worker of the staff list: names, CURP, category, service, shift and unit."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.domain.enums import Shift
from app.domain.errors import UserError
from app.services import catalog, staff
from app.services.context import Context
from app.services.staff import WorkerInfo
from app.ui.widgets import label, set_tone

logger = logging.getLogger(__name__)


class WorkerDialog(QDialog):
    """Saves through :func:`app.services.staff.edit_worker` (outbox and audit); says what to fix.

    The matrícula is the worker's identity and is shown, not edited.

    Signals:
        saved(object): the updated :class:`WorkerInfo`.
    """

    saved = Signal(object)

    def __init__(self, ctx: Context, worker: WorkerInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker = worker
        self.setWindowTitle(self.tr("Edit worker {matricula}").format(matricula=worker.matricula))
        self.setMinimumWidth(480)
        self.given_edit = QLineEdit(worker.given_names)
        self.paternal_edit = QLineEdit(worker.paternal_surname)
        self.maternal_edit = QLineEdit(worker.maternal_surname)
        self.curp_edit = QLineEdit(worker.curp or "")
        self.curp_edit.setMaxLength(18)
        self.category_edit = QLineEdit(worker.category)
        self.department_edit = QLineEdit(worker.department)
        self.shift_combo = QComboBox()
        self.shift_combo.setEditable(True)
        self.shift_combo.addItems(["", *(s.value for s in Shift)])
        self.shift_combo.setCurrentText(worker.shift)
        self.unit_combo = QComboBox()
        self.unit_combo.addItem(self.tr("(no unit)"), None)
        for unit in catalog.list_units(ctx):
            self.unit_combo.addItem(f"{unit.code} · {unit.name}", unit.id)
        self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(worker.unit_id)))
        form = QFormLayout()
        form.addRow(self.tr("Employee no."), label(worker.matricula))
        for text, widget in ((self.tr("Given names*"), self.given_edit),
                             (self.tr("Paternal surname*"), self.paternal_edit),
                             (self.tr("Maternal surname"), self.maternal_edit),
                             (self.tr("CURP"), self.curp_edit),
                             (self.tr("Category"), self.category_edit),
                             (self.tr("Service"), self.department_edit),
                             (self.tr("Shift"), self.shift_combo),
                             (self.tr("Unit"), self.unit_combo)):
            widget.setAccessibleName(text.rstrip("*"))
            form.addRow(text, widget)
        self.error_label = label("", "feedback", wrap=True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label(self.tr("Fields marked * are required. The CURP is optional but, if given, "
                                       "must be valid. Constancias already issued keep the name they "
                                       "certified; correct them from the group's Documents tab."),
                               "muted", wrap=True))
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.given_edit.setFocus()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        set_tone(self.error_label, "bad")
        self.error_label.show()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        try:
            updated = staff.edit_worker(
                self.ctx, self.worker.id, given_names=self.given_edit.text(),
                paternal_surname=self.paternal_edit.text(), maternal_surname=self.maternal_edit.text(),
                curp=self.curp_edit.text(), category=self.category_edit.text(),
                department=self.department_edit.text(), shift=self.shift_combo.currentText(),
                unit_id=self.unit_combo.currentData())
        except UserError as exc:
            self._show_error(str(exc))
            if "CURP" in str(exc):
                self.curp_edit.setFocus()
            return
        logger.info("Worker %s edited", updated.matricula)
        self.worker = updated
        self.saved.emit(updated)
        self.accept()

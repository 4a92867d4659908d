"""Add a walk-in: a worker not on the staff list (matrícula), or an external participant (CURP).

An external participant is a person of another institution (e.g. a federal
security officer) who takes a course: they have no matrícula, so the CURP is
required and identifies them, with their institution and own credential number.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Shift
from app.domain.errors import UserError
from app.domain.identifiers import (
    InvalidIdentifier,
    normalize_matricula,
    validate_credential_number,
    validate_curp,
    validate_matricula,
)
from app.services import staff
from app.services.context import Context
from app.services.staff import WorkerInfo
from app.ui.widgets import label, set_tone

logger = logging.getLogger(__name__)


def _badge_fields(text: str) -> tuple[str, str, str]:
    """Where a scanned text that named nobody goes: (matrícula, CURP, credential number)."""
    text = text.strip()
    if not text or normalize_matricula(text).isdigit():
        return text, "", ""
    try:
        return "", validate_curp(text), ""
    except InvalidIdentifier:
        return "", "", text


class WalkInDialog(QDialog):
    """Creates the worker through the staff service; says what to fix, field by field.

    Args:
        matricula: what was scanned or typed: a matrícula fills that field; a
            CURP or anything else with letters opens the dialog for an external
            participant with the CURP or the credential number filled in.

    Signals:
        worker_added(object): the new :class:`WorkerInfo`.
    """

    worker_added = Signal(object)

    def __init__(self, ctx: Context, matricula: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker: WorkerInfo | None = None
        self.setWindowTitle(self.tr("New participant"))
        matricula, curp, credential = _badge_fields(matricula)
        self.external_check = QCheckBox(self.tr("External participant (from another institution, "
                                                "without employee number)"))
        self.matricula_edit = QLineEdit(matricula)
        self.given_edit = QLineEdit()
        self.paternal_edit = QLineEdit()
        self.maternal_edit = QLineEdit()
        self.curp_edit = QLineEdit(curp)
        self.curp_edit.setMaxLength(18)
        self.institution_edit = QLineEdit()
        self.credential_edit = QLineEdit(credential)
        self.credential_edit.setMaxLength(30)
        self.category_edit = QLineEdit()
        self.department_edit = QLineEdit()
        self.shift_combo = QComboBox()
        self.shift_combo.setEditable(True)
        self.shift_combo.addItems(["", *(s.value for s in Shift)])
        self.form = QFormLayout()
        self.curp_label = label(self.tr("CURP"))
        for text, widget in ((self.tr("Employee no.*"), self.matricula_edit),
                             (self.tr("Given names*"), self.given_edit),
                             (self.tr("Paternal surname*"), self.paternal_edit),
                             (self.tr("Maternal surname"), self.maternal_edit),
                             (self.curp_label, self.curp_edit),
                             (self.tr("Institution*"), self.institution_edit),
                             (self.tr("Credential no."), self.credential_edit),
                             (self.tr("Category"), self.category_edit),
                             (self.tr("Service"), self.department_edit),
                             (self.tr("Shift"), self.shift_combo)):
            name = text if isinstance(text, str) else self.tr("CURP")
            widget.setAccessibleName(name.rstrip("*"))
            self.form.addRow(text, widget)
        self.hint_label = label("", "muted", wrap=True)
        self.error_label = label("", "feedback", wrap=True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(self.tr("Add"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setDefault(True)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.external_check.toggled.connect(self._on_external_check_toggled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.external_check)
        layout.addWidget(self.hint_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.external_check.setChecked(bool(curp or credential))
        self._on_external_check_toggled(self.external_check.isChecked())
        if self.is_external:
            (self.given_edit if curp else self.curp_edit).setFocus()
        else:
            (self.given_edit if matricula else self.matricula_edit).setFocus()

    @property
    def is_external(self) -> bool:
        return self.external_check.isChecked()

    @Slot(bool)
    def _on_external_check_toggled(self, external: bool) -> None:
        for widget in (self.matricula_edit, self.category_edit, self.department_edit, self.shift_combo):
            self.form.setRowVisible(widget, not external)
        for widget in (self.institution_edit, self.credential_edit):
            self.form.setRowVisible(widget, external)
        self.curp_label.setText(self.tr("CURP*") if external else self.tr("CURP"))
        self.hint_label.setText(
            self.tr("Fields marked * are required. The CURP identifies an external participant; "
                    "scanning it or the credential number marks their attendance.") if external else
            self.tr("Fields marked * are required. The CURP is optional but, if given, must be valid."))
        self.error_label.hide()

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        set_tone(self.error_label, "bad")
        self.error_label.show()

    def _check_identifiers(self) -> bool:
        """Validate what can be checked here, naming the field and focusing it."""
        checks = [(self.curp_edit, validate_curp, self.is_external)]
        if self.is_external:
            checks.append((self.credential_edit, validate_credential_number, False))
        else:
            checks.insert(0, (self.matricula_edit, validate_matricula, True))
        for edit, validate, required in checks:
            if not edit.text().strip() and not required:
                continue
            if not edit.text().strip() and edit is self.curp_edit:
                self._show_error(self.tr("CURP: an external participant is identified by the CURP; "
                                         "write it."))
                edit.setFocus()
                return False
            try:
                validate(edit.text())
            except InvalidIdentifier as exc:
                self._show_error(self.tr("{field}: {reason}.").format(
                    field=exc.field[:1].upper() + exc.field[1:], reason=exc.reason))
                edit.setFocus()
                return False
        return True

    def _add(self) -> WorkerInfo:
        if self.is_external:
            return staff.add_external_participant(
                self.ctx, curp=self.curp_edit.text(), given_names=self.given_edit.text(),
                paternal_surname=self.paternal_edit.text(), maternal_surname=self.maternal_edit.text(),
                institution=self.institution_edit.text(), credential_number=self.credential_edit.text())
        return staff.add_worker(
            self.ctx, matricula=self.matricula_edit.text(), given_names=self.given_edit.text(),
            paternal_surname=self.paternal_edit.text(), maternal_surname=self.maternal_edit.text(),
            curp=self.curp_edit.text(), category=self.category_edit.text(),
            department=self.department_edit.text(), shift=self.shift_combo.currentText())

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self._check_identifiers():
            return
        try:
            self.worker = self._add()
        except UserError as exc:
            self._show_error(str(exc))
            return
        logger.info("Walk-in %s added", "external participant" if self.worker.is_external else "worker")
        self.worker_added.emit(self.worker)
        self.accept()

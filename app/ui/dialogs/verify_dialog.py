"""Verificar constancia: scan or paste the QR text and see whether it is authentic.

A USB scanner types the QR's text followed by Enter into the box. One verdict
is shown in large text with a colour *and* a glyph and a word (not a QR of a
constancia, damaged, altered, unknown key, authentic); one line under it says
what to do or, for an authentic one, its status on this device (vigente,
sustituida por el folio …, revocada: motivo); then the fields the signature
certifies.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLayout, QLineEdit, QVBoxLayout, QWidget

from app.domain.enums import ConstanciaStatus
from app.domain.signing import CertifiedFields
from app.services import constancias
from app.services.constancias import ConstanciaCheck
from app.services.context import Context
from app.ui import formatting
from app.ui.widgets import button, label, set_tone

logger = logging.getLogger(__name__)


class VerifyDialog(QDialog):
    """Checks QR texts one after another; the box keeps the focus for the next scan."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.check: ConstanciaCheck | None = None
        self.setWindowTitle(self.tr("Verify constancia"))
        intro = label(self.tr("Scan the QR code of the constancia with the reader, or paste its text "
                              "and press Enter."), wrap=True)
        self.text_edit = QLineEdit()
        self.text_edit.setProperty("role", "scan")
        self.text_edit.setAccessibleName(self.tr("QR text"))
        self.text_edit.setPlaceholderText(self.tr("QR text"))
        # A width, not the dialog's minimum: a dialog with its own minimum stops enforcing its layout's.
        self.text_edit.setMinimumWidth(600)
        self.text_edit.returnPressed.connect(self.verify_text)
        self.verify_button = button(self.tr("Verify"), "check")
        self.verify_button.clicked.connect(self.verify_text)
        self.verdict_label = label("", "counter", wrap=True)
        self.verdict_label.setAccessibleName(self.tr("Result"))
        self.message_label = label("", "feedback", wrap=True)
        self.message_label.hide()
        self.field_labels = {key: label("", wrap=key == "course_name") for key in (
            "folio", "worker_name", "curp_masked", "course_name", "hours", "dates", "venue",
            "instructor_name", "key_id")}
        form = QFormLayout()
        form.setVerticalSpacing(6)
        titles = {
            "folio": self.tr("Folio"), "worker_name": self.tr("Name"), "curp_masked": self.tr("CURP"),
            "course_name": self.tr("Course"), "hours": self.tr("Hours"), "dates": self.tr("Dates"),
            "venue": self.tr("Venue"), "instructor_name": self.tr("Instructor"),
            "key_id": self.tr("Signed by device"),
        }
        for key, widget in self.field_labels.items():
            form.addRow(titles[key] + ":", widget)
        self.fields_box = QWidget()
        self.fields_box.setLayout(form)
        self.fields_box.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        # Enter belongs to the scan box: no button may take it as the dialog's default.
        for widget in (self.verify_button, buttons.button(QDialogButtonBox.StandardButton.Close)):
            widget.setAutoDefault(False)
            widget.setDefault(False)
        top = QVBoxLayout()
        top.addWidget(intro)
        top.addWidget(self.text_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.verify_button)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.fields_box)
        layout.addStretch(1)
        layout.addWidget(buttons)
        # The dialog grows when the certified fields appear instead of squeezing them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.text_edit.setFocus()

    @Slot()
    def verify_text(self) -> ConstanciaCheck | None:
        """Verify what the box holds and show the verdict; select it for the next scan."""
        text = self.text_edit.text().strip()
        if not text:
            return None
        self.check = constancias.verify(self.ctx, text)
        logger.info("Verified a QR: %s / %s", self.check.verification.status, self.check.local_status)
        self._show(self.check, text)
        self.text_edit.selectAll()
        self.text_edit.setFocus()
        return self.check

    def verdict(self, check: ConstanciaCheck, text: str) -> tuple[str, str]:
        """The one verdict line (glyph and words) and its tone."""
        status = check.verification.status
        if status == "valid":
            if check.local_status is ConstanciaStatus.REVOKED:
                return "✗ " + self.tr("Revoked"), "bad"
            if check.local_status is ConstanciaStatus.SUPERSEDED:
                return "⚠ " + self.tr("Superseded"), "warn"
            return "✓ " + self.tr("Authentic"), "good"
        if status == "unknown_key":
            return "? " + self.tr("Unknown key"), "warn"
        if status == "invalid":
            return "✗ " + self.tr("Not valid: altered signature"), "bad"
        if constancias.looks_like_constancia_qr(text):
            return "✗ " + self.tr("Damaged QR"), "bad"
        return "✗ " + self.tr("Not a constancia QR"), "bad"

    def detail(self, check: ConstanciaCheck, text: str) -> str:
        """One line under the verdict: what to do, or for an authentic one its status on this device."""
        status = check.verification.status
        if status == "valid":
            return self.local_status_text(constancias.local_status(self.ctx, check.verification.fields.folio))
        if status == "unknown_key":
            return self.tr("Signed by device {device}, which this device does not know yet. Synchronize, "
                           "or verify it online.").format(device=check.verification.key_id)
        if status == "invalid":
            return self.tr("The data do not match the signature: the constancia was altered or is not "
                           "authentic.")
        if constancias.looks_like_constancia_qr(text):
            return self.tr("The code could not be read completely. Scan it again; if it still fails, "
                           "the printed code is damaged.")
        return self.tr("This code was not made by Aula. Scan the QR printed on the constancia.")

    def local_status_text(self, local: constancias.LocalStatus | None) -> str:
        if local is None:
            return self.tr("Status here: not issued on this device (the signature is authentic).")
        if local.status is ConstanciaStatus.REVOKED:
            return self.tr("Status here: revoked: {reason}").format(reason=local.revoked_reason or "—")
        if local.status is ConstanciaStatus.SUPERSEDED:
            if local.replaced_by:
                return self.tr("Status here: superseded by folio {folio}").format(folio=local.replaced_by)
            return self.tr("Status here: superseded")
        return self.tr("Status here: valid")

    def _show(self, check: ConstanciaCheck, text: str) -> None:
        verdict, tone = self.verdict(check, text)
        self.verdict_label.setText(verdict)
        set_tone(self.verdict_label, tone)
        self.message_label.setText(self.detail(check, text))
        set_tone(self.message_label, tone)
        self.message_label.show()
        # An altered QR's fields are what a forger wrote: not shown as if certified.
        fields = check.verification.fields if check.verification.status != "invalid" else None
        self.fields_box.setVisible(fields is not None)
        if fields is not None:
            self._show_fields(check, fields)
        # A verdict that wraps, or the certified fields, need more height than the last scan did.
        if self.height() < self.sizeHint().height():
            self.adjustSize()

    def _show_fields(self, check: ConstanciaCheck, fields: CertifiedFields) -> None:
        values = {
            "folio": fields.folio, "worker_name": fields.worker_name,
            "curp_masked": fields.curp_masked or "—", "course_name": fields.course_name,
            "hours": str(fields.hours),
            "dates": ", ".join(formatting.date_text(day) for day in fields.dates),
            "venue": fields.venue, "instructor_name": fields.instructor_name or "—",
            "key_id": check.verification.key_id or "—",
        }
        for key, value in values.items():
            self.field_labels[key].setText(value)

"""Cambiar de perfil: instructor or director, with the profile's PIN when it has one; and set a PIN."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal, Slot
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

from app.domain.errors import UserError
from app.services import profiles
from app.services.context import Context
from app.services.profiles import ProfileInfo
from app.ui.widgets import label, set_tone


def role_text(profile: ProfileInfo) -> str:
    return (QCoreApplication.translate("ProfileDialog", "Director") if profile.is_director
            else QCoreApplication.translate("ProfileDialog", "Instructor"))


class ProfileDialog(QDialog):
    """Choose the profile to work with; a director profile consults and never changes marks.

    Signals:
        switched(object): the :class:`ProfileInfo` now active.
    """

    switched = Signal(object)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Switch profile"))
        self.profiles = profiles.list_profiles(ctx)
        current = profiles.current_profile(ctx)
        self.profile_combo = QComboBox()
        self.profile_combo.setAccessibleName(self.tr("Profile"))
        for p in self.profiles:
            self.profile_combo.addItem(f"{p.name} ({role_text(p)})", p.id)
        self.profile_combo.setCurrentIndex(max(0, self.profile_combo.findData(current.id)))
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setAccessibleName(self.tr("PIN"))
        self.pin_edit.setPlaceholderText(self.tr("Only if the profile has one"))
        self.new_pin_check = QCheckBox(self.tr("Set a new PIN for this profile"))
        self.new_pin_edit = QLineEdit()
        self.new_pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pin_edit.setAccessibleName(self.tr("New PIN"))
        self.new_pin_edit.setPlaceholderText(self.tr("4 to 12 digits; empty removes the PIN"))
        self.new_pin_edit.setEnabled(False)
        self.new_pin_check.toggled.connect(self.new_pin_edit.setEnabled)
        self.explanation = label(self.tr(
            "The director profile consults coverage, history and constancias; it cannot record attendance or "
            "participation, change rosters or issue constancias."), "muted", wrap=True)
        self.error_label = label("", "feedback", wrap=True)
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("Profile"), self.profile_combo)
        form.addRow(self.tr("PIN"), self.pin_edit)
        form.addRow("", self.new_pin_check)
        form.addRow(self.tr("New PIN"), self.new_pin_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Switch"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @Slot()
    def apply(self) -> ProfileInfo | None:
        """Check the PIN, switch (audited by the service) and, if asked, set the new PIN."""
        profile_id = self.profile_combo.currentData()
        try:
            pin = self.pin_edit.text()
            if self.new_pin_check.isChecked():
                pin = self.new_pin_edit.text().strip()
                profiles.set_pin(self.ctx, profile_id, pin, current_pin=self.pin_edit.text())
            chosen = profiles.switch_profile(self.ctx, profile_id, pin)
        except UserError as exc:
            self.error_label.setText(str(exc))
            set_tone(self.error_label, "bad")
            self.error_label.show()
            self.pin_edit.selectAll()
            self.pin_edit.setFocus()
            return None
        self.switched.emit(chosen)
        self.accept()
        return chosen

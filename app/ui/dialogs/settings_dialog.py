"""Settings: interface language and the institution's name."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from app.ui.settings import UiSettings
from app.ui.widgets import label


class SettingsDialog(QDialog):
    """Signals:
        saved(): the settings were written.
    """

    saved = Signal()

    def __init__(self, settings: UiSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self.language_combo = QComboBox()
        self.language_combo.addItem("Español (México)", "es")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.language_combo.setAccessibleName(self.tr("Language"))
        self.institution_edit = QLineEdit(settings.institution_name)
        self.institution_edit.setAccessibleName(self.tr("Institution name"))
        self.institution_edit.setPlaceholderText(self.tr("As it should appear on screens and documents"))
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language_combo)
        form.addRow(self.tr("Institution name"), self.institution_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(label(self.tr("A change of language applies the next time Aula starts."),
                               "muted", wrap=True))
        layout.addWidget(buttons)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        self.settings.language = self.language_combo.currentData()
        self.settings.institution_name = self.institution_edit.text()
        self.settings.sync()
        self.saved.emit()
        self.accept()

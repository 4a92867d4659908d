"""Settings: the interface language (General) and what the documents print (Documentos)."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QTabWidget, QVBoxLayout, QWidget

from app.services.context import Context
from app.ui.dialogs.document_settings_page import DocumentSettingsPage
from app.ui.settings import UiSettings
from app.ui.tasks import TaskRunner
from app.ui.widgets import label


class SettingsDialog(QDialog):
    """The settings of this installation.

    Args:
        settings: the interface settings (language; the institution name mirrored
            for the window title).
        parent: the main window.
        ctx: the services' context; without one (no database open) only the
            General page is shown.
        tasks: the application's task runner (the preview renders there); a
            private one when not given.

    Signals:
        saved(): the settings were written.
    """

    saved = Signal()

    def __init__(self, settings: UiSettings, parent: QWidget | None = None, *,
                 ctx: Context | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._own_tasks = None if tasks is not None else TaskRunner(self)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self.language_combo = QComboBox()
        self.language_combo.addItem("Español (México)", "es")
        self.language_combo.addItem("English", "en")
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(settings.language)))
        self.language_combo.setAccessibleName(self.tr("Language"))
        general = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language_combo)
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(form)
        general_layout.addWidget(label(self.tr("A change of language applies the next time Aula starts."),
                                       "muted", wrap=True))
        general_layout.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, self.tr("General"))
        self.documents_page: DocumentSettingsPage | None = None
        if ctx is not None:
            self.documents_page = DocumentSettingsPage(ctx, tasks or self._own_tasks,
                                                       settings.institution_name, self)
            self.tabs.addTab(self.documents_page, self.tr("Documents"))
            self.tabs.setCurrentWidget(self.documents_page)
            self.resize(980, 600)  # fits a 1024×768 screen
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self.documents_page is not None:
            saved = self.documents_page.save()
            if saved is None:
                self.tabs.setCurrentWidget(self.documents_page)
                return
            # The window title shows the institution too (read from the interface settings).
            self.settings.institution_name = saved.institution_name
        self.settings.language = self.language_combo.currentData()
        self.settings.sync()
        self.saved.emit()
        self.accept()

    def done(self, result: int) -> None:
        # A private runner goes away with the dialog: let a preview being drawn finish first.
        if self._own_tasks is not None:
            self._own_tasks.wait_for_done(5000)
        super().done(result)

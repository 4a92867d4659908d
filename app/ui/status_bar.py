"""The status bar: profile · unit · sync state · zoom."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar, QWidget


class AulaStatusBar(QStatusBar):
    """Permanent labels for who is working, where, the sync state and the zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile_label = QLabel()
        self.unit_label = QLabel()
        self.sync_label = QLabel(self.tr("Offline"))
        self.zoom_label = QLabel()
        for label, name in ((self.profile_label, self.tr("Profile")),
                            (self.unit_label, self.tr("Unit")),
                            (self.sync_label, self.tr("Sync state")),
                            (self.zoom_label, self.tr("Zoom"))):
            label.setAccessibleName(name)
            self.addPermanentWidget(label)
        # A long unit name gives way on a small screen; the sync state and the zoom stay whole.
        self.unit_label.setMinimumWidth(1)
        self.unit_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_profile(self, text: str) -> None:
        self.profile_label.setText(text)

    def set_unit(self, text: str) -> None:
        self.unit_label.setText(text)
        self.unit_label.setToolTip(text)

    def set_sync_state(self, text: str) -> None:
        """Shown quietly: offline is a normal state, never an error."""
        self.sync_label.setText(text)

    @Slot(int)
    def set_zoom(self, percent: int) -> None:
        self.zoom_label.setText(self.tr("Zoom {percent} %").format(percent=percent))

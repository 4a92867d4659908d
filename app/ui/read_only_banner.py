"""The banner over the main window when the data folder cannot be written.

The window opens anyway so groups, results and documents can be consulted;
every write is refused by the services with a message naming the folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from app.ui.widgets import label, set_tone


def read_only_banner(folder: Path) -> QLabel:
    banner = label("", "feedback", wrap=True)
    banner.setObjectName("readOnlyBanner")
    banner.setText(QCoreApplication.translate(
        "ReadOnlyBanner", "Read only: Aula cannot write in the data folder {folder}. You can consult groups, results and "  # noqa: E501
        "documents, but nothing you change is saved. Close Aula, fix the folder (permissions, a full or "
        "read-only disk) and open it again.").format(folder=folder))
    banner.setAccessibleName(QCoreApplication.translate("ReadOnlyBanner", "Read-only mode"))
    set_tone(banner, "warn")
    return banner


def show_read_only_banner(window: QMainWindow, folder: Path) -> QLabel:
    """Put the banner above the window's contents (the contents are kept, not rebuilt)."""
    contents = window.takeCentralWidget()
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    banner = read_only_banner(folder)
    layout.addWidget(banner)
    if contents is not None:
        layout.addWidget(contents, 1)
    window.setCentralWidget(holder)
    window.read_only_banner = banner
    return banner

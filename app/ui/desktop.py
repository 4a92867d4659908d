"""Handing files to the desktop: open a PDF in its viewer, a folder in the file manager."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

logger = logging.getLogger(__name__)


def open_path(path: Path) -> bool:
    """Open ``path`` with the desktop's default application; False when none could.

    The one place the application launches other programs (tests replace it).
    """
    opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    if not opened:
        logger.warning("The desktop could not open %s", path)
    return opened

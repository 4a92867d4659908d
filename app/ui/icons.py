"""The icon set shipped in ``resources/icons`` (drawn for Aula, SVG)."""

from __future__ import annotations

import functools
import logging

from PySide6.QtGui import QIcon

from app.ui import paths

logger = logging.getLogger(__name__)


@functools.cache
def icon(name: str) -> QIcon:
    """The icon ``resources/icons/<name>.svg``; an empty icon if it is missing."""
    path = paths.icons_dir() / f"{name}.svg"
    if not path.exists():
        logger.warning("Missing icon %s", path)
        return QIcon()
    return QIcon(str(path))

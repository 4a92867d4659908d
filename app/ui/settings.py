"""Typed interface settings over ``QSettings``, with a schema version.

Only preferences of the interface live here (language, zoom, window geometry,
and a copy of the institution name for the window title); records, and what
the documents print (app.services.document_settings), live in the database.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QSettings

from app.ui import paths

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"
DEFAULT_ZOOM = 100


class UiSettings:
    """Reads and writes the interface settings file of the data directory."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(str(paths.settings_file()), QSettings.Format.IniFormat)
        self._migrate()

    def _migrate(self) -> None:
        version = int(self._q.value("schema_version", 0) or 0)
        if version < 1:
            # Version 0 is an empty or pre-release file: nothing to carry over.
            self._q.setValue("schema_version", SCHEMA_VERSION)
        elif version > SCHEMA_VERSION:
            logger.warning("Settings written by a newer Aula (schema %s); reading what is known",
                           version)

    @property
    def language(self) -> str:
        value = str(self._q.value("ui/language", DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        self._q.setValue("ui/language", value)

    @property
    def zoom_percent(self) -> int:
        try:
            return int(self._q.value("ui/zoom_percent", DEFAULT_ZOOM))
        except (TypeError, ValueError):
            return DEFAULT_ZOOM

    @zoom_percent.setter
    def zoom_percent(self, value: int) -> None:
        self._q.setValue("ui/zoom_percent", int(value))

    @property
    def institution_name(self) -> str:
        """The window title's institution: a copy of the documents' setting, written when it is saved."""
        return str(self._q.value("institution/name", "") or "")

    @institution_name.setter
    def institution_name(self, value: str) -> None:
        self._q.setValue("institution/name", value.strip())

    def window_geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._q.setValue("window/geometry", geometry)
        self._q.setValue("window/state", state)

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self._q.sync()

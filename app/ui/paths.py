"""Where the desktop application keeps its files: data directory, logs, settings."""

from __future__ import annotations

import sys
from pathlib import Path

from app.storage import paths as storage_paths

APP_NAME = "Aula"
ORGANIZATION_NAME = "Aula"


def data_dir() -> Path:
    """The client data directory: ``AULA_HOME`` when set, else the platform's.

    Delegates to the storage layer so the database, logs and settings agree.
    """
    return storage_paths.data_dir()


def log_dir() -> Path:
    """Directory of the rotating log files, inside the data directory."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    """The INI file of the interface settings.

    It lives in the data directory so that ``AULA_HOME`` gives a complete,
    self-contained profile (portable installs, tests, demos).
    """
    return data_dir() / "settings.ini"


def _shipped_root() -> Path:
    """The folder holding ``resources/`` and ``docs/``: the PyInstaller bundle or the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """The shipped ``resources/`` directory (also inside a PyInstaller bundle)."""
    return _shipped_root() / "resources"


def instructor_guide() -> Path:
    """The instructor's guide (Markdown), shown offline by *Ayuda › Guía del instructor*.

    A bundle must ship ``docs/guia-del-instructor.md`` next to ``resources/``.
    """
    return _shipped_root() / "docs" / "guia-del-instructor.md"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def icons_dir() -> Path:
    return resources_dir() / "icons"

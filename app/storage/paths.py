"""Where Aula keeps its files: the platform data directory, or ``AULA_HOME``."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from app.storage.db import DB_FILENAME


def data_dir() -> Path:
    """The client data directory (database, keys, logs, backups)."""
    override = os.environ.get("AULA_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir("Aula", "Aula"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    return data_dir() / DB_FILENAME


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path

"""Where the server keeps its data and which database it uses (DESIGN §7).

``AULA_SERVER_HOME`` is the server's data directory (default SQLite file,
logs); ``AULA_SERVER_DATABASE_URL`` overrides the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_HOME = "AULA_SERVER_HOME"
ENV_DATABASE_URL = "AULA_SERVER_DATABASE_URL"
ENV_REGISTRATIONS_PER_MINUTE = "AULA_SERVER_REGISTRATIONS_PER_MINUTE"
#: Registration attempts (challenge or register) per client address and minute, per process.
REGISTRATIONS_PER_MINUTE = 20

#: Lifetime of a one-time enrollment code.
ENROLL_CODE_HOURS = 72
#: Records per bootstrap page.
BOOTSTRAP_PAGE_SIZE = 500


@dataclass(frozen=True)
class Settings:
    """Resolved configuration of one server process."""

    home: Path
    database_url: str
    registrations_per_minute: int = REGISTRATIONS_PER_MINUTE

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the environment, creating the data directory if needed."""
    env = os.environ if environ is None else environ
    home = Path(env.get(ENV_HOME) or platformdirs.user_data_dir("aula-server", appauthor=False))
    home.mkdir(parents=True, exist_ok=True)
    url = env.get(ENV_DATABASE_URL) or f"sqlite:///{home / 'aula-server.sqlite3'}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        per_minute = max(1, int(env.get(ENV_REGISTRATIONS_PER_MINUTE) or REGISTRATIONS_PER_MINUTE))
    except ValueError:
        per_minute = REGISTRATIONS_PER_MINUTE
    return Settings(home=home, database_url=url, registrations_per_minute=per_minute)

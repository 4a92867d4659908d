"""The application factory ``aula-server serve --workers N`` gives uvicorn (one call per worker process).

Each worker opens its own connection pool; the parent migrated the database
before starting them. Sessions of the dashboard live in the database, so any
worker accepts them. The registration rate limit is per process.
"""

from __future__ import annotations

from fastapi import FastAPI

from server.config import load_settings
from server.db import Database


def build() -> FastAPI:
    from server.app import create_app

    settings = load_settings()
    return create_app(Database(settings.database_url), registrations_per_minute=settings.registrations_per_minute)

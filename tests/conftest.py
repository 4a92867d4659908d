"""Fixtures every test layer shares: a private data directory, a controllable clock."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture(autouse=True)
def _private_aula_home(tmp_path_factory, monkeypatch):
    """No test ever touches the real data directory or another test's database."""
    home = tmp_path_factory.mktemp("aula_home")
    monkeypatch.setenv("AULA_HOME", str(home))
    return home


class Clock:
    """A wall clock tests can set and advance; services read it through ``Context.clock``."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, hhmm: str, day: dt.date | None = None) -> dt.datetime:
        hour, minute = map(int, hhmm.split(":"))
        self.now = dt.datetime.combine(day or self.now.date(), dt.time(hour, minute))
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(dt.datetime(2026, 11, 24, 7, 30))


@pytest.fixture
def ctx(tmp_path, clock):
    """A fresh, migrated database with the shipped courses and one unit."""
    from app.services import catalog
    from app.services.context import Context

    context = Context.open(tmp_path / "aula.sqlite3", actor="Instructora de prueba", clock=clock)
    catalog.create_unit(context, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(context)
    yield context
    context.close()

"""Desktop databases that sync with the real test server through the app's own engine."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.signing import generate_keypair
from app.services import catalog
from app.services.broadcast import Changed
from app.services.context import Context
from app.storage.keys import DeviceKeys
from app.sync.engine import SyncEngine
from app.sync.status import SyncPhase


def new_unit_code() -> str:
    return f"U{uuid.uuid4().hex[:8].upper()}"


@dataclass
class App:
    """One desktop installation: its database, its key pair, its engine, what it was told."""

    ctx: Context
    keys: DeviceKeys
    engine: SyncEngine
    heard: list[Changed] = field(default_factory=list)

    def sync(self):  # noqa: ANN201 - SyncStatus
        status = self.engine.run_round()
        assert status.phase is SyncPhase.UP_TO_DATE, status
        return status

    def close(self) -> None:
        self.engine.close()
        self.ctx.close()


def open_app(folder: Path, name: str, *, unit_code: str | None = None, clock=None,
             now=None) -> App:  # noqa: ANN001
    """A new database in ``folder/name`` with its own key pair; with ``unit_code``, the unit and
    the shipped courses exist locally first (as on a device used before it is enrolled)."""
    folder.mkdir(parents=True, exist_ok=True)
    kwargs = {"clock": clock} if clock is not None else {}
    ctx = Context.open(folder / f"{name}.sqlite3", actor=f"Instructor {name}", **kwargs)
    private, public = generate_keypair()
    keys = DeviceKeys(private, public)
    app = App(ctx, keys, SyncEngine(ctx, keys=keys, timeout=30, now=now))
    ctx.broadcast.subscribe(app.heard.append)
    if unit_code:
        catalog.create_unit(ctx, unit_code, "Unidad de prueba")
        catalog.ensure_default_courses(ctx)
    return app


def utc_shifted(days: float):  # noqa: ANN201
    return lambda: dt.datetime.now(dt.UTC) + dt.timedelta(days=days)

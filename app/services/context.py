"""What every service call needs: the database, who acts, and the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.services.broadcast import ChangeBroadcast
from app.storage import paths
from app.storage.db import Database
from app.storage.presence import check_database_present

if TYPE_CHECKING:
    from app.services.constancias.issuer import Issuer


def local_now() -> dt.datetime:
    """The venue's wall-clock time to the second (what an instructor reads on the wall)."""
    return dt.datetime.now().replace(microsecond=0)


@dataclass
class Context:
    """Services' dependencies, injected so tests can replace them.

    Attributes:
        db: the local database.
        actor: the name recorded in the audit log.
        clock: returns the venue's local time (naive).
        broadcast: told after commits that other screens may show (sync pages above all).
        injected_issuer: who signs constancias (see :attr:`issuer`); ``None``: this device.
    """

    db: Database
    actor: str = "instructor"
    clock: Callable[[], dt.datetime] = field(default=local_now)
    broadcast: ChangeBroadcast = field(default_factory=ChangeBroadcast)
    injected_issuer: Issuer | None = field(default=None, repr=False)

    @property
    def issuer(self) -> Issuer:
        """The signer of constancias: the injected one, or this device's key pair (made on
        first use in the data directory) with the verification address stored on its device row."""
        if self.injected_issuer is not None:
            return self.injected_issuer
        from app.services.constancias.issuer import local_issuer

        return local_issuer(self)

    @issuer.setter
    def issuer(self, issuer: Issuer | None) -> None:
        self.injected_issuer = issuer

    @classmethod
    def open(cls, db_path: Path | None = None, *, new_database: bool = False, **kwargs) -> Context:
        """Open (and migrate) the database at ``db_path`` or in the data directory.

        Args:
            new_database: the user asked for a new database; without it, a missing or empty
                file next to a key that already serves a database raises
                :class:`app.storage.errors.DatabaseMissing` instead of starting an empty one.
        """
        path = db_path or paths.database_path()
        if not new_database:
            check_database_present(path)
        return cls(Database(path), **kwargs)

    def close(self) -> None:
        self.db.close()

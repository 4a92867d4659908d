"""The sync state a device shows: one value, computed from the database, never guessed.

The sync engine (``app.sync.engine``) computes a :class:`SyncStatus` after every step
and the GUI's status bar only renders it; nothing else decides what the user is told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class SyncPhase(StrEnum):
    """What the status bar says, in order of precedence (the first that applies wins)."""

    NOT_ENROLLED = "not_enrolled"        # never enrolled: "Sin servidor — N cambios guardados aquí"
    REVOKED = "revoked"                  # the server revoked this device: "Equipo dado de baja"
    REENROLL_REQUIRED = "reenroll"       # the database is not the one the server knows (restored/copied)
    UPDATE_REQUIRED = "update_required"  # 426 from the server: "Actualice Aula"
    SYNCING = "syncing"                  # a round is running: "Sincronizando… (done/total)"
    REJECTED = "rejected"                # parked ops wait for the user: "N cambios rechazados"
    OFFLINE = "offline"                  # server unreachable: "Sin conexión — N cambios por enviar"
    PENDING = "pending"                  # reachable, ops not yet sent: "N cambios por enviar"
    UP_TO_DATE = "up_to_date"            # nothing pending, pull reached the end: "Al día, 10:42"


@dataclass(frozen=True)
class SyncStatus:
    """A snapshot of the device's sync state.

    Attributes:
        phase: what to say first (see :class:`SyncPhase`).
        pending_ops: outbox ops not yet acknowledged by the server (parked ones excluded).
        rejected_ops: ops the server rejected, parked until the user retries or discards them.
        done, total: progress of the running round (ops pushed + changes pulled so far, and
            the total known so far); both 0 when no round is running.
        last_success: local time the last complete round ended (push empty, pull at the end).
        last_attempt: local time the last round (complete or not) ended.
        clock_skew_seconds: device clock minus server clock at the last contact, or None.
        server_url: the server this device is enrolled with, or None.
        reason: one Spanish line on the last failure (unreachable, timeout, 5xx…), or "".
        next_attempt_at: after failures, when the back-off allows the next automatic attempt.
    """

    phase: SyncPhase
    pending_ops: int = 0
    rejected_ops: int = 0
    done: int = 0
    total: int = 0
    last_success: dt.datetime | None = None
    last_attempt: dt.datetime | None = None
    clock_skew_seconds: float | None = None
    server_url: str | None = None
    reason: str = ""
    next_attempt_at: dt.datetime | None = None

    CLOCK_SKEW_WARNING_SECONDS = 600

    @property
    def clock_skewed(self) -> bool:
        """True beyond 10 minutes of difference with the server (shown as "Reloj desfasado")."""
        return self.clock_skew_seconds is not None and abs(self.clock_skew_seconds) > self.CLOCK_SKEW_WARNING_SECONDS

    @property
    def up_to_date(self) -> bool:
        """"Al día" is only ever said when nothing at all is pending or parked."""
        return self.phase is SyncPhase.UP_TO_DATE and self.pending_ops == 0 and self.rejected_ops == 0

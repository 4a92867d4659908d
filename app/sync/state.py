"""The device's sync bookkeeping: the ``sync_state`` row and the enrollment on the ``device`` row."""

from __future__ import annotations

import datetime as dt
import random

from sqlmodel import Session

from app.storage.tables import Device, SyncState

#: Full-jitter back-off after a failed attempt: a random wait up to min(cap, base · 2^failures).
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 600.0

#: Conditions that stop syncing until a person acts.
REVOKED = "revoked"
REENROLL = "reenroll"
UPDATE_REQUIRED = "update_required"
#: The last attempt could not reach the server.
OFFLINE = "offline"
#: Conditions under which a round does not even try. "Update required" is tried again (with the
#: back-off): once Aula is updated the same database must sync without anyone clearing it.
BLOCKING = (REVOKED, REENROLL)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def sync_state(s: Session) -> SyncState:
    """The one ``sync_state`` row, created (not yet flushed) when missing."""
    state = s.get(SyncState, 1)
    if state is None:
        state = SyncState(id=1)
        s.add(state)
    return state


def enrolled_device(s: Session) -> Device | None:
    """The device row when this database is enrolled with a server (a token is stored)."""
    device = s.get(Device, 1)
    return device if device is not None and device.token else None


def backoff_delay(failures: int, rng: random.Random | None = None) -> float:
    """Seconds to wait after ``failures`` consecutive failed attempts (full jitter)."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** min(failures, 30))
    return (rng or random).uniform(0, ceiling)


def record_failure(state: SyncState, reason: str, now: dt.datetime, condition: str = OFFLINE,
                   retry_after: float | None = None) -> None:
    """A failed attempt: remember why, and when to try again."""
    state.failures += 1
    state.condition = condition
    state.reason = reason
    delay = backoff_delay(state.failures)
    if retry_after is not None:
        delay = max(delay, retry_after)
    state.next_attempt_at = now + dt.timedelta(seconds=delay)
    state.last_attempt_at = now

"""Identifiers: random ids for records, deterministic ids for converging facts.

Facts that two devices may record independently (a worker, identified by the
matrícula, or an external participant by the CURP; a worker's attendance at a session, participation in an activity,
enrollment in a group) get an id that
is a pure function of what they are about, so both devices write the same row
and sync converges instead of duplicating (DESIGN §2).
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid

# A fixed namespace so the same (parent, worker) pair always gives the same id.
AULA_NAMESPACE = uuid.UUID("6f1c2b1e-8a3d-5c44-9d2e-0a5b7c1d9e21")


def new_id() -> uuid.UUID:
    """A random id for a new record."""
    return uuid.uuid4()


def uuid7(now_ms: int | None = None) -> uuid.UUID:
    """A time-ordered UUIDv7 (RFC 9562), used for outbox operation ids."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 68) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


# A random hex digit with the RFC 9562 variant (binary 10) in its two high bits.
_VARIANT_DIGIT = {digit: "89ab"[int(digit, 16) & 0b11] for digit in "0123456789abcdef"}


def uuid7_hex_many(count: int, now_ms: int | None = None) -> list[str]:
    """``count`` :func:`uuid7` ids of one instant, as their 32 hex digits (:attr:`uuid.UUID.hex`,
    their stored form): the outbox ops of a bulk write. The 74 random bits of each come from one
    read of ``os.urandom``."""
    ms = int(time.time() * 1000) if now_ms is None else now_ms
    head = f"{ms & ((1 << 48) - 1):012x}7"  # the instant, then the version
    rand = os.urandom(10 * count).hex()  # 20 random hex digits per id; 19 are used
    return [head + rand[at:at + 3] + _VARIANT_DIGIT[rand[at + 3]] + rand[at + 4:at + 19]
            for at in range(0, 20 * count, 20)]


def _derived(kind: str, parent: uuid.UUID, worker: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(AULA_NAMESPACE, f"{kind}:{parent}:{worker}")


_WORKER = AULA_NAMESPACE.bytes + b"worker:"
_EXTERNAL_WORKER = AULA_NAMESPACE.bytes + b"worker-curp:"


def _uuid5(start: bytes, name: str) -> uuid.UUID:
    """``uuid.uuid5(namespace, prefix + name)`` with ``start`` = the namespace's bytes + the prefix's:
    the same steps, without redoing the constant part (an import computes 20,000 of them)."""
    return uuid.UUID(bytes=hashlib.sha1(start + name.encode()).digest()[:16], version=5)


def worker_id(matricula: str) -> uuid.UUID:
    """The one id of a worker, from the (normalized) matrícula, on every device:
    ``uuid5(AULA_NAMESPACE, "worker:" + matricula)``.

    Two devices that import the same plantilla create the same rows, so the
    server sees one worker, not a conflict between two ids for one matrícula.
    """
    return _uuid5(_WORKER, matricula)


def external_worker_id(curp: str) -> uuid.UUID:
    """The one id of an external participant (no matrícula), from their validated CURP:
    ``uuid5(AULA_NAMESPACE, "worker-curp:" + curp)``.

    Like :func:`worker_id`, every device that adds the same person gets the same row.
    """
    return _uuid5(_EXTERNAL_WORKER, curp)


def attendance_id(session_id: uuid.UUID, worker_id: uuid.UUID) -> uuid.UUID:
    """The one id of a worker's attendance at a session, on every device."""
    return _derived("attendance", session_id, worker_id)


def participation_id(activity_id: uuid.UUID, worker_id: uuid.UUID) -> uuid.UUID:
    """The one id of a worker's participation in an activity, on every device."""
    return _derived("participation", activity_id, worker_id)


def enrollment_id(group_id: uuid.UUID, worker_id: uuid.UUID) -> uuid.UUID:
    """The one id of a worker's enrollment in a group, on every device."""
    return _derived("enrollment", group_id, worker_id)

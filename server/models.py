"""The server's tables. They live in their own SQLAlchemy registry and metadata,
never the desktop application's (``app.storage``).

Synced records are stored generically in :class:`Record` (one row per entity
and id, with the resolved unit so scope checks use the server's own data);
constancias additionally get a row in :class:`ConstanciaIndex` that enforces
folio uniqueness and holds revocation; a unit's copy of another unit's worker
who takes a course in its groups is a :class:`WorkerGuest` (see
:mod:`server.ownership`). Every change writes a :class:`ChangeLog`
row whose ``seq`` comes from the single :class:`SeqCounter` row (see
:mod:`server.changelog` for why).
"""

from __future__ import annotations

import datetime as dt
from typing import overload

from sqlalchemy import BigInteger, Column, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

server_registry = registry()


class ServerModel(SQLModel, registry=server_registry):
    """Base of every server table: its own metadata, separate from the app's."""


metadata = server_registry.metadata


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def as_utc(value: dt.datetime) -> dt.datetime: ...
@overload
def as_utc(value: None) -> None: ...
@overload
def as_utc(value: dt.datetime | None) -> dt.datetime | None: ...
def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _ts(nullable: bool = False) -> Column:
    return Column(DateTime(timezone=True), nullable=nullable)


class Unit(ServerModel, table=True):
    __tablename__ = "units"
    id: str = Field(sa_column=Column(String(36), primary_key=True))
    code: str = Field(sa_column=Column(String(40), unique=True, nullable=False))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())


class Device(ServerModel, table=True):
    __tablename__ = "devices"
    id: str = Field(sa_column=Column(String(36), primary_key=True))
    code: str = Field(sa_column=Column(String(8), unique=True, nullable=False))
    public_key: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    install_id: str = Field(sa_column=Column(String(64), nullable=False))
    app_version: str = Field(sa_column=Column(String(40), nullable=False))
    schema_version: int = Field(sa_column=Column(Integer, nullable=False))
    role: str = Field(sa_column=Column(String(20), nullable=False))
    unit_id: str = Field(sa_column=Column(String(36), nullable=False, index=True))
    token_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    enrolled_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    last_seen_at: dt.datetime | None = Field(default=None, sa_column=_ts(True))
    revoked_at: dt.datetime | None = Field(default=None, sa_column=_ts(True))
    revoked_reason: str | None = Field(default=None, sa_column=Column(String(500)))
    flagged_at: dt.datetime | None = Field(default=None, sa_column=_ts(True))
    flag_reason: str | None = Field(default=None, sa_column=Column(String(500)))
    # The epoch of the device's database the server last accepted (server.enrollment.advance_epoch).
    sync_epoch: str | None = Field(default=None, sa_column=Column(String(64)))


class EnrollmentCode(ServerModel, table=True):
    __tablename__ = "enrollment_codes"
    id: str = Field(sa_column=Column(String(36), primary_key=True))
    code_hash: str = Field(sa_column=Column(String(64), unique=True, nullable=False))
    unit_id: str = Field(sa_column=Column(String(36), nullable=False))
    role: str = Field(sa_column=Column(String(20), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: dt.datetime = Field(sa_column=_ts())
    used_at: dt.datetime | None = Field(default=None, sa_column=_ts(True))
    device_id: str | None = Field(default=None, sa_column=Column(String(36)))


class RegistrationChallenge(ServerModel, table=True):
    """A nonce a device must sign to register; single use, short-lived."""

    __tablename__ = "registration_challenges"
    nonce_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: dt.datetime = Field(sa_column=_ts())
    used_at: dt.datetime | None = Field(default=None, sa_column=_ts(True))


class Record(ServerModel, table=True):
    """The server's current state of one synced record."""

    __tablename__ = "records"
    __table_args__ = (
        Index("ix_records_unit_rank", "unit_id", "rank", "entity_id"),
        Index("ix_records_group", "group_id", "entity"),  # coverage reads a group's records (migration 0006)
        UniqueConstraint("entity", "natural_key", name="uq_records_natural_key"),
    )
    entity: str = Field(sa_column=Column(String(20), primary_key=True))
    entity_id: str = Field(sa_column=Column(String(36), primary_key=True))
    rank: int = Field(sa_column=Column(Integer, nullable=False))
    unit_id: str | None = Field(default=None, sa_column=Column(String(36), nullable=True))
    group_id: str | None = Field(default=None, sa_column=Column(String(36), nullable=True))
    natural_key: str | None = Field(default=None, sa_column=Column(String(200), nullable=True))
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    deleted_at: dt.datetime | None = Field(default=None, sa_column=_ts(True))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_by: str | None = Field(default=None, sa_column=Column(String(36), nullable=True))


class WorkerGuest(ServerModel, table=True):
    """A unit's own copy of a worker whose record belongs to another unit (a guest in its groups).

    The copy holds only what the hosting unit's devices pushed; the worker's
    record stays its unit's and is never served to the host (see
    :mod:`server.ownership`).
    """

    __tablename__ = "worker_guests"
    unit_id: str = Field(sa_column=Column(String(36), primary_key=True))
    worker_id: str = Field(sa_column=Column(String(36), primary_key=True))
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    deleted_at: dt.datetime | None = Field(default=None, sa_column=_ts(True))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    updated_by: str | None = Field(default=None, sa_column=Column(String(36), nullable=True))


class RecordHistory(ServerModel, table=True):
    """A value that lost a last-write-wins race (attendance, participation)."""

    __tablename__ = "record_history"
    __table_args__ = (Index("ix_record_history_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    entity: str = Field(sa_column=Column(String(20), nullable=False))
    entity_id: str = Field(sa_column=Column(String(36), nullable=False))
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    written_by: str | None = Field(default=None, sa_column=Column(String(36)))
    replaced_by: str | None = Field(default=None, sa_column=Column(String(36)))
    replaced_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())


class ConstanciaIndex(ServerModel, table=True):
    """One row per constancia: folio uniqueness, owner and status (revocation)."""

    __tablename__ = "constancias"
    id: str = Field(sa_column=Column(String(36), primary_key=True))
    folio: str = Field(sa_column=Column(String(40), unique=True, nullable=False))
    device_id: str = Field(sa_column=Column(String(36), nullable=False))
    unit_id: str | None = Field(default=None, sa_column=Column(String(36)))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    status_reason: str | None = Field(default=None, sa_column=Column(String(500)))
    status_changed_at: dt.datetime | None = Field(default=None, sa_column=_ts(True))
    superseded_by: str | None = Field(default=None, sa_column=Column(String(40)))
    received_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    #: SHA-256 of the certified fields in the QR (``certified_digest``); empty for rows pushed before it.
    fields_hash: str | None = Field(default=None, sa_column=Column(String(64)))


class ProcessedOp(ServerModel, table=True):
    """Each op_id once: its stored result is returned on replay."""

    __tablename__ = "processed_ops"
    op_id: str = Field(sa_column=Column(String(36), primary_key=True))
    device_id: str = Field(sa_column=Column(String(36), nullable=False))
    result: str = Field(sa_column=Column(Text, nullable=False))
    processed_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())


class ChangeLog(ServerModel, table=True):
    """What pull serves: the state of a record after each change, in ``seq`` order."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_unit_seq", "unit_id", "seq"),)
    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    entity: str = Field(sa_column=Column(String(20), nullable=False))
    entity_id: str = Field(sa_column=Column(String(36), nullable=False))
    unit_id: str | None = Field(default=None, sa_column=Column(String(36), nullable=True))
    kind: str = Field(sa_column=Column(String(10), nullable=False))
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    device_id: str | None = Field(default=None, sa_column=Column(String(36)))
    changed_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())


class SeqCounter(ServerModel, table=True):
    """The single row (id 1) whose value is the last allocated change-log seq."""

    __tablename__ = "seq_counter"
    id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    value: int = Field(sa_column=Column(BigInteger, nullable=False))


# The coordination tables (server migration 0006) share this metadata: importing them here makes
# ``metadata`` complete wherever it is used (Alembic, the schema test), not only once the app is built.
from server.coordination import models as _coordination_models  # noqa: E402, F401

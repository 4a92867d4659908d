"""SQLModel tables of the local database (DESIGN §2).

Every synced record carries a client-generated UUID, ``created_at``,
``updated_at``, a ``version`` counter and a soft-delete ``deleted_at``.
Times of day and check-in/out times are the venue's local wall-clock time
(naive, stored as such); bookkeeping timestamps are timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TypeVar

from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, Session, SQLModel

from app.domain.enums import AttendanceStatus, ConstanciaStatus, EnrollmentStatus, GroupStatus


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Synced(SQLModel):
    """Columns every synced record has."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    version: int = 0
    deleted_at: dt.datetime | None = None


_Row = TypeVar("_Row", bound=Synced)


def get_live(session: Session, model: type[_Row], row_id: object) -> _Row | None:
    """``session.get`` for a synced record, with a deleted one (a tombstone) treated as absent."""
    row = session.get(model, row_id)
    return row if row is not None and row.deleted_at is None else None


class Unit(Synced, table=True):
    """A work unit (centro de trabajo), e.g. a family-medicine unit."""

    __tablename__ = "unit"
    code: str = Field(index=True, unique=True)
    name: str
    # Who signs for the unit, and the employer block of the DC-3.
    director_name: str = Field(default="", sa_column_kwargs={"server_default": ""})
    employer_name: str = Field(default="", sa_column_kwargs={"server_default": ""})
    employer_rfc: str = Field(default="", sa_column_kwargs={"server_default": ""})
    employer_representative: str = Field(default="", sa_column_kwargs={"server_default": ""})
    workers_representative: str = Field(default="", sa_column_kwargs={"server_default": ""})
    training_agent: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Worker(Synced, table=True):
    """A member of staff, or an external participant of a course.

    ``in_staff_list`` is false for walk-ins not on the plantilla. An external
    participant (a person of another institution, e.g. a federal security
    officer taking the identity course) has no matrícula: they are identified
    by their CURP (id = uuid5 of it), carry their ``external_institution`` and
    their own ``credential_number``, and never count in a unit's staff list.
    """

    __tablename__ = "worker"
    unit_id: uuid.UUID | None = Field(default=None, foreign_key="unit.id", index=True)
    # Unique when present; NULL for external participants.
    matricula: str | None = Field(default=None, index=True, unique=True)
    given_names: str
    paternal_surname: str
    maternal_surname: str = ""
    curp: str | None = Field(default=None, index=True)
    category: str = ""
    department: str = ""
    shift: str = ""
    in_staff_list: bool = True
    # Accent- and case-free "paternal maternal given": matched by search, ordered as a roster.
    search_key: str = Field(default="", index=True)
    external_institution: str = Field(default="", sa_column_kwargs={"server_default": ""})
    credential_number: str = Field(default="", index=True, sa_column_kwargs={"server_default": ""})

    @property
    def is_external(self) -> bool:
        return self.matricula is None


class Course(Synced, table=True):
    """A course template: hours, sessions, activities and the completion rule."""

    __tablename__ = "course"
    code: str = Field(index=True, unique=True)
    name: str
    programme: str = ""
    hours: int
    min_attendance_percent: int = 100
    tolerance_minutes: int = 10
    all_activities_required: bool = True
    # JSON: [{"index": 1, "start": "08:00", "end": "14:00", "activities": ["..."]}, ...]
    session_template: str = Field(sa_column=Column(Text, nullable=False))
    dc3_enabled: bool = False
    dc3_thematic_area: str = ""


class CourseGroup(Synced, table=True):
    """One edition of a course at a venue, with its roster."""

    __tablename__ = "course_group"
    code: str = Field(index=True, unique=True)
    course_id: uuid.UUID = Field(foreign_key="course.id", index=True)
    unit_id: uuid.UUID = Field(foreign_key="unit.id", index=True)
    room: str = ""
    instructors: str = ""
    capacity: int = 40
    status: GroupStatus = GroupStatus.OPEN
    closed_at: dt.datetime | None = None


class GroupSession(Synced, table=True):
    """One day (or block) of a group with its schedule."""

    __tablename__ = "session"
    __table_args__ = (UniqueConstraint("group_id", "index"),)
    group_id: uuid.UUID = Field(foreign_key="course_group.id", index=True)
    index: int
    date: dt.date
    start_time: dt.time
    end_time: dt.time


class Activity(Synced, table=True):
    """A participatory exercise inside a session."""

    __tablename__ = "activity"
    group_id: uuid.UUID = Field(foreign_key="course_group.id", index=True)
    session_id: uuid.UUID = Field(foreign_key="session.id", index=True)
    position: int
    name: str
    required: bool = True


class Enrollment(Synced, table=True):
    """A worker on a group's roster; id = uuid5(group, worker)."""

    __tablename__ = "enrollment"
    __table_args__ = (UniqueConstraint("group_id", "worker_id"),)
    group_id: uuid.UUID = Field(foreign_key="course_group.id", index=True)
    worker_id: uuid.UUID = Field(foreign_key="worker.id", index=True)
    status: EnrollmentStatus = EnrollmentStatus.ENROLLED
    withdrawn_at: dt.datetime | None = None


class Attendance(Synced, table=True):
    """A worker's attendance at a session; id = uuid5(session, worker)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("session_id", "worker_id"),)
    session_id: uuid.UUID = Field(foreign_key="session.id", index=True)
    worker_id: uuid.UUID = Field(foreign_key="worker.id", index=True)
    group_id: uuid.UUID = Field(foreign_key="course_group.id", index=True)
    status: AttendanceStatus
    check_in: dt.datetime | None = Field(default=None, sa_column=Column(DateTime, nullable=True))
    check_out: dt.datetime | None = Field(default=None, sa_column=Column(DateTime, nullable=True))
    minutes: int = 0


class Participation(Synced, table=True):
    """A worker's participation in an activity; id = uuid5(activity, worker)."""

    __tablename__ = "participation"
    __table_args__ = (UniqueConstraint("activity_id", "worker_id"),)
    activity_id: uuid.UUID = Field(foreign_key="activity.id", index=True)
    worker_id: uuid.UUID = Field(foreign_key="worker.id", index=True)
    group_id: uuid.UUID = Field(foreign_key="course_group.id", index=True)
    participated: bool = True


class UserProfile(Synced, table=True):
    """Who uses this device and in which role."""

    __tablename__ = "user_profile"
    name: str
    role: str = "instructor"
    pin_hash: str = ""


class Outbox(SQLModel, table=True):
    """A local change waiting to reach the server (DESIGN §5).

    Written in the same transaction as the change it describes. ``state`` is
    ``pending`` until the server answers applied/duplicate (then the row is
    deleted) or ``parked`` when the server rejected it.
    """

    __tablename__ = "outbox"
    seq: int | None = Field(default=None, primary_key=True)
    op_id: uuid.UUID = Field(unique=True)
    entity: str
    entity_id: uuid.UUID = Field(index=True)
    kind: str
    base_version: int | None = None
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow)
    state: str = Field(default="pending", index=True)
    attempts: int = 0
    last_error: str = ""
    # The server's machine code when it rejected the op (``last_error`` holds its Spanish message).
    reason: str = Field(default="", sa_column_kwargs={"server_default": ""})
    parked_at: dt.datetime | None = None


class AuditLog(SQLModel, table=True):
    """Who did what, when: kept locally, never edited."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow)
    actor: str
    action: str
    entity: str
    entity_id: uuid.UUID
    details: str = Field(default="{}", sa_column=Column(Text, nullable=False))


class Device(SQLModel, table=True):
    """This installation: its code, public key and link to the server (one row)."""

    __tablename__ = "device"
    id: int = Field(default=1, primary_key=True)
    install_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    device_code: str
    public_key: str  # base64 of the raw Ed25519 public key
    server_url: str = ""
    # Printed in every QR as ``{verify_base_url}/v/…``; empty = online verification not configured.
    verify_base_url: str = Field(default="", sa_column_kwargs={"server_default": ""})
    server_device_id: str = ""
    token: str = ""
    role: str = ""
    scope: str = "[]"  # JSON list of unit codes the server says this device serves
    pull_cursor: int = 0
    enrolled_at: dt.datetime | None = None
    last_sync_at: dt.datetime | None = None


class DocumentSettings(SQLModel, table=True):
    """How this installation prints its documents (one row, local: not synced).

    Images are file names inside the data directory's ``branding`` folder
    (copied there when chosen); empty means none. The unit's director is on
    the unit; the verification address on the device.
    """

    __tablename__ = "document_settings"
    id: int = Field(default=1, primary_key=True)
    institution_name: str = ""
    programme_name: str = ""
    logo_left: str = ""
    logo_right: str = ""
    instructor_title: str = ""
    director_title: str = ""
    instructor_signature: str = ""
    director_signature: str = ""
    updated_at: dt.datetime = Field(default_factory=utcnow)


class FolioCounter(SQLModel, table=True):
    """The last folio counter used by a device in a year, taken inside issuing."""

    __tablename__ = "folio_counter"
    device_code: str = Field(primary_key=True)
    year: int = Field(primary_key=True)
    last: int = 0


class KnownKey(SQLModel, table=True):
    """Public keys of devices whose constancias this device can verify offline."""

    __tablename__ = "known_key"
    key_id: str = Field(primary_key=True)
    public_key: str  # base64 raw
    label: str = ""
    revoked: bool = False


class Constancia(Synced, table=True):
    """A certificate, issued once and frozen (DESIGN §4).

    ``snapshot`` is the JSON of everything it certifies at issue time; a
    reprint renders it, never the current worker or course rows.
    """

    __tablename__ = "constancia"
    folio: str = Field(index=True, unique=True)
    device_code: str
    year: int
    counter: int
    group_id: uuid.UUID = Field(foreign_key="course_group.id", index=True)
    worker_id: uuid.UUID = Field(foreign_key="worker.id", index=True)
    enrollment_id: uuid.UUID = Field(foreign_key="enrollment.id", index=True)
    status: ConstanciaStatus = ConstanciaStatus.VALID
    layout: str = "constancia"
    snapshot: str = Field(sa_column=Column(Text, nullable=False))
    template_version: str
    pdf_sha256: str
    key_id: str
    signature: str
    qr_text: str = Field(sa_column=Column(Text, nullable=False))
    issued_at: dt.datetime = Field(default_factory=utcnow)
    supersedes_id: uuid.UUID | None = Field(default=None, foreign_key="constancia.id")
    superseded_by_id: uuid.UUID | None = None
    revoked_at: dt.datetime | None = None
    revoked_reason: str = ""


class ProfileState(SQLModel, table=True):
    """Which profile is working on this device, and the role it was enrolled with (one row, local)."""

    __tablename__ = "profile_state"
    id: int = Field(default=1, primary_key=True)
    active_profile_id: uuid.UUID | None = None
    enrolled_role: str = ""


class CoverageTarget(SQLModel, table=True):
    """The date by which a unit wants its staff list trained (local: set on the director's device)."""

    __tablename__ = "coverage_target"
    unit_id: uuid.UUID = Field(primary_key=True)
    target_date: dt.date
    updated_at: dt.datetime = Field(default_factory=utcnow)
class SyncState(SQLModel, table=True):
    """Where this database stands with the server (one row, local: not synced).

    ``epoch`` is this database's sync identity as the server last acknowledged it and
    ``next_epoch`` the one offered at the start of the current round: a copy or a restored
    backup offers an epoch the server has moved past and is told to re-enroll.
    ``condition`` is what stops syncing until a person acts (``revoked``, ``reenroll``,
    ``update_required``) or ``offline`` after a failed attempt; ``""`` when all is well.
    """

    __tablename__ = "sync_state"
    id: int = Field(default=1, primary_key=True)
    epoch: str = ""
    next_epoch: str = ""
    unit_code: str = ""
    bootstrapped: bool = False
    bootstrap_page: int = 0
    bootstrap_cursor: int | None = None
    pull_complete: bool = False
    condition: str = ""
    reason: str = ""
    failures: int = 0
    next_attempt_at: dt.datetime | None = None
    last_attempt_at: dt.datetime | None = None
    last_success_at: dt.datetime | None = None
    clock_skew_seconds: float | None = None


class PulledOrphan(SQLModel, table=True):
    """A pulled record whose parents this device does not hold (yet), kept to apply later.

    E.g. a constancia of one of this unit's workers issued in another unit's group: its
    group and enrollment are never served here, so it stays as "issued elsewhere".
    """

    __tablename__ = "pulled_orphan"
    entity: str = Field(primary_key=True)
    entity_id: uuid.UUID = Field(primary_key=True)
    version: int = 0
    payload: str = Field(sa_column=Column(Text, nullable=False))
    received_at: dt.datetime = Field(default_factory=utcnow)

"""Tables of central coordination (server migration 0006), in the server's metadata.

``coord_*`` rows are derived from the synced records by :mod:`.coverage`
inside the transaction that applies each op, so the dashboard only reads.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String
from sqlmodel import Field

from server.models import ServerModel, utcnow


def _ts(nullable: bool = False) -> Column:
    return Column(DateTime(timezone=True), nullable=nullable)


class UnitInfo(ServerModel, table=True):
    """A unit's place in the organisation (``aula-server import-units``)."""

    __tablename__ = "coord_units"
    unit_id: str = Field(sa_column=Column(String(36), primary_key=True))
    kind: str = Field(default="", sa_column=Column(String(80), nullable=False, server_default=""))
    region: str = Field(sa_column=Column(String(120), nullable=False, index=True))


class StaffMember(ServerModel, table=True):
    """A worker as coverage needs it: unit, whether on the staff list, and the breakdown dimensions."""

    __tablename__ = "coord_staff"
    __table_args__ = (Index("ix_coord_staff_unit", "unit_id", "on_staff"),)
    worker_id: str = Field(sa_column=Column(String(36), primary_key=True))
    unit_id: str = Field(sa_column=Column(String(36), nullable=False))
    on_staff: bool = Field(sa_column=Column(Boolean, nullable=False))
    was_on_staff: bool = Field(sa_column=Column(Boolean, nullable=False))
    matricula: str = Field(default="", sa_column=Column(String(160), nullable=False))
    name: str = Field(default="", sa_column=Column(String(400), nullable=False))
    department: str = Field(default="", sa_column=Column(String(200), nullable=False))
    category: str = Field(default="", sa_column=Column(String(200), nullable=False))
    shift: str = Field(default="", sa_column=Column(String(60), nullable=False))


class GroupInfo(ServerModel, table=True):
    __tablename__ = "coord_groups"
    group_id: str = Field(sa_column=Column(String(36), primary_key=True))
    course_id: str = Field(sa_column=Column(String(36), nullable=False))
    unit_id: str | None = Field(default=None, sa_column=Column(String(36)))
    code: str = Field(default="", sa_column=Column(String(200), nullable=False))
    closed: bool = Field(sa_column=Column(Boolean, nullable=False))
    deleted: bool = Field(sa_column=Column(Boolean, nullable=False))


class EnrollmentInfo(ServerModel, table=True):
    """One enrollment, its verdict once the group is closed, and the valid constancia issued for it."""

    __tablename__ = "coord_enrollments"
    __table_args__ = (Index("ix_coord_enrollments_worker", "worker_id", "course_id"),
                      Index("ix_coord_enrollments_group", "group_id"))
    enrollment_id: str = Field(sa_column=Column(String(36), primary_key=True))
    worker_id: str = Field(sa_column=Column(String(36), nullable=False))
    group_id: str = Field(sa_column=Column(String(36), nullable=False))
    course_id: str = Field(sa_column=Column(String(36), nullable=False))
    enrolled: bool = Field(sa_column=Column(Boolean, nullable=False))
    withdrawn: bool = Field(sa_column=Column(Boolean, nullable=False))
    qualifies: bool | None = Field(default=None, sa_column=Column(Boolean))
    constancia_id: str | None = Field(default=None, sa_column=Column(String(36)))
    folio: str | None = Field(default=None, sa_column=Column(String(40)))
    issued_at: str | None = Field(default=None, sa_column=Column(String(40)))


class CoverageStatus(ServerModel, table=True):
    """A worker's status in a course; no row means *pending*. Dimensions are copied for fast counts."""

    __tablename__ = "coord_coverage"
    __table_args__ = (Index("ix_coord_coverage_unit", "unit_id", "course_id", "on_staff", "status"),
                      Index("ix_coord_coverage_worker", "worker_id"))
    worker_id: str = Field(sa_column=Column(String(36), primary_key=True))
    course_id: str = Field(sa_column=Column(String(36), primary_key=True))
    unit_id: str = Field(sa_column=Column(String(36), nullable=False))
    on_staff: bool = Field(sa_column=Column(Boolean, nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    group_code: str = Field(default="", sa_column=Column(String(200), nullable=False))
    folio: str | None = Field(default=None, sa_column=Column(String(40)))
    issued_at: str | None = Field(default=None, sa_column=Column(String(40)))


class UnitFigure(ServerModel, table=True):
    """A unit's counts, rewritten from its own rows whenever one of them changes: what the headline sums.

    ``course_id`` is empty for the staff-list counts (``expected``, ``left_staff``).
    """

    __tablename__ = "coord_unit_figures"
    unit_id: str = Field(sa_column=Column(String(36), primary_key=True))
    course_id: str = Field(sa_column=Column(String(36), primary_key=True))
    status: str = Field(sa_column=Column(String(20), primary_key=True))
    count: int = Field(sa_column=Column(Integer, nullable=False))


class WebUser(ServerModel, table=True):
    __tablename__ = "coord_users"
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    email: str = Field(sa_column=Column(String(254), unique=True, nullable=False))
    role: str = Field(sa_column=Column(String(20), nullable=False))
    regions: str = Field(default="", sa_column=Column(String(2000), nullable=False))
    password_hash: str = Field(sa_column=Column(String(200), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())

    @property
    def region_list(self) -> list[str]:
        return [r for r in self.regions.split("\n") if r]


class LoginThrottle(ServerModel, table=True):
    """Failed logins per e-mail (known or not, so lockout reveals nothing)."""

    __tablename__ = "coord_login_failures"
    email: str = Field(sa_column=Column(String(254), primary_key=True))
    failures: int = Field(sa_column=Column(Integer, nullable=False))
    locked_until: dt.datetime | None = Field(default=None, sa_column=_ts(True))


class WebSession(ServerModel, table=True):
    __tablename__ = "coord_sessions"
    token_hash: str = Field(sa_column=Column(String(64), primary_key=True))
    user_id: int = Field(sa_column=Column(Integer, nullable=False))
    csrf: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    expires_at: dt.datetime = Field(sa_column=_ts())


class AuditEntry(ServerModel, table=True):
    __tablename__ = "coord_audit"
    id: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    at: dt.datetime = Field(default_factory=utcnow, sa_column=_ts())
    email: str = Field(sa_column=Column(String(254), nullable=False))
    action: str = Field(sa_column=Column(String(40), nullable=False))
    detail: str = Field(default="", sa_column=Column(String(500), nullable=False))
    address: str = Field(default="", sa_column=Column(String(64), nullable=False))

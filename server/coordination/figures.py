"""What the coverage API and the dashboard read: counts over the rows :mod:`.coverage` keeps.

Every function takes the units the reader may see (``None``: all) and never
returns anything outside them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlmodel import Session, col

from server.coordination.coverage import (
    ELIGIBLE,
    IN_PROGRESS,
    LEFT_STAFF,
    NOT_QUALIFIED,
    PENDING,
    STATUSES,
    TRAINED,
)
from server.coordination.models import CoverageStatus, GroupInfo, StaffMember, UnitFigure, UnitInfo
from server.models import Device, Record, Unit, as_utc

LABELS = {TRAINED: "Capacitado", ELIGIBLE: "Acreditó, constancia por emitir", IN_PROGRESS: "En curso",
          NOT_QUALIFIED: "No acreditó", PENDING: "Pendiente", LEFT_STAFF: "Ya no está en la plantilla"}
NO_REGION = "Sin región"


@dataclass(frozen=True)
class Course:
    id: str
    code: str
    name: str


@dataclass
class Figures:
    """Counts of one unit, region or the institution; ``expected`` is the staff list."""

    expected: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def trained(self) -> int:
        return self.counts[TRAINED]

    @property
    def percent(self) -> float:
        return round(100.0 * self.trained / self.expected, 1) if self.expected else 0.0

    def add(self, other: Figures) -> None:
        self.expected += other.expected
        for key, value in other.counts.items():
            self.counts[key] += value


@dataclass
class UnitRow:
    unit_id: str
    code: str
    name: str
    kind: str
    region: str
    figures: Figures


@dataclass
class RegionRow:
    region: str
    figures: Figures
    units: list[UnitRow]


@dataclass(frozen=True)
class WorkerRow:
    matricula: str
    name: str
    department: str
    category: str
    shift: str
    status: str
    group_code: str
    folio: str
    issued_at: str


@dataclass(frozen=True)
class DeviceRow:
    code: str
    role: str
    last_seen_at: dt.datetime | None
    revoked: bool


@dataclass
class UnitDetail:
    row: UnitRow
    breakdowns: dict[str, list[tuple[str, Figures]]]
    workers: list[WorkerRow]
    devices: list[DeviceRow]


# ------------------------------------------------------------------ courses


def courses(session: Session, allowed: Collection[str] | None = None) -> list[Course]:
    """The catalogue's courses, then the courses of groups held by the units the reader sees."""
    grouped = select(col(GroupInfo.course_id)).where(col(GroupInfo.deleted).is_(False))
    if allowed is not None:
        grouped = grouped.where(col(GroupInfo.unit_id).in_(list(allowed)))
    with_groups = set(session.scalars(grouped.distinct()))
    rows = session.execute(select(col(Record.entity_id), col(Record.payload), col(Record.unit_id)).where(
        col(Record.entity) == "course", col(Record.deleted_at).is_(None),
        or_(col(Record.unit_id).is_(None), col(Record.entity_id).in_(list(with_groups))))).all()
    found = []
    for row in rows:
        payload = json.loads(row.payload)
        found.append((row.unit_id is not None, Course(row.entity_id, str(payload.get("code") or ""),
                                                      str(payload.get("name") or ""))))
    return [course for _own, course in sorted(found, key=lambda item: (item[0], item[1].code))]


def find_course(session: Session, text: str | None, allowed: Collection[str] | None = None) -> Course | None:
    """A course by id or code; ``None``/empty: the first catalogue course (else the first with groups)."""
    available = courses(session, allowed)
    if not text:
        return available[0] if available else None
    text = text.strip()
    return next((c for c in available if c.id == text or c.code == text), None)


# ------------------------------------------------------------------ scope


def units_in(session: Session, regions: Collection[str] | None) -> list[str] | None:
    """Ids of the units of ``regions`` (``None``: every unit, no filter)."""
    if regions is None:
        return None
    return list(session.scalars(select(col(UnitInfo.unit_id)).where(col(UnitInfo.region).in_(list(regions)))))


def unit_by_code(session: Session, code: str, allowed: Collection[str] | None) -> Unit | None:
    unit = session.scalars(select(Unit).where(col(Unit.code) == code)).first()
    if unit is None or (allowed is not None and unit.id not in allowed):
        return None
    return unit


# ------------------------------------------------------------------ figures


def _where_units(column, allowed: Collection[str] | None):  # noqa: ANN001, ANN202
    return True if allowed is None else column.in_(list(allowed))


def unit_rows(session: Session, course_id: str | None, allowed: Collection[str] | None) -> list[UnitRow]:
    """One row per unit the reader may see (every unit with staff or in the catalogue)."""
    if allowed is not None and not allowed:
        return []
    units = {u.id: u for u in session.scalars(select(Unit).where(_where_units(Unit.id, allowed)))}
    info = {i.unit_id: i for i in session.scalars(select(UnitInfo).where(_where_units(UnitInfo.unit_id, allowed)))}
    figures = {unit_id: Figures() for unit_id in units}
    for unit_id, course, status, count in session.execute(
            select(col(UnitFigure.unit_id), col(UnitFigure.course_id), col(UnitFigure.status), col(UnitFigure.count))
            .where(_where_units(col(UnitFigure.unit_id), allowed),
                   col(UnitFigure.course_id).in_(["", course_id or ""]))):
        f = figures.get(unit_id)
        if f is None:
            continue
        if course == "" and status == "expected":
            f.expected = count
        elif course == "" and status == LEFT_STAFF:
            f.counts[LEFT_STAFF] = count
        elif course and status in f.counts:
            f.counts[status] = count
    rows = []
    for unit_id, unit in units.items():
        f = figures[unit_id]
        f.counts[PENDING] = f.expected - sum(f.counts[s] for s in (TRAINED, ELIGIBLE, IN_PROGRESS, NOT_QUALIFIED))
        place = info.get(unit_id)
        rows.append(UnitRow(unit_id, unit.code, unit.name, place.kind if place else "",
                            place.region if place else NO_REGION, f))
    return sorted(rows, key=lambda r: (r.region, r.code))


def regions(rows: list[UnitRow]) -> list[RegionRow]:
    found: dict[str, RegionRow] = {}
    for row in rows:
        region = found.setdefault(row.region, RegionRow(row.region, Figures(), []))
        region.figures.add(row.figures)
        region.units.append(row)
    return sorted(found.values(), key=lambda r: r.region)


def headline(rows: list[UnitRow]) -> Figures:
    total = Figures()
    for row in rows:
        total.add(row.figures)
    return total


DIMENSIONS = {"department": "Servicio", "category": "Categoría", "shift": "Turno"}


def unit_detail(session: Session, course_id: str | None, unit: Unit) -> UnitDetail:
    """A unit's figures, breakdowns by service, category and shift, its workers (pending first) and devices."""
    [row] = unit_rows(session, course_id, [unit.id])
    statuses = {}
    if course_id is not None:
        # plain column tuples, not ORM objects: a unit has thousands of workers
        statuses = {s.worker_id: s for s in session.execute(select(
            col(CoverageStatus.worker_id), col(CoverageStatus.status), col(CoverageStatus.group_code),
            col(CoverageStatus.folio), col(CoverageStatus.issued_at)).where(
            col(CoverageStatus.course_id) == course_id, col(CoverageStatus.unit_id) == unit.id))}
    workers = []
    breakdowns: dict[str, dict[str, Figures]] = {key: {} for key in DIMENSIONS}
    for member in session.execute(select(
            col(StaffMember.worker_id), col(StaffMember.on_staff), col(StaffMember.matricula), col(StaffMember.name),
            col(StaffMember.department), col(StaffMember.category), col(StaffMember.shift)).where(
            col(StaffMember.unit_id) == unit.id, col(StaffMember.was_on_staff).is_(True))):
        status_row = statuses.get(member.worker_id)
        status = LEFT_STAFF if not member.on_staff else (status_row.status if status_row else PENDING)
        workers.append(WorkerRow(member.matricula, member.name, member.department, member.category, member.shift,
                                 status, status_row.group_code if status_row else "",
                                 (status_row.folio or "") if status_row else "",
                                 (status_row.issued_at or "")[:10] if status_row else ""))
        if member.on_staff:
            for key in DIMENSIONS:
                value = getattr(member, key) or "(sin dato)"
                figures = breakdowns[key].setdefault(value, Figures())
                figures.expected += 1
                figures.counts[status] += 1
    order = {status: index for index, status in enumerate((PENDING, NOT_QUALIFIED, IN_PROGRESS, ELIGIBLE, TRAINED,
                                                           LEFT_STAFF))}
    workers.sort(key=lambda w: (order[w.status], w.name))
    devices = [DeviceRow(d.code, d.role, as_utc(d.last_seen_at), d.revoked_at is not None) for d in session.scalars(
        select(Device).where(col(Device.unit_id) == unit.id).order_by(col(Device.code)))]
    return UnitDetail(row, {key: sorted(values.items()) for key, values in breakdowns.items()}, workers, devices)


__all__ = ["LABELS", "Course", "Figures", "UnitRow", "RegionRow", "UnitDetail", "WorkerRow", "DeviceRow",
           "courses", "find_course", "units_in", "unit_by_code", "unit_rows", "regions", "headline", "unit_detail",
           "DIMENSIONS"]

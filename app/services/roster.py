"""A group's roster: enroll, withdraw, import, list."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from app.domain.enums import EnrollmentStatus
from app.domain.ids import enrollment_id
from app.domain.text import full_name, roster_sort_key, sortable_name
from app.importing import read_staff_file
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound
from app.services.groups import enrolled_count, require_open_group
from app.services.permissions import require_instructor
from app.services.staff import ImportReport, upsert_records
from app.storage import changes
from app.storage.tables import CourseGroup, Enrollment, Worker, get_live


@dataclass(frozen=True)
class RosterEntry:
    """One participant as the roster shows them (number = position by surname).

    An external participant has ``matricula`` ``None`` and their ``institution``.
    """

    number: int
    enrollment_id: uuid.UUID
    worker_id: uuid.UUID
    matricula: str | None
    name: str
    sortable_name: str
    category: str
    department: str
    shift: str
    curp: str | None
    status: EnrollmentStatus
    institution: str = ""
    credential_number: str = ""


def _enroll(ctx: Context, s: Session, group: CourseGroup, worker_id: uuid.UUID) -> bool:
    """Enroll in the caller's transaction; False when already enrolled."""
    eid = enrollment_id(group.id, worker_id)
    row = s.get(Enrollment, eid)
    if row is not None and row.status is EnrollmentStatus.ENROLLED and row.deleted_at is None:
        return False
    if enrolled_count(s, group.id) >= group.capacity:
        raise InvalidInput(f"El grupo {group.code} ya tiene su cupo completo ({group.capacity}).")
    if row is None:
        row = Enrollment(id=eid, group_id=group.id, worker_id=worker_id)
    row.status, row.withdrawn_at, row.deleted_at = EnrollmentStatus.ENROLLED, None, None
    changes.save(s, row, actor=ctx.actor, action="enrollment.enroll")
    return True


def enroll(ctx: Context, group_id: uuid.UUID, worker_id: uuid.UUID) -> bool:
    """Put a worker on the roster. Returns False if they already were."""
    require_instructor(ctx)
    with ctx.db.write() as s:
        group = require_open_group(s, group_id)
        if get_live(s, Worker, worker_id) is None:
            raise NotFound("Ese trabajador ya no existe.")
        return _enroll(ctx, s, group, worker_id)


def withdraw(ctx: Context, group_id: uuid.UUID, worker_id: uuid.UUID) -> None:
    """Withdraw a worker (baja): their marks stay, they can no longer qualify."""
    require_instructor(ctx)
    with ctx.db.write() as s:
        require_open_group(s, group_id)
        row = get_live(s, Enrollment, enrollment_id(group_id, worker_id))
        if row is None or row.status is EnrollmentStatus.WITHDRAWN:
            raise InvalidInput("Ese trabajador no está inscrito en el grupo.")
        row.status, row.withdrawn_at = EnrollmentStatus.WITHDRAWN, dt.datetime.now(dt.UTC)
        changes.save(s, row, actor=ctx.actor, action="enrollment.withdraw")


def import_roster(ctx: Context, path: Path, group_id: uuid.UUID, *, clear_empty: bool = False) -> ImportReport:
    """Import a roster file: each valid row's worker is created or updated, then enrolled.

    Workers new to this device are recorded but join no staff list; rows with
    problems are reported, not enrolled. A row without matrícula but with a
    CURP is an external participant (with their institution and credential
    number). Columns the file lacks, and empty cells unless ``clear_empty``,
    leave stored values untouched. The report counts who was enrolled now and
    who already was.
    """
    require_instructor(ctx)
    parsed = read_staff_file(Path(path), externals=True)
    report = ImportReport.for_file(parsed, enrolled=0, already_enrolled=0)
    with ctx.db.write() as s:
        group = require_open_group(s, group_id)
        current = enrolled_count(s, group.id)
        upsert_records(ctx, s, parsed.records, unit_id=None, in_staff_list=False, report=report,
                       action="roster.import", columns=parsed.columns, clear_empty=clear_empty)
        s.flush()
        new = [w for w in report.worker_ids
               if (e := s.get(Enrollment, enrollment_id(group.id, w))) is None
               or e.status is not EnrollmentStatus.ENROLLED or e.deleted_at is not None]
        report.enrolled, report.already_enrolled = len(new), len(report.worker_ids) - len(new)
        if current + len(new) > group.capacity:
            raise InvalidInput(
                f"El archivo agregaría {len(new)} participantes y el grupo {group.code} solo tiene "
                f"{group.capacity - current} lugares libres. Aumente el cupo o divida el grupo.")
        for worker_id in new:
            _enroll(ctx, s, group, worker_id)
    report.problems.sort(key=lambda p: p.row_number)
    return report


def list_roster(ctx: Context, group_id: uuid.UUID, *, include_withdrawn: bool = True) -> list[RosterEntry]:
    """The roster ordered by surname, numbered from 1."""
    query = (select(Enrollment, Worker).join(Worker, Worker.id == Enrollment.worker_id)
             .where(Enrollment.group_id == group_id, Enrollment.deleted_at.is_(None),
                    Worker.deleted_at.is_(None)))
    if not include_withdrawn:
        query = query.where(Enrollment.status == EnrollmentStatus.ENROLLED)
    with ctx.db.read() as s:
        rows = s.exec(query).all()
    rows = sorted(rows, key=lambda r: roster_sort_key(r[1].given_names, r[1].paternal_surname,
                                                      r[1].maternal_surname))
    return [RosterEntry(n, e.id, w.id, w.matricula, full_name(w.given_names, w.paternal_surname,
                                                              w.maternal_surname),
                        sortable_name(w.given_names, w.paternal_surname, w.maternal_surname),
                        w.category, w.department, w.shift, w.curp, e.status,
                        w.external_institution, w.credential_number)
            for n, (e, w) in enumerate(rows, start=1)]

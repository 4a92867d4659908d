"""The staff list (plantilla): import, search, and walk-in workers."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import or_
from sqlmodel import Session, select

from app.domain.identifiers import InvalidIdentifier, validate_curp, validate_matricula
from app.domain.ids import uuid7, worker_id
from app.domain.text import clean_name, full_name, roster_sort_key, search_key, sortable_name
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound
from app import importing
from app.importing import ImportFileError, ParsedFile, RowProblem, StaffRecord, read_staff_file
from app.storage import changes
from app.storage.tables import AuditLog, Outbox, Unit, Worker, utcnow

# Matrículas per IN (...) query: well under SQLite's limit on bound parameters.
_CHUNK = 500

# The worker columns an import may set; anything else is the record's identity or bookkeeping.
IMPORTED_FIELDS = ("given_names", "paternal_surname", "maternal_surname", "curp",
                   "category", "department", "shift")


@dataclass(frozen=True)
class WorkerInfo:
    id: uuid.UUID
    matricula: str
    given_names: str
    paternal_surname: str
    maternal_surname: str
    curp: str | None
    category: str
    department: str
    shift: str
    unit_id: uuid.UUID | None
    in_staff_list: bool

    @property
    def full_name(self) -> str:
        return full_name(self.given_names, self.paternal_surname, self.maternal_surname)

    @property
    def sortable_name(self) -> str:
        return sortable_name(self.given_names, self.paternal_surname, self.maternal_surname)


@dataclass
class ImportReport(importing.ImportReport):
    """An import's report plus the ids of every worker the file named (to enroll them)."""

    worker_ids: list[uuid.UUID] = field(default_factory=list)


def worker_info(row: Worker) -> WorkerInfo:
    return WorkerInfo(row.id, row.matricula, row.given_names, row.paternal_surname, row.maternal_surname,
                      row.curp, row.category, row.department, row.shift, row.unit_id, row.in_staff_list)


def _record_values(record: StaffRecord) -> dict:
    return {
        "given_names": record.given_names,
        "paternal_surname": record.paternal_surname,
        "maternal_surname": record.maternal_surname or "",
        "curp": record.curp or None,
        "category": record.category or "",
        "department": record.department or "",
        "shift": record.shift or "",
    }


def upsert_records(ctx: Context, s: Session, records: list[StaffRecord], *, unit_id: uuid.UUID | None,
                   in_staff_list: bool, report: ImportReport, action: str) -> None:
    """Write validated records in the caller's transaction, with their outbox ops.

    Uses Core bulk statements: a 20,000-row plantilla is one executemany per
    table instead of 60,000 ORM objects. A worker whose data is identical is
    left untouched (no version bump, no outbox op), so re-importing a file
    changes nothing.
    """
    matriculas = [r.matricula for r in records]
    by_matricula = {w.matricula: w for start in range(0, len(matriculas), _CHUNK) for w in s.exec(
        select(Worker).where(Worker.matricula.in_(matriculas[start:start + _CHUNK]))).all()}
    curp_owner = {c: m for m, c in s.exec(select(Worker.matricula, Worker.curp)
                                          .where(Worker.curp.is_not(None))).all()}
    now = utcnow()
    inserts, ops = [], []
    for record in records:
        values = _record_values(record)
        owner = curp_owner.get(values["curp"]) if values["curp"] else None
        if owner is not None and owner != record.matricula:
            report.problems.append(RowProblem(record.row_number, "CURP", values["curp"],
                                              f"ya pertenece a la matrícula {owner}"))
            continue
        existing = by_matricula.get(record.matricula)
        target_unit = unit_id if unit_id is not None else (existing.unit_id if existing else None)
        if existing is None:
            # Plain dicts, not Worker objects: building 20,000 SQLModel instances
            # costs more than validating and inserting the rows.
            row = {"id": worker_id(record.matricula), "created_at": now, "updated_at": now, "version": 1,
                   "deleted_at": None, "unit_id": target_unit, "matricula": record.matricula, "in_staff_list": in_staff_list,
                   "search_key": roster_sort_key(values["given_names"], values["paternal_surname"],
                                                 values["maternal_surname"]), **values}
            inserts.append(row)
            report.created += 1
            row_id, base, payload = row["id"], None, changes.json_payload(row)
        else:
            current = {f: getattr(existing, f) for f in IMPORTED_FIELDS}
            same_unit = existing.unit_id == target_unit
            if current == values and same_unit and (existing.in_staff_list or not in_staff_list):
                report.unchanged += 1
                report.worker_ids.append(existing.id)
                continue
            base = existing.version
            for name, value in values.items():
                setattr(existing, name, value)
            existing.unit_id = target_unit
            existing.in_staff_list = existing.in_staff_list or in_staff_list
            existing.search_key = roster_sort_key(existing.given_names, existing.paternal_surname,
                                                  existing.maternal_surname)
            existing.version += 1
            existing.updated_at = now
            report.updated += 1
            row_id, payload = existing.id, changes.json_payload(changes.payload_of(existing))
        if values["curp"]:
            curp_owner[values["curp"]] = record.matricula
        by_matricula.setdefault(record.matricula, existing)
        report.worker_ids.append(row_id)
        ops.append({"op_id": uuid7(), "entity": "worker", "entity_id": row_id, "kind": "upsert",
                    "base_version": base, "created_at": now, "state": "pending", "attempts": 0,
                    "last_error": "", "payload": payload})
    if inserts:
        s.execute(Worker.__table__.insert(), inserts)
    s.flush()  # the ORM holds the updated rows; flush them as UPDATEs
    if ops:
        s.execute(Outbox.__table__.insert(), ops)
    s.add(AuditLog(actor=ctx.actor, action=action, entity="unit",
                   entity_id=unit_id or uuid.UUID(int=0),
                   details=json.dumps({"file": str(report.path), "created": report.created,
                                       "updated": report.updated, "unchanged": report.unchanged,
                                       "problems": len(report.problems)}, ensure_ascii=False)))


def import_staff(ctx: Context, path: Path, unit_code: str) -> ImportReport:
    """Import a unit's staff list from CSV or XLSX.

    Every row either imports or is reported with its row number and reason.
    A file that cannot be read raises :class:`ImportFileError` before
    anything is written.
    """
    parsed = read_staff_file(Path(path))
    report = ImportReport.for_file(parsed)
    with ctx.db.write() as s:
        unit = s.exec(select(Unit).where(Unit.code == unit_code.strip().upper())).first()
        if unit is None:
            raise NotFound(f"No existe la unidad {unit_code}. Créela antes de importar su plantilla.")
        upsert_records(ctx, s, parsed.records, unit_id=unit.id, in_staff_list=True, report=report,
                       action="staff.import")
    report.problems.sort(key=lambda p: p.row_number)
    return report


def search_workers(ctx: Context, text: str, *, unit_id: uuid.UUID | None = None,
                   limit: int = 50) -> list[WorkerInfo]:
    """Workers whose name (accent- and case-insensitive) or matrícula match every word of ``text``."""
    words = search_key(text).split()
    query = select(Worker).where(Worker.deleted_at.is_(None))
    if unit_id is not None:
        query = query.where(Worker.unit_id == unit_id)
    for word in words:
        query = query.where(or_(Worker.search_key.contains(word, autoescape=True),
                                Worker.matricula.startswith(word, autoescape=True)))
    # search_key is the accent-free "surnames given names" form: ordering by it is roster order.
    query = query.order_by(Worker.search_key).limit(limit)
    with ctx.db.read() as s:
        return [worker_info(w) for w in s.exec(query).all()]


def count_workers(ctx: Context, unit_id: uuid.UUID | None = None) -> int:
    from sqlalchemy import func
    query = select(func.count()).select_from(Worker).where(Worker.deleted_at.is_(None))
    if unit_id is not None:
        query = query.where(Worker.unit_id == unit_id)
    with ctx.db.read() as s:
        return s.exec(query).one()


def get_worker_by_matricula(ctx: Context, matricula: str) -> WorkerInfo | None:
    with ctx.db.read() as s:
        row = s.exec(select(Worker).where(Worker.matricula == matricula)).first()
        return worker_info(row) if row else None


def add_worker(ctx: Context, *, matricula: str, given_names: str, paternal_surname: str,
               maternal_surname: str = "", curp: str = "", category: str = "", department: str = "",
               shift: str = "", unit_id: uuid.UUID | None = None, in_staff_list: bool = False) -> WorkerInfo:
    """Add one worker by hand (a walk-in not on the plantilla), validating matrícula and CURP."""
    try:
        matricula = validate_matricula(matricula)
        curp_value = validate_curp(curp) if curp.strip() else None
    except InvalidIdentifier as exc:
        raise InvalidInput(f"{exc.field}: {exc.reason}.") from exc
    given, paternal = clean_name(given_names), clean_name(paternal_surname)
    if not given or not paternal:
        raise InvalidInput("Escriba al menos el nombre y el apellido paterno.")
    with ctx.db.write() as s:
        if s.exec(select(Worker).where(Worker.matricula == matricula)).first():
            raise InvalidInput(f"Ya existe un trabajador con la matrícula {matricula}.")
        if curp_value and s.exec(select(Worker).where(Worker.curp == curp_value)).first():
            raise InvalidInput(f"La CURP {curp_value} ya está registrada con otra matrícula.")
        row = Worker(id=worker_id(matricula), matricula=matricula, given_names=given, paternal_surname=paternal,
                     maternal_surname=clean_name(maternal_surname), curp=curp_value,
                     category=clean_name(category), department=clean_name(department),
                     shift=clean_name(shift).lower(), unit_id=unit_id, in_staff_list=in_staff_list)
        row.search_key = roster_sort_key(row.given_names, row.paternal_surname, row.maternal_surname)
        changes.save(s, row, actor=ctx.actor, action="worker.add")
        return worker_info(row)


def update_worker_name(ctx: Context, worker_id: uuid.UUID, *, given_names: str, paternal_surname: str,
                       maternal_surname: str = "") -> WorkerInfo:
    """Correct a worker's name (constancias already issued keep the name they certified)."""
    with ctx.db.write() as s:
        row = s.get(Worker, worker_id)
        if row is None:
            raise NotFound("Ese trabajador ya no existe.")
        row.given_names, row.paternal_surname = clean_name(given_names), clean_name(paternal_surname)
        row.maternal_surname = clean_name(maternal_surname)
        if not row.given_names or not row.paternal_surname:
            raise InvalidInput("Escriba al menos el nombre y el apellido paterno.")
        row.search_key = roster_sort_key(row.given_names, row.paternal_surname, row.maternal_surname)
        changes.save(s, row, actor=ctx.actor, action="worker.rename")
        return worker_info(row)


__all__ = ["ImportFileError", "ImportReport", "ParsedFile", "WorkerInfo", "add_worker", "count_workers",
           "get_worker_by_matricula", "import_staff", "search_workers", "update_worker_name", "upsert_records"]


# --------------------------------------------------------------------------- editing one worker

EDITABLE_FIELDS = ("given_names", "paternal_surname", "maternal_surname", "curp", "category",
                   "department", "shift", "unit_id")


def edit_worker(ctx: Context, worker_id: uuid.UUID, *, given_names: str, paternal_surname: str,
                maternal_surname: str = "", curp: str = "", category: str = "", department: str = "",
                shift: str = "", unit_id: uuid.UUID | None = None) -> WorkerInfo:
    """Correct a worker's data by hand (the matrícula is their identity and stays).

    One transaction: the row, its outbox op and an audit entry naming each
    changed field with its old and new value. Constancias already issued keep
    what they certified; a correction of one re-reads the worker.

    Raises:
        NotFound: the worker no longer exists.
        InvalidInput: no name or paternal surname, an invalid CURP or one that
            belongs to another worker, or an unknown unit (Spanish messages).
    """
    values: dict[str, object] = {
        "given_names": clean_name(given_names), "paternal_surname": clean_name(paternal_surname),
        "maternal_surname": clean_name(maternal_surname), "category": clean_name(category),
        "department": clean_name(department), "shift": clean_name(shift).lower(), "unit_id": unit_id,
    }
    if not values["given_names"] or not values["paternal_surname"]:
        raise InvalidInput("Escriba al menos el nombre y el apellido paterno.")
    try:
        values["curp"] = validate_curp(curp) if curp.strip() else None
    except InvalidIdentifier as exc:
        raise InvalidInput(f"{exc.field} «{exc.value}»: {exc.reason}.") from exc
    with ctx.db.write() as s:
        row = s.get(Worker, worker_id)
        if row is None or row.deleted_at is not None:
            raise NotFound("Ese trabajador ya no existe en este equipo.")
        if values["curp"]:
            owner = s.exec(select(Worker).where(Worker.curp == values["curp"],
                                                Worker.id != worker_id)).first()
            if owner is not None:
                raise InvalidInput(f"La CURP {values['curp']} ya está registrada con la matrícula "
                                   f"{owner.matricula}.")
        if unit_id is not None and s.get(Unit, unit_id) is None:
            raise InvalidInput("La unidad elegida ya no existe.")
        changed = {name: [getattr(row, name), value] for name, value in values.items()
                   if getattr(row, name) != value}
        if not changed:
            return worker_info(row)
        for name, (_before, value) in changed.items():
            setattr(row, name, value)
        row.search_key = roster_sort_key(row.given_names, row.paternal_surname, row.maternal_surname)
        changes.save(s, row, actor=ctx.actor, action="worker.edit",
                     details={"matricula": row.matricula, "changed": changed})
        return worker_info(row)

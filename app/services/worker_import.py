"""Writing the records of a staff list or roster file into the worker table.

Importing never erases what it does not know: a field whose column the file
lacks is left as stored, and so is a field whose cell is empty, unless the
caller asks for empty cells to empty it (``clear_empty``). A worker is found
by matrícula; an external participant (no matrícula) by CURP, and a new one
needs an institution. The report says who is new, who was updated and in
which fields, and which rows were not written.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from sqlmodel import Session, select

from app import importing
from app.domain.enums import OpKind
from app.domain.ids import external_worker_id, worker_id
from app.domain.text import full_name, roster_sort_key
from app.importing import RowProblem, StaffRecord
from app.importing.gc_pause import gc_paused
from app.importing.model import WorkerUpdate
from app.services.context import Context
from app.services.worker_rows import FIELDS, NewWorkers
from app.storage import changes, worker_search
from app.storage.bulk_load import bulk_load
from app.storage.tables import AuditLog, Outbox, Worker, utcnow

# Keys per IN (...) query: well under SQLite's limit on bound parameters.
_CHUNK = 500

# The worker columns an import may set, the record attribute each comes from and its Spanish
# name in the report; anything else is the record's identity or bookkeeping.
_IMPORTED: tuple[tuple[str, str, str], ...] = (
    ("given_names", "given_names", "Nombre"),
    ("paternal_surname", "paternal_surname", "Apellido paterno"),
    ("maternal_surname", "maternal_surname", "Apellido materno"),
    ("curp", "curp", "CURP"),
    ("category", "category", "Categoría"),
    ("department", "department", "Servicio"),
    ("shift", "shift", "Turno"),
    ("external_institution", "institution", "Institución"),
    ("credential_number", "credential_number", "Número de credencial"),
)
IMPORTED_FIELDS = tuple(column for column, _, _ in _IMPORTED)
_LABELS = {column: label for column, _, label in _IMPORTED} | {
    "unit_id": "Unidad", "in_staff_list": "En la plantilla"}
_EXTERNAL_ONLY = frozenset({"external_institution", "credential_number"})


@dataclass
class ImportReport(importing.ImportReport):
    """An import's report plus the ids of every worker the file named (to enroll them)."""

    worker_ids: list[uuid.UUID] = field(default_factory=list)


def _given_fields(columns: frozenset[str] | None, external: bool) -> tuple[tuple[str, str], ...]:
    """The (column, record attribute) pairs a file with these columns may set, for a staff
    worker or an external participant (a staff worker named by CURP in a roster stays one)."""
    return tuple((column, attribute) for column, attribute, _ in _IMPORTED
                 if (columns is None or attribute in columns) and (external or column not in _EXTERNAL_ONLY))


def _given_values(record: StaffRecord, fields: tuple[tuple[str, str], ...], clear_empty: bool) -> dict:
    """The worker columns the record says something about (see the module docstring)."""
    values = {}
    for column, attribute in fields:
        value = getattr(record, attribute) or ""
        if value or clear_empty:
            values[column] = value or (None if column == "curp" else "")
    return values


def _holder(worker: Worker) -> str:
    if worker.matricula is not None:
        return f"la matrícula {worker.matricula}"
    name = full_name(worker.given_names, worker.paternal_surname, worker.maternal_surname)
    return f"el participante externo {name}"


_W = Worker.__table__
# What deciding between unchanged, updated and refused needs of a stored worker; the whole
# worker is loaded only for those that change.
_COMPARED = (_W.c.id, _W.c.matricula, _W.c.unit_id, _W.c.in_staff_list, *(_W.c[name] for name in IMPORTED_FIELDS))


def _existing(s: Session, records: list[StaffRecord]) -> tuple[dict, dict]:
    """The stored workers the records name (their :data:`_COMPARED` columns): by matrícula,
    and (for external rows) by CURP."""
    if s.execute(select(_W.c.id).limit(1)).first() is None:
        return {}, {}  # no worker stored yet (a device's first plantilla): nothing to look up
    matriculas = [r.matricula for r in records if r.matricula is not None]
    by_matricula = {w.matricula: w for start in range(0, len(matriculas), _CHUNK) for w in s.execute(
        select(*_COMPARED).where(_W.c.matricula.in_(matriculas[start:start + _CHUNK]))).all()}
    curps = [r.curp for r in records if r.matricula is None and r.curp]
    by_curp = {w.curp: w for start in range(0, len(curps), _CHUNK) for w in s.execute(
        select(*_COMPARED).where(_W.c.curp.in_(curps[start:start + _CHUNK]))).all()}
    return by_matricula, by_curp


def _loaded(s: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, Worker]:
    """The workers with these ids, as ORM rows to update."""
    return {w.id: w for start in range(0, len(ids), _CHUNK)
            for w in s.exec(select(Worker).where(Worker.id.in_(ids[start:start + _CHUNK]))).all()}


def upsert_records(ctx: Context, s: Session, records: list[StaffRecord], *, unit_id: uuid.UUID | None,
                   in_staff_list: bool, report: ImportReport, action: str,
                   columns: frozenset[str] | None = None, clear_empty: bool = False) -> None:
    """Write validated records in the caller's transaction, with their outbox ops.

    New workers go in with one ``executemany`` for their rows and one for their
    outbox ops (:mod:`app.services.worker_rows`), and into the search index with
    one statement, all in the caller's transaction with the import's audit
    entry. Stored workers are compared through the columns that decide; only
    those that change are loaded and updated through the ORM. A worker whose
    data is identical is left untouched (no version bump, no outbox op), so
    re-importing a file changes nothing. External participants never join a
    unit or its staff list.

    Args:
        unit_id: the unit whose staff list this is; ``None`` keeps each worker's unit.
        in_staff_list: the workers are on the unit's staff list (a plantilla, not a roster).
        columns: the record attributes the file has columns for (:attr:`ParsedFile.columns`);
            ``None`` when every field is given (generated records).
        clear_empty: an empty cell empties the stored value instead of leaving it.
    """
    with gc_paused():  # a plantilla's rows and payloads are many objects and no garbage
        _upsert(ctx, s, records, unit_id, in_staff_list, report, action, columns, clear_empty)


def _upsert(ctx: Context, s: Session, records: list[StaffRecord], unit_id: uuid.UUID | None, in_staff_list: bool,
            report: ImportReport, action: str, columns: frozenset[str] | None, clear_empty: bool) -> None:
    by_matricula, by_curp = _existing(s, records)
    curp_owner = {c: i for i, c in s.exec(select(Worker.id, Worker.curp).where(Worker.curp.is_not(None))).all()}
    now = utcnow()
    conn = s.connection()
    new_workers, updates, ops = NewWorkers(conn), [], []
    fields = {external: _given_fields(columns, external) for external in (False, True)}
    for record in records:
        existing = by_matricula.get(record.matricula) if record.matricula is not None else by_curp.get(record.curp)
        external = existing.matricula is None if existing is not None else record.matricula is None
        values = _given_values(record, fields[external], clear_empty)
        if existing is not None:
            row_id = existing.id
        else:
            row_id = external_worker_id(record.curp) if external else worker_id(record.matricula)
        curp = values.get("curp")
        owner = curp_owner.get(curp) if curp else None
        if owner is not None and owner != row_id:
            report.problems.append(RowProblem(record.row_number, "CURP", curp,
                                              f"ya pertenece a {_holder(s.get(Worker, owner))}"))
            continue
        if existing is None and external and not values.get("external_institution"):
            report.problems.append(RowProblem(record.row_number, "Institución", "",
                                              "falta la institución del participante externo (sin matrícula)"))
            continue
        target_unit = None if external else (unit_id if unit_id is not None else
                                             (existing.unit_id if existing else None))
        listed = in_staff_list and not external
        if existing is None:
            # Stored values, not Worker objects: building 20,000 SQLModel instances
            # costs more than validating and inserting the rows.
            new_workers.add_new(record, values, row_id=row_id, unit_id=target_unit, in_staff_list=listed, now=now)
            report.created += 1
            if curp:
                curp_owner[curp] = row_id
            report.worker_ids.append(row_id)
            continue
        changed = [name for name, value in values.items() if getattr(existing, name) != value]
        if existing.unit_id != target_unit:
            changed.append("unit_id")
        if listed and not existing.in_staff_list:
            changed.append("in_staff_list")
        if not changed:
            report.unchanged += 1
            report.worker_ids.append(existing.id)
            continue
        if curp:
            curp_owner[curp] = row_id
        report.worker_ids.append(row_id)
        updates.append((row_id, record, values, changed, target_unit, listed))
    workers = _loaded(s, [row_id for row_id, *_ in updates])
    for row_id, record, values, changed, target_unit, listed in updates:
        existing = workers[row_id]
        base = existing.version
        for name, value in values.items():
            setattr(existing, name, value)
        existing.unit_id = target_unit
        existing.in_staff_list = existing.in_staff_list or listed
        existing.search_key = roster_sort_key(existing.given_names, existing.paternal_surname,
                                              existing.maternal_surname)
        existing.version += 1
        existing.updated_at = now
        report.updated += 1
        report.updates.append(WorkerUpdate(
            record.row_number,
            full_name(existing.given_names, existing.paternal_surname, existing.maternal_surname),
            tuple(_LABELS[name] for name in changed)))
        ops.append(changes.outbox_values("worker", row_id, OpKind.UPSERT, base, changes.payload_of(existing)))
    if new_workers.rows:
        adding = len(new_workers.rows)
        with bulk_load(conn, {"worker": adding, "outbox": adding}):  # indexes rebuilt once, if that pays
            with worker_search.bulk_insert(conn):  # indexed for search once, not row by row
                changes.insert_stored(conn, Worker.__table__, FIELDS, new_workers.rows)
            changes.queue_many(conn, "worker", OpKind.UPSERT, new_workers.ops)
    s.flush()  # the ORM holds the updated rows; flush them as UPDATEs
    if ops:
        s.execute(Outbox.__table__.insert(), ops)
    s.add(AuditLog(actor=ctx.actor, action=action, entity="unit",
                   entity_id=unit_id or uuid.UUID(int=0),
                   details=json.dumps({"file": str(report.path), "created": report.created,
                                       "updated": report.updated, "unchanged": report.unchanged,
                                       "problems": len(report.problems)}, ensure_ascii=False)))

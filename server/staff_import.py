"""``aula-server import-staff``: a unit's plantilla written as synced worker records.

The file is read by the desktop's own importer (:mod:`app.importing`), so the
server accepts and rejects exactly the rows the app does. Each worker gets
the id every device gives it (:func:`app.domain.ids.worker_id`) and the
columns of the desktop's ``worker`` table, so a device that imports the same
plantilla converges with the server instead of conflicting with it.

The whole file is one write transaction: new and changed workers are written
to ``records`` with their change-log rows (seqs taken last, see
:mod:`server.changelog`), so devices of the unit receive them through pull in
order. A worker whose data is identical is not rewritten: re-importing a file
adds nothing to the change log. As on the desktop, a CURP already held by
another matrícula is reported as a row problem and the row is skipped, and a
column the file lacks or a cell left empty keeps the stored value.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, bindparam, cast, func, insert, or_, select, update
from sqlmodel import Session, col

from app.domain.enums import OpKind
from app.domain.ids import worker_id
from app.domain.text import roster_sort_key
from app.importing import ImportFileError, ImportReport, RowProblem, StaffRecord, read_staff_file
from app.sync.protocol import Entity, WorkerPayload
from server import changelog
from server.changelog import PendingChange, dumps
from server.coordination import coverage
from server.db import Database, write_with_retries
from server.enrollment import AdminError
from server.models import Record, Unit, as_utc, utcnow
from server.push import RANK

log = logging.getLogger(__name__)

WORKER = Entity.WORKER.value
#: The worker payload's columns (app.sync.protocol.WorkerPayload, the desktop table's columns), in order.
WORKER_COLUMNS = tuple(WorkerPayload.model_fields)
#: Worker columns a row may leave unsaid (column absent, cell empty): the stored value stays.
_KEPT_WHEN_UNSAID = {"maternal_surname": "maternal_surname", "curp": "curp", "category": "category",
                     "department": "department", "shift": "shift"}
#: The record columns an update rewrites (identity, rank and creation time stay).
_UPDATED_COLUMNS = ("unit_id", "natural_key", "version", "payload", "deleted_at", "updated_at", "updated_by")
#: Ids per ``IN (...)`` list, well under every backend's parameter limit.
_CHUNK = 500

__all__ = ["ImportFileError", "ImportReport", "WORKER_COLUMNS", "import_staff"]


@dataclass
class _Stored:
    """A worker record already on the server, as the import needs it."""

    entity_id: str
    natural_key: str | None
    unit_id: str | None
    version: int
    payload: dict[str, Any]
    deleted_at: dt.datetime | None
    created_at: dt.datetime


def import_staff(db: Database, path: Path, unit_code: str) -> ImportReport:
    """Import a unit's staff list (CSV or XLSX) into the server, in one transaction.

    Args:
        db: the server's database.
        path: the plantilla.
        unit_code: the code of a unit that exists on the server.

    Returns:
        Counts of new, updated and unchanged workers, and every rejected row's problem.

    Raises:
        ImportFileError: the file cannot be read at all; nothing was written.
        AdminError: the unit does not exist; nothing was written.
    """
    path = Path(path)
    parsed = read_staff_file(path)  # the whole file, before anything is written
    code = unit_code.strip()
    def apply(session: Session) -> ImportReport:
        # A device may push one of these workers meanwhile: a retry starts afresh and reads it.
        report = ImportReport.for_file(parsed)
        unit = session.scalars(select(Unit).where(col(Unit.code) == code)).first()
        if unit is None:
            raise AdminError(f"no existe la unidad «{code}»; créela con «aula-server create-unit»")
        _Import(session, unit.id, report).run(parsed.records)
        return report

    report = write_with_retries(db, apply, label="import-staff")
    report.problems.sort(key=lambda problem: problem.row_number)
    log.info("import-staff %s into %s: %d new, %d updated, %d unchanged, %d problems", path.name, code,
             report.created, report.updated, report.unchanged, len(report.problems))
    return report


class _Import:
    """One file's records applied inside the caller's write transaction."""

    def __init__(self, session: Session, unit_id: str, report: ImportReport) -> None:
        self.session = session
        self.unit_id = unit_id
        self.report = report
        self.now = utcnow()

    def run(self, records: list[StaffRecord]) -> None:
        """Write every new or changed worker and its change-log row; count and report the rest."""
        by_key, by_id = self._load(records)
        curp_owner = self._curp_owners()
        new_rows: list[dict[str, Any]] = []
        changed_rows: list[dict[str, Any]] = []
        pending: list[PendingChange] = []
        for record in records:
            matricula = record.matricula
            if matricula is None:  # external participants are never read for a staff list
                continue
            stored = by_key.get(matricula) or by_id.get(str(worker_id(matricula)))
            entity_id = stored.entity_id if stored else str(worker_id(matricula))
            curp: str | None = record.curp or (stored.payload.get("curp") if stored else None) or None
            owner = curp_owner.get(curp) if curp else None
            if curp and owner is not None and owner[0] != entity_id:
                held_by = f"la matrícula {owner[1]}" if owner[1] else "otro trabajador"
                self.report.problems.append(RowProblem(record.row_number, "CURP", curp, f"ya pertenece a {held_by}"))
                continue
            if curp:
                curp_owner[curp] = (entity_id, record.matricula)
            if stored is not None and self._unchanged(stored, record):
                self.report.unchanged += 1
                continue
            version = stored.version + 1 if stored else 1
            payload = self._payload(entity_id, record, stored, version)
            row = {"unit_id": self.unit_id, "natural_key": record.matricula, "version": version,
                   "payload": dumps(payload), "deleted_at": None, "updated_at": self.now, "updated_by": None}
            if stored is None:
                new_rows.append({**row, "entity": WORKER, "entity_id": entity_id, "rank": RANK[WORKER],
                                 "group_id": None, "created_at": self.now})
                self.report.created += 1
            else:
                changed_rows.append({**row, "k_entity": WORKER, "k_entity_id": entity_id})
                self.report.updated += 1
            pending.append(PendingChange(WORKER, entity_id, self.unit_id, OpKind.UPSERT.value, version, payload,
                                         None))
        self._write(new_rows, changed_rows)
        changelog.write(self.session, pending, self.now)  # last: it takes the counter lock
        coverage.apply_changes(self.session, pending)

    def _load(self, records: list[StaffRecord]) -> tuple[dict[str, _Stored], dict[str, _Stored]]:
        """The stored workers of the file's matrículas (by natural key or by derived id), locked."""
        by_key: dict[str, _Stored] = {}
        by_id: dict[str, _Stored] = {}
        matriculas = [r.matricula for r in records if r.matricula is not None]
        for start in range(0, len(matriculas), _CHUNK):
            keys = matriculas[start:start + _CHUNK]
            ids = [str(worker_id(m)) for m in keys]
            statement = (select(col(Record.entity_id), col(Record.natural_key), col(Record.unit_id),
                                col(Record.version), col(Record.payload), col(Record.deleted_at),
                                col(Record.created_at))
                         .where(col(Record.entity) == WORKER,
                                or_(col(Record.natural_key).in_(keys), col(Record.entity_id).in_(ids)))
                         .order_by(col(Record.entity_id))  # the lock order push uses
                         .with_for_update())
            for row in self.session.execute(statement):
                stored = _Stored(row.entity_id, row.natural_key, row.unit_id, row.version, json.loads(row.payload),
                                 as_utc(row.deleted_at), as_utc(row.created_at))
                by_id[stored.entity_id] = stored
                if stored.natural_key is not None:
                    by_key[stored.natural_key] = stored
        return by_key, by_id

    def _curp_owners(self) -> dict[str, tuple[str, str | None]]:
        """Every CURP a worker on the server holds: CURP → (worker id, matrícula)."""
        if self.session.get_bind().dialect.name == "sqlite":
            curp = func.json_extract(Record.payload, "$.curp")
        else:
            curp = func.json_extract_path_text(cast(Record.payload, JSON), "curp")
        rows = self.session.execute(select(curp.label("curp"), col(Record.entity_id), col(Record.natural_key))
                                    .where(col(Record.entity) == WORKER, curp.is_not(None)))
        return {row.curp: (row.entity_id, row.natural_key) for row in rows if isinstance(row.curp, str) and row.curp}

    def _columns(self, entity_id: str, record: StaffRecord, stored: _Stored | None = None) -> dict[str, Any]:
        """The worker's columns the import decides (everything but the bookkeeping).

        A field the row leaves unsaid (its column absent or its cell empty)
        keeps the stored value: importing never erases what it does not know.
        """
        said = {name: getattr(record, attribute) or "" for name, attribute in _KEPT_WHEN_UNSAID.items()}
        before = stored.payload if stored is not None else {}
        kept = {name: value or before.get(name) or "" for name, value in said.items()}
        kept["curp"] = kept["curp"] or None
        return {
            "id": entity_id, "unit_id": self.unit_id, "matricula": record.matricula,
            "given_names": record.given_names, "paternal_surname": record.paternal_surname,
            **kept, "in_staff_list": True,
            "search_key": roster_sort_key(record.given_names, record.paternal_surname, kept["maternal_surname"]),
            "external_institution": before.get("external_institution", ""),
            "credential_number": before.get("credential_number", ""),
        }

    def _unchanged(self, stored: _Stored, record: StaffRecord) -> bool:
        """Whether the stored worker already is what the row says (then it is not rewritten)."""
        if stored.deleted_at is not None or stored.unit_id != self.unit_id or stored.natural_key != record.matricula:
            return False
        wanted = self._columns(stored.entity_id, record, stored)
        return all(stored.payload.get(name) == value for name, value in wanted.items())

    def _payload(self, entity_id: str, record: StaffRecord, stored: _Stored | None, version: int) -> dict[str, Any]:
        """The full worker row; keys a newer client stored and this server does not know are kept."""
        columns = self._columns(entity_id, record, stored)
        now = self.now.isoformat()
        created = stored.payload.get("created_at") if stored else None
        if not isinstance(created, str):
            created = stored.created_at.isoformat() if stored else now
        bookkeeping = {"created_at": created, "updated_at": now, "version": version, "deleted_at": None}
        values = {**columns, **bookkeeping}
        row = {name: values[name] for name in WORKER_COLUMNS}
        if stored is None:
            return row
        return {**row, **{k: v for k, v in stored.payload.items() if k not in row}}

    def _write(self, new_rows: list[dict[str, Any]], changed_rows: list[dict[str, Any]]) -> None:
        if new_rows:
            self.session.execute(insert(Record), new_rows)
        if changed_rows:
            table = Record.__table__  # type: ignore[attr-defined]  # SQLModel sets it at class creation
            self.session.execute(
                update(table)
                .where(table.c.entity == bindparam("k_entity"), table.c.entity_id == bindparam("k_entity_id"))
                .values({name: bindparam(name) for name in _UPDATED_COLUMNS}),
                changed_rows)

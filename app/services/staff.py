"""The staff list (plantilla): import, search, walk-in workers and external participants.

External participants (people of other institutions who take a course, with a
CURP and no matrícula) are workers too, so they can be enrolled, marked and
certified like anyone else, but they are never part of a unit's staff list:
the list, its search and its counts leave them out.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, or_
from sqlalchemy import text as sql_text
from sqlmodel import Session, select

from app.domain.identifiers import (
    InvalidIdentifier,
    badge_key,
    normalize_matricula,
    validate_credential_number,
    validate_curp,
    validate_matricula,
)
from app.domain.ids import external_worker_id, worker_id
from app.domain.text import clean_name, full_name, roster_sort_key, search_key, sortable_name
from app.importing import ImportFileError, ParsedFile, read_staff_file
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound
from app.services.worker_import import ImportReport, upsert_records
from app.storage import changes
from app.storage.tables import Unit, Worker, get_live


@dataclass(frozen=True)
class WorkerInfo:
    """A worker as screens show them; an external participant has ``matricula`` ``None``."""

    id: uuid.UUID
    matricula: str | None
    given_names: str
    paternal_surname: str
    maternal_surname: str
    curp: str | None
    category: str
    department: str
    shift: str
    unit_id: uuid.UUID | None
    in_staff_list: bool
    external_institution: str = ""
    credential_number: str = ""

    @property
    def full_name(self) -> str:
        return full_name(self.given_names, self.paternal_surname, self.maternal_surname)

    @property
    def sortable_name(self) -> str:
        return sortable_name(self.given_names, self.paternal_surname, self.maternal_surname)

    @property
    def is_external(self) -> bool:
        """A participant from another institution: no matrícula, never on a staff list."""
        return self.matricula is None


def worker_info(row: Worker) -> WorkerInfo:
    return WorkerInfo(row.id, row.matricula, row.given_names, row.paternal_surname, row.maternal_surname,
                      row.curp, row.category, row.department, row.shift, row.unit_id, row.in_staff_list,
                      row.external_institution, row.credential_number)


def import_staff(ctx: Context, path: Path, unit_code: str, *, clear_empty: bool = False) -> ImportReport:
    """Import a unit's staff list from CSV or XLSX.

    Every row either imports or is reported with its row number and reason.
    A file that cannot be read raises :class:`ImportFileError` before
    anything is written. Columns the file lacks, and empty cells unless
    ``clear_empty``, leave the stored values of existing workers untouched.
    """
    parsed = read_staff_file(Path(path))
    report = ImportReport.for_file(parsed)
    with ctx.db.write() as s:
        unit = s.exec(select(Unit).where(Unit.code == unit_code.strip().upper())).first()
        if unit is None:
            raise NotFound(f"No existe la unidad {unit_code}. Créela antes de importar su plantilla.")
        upsert_records(ctx, s, parsed.records, unit_id=unit.id, in_staff_list=True, report=report,
                       action="staff.import", columns=parsed.columns, clear_empty=clear_empty)
    report.problems.sort(key=lambda p: p.row_number)
    return report


_W = Worker.__table__
_INFO_COLUMNS = (_W.c.id, _W.c.matricula, _W.c.given_names, _W.c.paternal_surname, _W.c.maternal_surname,
                 _W.c.curp, _W.c.category, _W.c.department, _W.c.shift, _W.c.unit_id, _W.c.in_staff_list,
                 _W.c.external_institution, _W.c.credential_number)  # WorkerInfo's field order
# The trigram index (migration 0008) finds words of three characters or more.
_INDEXED_WORD = 3
_CANDIDATES = sql_text("worker.rowid IN (SELECT rowid FROM worker_search WHERE worker_search MATCH :fts)")


def _fts_query(words: list[str]) -> str:
    """Every trigram of every word (the index keeps no positions: candidates, checked afterwards)."""
    trigrams = dict.fromkeys(word[i:i + _INDEXED_WORD] for word in words
                             for i in range(len(word) - _INDEXED_WORD + 1))
    return " AND ".join('"' + trigram.replace('"', '""') + '"' for trigram in trigrams)


def search_workers(ctx: Context, text: str, *, unit_id: uuid.UUID | None = None,
                   limit: int = 50, include_external: bool = False, offset: int = 0) -> list[WorkerInfo]:
    """Workers whose name (accent- and case-insensitive) or matrícula match every word of ``text``.

    A word matches a substring of the name's search key or the start of the
    matrícula. Results come in roster order, ``limit`` at a time from
    ``offset`` (the next page). Words of three characters or more are looked
    up in the trigram index first, so a keystroke reads only the candidates;
    every candidate is then checked with the exact rule.
    External participants are not on any staff list: only ``include_external`` finds them.
    """
    words = search_key(text).split()
    query = select(*_INFO_COLUMNS).where(_W.c.deleted_at.is_(None))
    if not include_external:
        query = query.where(_W.c.matricula.is_not(None))
    if unit_id is not None:
        query = query.where(_W.c.unit_id == unit_id)
    indexed = [word for word in words if len(word) >= _INDEXED_WORD]
    if indexed:
        query = query.where(_CANDIDATES.bindparams(fts=_fts_query(indexed)))
    for word in words:
        query = query.where(or_(_W.c.search_key.contains(word, autoescape=True),
                                _W.c.matricula.startswith(word, autoescape=True)))
    # search_key is the accent-free "surnames given names" form: ordering by it is roster order.
    query = query.order_by(_W.c.search_key, _W.c.id).limit(limit).offset(offset)
    with ctx.db.engine.connect() as conn:
        return [WorkerInfo(*row) for row in conn.execute(query)]


def count_workers(ctx: Context, unit_id: uuid.UUID | None = None) -> int:
    """How many workers are on the staff lists (external participants never count)."""
    query = select(func.count()).select_from(Worker).where(Worker.deleted_at.is_(None),
                                                           Worker.matricula.is_not(None))
    if unit_id is not None:
        query = query.where(Worker.unit_id == unit_id)
    with ctx.db.read() as s:
        return s.exec(query).one()


def get_worker_by_matricula(ctx: Context, matricula: str) -> WorkerInfo | None:
    """The worker a scanned or typed badge names: a matrícula, or an external's CURP or
    credential number (see :func:`find_by_badge`)."""
    with ctx.db.read() as s:
        row = find_by_badge(s, matricula)
        return worker_info(row) if row else None


def find_by_badge(s: Session, text: str) -> Worker | None:
    """The worker a scanned or typed badge names, in the caller's session.

    The text is tried as a matrícula, then as a CURP (any case), then as an
    external participant's credential number (spaces, dashes, dots and slashes
    ignored); a credential number two participants share names nobody.
    """
    text = text.strip()
    if not text:
        return None
    matricula = normalize_matricula(text)
    live = Worker.deleted_at.is_(None)  # a worker deleted through sync has no badge any more
    worker = s.exec(select(Worker).where(Worker.matricula == matricula, live)).first()
    if worker is not None:
        return worker
    key = badge_key(text)
    worker = s.exec(select(Worker).where(Worker.curp == key, live)).first()
    if worker is not None:
        return worker
    stored = Worker.credential_number
    for separator in (" ", "-", ".", "/"):
        stored = func.replace(stored, separator, "")
    found = s.exec(select(Worker).where(Worker.credential_number != "", func.upper(stored) == key, live)
                   .limit(2)).all()
    return found[0] if len(found) == 1 else None


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


def add_external_participant(ctx: Context, *, curp: str, given_names: str, paternal_surname: str,
                             institution: str, maternal_surname: str = "",
                             credential_number: str = "") -> WorkerInfo:
    """Add a participant from another institution, identified by a validated CURP, without matrícula.

    When that CURP already belongs to an external participant, their record is
    brought up to date with what was typed and returned (they may be taking
    another course); a CURP of a staff worker is refused with who holds it.
    """
    try:
        curp_value = validate_curp(curp)
        credential = validate_credential_number(credential_number)
    except InvalidIdentifier as exc:
        raise InvalidInput(f"{exc.field[:1].upper()}{exc.field[1:]}: {exc.reason}.") from exc
    given, paternal = clean_name(given_names), clean_name(paternal_surname)
    if not given or not paternal:
        raise InvalidInput("Escriba al menos el nombre y el apellido paterno.")
    institution = clean_name(institution)
    if not institution:
        raise InvalidInput("Escriba la institución del participante externo.")
    with ctx.db.write() as s:
        row = s.exec(select(Worker).where(Worker.curp == curp_value)).first()
        if row is not None and row.matricula is not None:
            owner = full_name(row.given_names, row.paternal_surname, row.maternal_surname)
            raise InvalidInput(f"La CURP {curp_value} es de {owner}, "
                               f"matrícula {row.matricula}: agréguelo con su matrícula.")
        values = {"given_names": given, "paternal_surname": paternal,
                  "maternal_surname": clean_name(maternal_surname), "external_institution": institution}
        if credential:
            values["credential_number"] = credential
        if row is None:
            row = Worker(id=external_worker_id(curp_value), matricula=None, curp=curp_value, unit_id=None,
                         in_staff_list=False, **values)
        elif all(getattr(row, name) == value for name, value in values.items()):
            return worker_info(row)
        else:
            for name, value in values.items():
                setattr(row, name, value)
        row.search_key = roster_sort_key(row.given_names, row.paternal_surname, row.maternal_surname)
        changes.save(s, row, actor=ctx.actor, action="worker.add_external")
        return worker_info(row)


def update_worker_name(ctx: Context, worker_id: uuid.UUID, *, given_names: str, paternal_surname: str,
                       maternal_surname: str = "") -> WorkerInfo:
    """Correct a worker's name (constancias already issued keep the name they certified)."""
    with ctx.db.write() as s:
        row = get_live(s, Worker, worker_id)
        if row is None:
            raise NotFound("Ese trabajador ya no existe.")
        row.given_names, row.paternal_surname = clean_name(given_names), clean_name(paternal_surname)
        row.maternal_surname = clean_name(maternal_surname)
        if not row.given_names or not row.paternal_surname:
            raise InvalidInput("Escriba al menos el nombre y el apellido paterno.")
        row.search_key = roster_sort_key(row.given_names, row.paternal_surname, row.maternal_surname)
        changes.save(s, row, actor=ctx.actor, action="worker.rename")
        return worker_info(row)


__all__ = ["ImportFileError", "ImportReport", "ParsedFile", "WorkerInfo", "add_external_participant", "add_worker",
           "count_workers", "find_by_badge", "get_worker_by_matricula", "import_staff", "search_workers",
           "edit_worker", "update_worker_name", "upsert_records"]

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
        row = get_live(s, Worker, worker_id)
        if row is None:
            raise NotFound("Ese trabajador ya no existe en este equipo.")
        if values["curp"]:
            owner = s.exec(select(Worker).where(Worker.curp == values["curp"], Worker.id != worker_id,
                                                Worker.deleted_at.is_(None))).first()
            if owner is not None:
                raise InvalidInput(f"La CURP {values['curp']} ya está registrada con la matrícula "
                                   f"{owner.matricula}.")
        if unit_id is not None and get_live(s, Unit, unit_id) is None:
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

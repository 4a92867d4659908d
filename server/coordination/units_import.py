"""``aula-server import-units``: the catalogue of units (code, name, type, region) from CSV or XLSX.

The file is opened by the desktop's reader (:func:`app.importing.reader.open_tables`:
encodings, delimiters, hostile workbooks). As with the staff import, a row
with a problem is reported (``Fila N, Campo «valor»: motivo``) and skipped,
the rest is written in one transaction, and importing the same file again
changes nothing. A new unit is created as ``aula-server create-unit`` does
(devices receive it through pull); an existing one keeps its id and gets the
name, type and region of the file.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.domain.enums import OpKind
from app.importing import ImportFileError, RowProblem
from app.importing.columns import header_key
from app.importing.reader import cell_text, open_tables
from app.sync.protocol import Entity
from server import changelog
from server.changelog import PendingChange, dumps
from server.coordination.models import UnitInfo
from server.db import Database, write_with_retries
from server.models import Record, Unit, utcnow
from server.push import RANK

_UNIT_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]{0,39}$")
_COLUMNS = {"code": ("clave", "code", "codigo", "claveunidad", "cveunidad"),
            "name": ("nombre", "name", "unidad", "nombreunidad"),
            "kind": ("tipo", "type", "tipounidad"),
            "region": ("region", "delegacion", "regiondelegacion", "zona")}
_LABELS = {"code": "Clave", "name": "Nombre", "kind": "Tipo", "region": "Región"}
MAX_ROWS = 20_000

__all__ = ["ImportFileError", "UnitsReport", "import_units"]


@dataclass
class UnitsReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = (f"Unidades: {self.created} nuevas, {self.updated} actualizadas, {self.unchanged} sin cambios, "
                f"{len(self.problems)} filas con problemas.")
        return [head, *[str(p) for p in self.problems]]


@dataclass(frozen=True)
class _Row:
    number: int
    code: str
    name: str
    kind: str
    region: str


def _read(path: Path) -> tuple[list[_Row], list[RowProblem]]:
    with open_tables(path) as tables:
        for table in tables:
            rows = table.rows()
            header_at, columns = None, {}
            for number, cells in enumerate(rows, start=1):
                keys = [header_key(c) for c in cells]
                found = {name: keys.index(alias) for name, aliases in _COLUMNS.items() for alias in aliases
                         if alias in keys}
                if "code" in found and "region" in found:
                    header_at, columns = number, found
                    break
                if number >= 30:
                    break
            if header_at is None:
                continue
            return _rows(rows, header_at, columns)
    raise ImportFileError(path, "no tiene una fila de encabezados con las columnas Clave y Región")


def _rows(rows, header_at: int, columns: dict[str, int]) -> tuple[list[_Row], list[RowProblem]]:  # noqa: ANN001
    found: list[_Row] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}  # unit code -> the row that has it
    for number, cells in enumerate(rows, start=header_at + 1):
        values = {name: " ".join(cell_text(cells[index]).split()) if index < len(cells) else ""
                  for name, index in columns.items()}
        if not any(values.values()):
            continue
        if len(found) + len(problems) >= MAX_ROWS:
            problems.append(RowProblem(number, "Archivo", "", f"tiene más de {MAX_ROWS} unidades; el resto no se leyó"))
            break
        code, name, region = values.get("code", ""), values.get("name", ""), values.get("region", "")
        if not _UNIT_CODE.match(code):
            problems.append(RowProblem(number, "Clave", code, "falta o no es válida (letras, dígitos, punto, "
                                                               "guion; hasta 40)"))
        elif code in seen:
            problems.append(RowProblem(number, "Clave", code, f"está repetida (ya en la fila {seen[code]})"))
        elif not region or len(region) > 120:
            problems.append(RowProblem(number, "Región", region, "falta o tiene más de 120 caracteres"))
        elif len(name) > 200:
            problems.append(RowProblem(number, "Nombre", name[:40], "tiene más de 200 caracteres"))
        elif len(values.get("kind", "")) > 80:
            problems.append(RowProblem(number, "Tipo", values["kind"][:40], "tiene más de 80 caracteres"))
        else:
            seen[code] = number
            found.append(_Row(number, code, name, values.get("kind", ""), region))
    return found, problems


def import_units(db: Database, path: Path) -> UnitsReport:
    """Create or update the units of a catalogue file, in one transaction.

    Raises:
        ImportFileError: the file cannot be read at all; nothing was written.
    """
    path = Path(path)
    rows, problems = _read(path)

    def apply(session) -> UnitsReport:  # noqa: ANN001
        report = UnitsReport(problems=list(problems))
        now = utcnow()
        units = {u.code: u for u in session.scalars(select(Unit))}
        infos = {i.unit_id: i for i in session.scalars(select(UnitInfo))}
        pending = []
        for row in rows:
            unit = units.get(row.code)
            if unit is None:
                if not row.name:
                    report.problems.append(RowProblem(row.number, "Nombre", "", "falta (la unidad es nueva)"))
                    continue
                unit = Unit(id=str(uuid.uuid4()), code=row.code, name=row.name, created_at=now)
                session.add(unit)
                payload = {"id": unit.id, "code": unit.code, "name": unit.name, "created_at": now.isoformat(),
                           "updated_at": now.isoformat(), "version": 1, "deleted_at": None}
                session.add(Record(entity=Entity.UNIT.value, entity_id=unit.id, rank=RANK[Entity.UNIT.value],
                                   unit_id=unit.id, version=1, payload=dumps(payload), created_at=now,
                                   updated_at=now))
                pending.append(PendingChange(Entity.UNIT.value, unit.id, unit.id, OpKind.UPSERT.value, 1, payload,
                                             None))
                session.add(UnitInfo(unit_id=unit.id, kind=row.kind, region=row.region))
                units[row.code] = unit
                report.created += 1
                continue
            info = infos.get(unit.id)
            changed = info is None or (info.kind, info.region) != (row.kind, row.region)
            if info is None:
                session.add(UnitInfo(unit_id=unit.id, kind=row.kind, region=row.region))
            elif changed:
                info.kind, info.region = row.kind, row.region
                session.add(info)
            if row.name and row.name != unit.name:
                changed = True
                unit.name = row.name
                session.add(unit)
                record = session.get(Record, (Entity.UNIT.value, unit.id))
                if record is not None:
                    payload = json.loads(record.payload)
                    payload.update(name=row.name, updated_at=now.isoformat(), version=record.version + 1)
                    record.payload, record.version, record.updated_at = dumps(payload), record.version + 1, now
                    session.add(record)
                    pending.append(PendingChange(Entity.UNIT.value, unit.id, unit.id, OpKind.UPSERT.value,
                                                 record.version, payload, None))
            report.updated += changed
            report.unchanged += not changed
        session.flush()
        changelog.write(session, pending, now)
        report.problems.sort(key=lambda p: p.row_number)
        return report

    return write_with_retries(db, apply, label="import-units")

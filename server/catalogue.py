"""``aula-server import-courses``: the central course catalogue, which no device may change.

The file has the shape of the app's ``resources/courses.json`` (``{"courses":
[{code, name, programme, hours, sessions, completion_rule, dc3}, …]}``). Each
course becomes a course record with no unit (the catalogue, pulled by every
device), with the columns of the desktop's ``course`` table and an id derived
from its code, so importing the same file again changes nothing. Devices can
run groups of a catalogue course but never rename, claim or delete it; a
unit's own course may not take a catalogue course's code (the device gets a
conflict showing the catalogue's course).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from app.domain.enums import OpKind
from app.domain.ids import AULA_NAMESPACE
from app.sync.protocol import Entity, payload_problem
from server import changelog
from server.changelog import PendingChange, dumps
from server.db import Database, write_with_retries
from server.enrollment import AdminError
from server.models import Record, utcnow
from server.push import MAX_NATURAL_KEY, RANK

COURSE = Entity.COURSE.value
#: The columns of the desktop's ``course`` table (app/storage/tables.py) the catalogue decides.
_DECIDED = ("code", "name", "programme", "hours", "min_attendance_percent", "tolerance_minutes",
            "all_activities_required", "session_template", "dc3_enabled", "dc3_thematic_area")


@dataclass
class CatalogueReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self) -> str:
        return f"Catálogo de cursos: {self.created} nuevos, {self.updated} actualizados, {self.unchanged} sin cambios."


def catalogue_course_id(code: str) -> str:
    """The one id of a catalogue course, from its code."""
    return str(uuid.uuid5(AULA_NAMESPACE, f"catalogue-course:{code}"))


def _columns(template: Any, number: int) -> dict[str, Any]:
    """A template's course columns, checked; the error names the course by position and code."""
    where = f"curso {number}"
    try:
        code = template["code"].strip().upper()
        where = f"curso {number} ({code})"
        rule = template.get("completion_rule") or {}
        dc3 = template.get("dc3") or {}
        sessions = template["sessions"]
        for session in sessions:
            if dt.time.fromisoformat(session["end"]) <= dt.time.fromisoformat(session["start"]):
                raise ValueError(f"sesión {session['index']}: el término debe ser posterior al inicio")
        columns = {
            "code": code, "name": " ".join(template["name"].split()), "programme": template.get("programme", ""),
            "hours": int(template["hours"]),
            "min_attendance_percent": int(rule.get("min_attendance_percent", 100)),
            "tolerance_minutes": int(rule.get("tolerance_minutes_per_session", 10)),
            "all_activities_required": bool(rule.get("all_activities_required", True)),
            "session_template": json.dumps(sessions, ensure_ascii=False),
            "dc3_enabled": bool(dc3.get("enabled", False)), "dc3_thematic_area": dc3.get("thematic_area") or "",
        }
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise AdminError(f"el {where} no es válido: {exc}") from exc
    if not code or len(code) > MAX_NATURAL_KEY or not columns["name"] or columns["hours"] <= 0:
        raise AdminError(f"el {where} necesita clave, nombre y horas")
    problem = payload_problem(columns, where)
    if problem:
        raise AdminError(problem)
    return columns


def read_catalogue(path: Path) -> list[dict[str, Any]]:
    """Every course of the file, checked, before anything is written."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AdminError(f"no se pudo leer el archivo {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise AdminError(f"el archivo {path} no es JSON válido: {exc}") from exc
    templates = data.get("courses") if isinstance(data, dict) else None
    if not isinstance(templates, list) or not templates:
        raise AdminError(f"el archivo {path} no tiene una lista «courses»")
    courses = [_columns(template, number) for number, template in enumerate(templates, 1)]
    codes = [c["code"] for c in courses]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise AdminError(f"clave repetida en el archivo: {', '.join(repeated)}")
    return courses


def import_courses(db: Database, path: Path) -> CatalogueReport:
    """Create or update the catalogue's courses from a file, in one transaction."""
    courses = read_catalogue(path)

    def apply(session: Session) -> CatalogueReport:
        report = CatalogueReport()
        now = utcnow()
        pending = []
        for columns in courses:
            ident = catalogue_course_id(columns["code"])
            record = session.get(Record, (COURSE, ident), with_for_update=True)
            before = json.loads(record.payload) if record else {}
            if record is not None and record.deleted_at is None and all(
                    before.get(k) == v for k, v in columns.items()):
                report.unchanged += 1
                continue
            version = record.version + 1 if record else 1
            payload = {**before, "id": ident, **columns, "created_at": before.get("created_at", now.isoformat()),
                       "updated_at": now.isoformat(), "version": version, "deleted_at": None}
            if record is None:
                clash = session.scalars(select(Record).where(col(Record.entity) == COURSE,
                                                             col(Record.natural_key) == f"*:{columns['code']}")).first()
                if clash is not None:
                    raise AdminError(f"el catálogo ya tiene otro curso con la clave {columns['code']}")
                record = Record(entity=COURSE, entity_id=ident, rank=RANK[COURSE], unit_id=None, created_at=now,
                                natural_key=f"*:{columns['code']}", version=version, payload="")
                report.created += 1
            else:
                report.updated += 1
            record.version, record.payload, record.updated_at = version, dumps(payload), now
            record.deleted_at, record.updated_by, record.unit_id = None, None, None
            session.add(record)
            pending.append(PendingChange(COURSE, ident, None, OpKind.UPSERT.value, version, payload, None))
        session.flush()
        changelog.write(session, pending, now)  # last: it takes the counter lock
        return report

    return write_with_retries(db, apply, label="import-courses")

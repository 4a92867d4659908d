"""Units and courses: the catalogue groups are built from."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from app.domain.completion import CompletionRule
from app.domain.identifiers import InvalidIdentifier, validate_rfc
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound
from app.storage import changes
from app.storage.tables import Course, Unit

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
COURSE_TEMPLATES = RESOURCES / "courses.json"


@dataclass(frozen=True)
class SessionTemplate:
    index: int
    start: dt.time
    end: dt.time
    activities: tuple[str, ...]


@dataclass(frozen=True)
class CourseInfo:
    id: uuid.UUID
    code: str
    name: str
    programme: str
    hours: int
    rule: CompletionRule
    sessions: tuple[SessionTemplate, ...]
    dc3_enabled: bool
    dc3_thematic_area: str


@dataclass(frozen=True)
class UnitInfo:
    """A work unit with who signs for it and the employer block of its DC-3s."""

    id: uuid.UUID
    code: str
    name: str
    director_name: str = ""
    employer_name: str = ""
    employer_rfc: str = ""
    employer_representative: str = ""
    workers_representative: str = ""
    training_agent: str = ""


UNIT_DETAILS = ("name", "director_name", "employer_name", "employer_rfc", "employer_representative",
                "workers_representative", "training_agent")


def _unit_info(row: Unit) -> UnitInfo:
    return UnitInfo(row.id, row.code, *(getattr(row, f) for f in UNIT_DETAILS))


def course_info(row: Course) -> CourseInfo:
    sessions = tuple(
        SessionTemplate(s["index"], dt.time.fromisoformat(s["start"]), dt.time.fromisoformat(s["end"]),
                        tuple(s.get("activities", ())))
        for s in json.loads(row.session_template)
    )
    rule = CompletionRule(row.min_attendance_percent, row.tolerance_minutes, row.all_activities_required)
    return CourseInfo(row.id, row.code, row.name, row.programme, row.hours, rule, sessions,
                      row.dc3_enabled, row.dc3_thematic_area)


def create_unit(ctx: Context, code: str, name: str) -> UnitInfo:
    """Create a work unit; its code must be new."""
    code, name = code.strip().upper(), name.strip()
    if not code or not name:
        raise InvalidInput("La unidad necesita clave y nombre.")
    with ctx.db.write() as s:
        if s.exec(select(Unit).where(Unit.code == code)).first():
            raise InvalidInput(f"Ya existe una unidad con la clave {code}.")
        unit = Unit(code=code, name=name)
        changes.save(s, unit, actor=ctx.actor, action="unit.create")
        return _unit_info(unit)


def update_unit(ctx: Context, code: str, **details: str) -> UnitInfo:
    """Change a unit's name, director or DC-3 employer data (only the fields given).

    Raises:
        InvalidInput: an unknown field, an empty name or an invalid RFC.
    """
    unknown = set(details) - set(UNIT_DETAILS)
    if unknown:
        raise InvalidInput(f"Campos desconocidos de la unidad: {', '.join(sorted(unknown))}.")
    values = {k: " ".join(v.split()) for k, v in details.items()}
    if "name" in values and not values["name"]:
        raise InvalidInput("La unidad necesita un nombre.")
    if values.get("employer_rfc"):
        try:
            values["employer_rfc"] = validate_rfc(values["employer_rfc"])
        except InvalidIdentifier as exc:
            raise InvalidInput(f"RFC «{exc.value}»: {exc.reason}.") from exc
    with ctx.db.write() as s:
        unit = s.exec(select(Unit).where(Unit.code == code.strip().upper())).first()
        if unit is None:
            raise NotFound(f"No existe la unidad {code}.")
        if any(getattr(unit, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(unit, key, value)
            changes.save(s, unit, actor=ctx.actor, action="unit.update", details=values)
        return _unit_info(unit)


def list_units(ctx: Context) -> list[UnitInfo]:
    with ctx.db.read() as s:
        rows = s.exec(select(Unit).where(Unit.deleted_at.is_(None)).order_by(Unit.code)).all()
        return [_unit_info(r) for r in rows]


def get_unit(ctx: Context, code: str) -> UnitInfo:
    with ctx.db.read() as s:
        row = s.exec(select(Unit).where(Unit.code == code.strip().upper())).first()
        if row is None:
            raise NotFound(f"No existe la unidad {code}.")
        return _unit_info(row)


def _template_json(sessions: list[dict]) -> str:
    for s in sessions:
        start, end = dt.time.fromisoformat(s["start"]), dt.time.fromisoformat(s["end"])
        if end <= start:
            raise InvalidInput(f"Sesión {s['index']}: la hora de término debe ser posterior al inicio.")
    return json.dumps(sessions, ensure_ascii=False)


def create_course(ctx: Context, template: dict) -> CourseInfo:
    """Create a course from a template dict shaped like ``resources/courses.json``."""
    rule = template.get("completion_rule", {})
    dc3 = template.get("dc3") or {}
    try:
        course = Course(
            code=template["code"].strip().upper(),
            name=template["name"].strip(),
            programme=template.get("programme", ""),
            hours=int(template["hours"]),
            min_attendance_percent=int(rule.get("min_attendance_percent", 100)),
            tolerance_minutes=int(rule.get("tolerance_minutes_per_session", 10)),
            all_activities_required=bool(rule.get("all_activities_required", True)),
            session_template=_template_json(template["sessions"]),
            dc3_enabled=bool(dc3.get("enabled", False)),
            dc3_thematic_area=dc3.get("thematic_area") or "",
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidInput(f"La plantilla del curso no es válida: {exc}") from exc
    with ctx.db.write() as s:
        if s.exec(select(Course).where(Course.code == course.code)).first():
            raise InvalidInput(f"Ya existe un curso con la clave {course.code}.")
        changes.save(s, course, actor=ctx.actor, action="course.create")
        return course_info(course)


def configure_dc3(ctx: Context, code: str, *, enabled: bool, thematic_area: str | None = None) -> CourseInfo:
    """Turn the DC-3 on or off for a course and set its thematic-area code (catálogo de áreas temáticas)."""
    with ctx.db.write() as s:
        course = s.exec(select(Course).where(Course.code == code.strip().upper())).first()
        if course is None:
            raise NotFound(f"No existe el curso {code}.")
        course.dc3_enabled = enabled
        if thematic_area is not None:
            course.dc3_thematic_area = " ".join(thematic_area.split())
        if enabled and not course.dc3_thematic_area:
            raise InvalidInput("Indique el área temática del catálogo de la STPS para la DC-3 (--thematic-area).")
        changes.save(s, course, actor=ctx.actor, action="course.dc3",
                     details={"enabled": enabled, "thematic_area": course.dc3_thematic_area})
        return course_info(course)


def load_course_templates(path: Path = COURSE_TEMPLATES) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["courses"]


def ensure_default_courses(ctx: Context) -> list[CourseInfo]:
    """Create the shipped course templates that are not in the database yet."""
    existing = {c.code for c in list_courses(ctx)}
    return [create_course(ctx, t) for t in load_course_templates() if t["code"] not in existing]


def list_courses(ctx: Context) -> list[CourseInfo]:
    with ctx.db.read() as s:
        rows = s.exec(select(Course).where(Course.deleted_at.is_(None)).order_by(Course.name)).all()
        return [course_info(r) for r in rows]


def get_course(ctx: Context, course_id: uuid.UUID) -> CourseInfo:
    with ctx.db.read() as s:
        row = s.get(Course, course_id)
        if row is None:
            raise NotFound("No existe ese curso.")
        return course_info(row)

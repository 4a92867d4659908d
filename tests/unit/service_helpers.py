"""Builders for service tests: a group of the base course with a small roster."""

from __future__ import annotations

import datetime as dt

from app.services import catalog, groups, staff
from app.services.context import Context

DAY1, DAY2 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)

PEOPLE = [
    ("10000001", "José Luis", "Núñez", "Peña"),
    ("10000002", "María Guadalupe", "Ávila", "Zúñiga"),
    ("10000003", "Ana", "Bravo", ""),
]


def base_course(ctx: Context) -> catalog.CourseInfo:
    return next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")


def make_group(ctx: Context, capacity: int = 40) -> groups.GroupDetail:
    course = base_course(ctx)
    unit = catalog.get_unit(ctx, "UMF07")
    plans = [groups.SessionPlan(day, t.start, t.end) for day, t in zip((DAY1, DAY2), course.sessions)]
    return groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans,
                               room="Aula 1", instructors="Mariana Torres", capacity=capacity)


def add_people(ctx: Context, unit_code: str = "UMF07") -> list[staff.WorkerInfo]:
    unit = catalog.get_unit(ctx, unit_code)
    return [staff.add_worker(ctx, matricula=m, given_names=g, paternal_surname=p, maternal_surname=mm,
                             unit_id=unit.id, in_staff_list=True) for m, g, p, mm in PEOPLE]


def qualified_group(ctx: Context, count: int) -> groups.GroupDetail:
    """A group of ``count`` new workers of UMF07 who attended everything and took part in every
    activity: everyone qualifies for a constancia once the course is over."""
    from app.services import roster
    from tests.unit.test_constancias_service import _complete

    unit = catalog.get_unit(ctx, "UMF07")
    group = make_group(ctx, capacity=count)
    for i in range(count):
        worker = staff.add_worker(ctx, matricula=f"3100{i:04d}", given_names=f"Persona {i}",
                                  paternal_surname="Gómez", maternal_surname="Núñez",
                                  unit_id=unit.id, in_staff_list=True)
        roster.enroll(ctx, group.id, worker.id)
    _complete(ctx, group)
    return group

"""Groups and rosters through the services, checked against the database."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from service_helpers import DAY1, DAY2, add_people, base_course, make_group
from sqlmodel import select

from app.domain.enums import EnrollmentStatus, GroupStatus
from app.services import catalog, groups, roster, staff
from app.services.errors import GroupClosed, InvalidInput
from app.storage.tables import Activity, AuditLog, GroupSession, Outbox


def test_new_group_gets_sessions_and_activities_from_the_course(ctx):
    group = make_group(ctx)
    assert [(s.index, s.date, s.start, s.end) for s in group.sessions] == [
        (1, DAY1, dt.time(8), dt.time(14)), (2, dt.date(2026, 11, 25), dt.time(8), dt.time(14))]
    assert [a.name for a in group.sessions[0].activities][:2] == [
        "Encuadre y presentación del grupo", "Autoconocimiento: ¿quién soy en mi trabajo?"]
    assert len(group.activities) == 10
    assert group.summary.code == "SER-BT-261124-UMF07"


def test_every_created_row_is_queued_for_sync_and_audited(ctx):
    group = make_group(ctx)
    with ctx.db.read() as s:
        ops = s.exec(select(Outbox)).all()
        audited = s.exec(select(AuditLog).where(AuditLog.action == "group.create")).all()
        session_ids = {row.id for row in s.exec(select(GroupSession)).all()}
        activity_ids = {row.id for row in s.exec(select(Activity)).all()}
    queued = {(op.entity, op.entity_id) for op in ops}
    assert ("course_group", group.id) in queued
    assert {("session", i) for i in session_ids} <= queued
    assert {("activity", i) for i in activity_ids} <= queued
    assert [a.actor for a in audited] == ["Instructora de prueba"]
    payload = json.loads(next(op.payload for op in ops if op.entity_id == group.id))
    assert payload["code"] == group.summary.code and payload["version"] == 1


def test_session_times_must_make_sense(ctx):
    course = base_course(ctx)
    unit = catalog.get_unit(ctx, "UMF07")
    backwards = [groups.SessionPlan(DAY1, dt.time(14), dt.time(8)),
                 groups.SessionPlan(DAY2, dt.time(8), dt.time(14))]
    with pytest.raises(InvalidInput, match="Sesión 1: la hora de término"):
        groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=backwards)
    one_session = backwards[1:]
    with pytest.raises(InvalidInput, match="tiene 2 sesiones"):
        groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=one_session)
    assert groups.list_groups(ctx) == []


def test_dates_and_times_of_a_group_can_be_edited(ctx):
    group = make_group(ctx)
    plans = [groups.SessionPlan(DAY1, dt.time(9), dt.time(15)),
             groups.SessionPlan(dt.date(2026, 11, 27), dt.time(9), dt.time(15))]
    edited = groups.update_group(ctx, group.id, room="Auditorio", instructors="Mariana Torres", capacity=30,
                                 sessions=plans)
    assert [(s.date, s.start) for s in edited.sessions] == [(DAY1, dt.time(9)), (dt.date(2026, 11, 27), dt.time(9))]
    assert edited.summary.room == "Auditorio" and edited.summary.capacity == 30


def test_enroll_is_idempotent_and_withdraw_keeps_the_worker_listed(ctx):
    group = make_group(ctx)
    people = add_people(ctx)
    assert roster.enroll(ctx, group.id, people[0].id) is True
    assert roster.enroll(ctx, group.id, people[0].id) is False
    roster.withdraw(ctx, group.id, people[0].id)
    entries = roster.list_roster(ctx, group.id)
    assert [(e.matricula, e.status) for e in entries] == [("10000001", EnrollmentStatus.WITHDRAWN)]
    assert roster.list_roster(ctx, group.id, include_withdrawn=False) == []


def test_roster_is_ordered_by_surname_ignoring_accents(ctx):
    group = make_group(ctx)
    for person in add_people(ctx):
        roster.enroll(ctx, group.id, person.id)
    assert [e.sortable_name for e in roster.list_roster(ctx, group.id)] == [
        "Ávila Zúñiga María Guadalupe", "Bravo Ana", "Núñez Peña José Luis"]


def test_capacity_is_enforced(ctx):
    group = make_group(ctx, capacity=2)
    people = add_people(ctx)
    roster.enroll(ctx, group.id, people[0].id)
    roster.enroll(ctx, group.id, people[1].id)
    with pytest.raises(InvalidInput, match="cupo completo"):
        roster.enroll(ctx, group.id, people[2].id)


def test_closed_group_refuses_changes_until_reopened_with_a_reason(ctx):
    group = make_group(ctx)
    person = add_people(ctx)[0]
    groups.close_group(ctx, group.id)
    assert groups.get_group(ctx, group.id).summary.status is GroupStatus.CLOSED
    with pytest.raises(GroupClosed):
        roster.enroll(ctx, group.id, person.id)
    with pytest.raises(InvalidInput, match="motivo"):
        groups.reopen_group(ctx, group.id, "  ")
    groups.reopen_group(ctx, group.id, "Corregir la salida de una participante")
    assert roster.enroll(ctx, group.id, person.id)
    with ctx.db.read() as s:
        reopen = s.exec(select(AuditLog).where(AuditLog.action == "group.reopen")).one()
    assert "Corregir la salida" in reopen.details


def test_walk_in_worker_is_validated(ctx):
    with pytest.raises(InvalidInput, match="matrícula"):
        staff.add_worker(ctx, matricula="12A", given_names="Ana", paternal_surname="Bravo")
    with pytest.raises(InvalidInput, match="CURP"):
        staff.add_worker(ctx, matricula="12345678", given_names="Ana", paternal_surname="Bravo",
                         curp="BADD110313HCMLNS00")
    walk_in = staff.add_worker(ctx, matricula="12345678", given_names=" Ana ", paternal_surname="Bravo")
    assert walk_in.given_names == "Ana" and walk_in.in_staff_list is False
    with pytest.raises(InvalidInput, match="Ya existe"):
        staff.add_worker(ctx, matricula="12345678", given_names="Otra", paternal_surname="Persona")


def test_staff_search_is_accent_and_case_insensitive_by_name_or_matricula(ctx):
    add_people(ctx)
    assert [w.matricula for w in staff.search_workers(ctx, "nunez")] == ["10000001"]
    assert [w.matricula for w in staff.search_workers(ctx, "GUADALUPE avila")] == ["10000002"]
    assert [w.matricula for w in staff.search_workers(ctx, "1000000")] == ["10000002", "10000003", "10000001"]
    assert staff.search_workers(ctx, "100%") == []


def test_group_lookup_by_code_or_id_prefix(ctx):
    group = make_group(ctx)
    assert groups.find_group(ctx, group.summary.code.lower()).id == group.id
    assert groups.find_group(ctx, str(group.id)[:8]).id == group.id
    with pytest.raises(Exception, match="No existe el grupo"):
        groups.find_group(ctx, "NADA")

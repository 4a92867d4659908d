"""Profiles and roles: a director profile reads coverage but the services refuse its writes."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from app.domain.enums import AttendanceStatus, Role
from app.services import attendance, constancias, participation, profiles, roster
from app.services.permissions import NotAllowedForRole, active_role
from app.storage.tables import AuditLog, Device, UserProfile
from tests.unit.service_helpers import add_people, make_group


def director(ctx) -> profiles.ProfileInfo:
    return next(p for p in profiles.list_profiles(ctx) if p.role is Role.DIRECTOR)


@pytest.fixture
def group_with_people(ctx):
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people[:2]:
        roster.enroll(ctx, group.id, person.id)
    return group, people


def test_a_device_has_an_instructor_and_a_director_profile_and_starts_as_instructor(ctx):
    assert {p.role for p in profiles.list_profiles(ctx)} == {Role.INSTRUCTOR, Role.DIRECTOR}
    assert profiles.current_profile(ctx).role is Role.INSTRUCTOR
    assert active_role(ctx)[0] is Role.INSTRUCTOR


def test_a_director_cannot_mark_attendance_or_participation(ctx, group_with_people):
    group, people = group_with_people
    profiles.switch_profile(ctx, director(ctx).id)
    session = group.sessions[0]
    with pytest.raises(NotAllowedForRole, match="dirección"):
        attendance.record_attendance(ctx, session.id, people[0].id, AttendanceStatus.PRESENT)
    with pytest.raises(NotAllowedForRole):
        attendance.scan(ctx, session.id, people[0].matricula)
    with pytest.raises(NotAllowedForRole):
        attendance.mark_all_present(ctx, session.id)
    with pytest.raises(NotAllowedForRole):
        participation.record_participation(ctx, session.activities[0].id, people[0].id, True)
    with pytest.raises(NotAllowedForRole):
        participation.mark_everyone(ctx, session.activities[0].id)
    assert attendance.session_attendance(ctx, session.id)[0].status is None


def test_a_director_cannot_change_a_roster_or_issue_a_constancia(ctx, group_with_people):
    group, people = group_with_people
    profiles.switch_profile(ctx, director(ctx).id)
    with pytest.raises(NotAllowedForRole):
        roster.enroll(ctx, group.id, people[2].id)
    with pytest.raises(NotAllowedForRole):
        roster.withdraw(ctx, group.id, people[0].id)
    with pytest.raises(NotAllowedForRole):
        constancias.issue_constancias(ctx, group.id)
    assert len(roster.list_roster(ctx, group.id)) == 2


def test_switching_back_to_the_instructor_allows_writes_again(ctx, group_with_people):
    group, people = group_with_people
    profiles.switch_profile(ctx, director(ctx).id)
    instructor = next(p for p in profiles.list_profiles(ctx) if p.role is Role.INSTRUCTOR)
    profiles.switch_profile(ctx, instructor.id)
    assert roster.enroll(ctx, group.id, people[2].id)


def test_switching_profile_is_audited(ctx):
    chosen = director(ctx)
    profiles.switch_profile(ctx, chosen.id)
    with ctx.db.read() as s:
        entry = s.exec(select(AuditLog).where(AuditLog.action == "profile.switch")).one()
    assert entry.actor == chosen.name and entry.entity_id == chosen.id
    assert json.loads(entry.details)["to"] == chosen.name
    assert ctx.actor == chosen.name


def test_a_pin_is_stored_as_a_salted_scrypt_hash_and_checked(ctx):
    chosen = director(ctx)
    profiles.set_pin(ctx, chosen.id, "4821")
    with ctx.db.read() as s:
        stored = s.get(UserProfile, chosen.id).pin_hash
    assert stored.startswith("scrypt$") and "4821" not in stored
    other = profiles.hash_pin("4821")
    assert other != stored  # a new salt each time
    with pytest.raises(profiles.WrongPin):
        profiles.switch_profile(ctx, chosen.id, "0000")
    assert profiles.current_profile(ctx).role is Role.INSTRUCTOR
    assert profiles.switch_profile(ctx, chosen.id, "4821").is_director


def test_a_device_enrolled_as_director_opens_in_the_director_profile(ctx):
    with ctx.db.write() as s:
        s.add(Device(id=1, device_code="DIRECT01", public_key="x", role="director"))
    assert profiles.start_profile(ctx).is_director
    assert active_role(ctx)[0] is Role.DIRECTOR


def test_apply_enrolled_role_switches_a_device_to_the_director_profile(ctx):
    assert profiles.apply_enrolled_role(ctx, "director").is_director
    assert profiles.start_profile(ctx).is_director  # remembered without a device row
    assert profiles.current_profile(ctx).is_director  # a director device stays in its profile


def test_aula_profile_lists_and_switches_profiles(ctx, capsys):
    from app.cli import main

    db = str(ctx.db.path)
    assert main(["--db", db, "profile"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "* Instructor (instructor)"
    assert main(["--db", db, "profile", "--use", "dirección"]) == 0
    assert "* Dirección (dirección)" in capsys.readouterr().out
    assert main(["--db", db, "profile", "--use", "nadie"]) == 1
    assert "nadie" in capsys.readouterr().err

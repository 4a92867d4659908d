"""Deletions pulled from the server are honoured: a deleted worker or enrollment is gone everywhere.

A pulled tombstone is written as the row with ``deleted_at`` set (``app/sync/apply.py``);
these tests set it the same way, in one write transaction, and look at every list and count.
"""

from __future__ import annotations

import pytest
from service_helpers import DAY1, DAY2, add_people, make_group

from app.domain.enums import AttendanceStatus
from app.domain.ids import enrollment_id
from app.services import (
    attendance,
    constancias,
    coverage,
    coverage_export,
    groups,
    participation,
    reports,
    results,
    roster,
    staff,
    worker_history,
)
from app.services.errors import InvalidInput, NotEnrolled, NotFound, UnknownMatricula
from app.storage.keys import load_or_create_keys
from app.storage.tables import Enrollment, Synced, Worker, utcnow


def pulled_deletion(ctx, model: type[Synced], row_id) -> None:
    """Write a deletion as sync apply does: the row with ``deleted_at`` set."""
    with ctx.db.write() as s:
        row = s.get(model, row_id)
        row.deleted_at = utcnow()
        row.version += 1
        s.add(row)


@pytest.fixture
def group_of_three(ctx):
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    return group, people


@pytest.fixture
def one_worker_and_one_enrollment_deleted(ctx, group_of_three):
    """Núñez (the worker) and Ávila's enrollment were deleted on the server; Bravo remains."""
    group, people = group_of_three
    pulled_deletion(ctx, Worker, people[0].id)
    pulled_deletion(ctx, Enrollment, enrollment_id(group.id, people[1].id))
    return group, people


def _complete(ctx, group_id, worker_ids):
    detail = groups.get_group(ctx, group_id)
    for session in detail.sessions:
        for worker_id in worker_ids:
            attendance.record_attendance(ctx, session.id, worker_id, AttendanceStatus.PRESENT)
        for activity in session.activities:
            participation.mark_everyone(ctx, activity.id)


def test_the_roster_lists_and_counts_only_live_enrollments_of_live_workers(ctx, one_worker_and_one_enrollment_deleted):
    group, people = one_worker_and_one_enrollment_deleted
    assert [e.worker_id for e in roster.list_roster(ctx, group.id)] == [people[2].id]
    assert groups.get_group(ctx, group.id).summary.enrolled == 1
    assert next(g for g in groups.list_groups(ctx) if g.id == group.id).enrolled == 1


def test_a_deleted_enrollment_frees_its_place_and_the_worker_can_be_enrolled_again(ctx):
    group = make_group(ctx, capacity=2)
    people = add_people(ctx)
    roster.enroll(ctx, group.id, people[0].id)
    roster.enroll(ctx, group.id, people[1].id)
    pulled_deletion(ctx, Enrollment, enrollment_id(group.id, people[1].id))
    assert roster.enroll(ctx, group.id, people[2].id) is True
    with pytest.raises(InvalidInput):
        roster.withdraw(ctx, group.id, people[1].id)  # not enrolled any more


def test_a_deleted_worker_cannot_be_enrolled(ctx):
    group = make_group(ctx)
    people = add_people(ctx)
    pulled_deletion(ctx, Worker, people[0].id)
    with pytest.raises(NotFound):
        roster.enroll(ctx, group.id, people[0].id)


def test_the_attendance_sheet_and_its_counters_leave_deleted_rows_out(ctx, group_of_three):
    group, people = group_of_three
    session = groups.get_group(ctx, group.id).sessions[0]
    for person in people:
        attendance.record_attendance(ctx, session.id, person.id, AttendanceStatus.PRESENT)
    pulled_deletion(ctx, Worker, people[0].id)
    pulled_deletion(ctx, Enrollment, enrollment_id(group.id, people[1].id))
    assert [row.worker_id for row in attendance.session_attendance(ctx, session.id)] == [people[2].id]
    assert groups.get_group(ctx, group.id).summary.attended == 1
    changed = attendance.mark_all_present(ctx, groups.get_group(ctx, group.id).sessions[1].id)
    assert set(changed) == {people[2].id}


def test_scanning_a_deleted_worker_says_the_matricula_is_unknown(ctx, clock, group_of_three):
    group, people = group_of_three
    pulled_deletion(ctx, Worker, people[0].id)
    session = groups.get_group(ctx, group.id).sessions[0]
    clock.set("07:55", DAY1)
    with pytest.raises(UnknownMatricula):
        attendance.scan(ctx, session.id, people[0].matricula)
    assert staff.get_worker_by_matricula(ctx, people[0].matricula) is None


def test_a_worker_whose_enrollment_was_deleted_is_not_enrolled_for_marks(ctx, clock, group_of_three):
    group, people = group_of_three
    pulled_deletion(ctx, Enrollment, enrollment_id(group.id, people[1].id))
    session = groups.get_group(ctx, group.id).sessions[0]
    clock.set("07:55", DAY1)
    with pytest.raises(NotEnrolled):
        attendance.scan(ctx, session.id, people[1].matricula)
    with pytest.raises(NotEnrolled):
        attendance.record_attendance(ctx, session.id, people[1].id, AttendanceStatus.PRESENT)
    with pytest.raises(NotEnrolled):
        participation.record_participation(ctx, session.activities[0].id, people[1].id)


def test_the_participation_grid_and_todos_participaron_leave_deleted_rows_out(
        ctx, one_worker_and_one_enrollment_deleted):
    group, people = one_worker_and_one_enrollment_deleted
    session = groups.get_group(ctx, group.id).sessions[0]
    assert participation.session_grid(ctx, session.id).worker_ids == (people[2].id,)
    assert set(participation.mark_everyone(ctx, session.activities[0].id)) == {people[2].id}


def test_group_results_and_who_qualifies_leave_deleted_rows_out(ctx, clock, group_of_three):
    group, people = group_of_three
    _complete(ctx, group.id, [p.id for p in people])
    pulled_deletion(ctx, Worker, people[0].id)
    pulled_deletion(ctx, Enrollment, enrollment_id(group.id, people[1].id))
    clock.set("14:30", DAY2)
    outcome = results.evaluate_group(ctx, group.id)
    assert [p.worker_id for p in outcome.participants] == [people[2].id]
    assert (outcome.qualified, outcome.enrolled) == (1, 1)


def test_issuing_gives_no_constancia_to_a_deleted_enrollment_or_worker(ctx, clock, tmp_path, group_of_three):
    group, people = group_of_three
    _complete(ctx, group.id, [p.id for p in people])
    pulled_deletion(ctx, Worker, people[0].id)
    pulled_deletion(ctx, Enrollment, enrollment_id(group.id, people[1].id))
    clock.set("14:30", DAY2)
    report = constancias.issue_constancias(ctx, group.id, keys=load_or_create_keys(tmp_path / "keys"))
    assert [c.worker_id for c in report.issued] == [people[2].id]


def test_the_staff_list_search_and_count_leave_a_deleted_worker_out(ctx):
    people = add_people(ctx)
    pulled_deletion(ctx, Worker, people[0].id)
    assert people[0].id not in {w.id for w in staff.search_workers(ctx, "")}
    assert staff.search_workers(ctx, "Núñez") == []
    assert staff.count_workers(ctx) == 2


def test_a_deleted_worker_has_no_history_and_cannot_be_edited(ctx):
    people = add_people(ctx)
    pulled_deletion(ctx, Worker, people[0].id)
    with pytest.raises(NotFound):
        worker_history.worker_history(ctx, people[0].id)
    with pytest.raises(NotFound):
        staff.update_worker_name(ctx, people[0].id, given_names="José", paternal_surname="Núñez")


def test_a_workers_history_leaves_out_a_deleted_enrollment(ctx, group_of_three):
    group, people = group_of_three
    pulled_deletion(ctx, Enrollment, enrollment_id(group.id, people[1].id))
    assert worker_history.worker_history(ctx, people[1].id).attempts == ()
    assert len(worker_history.worker_history(ctx, people[2].id).attempts) == 1


def test_reports_leave_deleted_rows_out(ctx, one_worker_and_one_enrollment_deleted):
    group, people = one_worker_and_one_enrollment_deleted
    sheet = reports.sign_in_sheet_for(ctx, group.id, 1)
    assert [p.matricula for p in sheet.participants] == [people[2].matricula]
    assert [r.matricula for r in reports.group_report_for(ctx, group.id).rows] == [people[2].matricula]


def test_coverage_counts_and_exports_leave_deleted_rows_out(ctx, tmp_path, one_worker_and_one_enrollment_deleted):
    """A deleted enrollment is no attempt and fills no place; a deleted worker leaves the staff list
    (coverage shows them, by design, as "ya no está en la plantilla", outside every count)."""
    group, people = one_worker_and_one_enrollment_deleted
    result = coverage.unit_coverage(ctx, "UMF07", "SER-BT")
    assert result.expected == 2
    assert {w.worker_id for w in result.staff} == {people[1].id, people[2].id}
    status = {w.worker_id: w.status for w in result.workers}
    assert status[people[1].id] is coverage.CoverageStatus.PENDING  # no longer in the course
    assert status[people[0].id] is coverage.CoverageStatus.LEFT
    (fill,) = result.groups
    assert fill.enrolled == 1
    lines = coverage_export.export_coverage(ctx, "UMF07", tmp_path / "cobertura.csv", "SER-BT").read_text(
        encoding="utf-8-sig").splitlines()
    assert all("ya no está en la plantilla" in line for line in lines if line.startswith(people[0].matricula))

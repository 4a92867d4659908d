"""Who may push what: every refusal has the right status and writes nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from server_harness import REPO_ROOT, Device, Fixture, op


def _attendance(seeded: Fixture):
    return [seeded.attendance("present")]


def test_push_without_token_is_401_and_writes_nothing(instructor, seeded, snapshot):
    before = snapshot()
    response = instructor.push_raw(_attendance(seeded), token=None)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert snapshot() == before


def test_push_with_wrong_token_is_401_and_writes_nothing(instructor, seeded, snapshot):
    before = snapshot()
    response = instructor.push_raw(_attendance(seeded), token="not-a-real-token")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_token"
    assert snapshot() == before


def test_revoked_device_token_stops_working_at_once(server, instructor, seeded, snapshot):
    assert instructor.pull_raw().status_code == 200
    server.cli("revoke-device", instructor.code, "--reason", "equipo extraviado")
    before = snapshot()
    response = instructor.push_raw(_attendance(seeded))
    assert response.status_code == 401
    assert response.json()["error"] == "device_revoked"
    assert instructor.pull_raw().status_code == 401
    assert snapshot() == before


def test_device_of_another_unit_is_rejected_and_writes_nothing(server, seeded, snapshot):
    other = server.enroll(server.create_unit(), "instructor")
    before = snapshot()
    [result] = other.push(_attendance(seeded))
    assert result["status"] == "rejected"
    assert result["reason"] == "out_of_scope"
    counts = snapshot()
    assert {k: v for k, v in counts.items() if k != "processed_ops"} == \
        {k: v for k, v in before.items() if k != "processed_ops"}


def test_device_of_another_unit_cannot_overwrite_an_existing_record(server, instructor, seeded):
    instructor.push([seeded.attendance("present")])
    other = server.enroll(server.create_unit(), "instructor")
    [result] = other.push([seeded.attendance("absent")])
    assert result["reason"] == "out_of_scope"
    latest = [c for c in instructor.pull_all() if c["entity"] == "attendance"][-1]
    assert latest["payload"]["status"] == "present"


def test_worker_claiming_another_unit_is_rejected(server, instructor):
    other_unit = server.create_unit()
    [result] = instructor.push([op("worker", uuid.uuid4(), {"unit_id": other_unit.id, "matricula": "991234567",
                                                            "given_names": "X", "paternal_surname": "Y"})])
    assert (result["status"], result["reason"]) == ("rejected", "out_of_scope")


def test_director_pushing_attendance_is_rejected_and_writes_nothing(server, unit, seeded, snapshot):
    director = server.enroll(unit, "director")
    before = snapshot()
    [result] = director.push(_attendance(seeded))
    assert (result["status"], result["reason"]) == ("rejected", "forbidden_role")
    assert snapshot()["records"] == before["records"]
    assert snapshot()["change_log"] == before["change_log"]


def test_director_may_update_the_staff_list(server, unit, seeded):
    director = server.enroll(unit, "director")
    [result] = director.push([op("worker", seeded.worker_id, {"unit_id": unit.id, "matricula": "55512345",
                                                              "given_names": "Ana María",
                                                              "paternal_surname": "López"})])
    assert result["status"] == "applied"


def test_director_cannot_write_enrollment_participation_or_constancias(server, unit, seeded):
    director = server.enroll(unit, "director")
    ops = [seeded.enrollment(),
           op("participation", uuid.uuid4(), {"activity_id": seeded.activity_id, "worker_id": seeded.worker_id}),
           op("constancia", uuid.uuid4(), {"group_id": seeded.group_id, "folio": f"{director.code}-2026-000001"})]
    results = director.push(ops)
    assert [r["reason"] for r in results] == ["forbidden_role"] * 3


def test_pull_without_schema_header_is_400(instructor):
    response = instructor.pull_raw(schema=None)
    assert response.status_code == 400
    assert response.json()["error"] == "missing_schema"


def test_pull_from_an_old_schema_is_426_update_required(instructor):
    from app.sync.protocol import MIN_SCHEMA_VERSION

    response = instructor.pull_raw(schema=MIN_SCHEMA_VERSION - 1)
    assert response.status_code == 426
    assert "Actualice Aula" in response.json()["message"]


def test_pull_from_the_previous_schema_is_accepted(instructor):
    from app.sync.protocol import MIN_SCHEMA_VERSION

    assert instructor.pull_raw(schema=MIN_SCHEMA_VERSION).status_code == 200


def test_bootstrap_of_another_unit_is_403(server, instructor):
    other = server.create_unit()
    response = instructor.client.get("/v1/sync/bootstrap", params={"unit": other.code},
                                     headers=instructor.headers())
    assert response.status_code == 403
    assert response.json()["error"] == "out_of_scope"


def test_device_keys_need_a_token(instructor):
    response = instructor.client.get("/v1/devices/keys", headers=instructor.headers(token=None))
    assert response.status_code == 401


# ------------------------------------------------------------------ ownership (issue 9, item 5)


@dataclass
class World:
    """Unit A (its instructor and director, its group) and unit B (its instructor, its group), and the catalogue."""

    a: Device
    a_director: Device
    a_data: Fixture
    b: Device
    b_data: Fixture
    catalogue_course: str


@pytest.fixture
def world(server, unit, instructor, seeded, db) -> World:
    from sqlalchemy import select

    from server.models import Record

    other_unit = server.create_unit()
    b = server.enroll(other_unit, "instructor")
    b_data = Fixture(other_unit.id)
    assert [r["status"] for r in b.push(b_data.setup_ops())] == ["applied"] * 5
    server.cli("import-courses", str(REPO_ROOT / "resources" / "courses.json"))
    with db.read() as session:
        catalogue = session.scalars(select(Record.entity_id).where(Record.entity == "course",
                                                                   Record.unit_id.is_(None))).first()
    yield World(instructor, server.enroll(unit, "director"), seeded, b, b_data, catalogue)
    b.close()


def _payload_of(data: Fixture, entity: str) -> dict:
    return dict(next(o for o in data.setup_ops() if o["entity"] == entity)["payload"])


#: (who pushes, what) → (status, reason); the target record must be unchanged unless applied.
OWNERSHIP_MATRIX = {
    "B renames A's course": (lambda w: (w.b, op("course", w.a_data.course_id, {
        **_payload_of(w.a_data, "course"), "name": "Otro"})), "rejected", "out_of_scope"),
    "B claims A's course": (lambda w: (w.b, op("course", w.a_data.course_id, {
        **_payload_of(w.a_data, "course"), "unit_id": w.b_data.unit_id})), "rejected", "out_of_scope"),
    "B deletes A's course": (lambda w: (w.b, op("course", w.a_data.course_id, {}, kind="delete")),
                             "rejected", "out_of_scope"),
    "A's instructor renames a catalogue course": (lambda w: (w.a, op("course", w.catalogue_course, {
        "code": "SER-BT", "name": "Otro", "hours": 1})), "rejected", "catalogue_course"),
    "A's director deletes a catalogue course": (lambda w: (w.a_director, op("course", w.catalogue_course, {},
                                                                           kind="delete")),
                                                "rejected", "catalogue_course"),
    "A claims a catalogue course": (lambda w: (w.a, op("course", w.catalogue_course, {
        "code": "SER-BT", "name": "Curso", "hours": 12, "unit_id": w.a_data.unit_id})), "rejected",
                                    "catalogue_course"),
    "A moves its group to B": (lambda w: (w.a, op("course_group", w.a_data.group_id, {
        **_payload_of(w.a_data, "course_group"), "unit_id": w.b_data.unit_id})), "rejected", "out_of_scope"),
    "A moves its session into B's group": (lambda w: (w.a, op("session", w.a_data.session_id, {
        **_payload_of(w.a_data, "session"), "group_id": w.b_data.group_id})), "rejected", "out_of_scope"),
    "A opens a group of B's course": (lambda w: (w.a, op("course_group", uuid.uuid4(), {
        "unit_id": w.a_data.unit_id, "course_id": w.b_data.course_id, "code": "G-AJENO"})),
                                      "rejected", "out_of_scope"),
    "A enrolls a worker of B it never added": (lambda w: (w.a, op("enrollment", uuid.uuid4(), {
        "group_id": w.a_data.group_id, "worker_id": w.b_data.worker_id})), "rejected", "unknown_parent"),
    "A opens a group of a course nobody has": (lambda w: (w.a, op("course_group", uuid.uuid4(), {
        "unit_id": w.a_data.unit_id, "course_id": str(uuid.uuid4()), "code": "G-FANTASMA"})),
                                               "rejected", "unknown_parent"),
    "A overwrites B's worker": (lambda w: (w.a, op("worker", w.b_data.worker_id, {
        **_payload_of(w.b_data, "worker"), "unit_id": w.a_data.unit_id, "given_names": "Intrusa"})),
                                "applied", None),  # A's guest copy; B's record untouched
    "A reuses B's group code": (lambda w: (w.a, op("course_group", uuid.uuid4(), {
        "unit_id": w.a_data.unit_id, "course_id": w.a_data.course_id,
        "code": _payload_of(w.b_data, "course_group")["code"]})), "applied", None),
    "A opens a group of a catalogue course": (lambda w: (w.a, op("course_group", uuid.uuid4(), {
        "unit_id": w.a_data.unit_id, "course_id": w.catalogue_course, "code": f"G-{uuid.uuid4().hex[:6]}"})),
                                              "applied", None),
}


@pytest.mark.parametrize("case", list(OWNERSHIP_MATRIX))
def test_ownership_matrix(world, db, case):
    from server.models import Record

    build, status, reason = OWNERSHIP_MATRIX[case]
    device, pushed = build(world)

    def target():
        with db.read() as session:
            row = session.get(Record, (pushed["entity"], pushed["entity_id"]))
            return None if row is None else (row.unit_id, row.version, row.payload, row.deleted_at)

    before = target()
    [result] = device.push([pushed])
    assert (result["status"], result["reason"]) == (status, reason), result
    if status == "rejected" or before is not None:
        assert target() == before  # never another unit's (or the catalogue's) record

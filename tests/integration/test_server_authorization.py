"""Who may push what: every refusal has the right status and writes nothing."""

from __future__ import annotations

import uuid

from server_harness import Fixture, op


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

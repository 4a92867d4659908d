"""Pull and bootstrap: scope only, seq order, pages, tombstones."""

from __future__ import annotations

import uuid

from server_harness import Fixture


def test_pull_serves_the_unit_record_and_the_pushed_changes_in_order(instructor, seeded, unit):
    changes = instructor.pull_all()
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs)
    entities = [c["entity"] for c in changes if c["unit_id"] in (unit.id, None) and c["entity"] != "course"]
    assert entities[0] == "unit"
    assert {"worker", "course_group", "session", "activity"} <= set(entities)


def test_pull_pages_carry_a_cursor_and_has_more(instructor, seeded):
    everything = instructor.pull_all()
    first = instructor.pull_raw(since=0, limit=2).json()
    assert first["has_more"] is True
    assert first["next_cursor"] == first["changes"][-1]["seq"]
    paged = instructor.pull_all(limit=2)
    assert [c["seq"] for c in paged] == [c["seq"] for c in everything]


def test_pull_after_the_last_cursor_is_empty(instructor, seeded):
    cursor = instructor.pull_all()[-1]["seq"]
    page = instructor.pull_raw(since=cursor).json()
    assert page == {"changes": [], "next_cursor": cursor, "has_more": False}


def test_pull_never_serves_another_units_changes(server, instructor, seeded, unit):
    other_unit = server.create_unit()
    other = server.enroll(other_unit, "instructor")
    other.push(Fixture(other_unit.id).setup_ops())
    visible = {c["unit_id"] for c in instructor.pull_all()}
    assert other_unit.id not in visible
    assert visible <= {unit.id, None}


def test_bootstrap_serves_the_units_current_records_parents_first(instructor, seeded, unit):
    response = instructor.client.get("/v1/sync/bootstrap", params={"unit": unit.code},
                                     headers=instructor.headers())
    assert response.status_code == 200
    page = response.json()
    assert page["unit"]["code"] == unit.code
    own = [r for r in page["records"] if r["entity"] != "course"]
    assert [r["entity"] for r in own][:2] == ["unit", "worker"]
    ids = {r["entity_id"] for r in page["records"]}
    assert {seeded.worker_id, seeded.group_id, seeded.session_id, seeded.activity_id} <= ids
    assert page["cursor"] >= max(c["seq"] for c in instructor.pull_all())


def test_bootstrap_pages_past_the_end_are_empty(instructor, seeded, unit):
    response = instructor.client.get("/v1/sync/bootstrap", params={"unit": unit.code, "page": 1000},
                                     headers=instructor.headers())
    assert response.json()["records"] == []
    assert response.json()["has_more"] is False


def test_bootstrap_includes_tombstones_marked_deleted(instructor, seeded, unit):
    from server_harness import op

    instructor.push([op("activity", seeded.activity_id, {}, kind="delete", base_version=1)])
    page = instructor.client.get("/v1/sync/bootstrap", params={"unit": unit.code},
                                 headers=instructor.headers()).json()
    [activity] = [r for r in page["records"] if r["entity_id"] == seeded.activity_id]
    assert activity["deleted"] is True


def test_device_keys_list_every_device_of_the_callers_unit(server, unit, instructor):
    other = server.enroll(unit, "director")
    keys = instructor.client.get("/v1/devices/keys", headers=instructor.headers()).json()["keys"]
    by_code = {k["device_code"]: k["public_key"] for k in keys}
    assert by_code[instructor.code] == instructor.public_b64
    assert by_code[other.code] == other.public_b64


def test_a_pull_cursor_beyond_any_change_is_accepted(instructor):
    assert instructor.pull_raw(since=2**62).json()["changes"] == []


def test_unknown_uuid_in_bootstrap_unit_is_403(instructor):
    response = instructor.client.get("/v1/sync/bootstrap", params={"unit": uuid.uuid4().hex},
                                     headers=instructor.headers())
    assert response.status_code == 403

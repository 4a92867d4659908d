"""Push: each op applied once, per-entity conflict rules, constancias insert-only."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from server_harness import Fixture, op
from sqlalchemy import select

from app.domain.signing import CertifiedFields, sign_fields
from server.models import Device as DeviceRow
from server.models import Record, RecordHistory


def test_an_applied_op_reports_its_version_and_seq(instructor, seeded):
    [result] = instructor.push([seeded.attendance()])
    assert result["status"] == "applied"
    assert result["version"] == 1
    assert result["server_seq"] > 0


def test_a_replayed_op_returns_duplicate_and_applies_nothing(instructor, seeded, snapshot):
    attendance = seeded.attendance()
    [first] = instructor.push([attendance])
    before = snapshot()
    [again] = instructor.push([attendance])
    assert again["status"] == "duplicate"
    assert again["replayed"] is True
    assert again["server_seq"] == first["server_seq"]
    assert snapshot() == before


def test_an_op_repeated_inside_one_batch_is_applied_once(instructor, seeded, snapshot):
    attendance = seeded.attendance()
    before = snapshot()
    results = instructor.push([attendance, attendance])
    assert [r["status"] for r in results] == ["applied", "duplicate"]
    assert snapshot()["change_log"] == before["change_log"] + 1


def test_a_replayed_rejection_returns_the_stored_rejection(instructor, seeded):
    bad = op("session", uuid.uuid4(), {"group_id": str(uuid.uuid4())})
    [first] = instructor.push([bad])
    [again] = instructor.push([bad])
    assert first["status"] == again["status"] == "rejected"
    assert again["reason"] == "unknown_parent"


def test_gzip_encoded_push_is_accepted(instructor, seeded):
    response = instructor.push_raw([seeded.attendance()], gzip_body=True)
    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "applied"


def test_attendance_last_arrival_wins_and_keeps_the_loser_in_history(server, unit, instructor, seeded, db):
    second = server.enroll(unit, "instructor")
    instructor.push([seeded.attendance("present", version=1)])
    [result] = second.push([seeded.attendance("late", version=1)])
    assert result["status"] == "applied"
    attendance_id = instructor.pull_all()[-1]["entity_id"]
    with db.read() as session:
        record = session.get(Record, ("attendance", attendance_id))
        history = list(session.scalars(select(RecordHistory).where(RecordHistory.entity_id == attendance_id)))
    assert json.loads(record.payload)["status"] == "late"
    assert [json.loads(h.payload)["status"] for h in history] == ["present"]


def test_attendance_referring_to_a_session_of_another_group_is_rejected(instructor, unit, seeded):
    second = Fixture(unit.id)
    instructor.push(second.setup_ops())
    attendance = seeded.attendance()
    attendance["payload"]["group_id"] = second.group_id
    [result] = instructor.push([attendance])
    assert result["reason"] == "inconsistent_parent"


def test_stale_enrollment_removal_does_not_undo_a_concurrent_re_add(server, unit, instructor, seeded):
    other = server.enroll(unit, "instructor")
    [added] = instructor.push([seeded.enrollment("enrolled", version=1)])
    # the other device removes and re-adds, based on what it pulled
    [removed] = other.push([seeded.enrollment("withdrawn", base_version=added["version"], version=2)])
    [readded] = other.push([seeded.enrollment("enrolled", base_version=removed["version"], version=3)])
    assert readded["status"] == "applied"
    # the first device's removal was based on version 1: stale
    [stale] = instructor.push([seeded.enrollment("withdrawn", base_version=added["version"], version=2)])
    assert stale["status"] == "conflict"
    assert stale["reason"] == "stale_removal"
    assert stale["current"]["status"] == "enrolled"


def test_stale_enrollment_delete_is_a_conflict(server, unit, instructor, seeded):
    other = server.enroll(unit, "instructor")
    [added] = instructor.push([seeded.enrollment("enrolled", version=1)])
    other.push([seeded.enrollment("enrolled", base_version=added["version"], version=2)])
    [stale] = instructor.push([seeded.enrollment(kind="delete", base_version=added["version"], version=2)])
    assert stale["status"] == "conflict"


def test_enrollment_removal_based_on_the_current_version_applies(instructor, seeded):
    [added] = instructor.push([seeded.enrollment("enrolled", version=1)])
    [removed] = instructor.push([seeded.enrollment(kind="delete", base_version=added["version"], version=2)])
    assert removed["status"] == "applied"


def test_two_devices_adding_the_same_enrollment_converge(server, unit, instructor, seeded):
    other = server.enroll(unit, "instructor")
    [first] = instructor.push([seeded.enrollment("enrolled")])
    [second] = other.push([seeded.enrollment("enrolled")])
    assert (first["status"], second["status"]) == ("applied", "applied")


def test_a_worker_with_a_matricula_already_taken_is_a_conflict(instructor, unit, seeded):
    taken = [o for o in seeded.setup_ops() if o["entity"] == "worker"][0]
    [first] = instructor.push([taken])
    clash = op("worker", uuid.uuid4(), {**taken["payload"], "id": None})
    clash["payload"]["id"] = clash["entity_id"]
    [result] = instructor.push([clash])
    assert first["status"] == "applied"
    assert (result["status"], result["reason"]) == ("conflict", "duplicate_key")


def test_a_child_whose_parent_is_unknown_is_rejected(instructor):
    [result] = instructor.push([op("session", uuid.uuid4(), {"group_id": str(uuid.uuid4())})])
    assert (result["status"], result["reason"]) == ("rejected", "unknown_parent")


def test_a_payload_id_different_from_entity_id_is_rejected(instructor, seeded):
    attendance = seeded.attendance()
    attendance["payload"]["id"] = str(uuid.uuid4())
    [result] = instructor.push([attendance])
    assert result["reason"] == "invalid_payload"


def test_delete_writes_a_tombstone_that_pull_serves(instructor, seeded):
    [activity] = [o for o in seeded.setup_ops() if o["entity"] == "activity"]
    [result] = instructor.push([op("activity", seeded.activity_id, {}, kind="delete", base_version=1)])
    assert result["status"] == "applied"
    last = instructor.pull_all()[-1]
    assert (last["entity"], last["kind"]) == ("activity", "delete")
    assert last["payload"]["deleted_at"] is not None
    assert last["payload"]["name"] == activity["payload"]["name"]


# ------------------------------------------------------------------ constancias


def _certified(folio: str, name: str = "Ana María López Núñez") -> CertifiedFields:
    return CertifiedFields(folio=folio, worker_name=name, curp_masked="LOMA******M*****09",
                           course_name="Curso Básico de Buen Trato", hours=12,
                           dates=(dt.date(2026, 11, 24), dt.date(2026, 11, 25)), venue="UMF 7",
                           instructor_name="Laura Pérez")


def _constancia(device, seeded: Fixture, counter: int = 1, signer=None, qr_folio: str | None = None, **extra):
    """A constancia op as the app pushes it: its QR signed by ``signer`` (default: the device itself)."""
    folio = f"{device.code}-2026-{counter:06d}"
    signer = signer or device
    qr = sign_fields(_certified(qr_folio or folio), signer.private_raw, base_url="https://aula.test")
    return op("constancia", extra.pop("entity_id", uuid.uuid4()), {
        "group_id": seeded.group_id, "worker_id": seeded.worker_id, "folio": folio,
        "status": "valid", "snapshot": "{}", "qr_text": qr, **extra})


def test_a_constancia_is_accepted_once(instructor, seeded):
    [result] = instructor.push([_constancia(instructor, seeded)])
    assert result["status"] == "applied"


def test_a_duplicate_folio_is_rejected_and_the_device_flagged(instructor, seeded, db):
    instructor.push([_constancia(instructor, seeded, 7)])
    [result] = instructor.push([_constancia(instructor, seeded, 7)])
    assert (result["status"], result["reason"]) == ("rejected", "duplicate_folio")
    with db.read() as session:
        device = session.get(DeviceRow, instructor.device_id)
    assert device.flagged_at is not None


def test_a_folio_of_another_device_is_rejected(server, unit, instructor, seeded):
    other = server.enroll(unit, "instructor")
    [result] = instructor.push([_constancia(other, seeded, 3)])
    assert result["reason"] == "folio_device_mismatch"


def test_an_issued_constancia_cannot_be_modified(instructor, seeded):
    original = _constancia(instructor, seeded, 4)
    instructor.push([original])
    changed = op("constancia", original["entity_id"], {**original["payload"], "snapshot": '{"name": "otro"}'})
    [result] = instructor.push([changed])
    assert (result["status"], result["reason"]) == ("rejected", "constancia_frozen")


def test_an_issued_constancia_cannot_be_deleted(instructor, seeded):
    original = _constancia(instructor, seeded, 5)
    instructor.push([original])
    [result] = instructor.push([op("constancia", original["entity_id"], {}, kind="delete")])
    assert result["reason"] == "delete_forbidden"


def test_a_new_constancia_supersedes_the_old_one(instructor, seeded):
    old = _constancia(instructor, seeded, 8)
    instructor.push([old])
    [result] = instructor.push([_constancia(instructor, seeded, 9, supersedes_id=old["entity_id"])])
    assert result["status"] == "applied"
    changes = [c for c in instructor.pull_all() if c["entity_id"] == old["entity_id"]]
    assert changes[-1]["payload"]["status"] == "superseded"


def test_the_device_may_revoke_its_constancia_but_not_make_it_valid_again(instructor, seeded):
    original = _constancia(instructor, seeded, 10)
    instructor.push([original])
    revoked = op("constancia", original["entity_id"], {**original["payload"], "status": "revoked",
                                                        "revoked_reason": "error de captura"})
    valid = op("constancia", original["entity_id"], {**original["payload"], "status": "valid"})
    results = instructor.push([revoked, valid])
    assert [r["status"] for r in results] == ["applied", "conflict"]


# -- a pushed constancia is checked and owned (issue 9, items 5 and 7) ----------

def test_a_constancia_signed_by_another_key_is_rejected(server, unit, instructor, seeded):
    forger = server.enroll(unit, "instructor")
    [result] = instructor.push([_constancia(instructor, seeded, 40, signer=forger)])
    assert (result["status"], result["reason"]) == ("rejected", "invalid_signature")


def test_a_constancia_without_a_qr_is_rejected(instructor, seeded):
    bare = _constancia(instructor, seeded, 41)
    del bare["payload"]["qr_text"]
    [result] = instructor.push([bare])
    assert (result["status"], result["reason"]) == ("rejected", "invalid_signature")


def test_a_constancia_whose_qr_names_another_folio_is_rejected(instructor, seeded):
    op_ = _constancia(instructor, seeded, 42, qr_folio=f"{instructor.code}-2026-000043")
    [result] = instructor.push([op_])
    assert (result["status"], result["reason"]) == ("rejected", "qr_mismatch")


def test_a_colleague_device_cannot_revoke_a_constancia(server, unit, instructor, seeded):
    colleague = server.enroll(unit, "instructor")
    original = _constancia(instructor, seeded, 44)
    instructor.push([original])
    revoked = op("constancia", original["entity_id"], {**original["payload"], "status": "revoked",
                                                        "revoked_reason": "me cae mal"})
    [result] = colleague.push([revoked])
    assert (result["status"], result["reason"]) == ("rejected", "not_owner")
    last = [c for c in instructor.pull_all() if c["entity_id"] == original["entity_id"]][-1]
    assert last["payload"]["status"] == "valid"


def test_a_colleague_device_cannot_supersede_a_constancia(server, unit, instructor, seeded):
    colleague = server.enroll(unit, "instructor")
    original = _constancia(instructor, seeded, 45)
    instructor.push([original])
    [result] = colleague.push([_constancia(colleague, seeded, 1, supersedes_id=original["entity_id"])])
    assert (result["status"], result["reason"]) == ("rejected", "not_owner")
    last = [c for c in instructor.pull_all() if c["entity_id"] == original["entity_id"]][-1]
    assert last["payload"]["status"] == "valid"

"""Ownership on the server (issue 9, item 5): courses, unit_id, foreign keys, natural keys, guest workers.

Each test is an attack (or the cross-unit course a worker takes) pushed by a
real device against a real ``aula-server``; the stored rows are checked in the
database and through pull.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from server_harness import REPO_ROOT, Fixture, new_matricula, op, worker_op
from sqlalchemy import select

from app.domain.ids import enrollment_id, uuid7, worker_id
from app.domain.signing import CertifiedFields, sign_fields
from server.models import Record

CATALOGUE_FILE = REPO_ROOT / "resources" / "courses.json"


@pytest.fixture
def other_unit(server):
    return server.create_unit()


@pytest.fixture
def other(server, other_unit):
    """An instructor device of another unit, with that unit's own group pushed."""
    device = server.enroll(other_unit, "instructor")
    yield device
    device.close()


@pytest.fixture
def other_seeded(other, other_unit) -> Fixture:
    data = Fixture(other_unit.id)
    assert [r["status"] for r in other.push(data.setup_ops())] == ["applied"] * 5
    return data


@pytest.fixture
def catalogue_course(server, db):
    """The central catalogue (``aula-server import-courses``): the id of its first course."""
    server.cli("import-courses", str(CATALOGUE_FILE))
    code = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))["courses"][0]["code"]
    with db.read() as session:
        found = session.scalars(select(Record).where(Record.entity == "course", Record.unit_id.is_(None))).all()
    [course] = [r for r in found if json.loads(r.payload)["code"] == code]
    return course.entity_id


def stored(db, entity: str, entity_id: str) -> Record:
    with db.read() as session:
        return session.get(Record, (entity, str(entity_id)))


def _setup_op(data: Fixture, entity: str) -> dict:
    return next(o for o in data.setup_ops() if o["entity"] == entity)


def _certified(folio: str) -> CertifiedFields:
    return CertifiedFields(folio=folio, worker_name="Ana López", curp_masked="LOMA******M*****09",
                           course_name="Curso Básico de Buen Trato", hours=12,
                           dates=(dt.date(2026, 11, 24),), venue="UMF 7", instructor_name="Laura Pérez")


def constancia(device, group_id: str, worker: str, **extra) -> dict:
    """A constancia op signed by ``device``, numbered at random."""
    folio = f"{device.code}-2026-{uuid.uuid4().int % 999_999 + 1:06d}"
    qr = sign_fields(_certified(folio), device.private_raw, base_url="https://aula.test")
    return op("constancia", uuid.uuid4(), {"group_id": group_id, "worker_id": worker, "folio": folio,
                                           "status": "valid", "snapshot": "{}", "qr_text": qr, **extra})


# ------------------------------------------------------------------ courses


def test_a_unit_cannot_rename_another_units_course(instructor, seeded, other, db):
    course = _setup_op(seeded, "course")
    [result] = other.push([op("course", seeded.course_id, {**course["payload"], "name": "Curso secuestrado"})])
    assert (result["status"], result["reason"]) == ("rejected", "out_of_scope")
    assert json.loads(stored(db, "course", seeded.course_id).payload)["name"] == course["payload"]["name"]


def test_a_unit_cannot_claim_another_units_course(instructor, seeded, unit, other, other_unit, db):
    course = _setup_op(seeded, "course")
    [result] = other.push([op("course", seeded.course_id, {**course["payload"], "unit_id": other_unit.id})])
    assert (result["status"], result["reason"]) == ("rejected", "out_of_scope")
    assert stored(db, "course", seeded.course_id).unit_id == unit.id


def test_a_unit_cannot_delete_another_units_course(instructor, seeded, other, db):
    [result] = other.push([op("course", seeded.course_id, {}, kind="delete", base_version=1)])
    assert (result["status"], result["reason"]) == ("rejected", "out_of_scope")
    assert stored(db, "course", seeded.course_id).deleted_at is None


def test_a_units_course_is_served_to_that_unit_only(instructor, seeded, other):
    assert seeded.course_id in {c["entity_id"] for c in instructor.pull_all() if c["entity"] == "course"}
    assert seeded.course_id not in {c["entity_id"] for c in other.pull_all()}


def test_a_group_cannot_use_another_units_course(instructor, seeded, other, other_unit):
    group = op("course_group", uuid.uuid4(), {"unit_id": other_unit.id, "course_id": seeded.course_id,
                                              "code": f"G-{uuid.uuid4().hex[:8]}"})
    [result] = other.push([group])
    assert (result["status"], result["reason"]) == ("rejected", "out_of_scope")


@pytest.mark.parametrize("attack", ["rename", "claim", "delete"])
def test_a_catalogue_course_cannot_be_changed_by_any_device(server, unit, instructor, catalogue_course, db, attack):
    director = server.enroll(unit, "director")
    before = stored(db, "course", catalogue_course)
    payload = json.loads(before.payload)
    pushed = {"rename": op("course", catalogue_course, {**payload, "name": "Otro nombre"}, base_version=1),
              "claim": op("course", catalogue_course, {**payload, "unit_id": unit.id}, base_version=1),
              "delete": op("course", catalogue_course, {}, kind="delete", base_version=1)}[attack]
    for device in (instructor, director):
        [result] = device.push([dict(pushed, op_id=str(uuid7()))])
        assert (result["status"], result["reason"]) == ("rejected", "catalogue_course")
    after = stored(db, "course", catalogue_course)
    assert (after.unit_id, after.version, after.payload, after.deleted_at) == \
        (None, before.version, before.payload, None)


def test_every_unit_may_run_a_group_of_a_catalogue_course(server, unit, instructor, other, other_unit,
                                                          catalogue_course):
    for device, unit_id in ((instructor, unit.id), (other, other_unit.id)):
        assert catalogue_course in {c["entity_id"] for c in device.pull_all() if c["entity"] == "course"}
        group = op("course_group", uuid.uuid4(), {"unit_id": unit_id, "course_id": catalogue_course,
                                                  "code": "G-CATALOGO-1"})
        [result] = device.push([group])
        assert result["status"] == "applied", result


def test_a_units_course_with_a_catalogue_code_is_a_visible_conflict(instructor, catalogue_course, db):
    code = json.loads(stored(db, "course", catalogue_course).payload)["code"]
    [result] = instructor.push([op("course", uuid.uuid4(), {"code": code, "name": "Mi versión", "hours": 4})])
    assert (result["status"], result["reason"]) == ("conflict", "duplicate_key")
    assert result["current"]["id"] == catalogue_course


def test_reimporting_the_catalogue_changes_nothing(server, catalogue_course, db):
    before = stored(db, "course", catalogue_course)
    done = server.cli("import-courses", str(CATALOGUE_FILE))
    assert stored(db, "course", catalogue_course).version == before.version
    assert "sin cambios" in done.stdout


# ------------------------------------------------------------------ unit_id never changes


def test_no_op_moves_a_record_to_another_unit(instructor, seeded, unit, other_seeded, db):
    attempts = [
        op("worker", seeded.worker_id, {**_setup_op(seeded, "worker")["payload"], "unit_id": other_seeded.unit_id}),
        op("course", seeded.course_id, {**_setup_op(seeded, "course")["payload"], "unit_id": other_seeded.unit_id}),
        op("course_group", seeded.group_id, {**_setup_op(seeded, "course_group")["payload"],
                                             "unit_id": other_seeded.unit_id}),
        op("session", seeded.session_id, {**_setup_op(seeded, "session")["payload"],
                                          "group_id": other_seeded.group_id}),
    ]
    results = instructor.push(attempts)
    assert [r["reason"] for r in results] == ["out_of_scope"] * 4
    for attempt in attempts:
        assert stored(db, attempt["entity"], attempt["entity_id"]).unit_id == unit.id


# ------------------------------------------------------------------ foreign keys


def _children(data: Fixture, device) -> dict[str, dict]:
    """One op per child kind, every foreign key pointing at ``data``'s records."""
    enrollment = data.enrollment()
    return {
        "session": op("session", uuid.uuid4(), {"group_id": data.group_id, "index": 9, "date": "2026-11-30"}),
        "activity": op("activity", uuid.uuid4(), {"group_id": data.group_id, "session_id": data.session_id,
                                                  "position": 9, "name": "Cierre"}),
        "course_group": op("course_group", uuid.uuid4(), {"unit_id": data.unit_id, "course_id": data.course_id,
                                                          "code": f"G-{uuid.uuid4().hex[:8]}"}),
        "enrollment": enrollment,
        "attendance": data.attendance(),
        "participation": op("participation", uuid.uuid4(), {"activity_id": data.activity_id,
                                                            "worker_id": data.worker_id, "group_id": data.group_id,
                                                            "participated": True}),
        "constancia": constancia(device, data.group_id, data.worker_id, enrollment_id=enrollment["entity_id"]),
    }


#: Every foreign key of every child kind: (child entity, payload key).
FOREIGN_KEYS = [("session", "group_id"), ("activity", "session_id"), ("activity", "group_id"),
                ("course_group", "course_id"), ("enrollment", "group_id"), ("enrollment", "worker_id"),
                ("attendance", "session_id"), ("attendance", "worker_id"), ("participation", "activity_id"),
                ("participation", "worker_id"), ("constancia", "group_id"), ("constancia", "worker_id"),
                ("constancia", "enrollment_id"), ("constancia", "supersedes_id")]


@pytest.mark.parametrize(("entity", "key"), FOREIGN_KEYS)
def test_a_missing_parent_of_any_kind_is_unknown_parent(instructor, seeded, snapshot, entity, key):
    assert instructor.push([seeded.enrollment()])[0]["status"] == "applied"
    child = _children(seeded, instructor)[entity]
    child["payload"][key] = str(uuid.uuid4())
    before = snapshot()
    [result] = instructor.push([child])
    assert (result["status"], result["reason"]) == ("rejected", "unknown_parent"), result
    assert snapshot()["records"] == before["records"]


def test_the_children_with_every_parent_present_apply(instructor, seeded):
    results = instructor.push(list(_children(seeded, instructor).values()))
    assert [r["status"] for r in results] == ["applied"] * 7, results


#: Foreign keys that may point into another unit's records (ids are random): (child, key, parent entity).
CROSS_UNIT_KEYS = [("session", "group_id"), ("activity", "session_id"), ("course_group", "course_id"),
                   ("enrollment", "group_id"), ("attendance", "session_id"), ("participation", "activity_id"),
                   ("constancia", "group_id"), ("constancia", "enrollment_id")]


@pytest.mark.parametrize(("entity", "key"), CROSS_UNIT_KEYS)
def test_a_foreign_key_into_another_units_scope_is_out_of_scope(instructor, seeded, other, other_seeded,
                                                                 snapshot, entity, key):
    assert other.push([other_seeded.enrollment()])[0]["status"] == "applied"
    assert instructor.push([seeded.enrollment()])[0]["status"] == "applied"
    foreign = _children(other_seeded, other)[entity]["payload"][key]
    child = _children(seeded, instructor)[entity]
    child["payload"][key] = foreign
    if key == "session_id" and "group_id" in child["payload"]:
        child["payload"]["group_id"] = other_seeded.group_id  # a consistent pair, both the other unit's
    before = snapshot()
    [result] = instructor.push([child])
    assert (result["status"], result["reason"]) == ("rejected", "out_of_scope"), result
    assert snapshot()["records"] == before["records"]


def test_superseding_another_units_constancia_is_out_of_scope(instructor, seeded, other, other_seeded):
    theirs = constancia(other, other_seeded.group_id, other_seeded.worker_id)
    assert other.push([theirs])[0]["status"] == "applied"
    [result] = instructor.push([constancia(instructor, seeded.group_id, seeded.worker_id,
                                           supersedes_id=theirs["entity_id"])])
    assert (result["status"], result["reason"]) == ("rejected", "out_of_scope")


# ------------------------------------------------------------------ natural keys


def _neutral(result: dict, *variable: str) -> dict:
    """What a device learns from an answer, minus what it chose itself (op id, the ids it sent)."""
    message = result.get("message") or ""
    for value in variable:
        message = message.replace(value, "…")
    return {**{k: v for k, v in result.items() if k not in ("op_id", "server_seq", "message")}, "message": message}


def test_a_matricula_of_another_unit_is_neither_overwritten_nor_revealed(instructor, unit, other, other_unit, db):
    taken = new_matricula()
    theirs = worker_op(other_unit.id, taken, given_names="Beatriz", curp="BEAA800101MDFRRN09")
    assert other.push([theirs])[0]["status"] == "applied"
    free = new_matricula()
    answers = [instructor.push([worker_op(unit.id, m, given_names="Intrusa")])[0] for m in (taken, free)]
    assert _neutral(answers[0]) == _neutral(answers[1]) == {**_neutral(answers[1]), "status": "applied"}
    # the same matrícula under another id, and no unit_id at all: still the same answer as a free one
    answers = [instructor.push([op("worker", uuid.uuid4(), {"matricula": m, "given_names": "X",
                                                            "paternal_surname": "Y"})])[0]
               for m in (taken, new_matricula())]
    assert _neutral(answers[0]) == _neutral(answers[1])
    # nor through how far ahead a version may be (B's worker is at version 5 by now)
    assert other.push([worker_op(other_unit.id, taken, given_names="Beatriz", curp="BEAA800101MDFRRN09",
                                 version=5)])[0]["version"] == 5
    mine = new_matricula()  # A's own worker, at version 1 like A's copy of the taken one
    assert instructor.push([worker_op(unit.id, mine)])[0]["status"] == "applied"
    answers = [instructor.push([worker_op(unit.id, m, version=1_000_003)])[0] for m in (taken, mine)]
    assert _neutral(answers[0]) == _neutral(answers[1])
    assert answers[0]["reason"] == "version_out_of_range"
    row = stored(db, "worker", theirs["entity_id"])
    assert (row.unit_id, json.loads(row.payload)["given_names"]) == (other_unit.id, "Beatriz")
    assert {c["payload"]["given_names"] for c in other.pull_all() if c["entity_id"] == theirs["entity_id"]} == \
        {"Beatriz"}


def test_deleting_a_worker_of_another_unit_changes_nothing_and_reveals_nothing(instructor, other, other_unit, db):
    taken = new_matricula()
    theirs = worker_op(other_unit.id, taken)
    assert other.push([theirs])[0]["status"] == "applied"
    answers = [instructor.push([op("worker", worker_id(m), {}, kind="delete", base_version=1)])[0]
               for m in (taken, new_matricula())]
    assert _neutral(answers[0]) == _neutral(answers[1])
    assert stored(db, "worker", theirs["entity_id"]).deleted_at is None


def test_a_worker_of_another_unit_cannot_be_probed_through_a_foreign_key(instructor, seeded, other, other_unit):
    taken = new_matricula()
    assert other.push([worker_op(other_unit.id, taken)])[0]["status"] == "applied"
    answers = []
    for matricula in (taken, new_matricula()):
        ident = str(worker_id(matricula))
        answers.append(_neutral(instructor.push([seeded.attendance(worker_id=ident)])[0], ident))
    assert answers[0] == answers[1]
    assert answers[0]["reason"] == "unknown_parent"


def test_a_group_code_of_another_unit_neither_clashes_nor_is_revealed(instructor, seeded, unit, other_seeded):
    theirs = _setup_op(other_seeded, "course_group")["payload"]["code"]
    [result] = instructor.push([op("course_group", uuid.uuid4(), {"unit_id": unit.id, "course_id": seeded.course_id,
                                                                  "code": theirs})])
    assert result["status"] == "applied", result


def test_a_group_code_used_twice_in_one_unit_is_a_visible_conflict(instructor, seeded, unit):
    mine = _setup_op(seeded, "course_group")["payload"]["code"]
    [result] = instructor.push([op("course_group", uuid.uuid4(), {"unit_id": unit.id, "course_id": seeded.course_id,
                                                                  "code": mine})])
    assert (result["status"], result["reason"]) == ("conflict", "duplicate_key")
    assert result["current"]["id"] == seeded.group_id


def test_a_course_code_of_another_unit_does_not_clash(instructor, seeded, other):
    code = _setup_op(seeded, "course")["payload"]["code"]
    [result] = other.push([op("course", uuid.uuid4(), {"code": code, "name": "Su curso", "hours": 2})])
    assert result["status"] == "applied"


# ------------------------------------------------------------------ a worker of unit B in unit A's group


def test_a_worker_of_another_unit_takes_a_course_in_this_units_group(server, unit, instructor, seeded, other,
                                                                      other_unit, db):
    """B's worker comes to A's room: A runs the course, B keeps the worker and sees the constancia."""
    matricula = new_matricula()
    theirs = worker_op(other_unit.id, matricula, given_names="Beatriz", curp="BEAA800101MDFRRN09",
                       department="Urgencias")
    assert other.push([theirs])[0]["status"] == "applied"
    guest = str(worker_id(matricula))
    # A's device adds the person at the door (as a walk-in of its own), enrolls, marks and issues
    walk_in = worker_op(None, matricula, given_names="Beatriz", in_staff_list=False)
    enrollment = op("enrollment", enrollment_id(uuid.UUID(seeded.group_id), uuid.UUID(guest)),
                    {"group_id": seeded.group_id, "worker_id": guest, "status": "enrolled"})
    issued = constancia(instructor, seeded.group_id, guest, enrollment_id=enrollment["entity_id"])
    results = instructor.push([walk_in, enrollment, seeded.attendance(worker_id=guest), issued])
    assert [r["status"] for r in results] == ["applied"] * 4, results
    # the worker stays B's, untouched
    row = stored(db, "worker", guest)
    assert (row.unit_id, json.loads(row.payload)["department"]) == (other_unit.id, "Urgencias")
    # the enrollment, the attendance and the constancia belong to the group's unit
    assert stored(db, "enrollment", enrollment["entity_id"]).unit_id == unit.id
    assert stored(db, "constancia", issued["entity_id"]).unit_id == unit.id
    # A's other devices get A's own copy of the person (never B's row) and the room's records
    colleague = server.enroll(unit, "instructor")
    seen_by_a = colleague.pull_all()
    copies = [c for c in seen_by_a if c["entity_id"] == guest]
    assert copies and all(c["unit_id"] == unit.id for c in copies)
    assert all("curp" not in c["payload"] and c["payload"].get("department") is None for c in copies)
    assert {enrollment["entity_id"], issued["entity_id"]} <= {c["entity_id"] for c in seen_by_a}
    bootstrap = colleague.client.get("/v1/sync/bootstrap", params={"unit": unit.code},
                                     headers=colleague.headers()).json()
    assert guest in {r["entity_id"] for r in bootstrap["records"] if r["entity"] == "worker"}
    # B's devices receive the constancia (its coverage) and nothing else of A's room
    seen_by_b = other.pull_all()
    assert issued["entity_id"] in {c["entity_id"] for c in seen_by_b}
    assert not {enrollment["entity_id"], seeded.group_id} & {c["entity_id"] for c in seen_by_b}
    assert [c["payload"]["given_names"] for c in seen_by_b if c["entity_id"] == guest] == ["Beatriz"]
    assert all(c["unit_id"] == other_unit.id for c in seen_by_b if c["entity_id"] == guest)
    # and B keeps editing its worker
    [edited] = other.push([worker_op(other_unit.id, matricula, given_names="Beatriz Elena",
                                     curp="BEAA800101MDFRRN09", version=2)])
    assert edited["status"] == "applied"
    colleague.close()


def test_a_revocation_reaches_the_workers_unit_too(instructor, seeded, unit, other, other_unit):
    matricula = new_matricula()
    assert other.push([worker_op(other_unit.id, matricula)])[0]["status"] == "applied"
    guest = str(worker_id(matricula))
    issued = constancia(instructor, seeded.group_id, guest)
    results = instructor.push([worker_op(unit.id, matricula), issued])
    assert [r["status"] for r in results] == ["applied"] * 2
    revoked = op("constancia", issued["entity_id"], {**issued["payload"], "status": "revoked",
                                                      "revoked_reason": "error de captura"})
    assert instructor.push([revoked])[0]["status"] == "applied"
    last = [c for c in other.pull_all() if c["entity_id"] == issued["entity_id"]][-1]
    assert last["payload"]["status"] == "revoked"


def test_import_courses_refuses_a_bad_file_in_one_line_and_writes_nothing(server, tmp_path, snapshot):
    bad = tmp_path / "cursos.json"
    bad.write_text('{"courses": [{"code": "X-1", "name": "Sin horas", "sessions": []}]}', encoding="utf-8")
    before = snapshot()
    done = server.cli("import-courses", str(bad), check=False)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0 and "curso 1 (X-1)" in done.stderr
    assert snapshot() == before

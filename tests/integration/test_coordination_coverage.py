"""Coverage on the server: figures after devices push marks, constancias and roster changes,
checked against counts computed here, independently, from the server's own records."""

from __future__ import annotations

import json
import uuid
from collections import Counter

import httpx
import pytest
from coordination_helpers import Scenario, constancia_op, create_user, import_staff, login, new_matricula, new_region
from server_harness import op


def independent_counts(db, unit_id: str, course_id: str) -> tuple[Counter, dict[str, Counter]]:
    """Each staff worker's status recomputed from ``records`` by plain rules (one session, one activity)."""
    from sqlalchemy import text

    with db.read() as session:
        rows = session.execute(text("SELECT entity, payload, deleted_at FROM records WHERE unit_id = :u"),
                               {"u": unit_id}).all()
    live = [(entity, json.loads(payload)) for entity, payload, deleted in rows if deleted is None]
    groups = {p["id"]: p for e, p in live if e == "course_group" and p["course_id"] == course_id}
    workers = {p["id"]: p for e, p in live if e == "worker" and p.get("in_staff_list", True) and p.get("matricula")}
    present = {(p["group_id"], p["worker_id"]) for e, p in live if e == "attendance" and p["status"] == "present"}
    took_part = {(p["group_id"], p["worker_id"]) for e, p in live if e == "participation" and p["participated"]}
    issued = {p["worker_id"] for e, p in live if e == "constancia" and p["status"] == "valid"
              and p["group_id"] in groups}
    statuses = {}
    for worker in workers:
        mine = [p for e, p in live if e == "enrollment" and p["worker_id"] == worker and p["group_id"] in groups]
        found = set()
        for enrollment in mine:
            group = groups[enrollment["group_id"]]
            if enrollment["status"] == "withdrawn":
                found.add("not_qualified")
            elif group.get("status") != "closed":
                found.add("in_progress")
            elif (group["id"], worker) in present and (group["id"], worker) in took_part:
                found.add("eligible")
            else:
                found.add("not_qualified")
        if worker in issued:
            found.add("trained")
        order = ["trained", "eligible", "in_progress", "not_qualified"]
        statuses[worker] = next((s for s in order if s in found), "pending")
    by_department: dict[str, Counter] = {}
    for worker, status in statuses.items():
        by_department.setdefault(workers[worker]["department"], Counter())[status] += 1
    return Counter(statuses.values()), by_department


def check(api: dict, expected: Counter, departments: dict[str, Counter], left_staff: int) -> None:
    headline = api["headline"]
    assert headline["expected"] == sum(expected.values())
    for status in ("trained", "eligible", "in_progress", "not_qualified", "pending"):
        assert headline[status] == expected[status], (status, headline, expected)
    assert headline["left_staff"] == left_staff
    assert headline["coverage_percent"] == round(100 * expected["trained"] / sum(expected.values()), 1)
    shown = {b["value"]: b["figures"] for b in api["breakdowns"]["department"]}
    assert set(shown) == set(departments)
    for department, counts in departments.items():
        assert shown[department]["expected"] == sum(counts.values())
        for status in ("trained", "eligible", "in_progress", "not_qualified", "pending"):
            assert shown[department][status] == counts[status], (department, status)


def test_coverage_follows_marks_constancias_and_roster_changes(server, db, tmp_path):
    s = Scenario(server, tmp_path)
    director = server.enroll(s.unit, "director")
    w = s.workers
    # Before anything: every worker of the staff list is pending.
    api = s.coverage(director.client, director.headers(), unit=s.unit.code)
    assert (api["headline"]["expected"], api["headline"]["pending"], api["headline"]["trained"]) == (8, 8, 0)

    s.push([s.enroll(s.closed, worker) for worker in w[:7]])
    s.push([s.attend(w[0], "present"), s.attend(w[1], "present"), s.attend(w[2], "present"),
            s.attend(w[3], "absent"), s.attend(w[6], "present"),
            s.take_part(w[0], True), s.take_part(w[1], True), s.take_part(w[2], False), s.take_part(w[6], True)])
    expected, departments = independent_counts(db, s.unit.id, s.course_id)
    check(s.coverage(director.client, director.headers(), unit=s.unit.code), expected, departments, 0)
    assert expected["in_progress"] == 7

    # The group closes; a withdrawal, a deleted enrollment, a re-enrollment in the open group.
    s.push([s.close(), s.enroll(s.closed, w[4], "withdrawn", version=2, base=1),
            s.enroll(s.closed, w[5], kind="delete", version=2, base=1), s.enroll(s.open, w[3])])
    s.push([constancia_op(s.device, s.closed, w[0], 1), constancia_op(s.device, s.closed, w[1], 2)])
    expected, departments = independent_counts(db, s.unit.id, s.course_id)
    assert expected == Counter(trained=2, not_qualified=2, in_progress=1, eligible=1, pending=2)
    check(s.coverage(director.client, director.headers(), unit=s.unit.code), expected, departments, 0)

    # w1's constancia is revoked (back to eligible); w6 leaves the staff list.
    revoked = s.device.pull_all()
    w1_constancia = next(c for c in revoked if c["entity"] == "constancia" and c["payload"]["worker_id"] == w[1])
    s.push([op("constancia", w1_constancia["entity_id"], {**w1_constancia["payload"], "status": "revoked",
                                                          "revoked_reason": "error de captura"}),
            op("worker", w[6], {"unit_id": s.unit.id, "matricula": s.matriculas[6], "given_names": "Nombre6",
                                "paternal_surname": "Pérez", "in_staff_list": False, "version": 5})])
    expected, departments = independent_counts(db, s.unit.id, s.course_id)
    assert expected == Counter(trained=1, eligible=1, not_qualified=2, in_progress=1, pending=2)
    check(s.coverage(director.client, director.headers(), unit=s.unit.code), expected, departments, 1)


def test_a_deleted_worker_leaves_the_denominator_and_a_staff_import_adds_to_it(server, db, tmp_path):
    s = Scenario(server, tmp_path)
    director = server.enroll(s.unit, "director")
    s.push([op("worker", s.workers[7], {"unit_id": s.unit.id}, kind="delete")])
    import_staff(server, tmp_path, s.unit.code, [[new_matricula(), "Nueva", "Ruiz", "", "Médico", "Urgencias",
                                                  "Nocturno"]])
    expected, departments = independent_counts(db, s.unit.id, s.course_id)
    assert sum(expected.values()) == 8
    check(s.coverage(director.client, director.headers(), unit=s.unit.code), expected, departments, 1)


def test_a_device_reads_only_its_own_unit(server, tmp_path):
    s = Scenario(server, tmp_path)
    other = server.create_unit()
    director = server.enroll(s.unit, "director")
    assert director.client.get("/v1/coverage", params={"unit": other.code},
                               headers=director.headers()).status_code == 404
    assert director.client.get("/v1/coverage", params={"region": s.region},
                               headers=director.headers()).status_code == 403
    own = s.coverage(director.client, director.headers())
    assert [u["code"] for u in own["units"]] == [s.unit.code]
    assert httpx.get(f"{server.base_url}/v1/coverage").status_code == 401


def test_a_coordinator_reads_the_regions_of_their_account_only(server, tmp_path):
    mine, theirs = Scenario(server, tmp_path), Scenario(server, tmp_path)
    email = f"coord-{uuid.uuid4().hex[:6]}@imss.test"
    create_user(server, email, "coordinator", [mine.region])
    client = login(server, email)
    by_region = mine.coverage(client, region=mine.region)
    assert [u["code"] for u in by_region["units"]] == [mine.unit.code]
    assert by_region["headline"]["expected"] == 8
    assert client.get("/v1/coverage", params={"region": theirs.region}).status_code == 404
    assert client.get("/v1/coverage", params={"unit": theirs.unit.code}).status_code == 404
    everything = mine.coverage(client)
    assert {u["code"] for u in everything["units"]} == {mine.unit.code}


@pytest.mark.parametrize("fmt", ["csv"])
def test_import_units_reports_each_bad_row_and_is_idempotent(server, tmp_path, fmt):
    region = new_region()
    code = f"U-{uuid.uuid4().hex[:8]}"
    rows = [["Clave", "Nombre", "Tipo", "Región"], [code, "UMF 1", "UMF", region], ["mala clave!", "X", "", region],
            [code, "Repetida", "", region], [f"V-{uuid.uuid4().hex[:6]}", "Sin región", "HGZ", ""]]
    from coordination_helpers import write_csv

    path = write_csv(tmp_path / f"unidades.{fmt}", rows)
    first = server.cli("import-units", str(path)).stdout.splitlines()
    assert first[0] == "Unidades: 1 nuevas, 0 actualizadas, 0 sin cambios, 3 filas con problemas."
    assert first[1].startswith("Fila 3, Clave «mala clave!»")
    assert first[2].startswith(f"Fila 4, Clave «{code}»: está repetida")
    assert first[3].startswith("Fila 5, Región")
    again = server.cli("import-units", str(path)).stdout.splitlines()
    assert again[0] == "Unidades: 0 nuevas, 0 actualizadas, 1 sin cambios, 3 filas con problemas."


def test_a_constancia_revoked_by_the_admin_no_longer_counts_as_trained(server, db, tmp_path):
    s = Scenario(server, tmp_path)
    director = server.enroll(s.unit, "director")
    s.story()
    assert s.coverage(director.client, director.headers(), unit=s.unit.code)["headline"]["trained"] == 2
    server.cli("revoke-constancia", f"{s.device.code}-2026-000001", "--reason", "emitida por error")
    expected, departments = independent_counts(db, s.unit.id, s.course_id)
    assert (expected["trained"], expected["eligible"]) == (1, 2)
    check(s.coverage(director.client, director.headers(), unit=s.unit.code), expected, departments, 0)

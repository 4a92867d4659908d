"""Malformed, oversized and hostile requests get a clear 4xx JSON error and write nothing."""

from __future__ import annotations

import gzip
import json
import subprocess
import time
import uuid

import httpx
import pytest
from server_harness import Device, ServerProcess, free_port, op, server_command

from app.sync.protocol import MAX_BODY_BYTES, MAX_OPS_PER_BATCH


def _post(device, body: bytes, **headers):
    return device.client.post("/v1/sync/push", content=body,
                              headers={**device.headers(), "Content-Type": "application/json", **headers})


def _is_error(response, status: int) -> bool:
    body = response.json()
    return response.status_code == status and set(body) == {"error", "message"} and body["message"]


def test_malformed_json_is_422(instructor, snapshot):
    before = snapshot()
    assert _is_error(_post(instructor, b'{"ops": [ {'), 422)
    assert snapshot() == before


def test_a_batch_over_the_limit_is_422_and_writes_nothing(instructor, seeded, snapshot):
    ops = [seeded.attendance() for _ in range(MAX_OPS_PER_BATCH + 1)]
    before = snapshot()
    assert _is_error(instructor.push_raw(ops), 422)
    assert snapshot() == before


def test_one_invalid_op_makes_the_whole_batch_422_and_writes_nothing(instructor, seeded, snapshot):
    broken = seeded.attendance()
    broken["op_id"] = "not-a-uuid"
    before = snapshot()
    assert _is_error(instructor.push_raw([seeded.attendance(), broken]), 422)
    assert snapshot() == before


def test_an_oversized_body_is_413(instructor, snapshot):
    before = snapshot()
    response = _post(instructor, b" " * (MAX_BODY_BYTES + 1))
    assert _is_error(response, 413)
    assert snapshot() == before


def test_a_gzip_bomb_is_413(instructor, snapshot):
    bomb = gzip.compress(b'{"ops": [' + b" " * (64 * 1024 * 1024) + b"]}", compresslevel=9)
    assert len(bomb) < MAX_BODY_BYTES
    before = snapshot()
    response = _post(instructor, bomb, **{"Content-Encoding": "gzip"})
    assert _is_error(response, 413)
    assert snapshot() == before


def test_corrupt_gzip_is_400(instructor):
    assert _is_error(_post(instructor, b"\x1f\x8b\x08\x00garbage", **{"Content-Encoding": "gzip"}), 400)


def test_an_unsupported_content_encoding_is_415(instructor):
    assert _is_error(_post(instructor, b"{}", **{"Content-Encoding": "br"}), 415)


def test_nan_in_a_payload_is_rejected_not_a_server_error(instructor, seeded):
    body = json.dumps({"ops": [op("worker", uuid.uuid4(), {"unit_id": seeded.unit_id, "hours": float("nan")})]})
    response = _post(instructor, body.encode())
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert response.json()["results"][0]["status"] == "rejected"


def _worker(seeded, matricula: str, **fields) -> dict:
    from app.domain.ids import worker_id

    payload = {"unit_id": seeded.unit_id, "matricula": matricula, "given_names": "Ana",
               "paternal_surname": "Ruiz", **fields}
    return op("worker", worker_id(matricula), payload)


def _nested(depth: int) -> object:
    value: object = "fondo"
    for _ in range(depth):
        value = [value]
    return value


POISON = {
    "nul_in_a_name": {"given_names": "A\x00B"},
    "lone_surrogate": {"given_names": "Ana \ud800"},
    "lone_surrogate_in_a_key": {"notes\udfff": "x"},
    "depth_300": {"extra": _nested(300)},
    "huge_string": {"paternal_surname": "x" * 100_000},
    "version_2_to_the_62": {"version": 2**62},
}


def test_a_nul_in_a_natural_key_is_rejected_alone(instructor, seeded):
    bad = op("worker", uuid.uuid4(), {"unit_id": seeded.unit_id, "matricula": "777\x00123",
                                      "given_names": "Ana", "paternal_surname": "Ruiz"})
    results = instructor.push([_worker(seeded, "70100011"), bad, _worker(seeded, "70100013")])
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert instructor.pull_raw().status_code == 200


@pytest.mark.parametrize("poison", POISON.values(), ids=POISON.keys())
def test_a_poison_op_is_rejected_alone_and_pull_keeps_working(instructor, seeded, poison):
    first, poisoned, last = (str(70_000_000 + uuid.uuid4().int % 9_000_000 * 3 + i) for i in range(3))
    good_before, bad, good_after = (_worker(seeded, first), _worker(seeded, poisoned, **poison),
                                    _worker(seeded, last))
    # ensure_ascii sends a lone surrogate as the escape "\ud800", as any JSON client would.
    body = json.dumps({"ops": [good_before, bad, good_after]}, ensure_ascii=True).encode()
    response = _post(instructor, body)
    assert response.status_code == 200, response.text
    statuses = [r["status"] for r in response.json()["results"]]
    assert all(r["reason"] != "conflict" for r in response.json()["results"]), response.json()
    assert statuses == ["applied", "rejected", "applied"], response.json()
    assert response.json()["results"][1]["message"]
    pulled = instructor.pull_raw()
    assert pulled.status_code == 200
    names = {c["payload"].get("matricula") for c in instructor.pull_all()}
    assert {first, last} <= names and poisoned not in names


def test_a_wrong_type_for_a_foreign_key_is_rejected(instructor):
    [result] = instructor.push([op("session", uuid.uuid4(), {"group_id": 12})])
    assert result["reason"] == "invalid_payload"


def test_unknown_routes_answer_json_404(server):
    response = httpx.get(f"{server.base_url}/v1/nothing-here", timeout=60)
    assert _is_error(response, 404)


def test_wrong_method_answers_json_405(server):
    response = httpx.delete(f"{server.base_url}/v1/sync/push", timeout=60)
    assert _is_error(response, 405)


def test_health_answers_200_with_the_backend(server):
    body = httpx.get(f"{server.base_url}/v1/health", timeout=60).json()
    assert body["status"] == "ok"
    assert body["database"] == server.backend


def test_health_is_503_and_api_errors_are_503_when_the_database_is_down(tmp_path):
    unreachable = f"postgresql+psycopg://aula@127.0.0.1:{free_port()}/aula"
    process = ServerProcess(tmp_path, unreachable)
    log = open(tmp_path / "serve.out", "w")  # noqa: SIM115 - closed below
    child = subprocess.Popen([*server_command(), "serve", "--no-migrate", "--port", str(process.port)],
                             env=process.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{process.base_url}/v1/health", timeout=10)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, (tmp_path / "serve.out").read_text()
                time.sleep(0.1)
        assert _is_error(health, 503)
        device = Device.generate(process.base_url)
        assert _is_error(device.pull_raw(token="x" * 40), 503)
    finally:
        child.terminate()
        child.wait(timeout=15)
        log.close()

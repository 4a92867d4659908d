"""Limits that keep one client from hurting the others: registration rate, pull page size, compression."""

from __future__ import annotations

import uuid

import httpx
import pytest
from server_harness import Device, ServerProcess, op

from app.domain.ids import worker_id
from app.sync.protocol import MAX_PULL_PAGE_BYTES


@pytest.fixture
def strict_server(tmp_path):
    """A server on SQLite that allows 5 registration attempts per minute per address."""
    process = ServerProcess(tmp_path / "strict")
    process.home.mkdir()
    process.env["AULA_SERVER_REGISTRATIONS_PER_MINUTE"] = "5"
    process.start()
    yield process
    process.stop()


def test_registration_attempts_from_one_address_are_rate_limited(strict_server):
    unit = strict_server.create_unit()
    guesses = [Device.generate(strict_server.base_url).client.post("/v1/devices/register", json={})
               for _ in range(5)]
    assert all(r.status_code == 422 for r in guesses)
    blocked = Device.generate(strict_server.base_url).client.post("/v1/devices/challenge")
    assert blocked.status_code == 429
    assert blocked.json()["error"] == "too_many_attempts"
    assert int(blocked.headers["retry-after"]) >= 1
    # A genuine device from that address must wait too; nothing was written meanwhile.
    assert Device.generate(strict_server.base_url).client.post(
        "/v1/devices/register", json={"code": strict_server.enroll_code(unit.code)}).status_code == 429


def _bulky_worker(seeded, index: int) -> dict:
    matricula = f"8{uuid.uuid4().int % 10**7:07d}"
    return op("worker", worker_id(matricula), {
        "unit_id": seeded.unit_id, "matricula": matricula, "given_names": f"Persona {index}",
        "paternal_surname": "Ruiz", "notes": "x" * 19_000})


def test_a_pull_page_is_capped_by_bytes_as_well_as_rows(instructor, seeded):
    per_op = 20_000
    count = MAX_PULL_PAGE_BYTES // per_op + 20
    for start in range(0, count, 100):
        results = instructor.push([_bulky_worker(seeded, i) for i in range(start, min(count, start + 100))])
        assert {r["status"] for r in results} == {"applied"}
    page = instructor.pull_raw(limit=1000)
    assert page.status_code == 200
    body = page.json()
    assert body["has_more"] is True
    assert len(page.content) <= MAX_PULL_PAGE_BYTES + 64 * 1024
    # Paging on from the cursor reaches every change, none twice.
    seen = [c["seq"] for c in instructor.pull_all(limit=1000)]
    assert len(seen) == len(set(seen)) >= count


def test_pull_answers_are_gzip_compressed_when_the_client_accepts_it(instructor, seeded):
    instructor.push([_bulky_worker(seeded, i) for i in range(5)])
    raw = httpx.get(f"{instructor.base_url}/v1/sync/pull", headers={**instructor.headers(),
                                                                     "Accept-Encoding": "gzip"}, timeout=60)
    assert raw.status_code == 200
    assert raw.headers["content-encoding"] == "gzip"
    assert int(raw.headers["content-length"]) < 20_000  # five 19 KB notes compress to almost nothing

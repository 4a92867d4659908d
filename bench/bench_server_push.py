"""Push throughput and latency of the central server, against a bare bulk insert.

Starts a real ``aula-server serve`` on 127.0.0.1 (SQLite, and PostgreSQL too when
``AULA_TEST_POSTGRES_URL`` is set), then for 1, 10 and 50 concurrent devices
pushes batches of attendance ops and reports ops/s and p50/p99 request
latency. In the same run it bulk-inserts the same number of rows, with the
same payloads, into a scratch table of the same database with one
``executemany`` in one transaction: the ratio says what the sync machinery
(HTTP, validation, scope checks, processed_ops, change log) costs over the
raw write.

Usage::

    .venv/bin/python bench/bench_server_push.py [--ops-per-level 3000] [--batch 100]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "integration"))  # the real-server harness the tests use

from server_harness import (  # noqa: E402
    Device,
    Fixture,
    ServerProcess,
    create_postgres_database,
    drop_postgres_database,
    op,
)
from sqlalchemy import text  # noqa: E402

from app.domain.ids import attendance_id  # noqa: E402

LEVELS = (1, 10, 50)


def _attendance_batches(fixture: Fixture, batches: int, size: int) -> list[list[dict]]:
    out = []
    for _ in range(batches):
        ops = []
        for _ in range(size):
            worker = str(uuid.uuid4())
            ops.append(op("attendance", attendance_id(uuid.UUID(fixture.session_id), uuid.UUID(worker)),
                          {"session_id": fixture.session_id, "worker_id": worker, "group_id": fixture.group_id,
                           "status": "present", "check_in": "2026-11-24T08:02:00", "minutes": 360,
                           "version": 1}))
        out.append(ops)
    return out


def _run_level(server: ServerProcess, devices: int, ops_per_level: int, batch: int) -> dict:
    unit = server.create_unit()
    clients = [server.enroll(unit) for _ in range(devices)]
    plans = {}
    for client in clients:
        fixture = Fixture(unit.id)
        client.push(fixture.setup_ops())
        per_device = max(1, ops_per_level // (devices * batch))
        plans[client.device_id] = _attendance_batches(fixture, per_device, batch)
        # the server resolves every worker_id (issue 9): the workers go first, untimed
        workers = [op("worker", o["payload"]["worker_id"], {"unit_id": unit.id, "given_names": "Ana",
                                                             "paternal_surname": "López"})
                   for ops in plans[client.device_id] for o in ops]
        for start in range(0, len(workers), 500):
            client.push(workers[start:start + 500])
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start_gate = threading.Barrier(devices + 1)

    def worker(client: Device) -> None:
        start_gate.wait()
        for ops in plans[client.device_id]:
            began = time.perf_counter()
            response = client.push_raw(ops, gzip_body=True)
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200 or any(r["status"] != "applied" for r in response.json()["results"]):
                    failures.append(response.text[:200])

    threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    for client in clients:
        client.close()
    total_ops = sum(len(b) for plan in plans.values() for b in plan)
    if failures:
        raise SystemExit(f"push failed: {failures[0]}")
    latencies.sort()
    return {
        "devices": devices, "ops": total_ops, "seconds": wall, "ops_per_s": total_ops / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "payloads": [o["payload"] for plan in plans.values() for b in plan for o in b],
    }


def bare_insert(server: ServerProcess, payloads: list[dict]) -> float:
    """Rows per second of one executemany of the same rows into a table shaped like ``records``."""
    db = server.database()
    try:
        with db.write_engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS bench_bare"))
            conn.execute(text(
                "CREATE TABLE bench_bare (entity VARCHAR(20) NOT NULL, entity_id VARCHAR(36) NOT NULL, "
                "rank INTEGER NOT NULL, unit_id VARCHAR(36), group_id VARCHAR(36), version BIGINT NOT NULL, "
                "payload TEXT NOT NULL, PRIMARY KEY (entity, entity_id))"))
        rows = [{"entity": "attendance", "entity_id": p["id"], "rank": 7, "unit_id": None,
                 "group_id": p["group_id"], "version": 1, "payload": json.dumps(p)} for p in payloads]
        began = time.perf_counter()
        with db.write_engine.begin() as conn:
            conn.execute(text("INSERT INTO bench_bare (entity, entity_id, rank, unit_id, group_id, version, payload) "
                              "VALUES (:entity, :entity_id, :rank, :unit_id, :group_id, :version, :payload)"), rows)
        elapsed = time.perf_counter() - began
        with db.write_engine.begin() as conn:
            conn.execute(text("DROP TABLE bench_bare"))
        return len(rows) / elapsed
    finally:
        db.dispose()


def bench_backend(name: str, admin_url: str | None, ops_per_level: int, batch: int) -> None:
    with tempfile.TemporaryDirectory(prefix=f"aula-bench-{name}-") as home:
        database_name = url = None
        if admin_url:
            url, database_name = create_postgres_database(admin_url)
        server = ServerProcess(Path(home), url)
        try:
            server.start()
            print(f"\n{name}: batches of {batch} ops, gzip, ~{ops_per_level} ops per level")
            print(f"{'devices':>8} {'ops':>7} {'ops/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
                  f"{'bare rows/s':>12} {'ratio':>7}")
            for devices in LEVELS:
                result = _run_level(server, devices, ops_per_level, batch)
                bare = bare_insert(server, result["payloads"])
                print(f"{devices:>8} {result['ops']:>7} {result['ops_per_s']:>9.0f} {result['p50_ms']:>8.1f} "
                      f"{result['p99_ms']:>8.1f} {bare:>12.0f} {result['ops_per_s'] / bare:>7.3f}")
        finally:
            server.stop()
            if database_name:
                drop_postgres_database(admin_url, database_name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ops-per-level", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; client and server on the same machine.")
    print("ratio = server ops/s ÷ bare bulk-insert rows/s of the same rows into the same database")
    bench_backend("SQLite", None, args.ops_per_level, args.batch)
    pg = os.environ.get("AULA_TEST_POSTGRES_URL")
    if pg:
        bench_backend("PostgreSQL", pg, args.ops_per_level, args.batch)
    else:
        print("\nPostgreSQL: skipped (set AULA_TEST_POSTGRES_URL, e.g. with .ci/postgres.sh)")


if __name__ == "__main__":
    main()

"""Central coordination at institutional scale: dashboard latency, coverage lag, push ingest, backup/restore.

Generates an institution (``--units`` units of ``--workers-per-unit`` workers
in ``--regions`` regions; default 320 × 1,344 ≈ 430,000 workers) with a year
of groups of one catalogue course (``--groups-per-unit`` closed groups of
``--group-size`` enrolled workers, about a tenth of them with a constancia),
written straight into a migrated server database as the push path would
leave it: the synced records (units, workers, course, groups, enrollments,
constancia-free) and the coverage rows of server.coordination. The marks
(attendance, participation) of past groups are not generated: their verdicts
are stored in the coverage tables and no dashboard read touches marks.

Then, against a real ``aula-server serve --workers 4``:

* the headline page (``/panel/``, an admin: every unit) and a unit page,
  p50/p95 over ``--reads`` requests each, and their sizes;
* coverage lag: a device pushes a batch of enrollments into a new group of
  its unit; the time until ``GET /v1/coverage`` shows them (the coverage is
  updated in the push's own transaction, so this is the push latency);
* push ingest (attendance batches from 8 devices) in ops/s while two readers
  load the headline page in a loop, against a bare ``executemany`` of the
  same rows into the same database in the same run;
* ``aula-server backup`` of the live database and ``restore`` into an empty one.

Usage::

    .venv/bin/python bench/bench_coordination.py [--units 320] [--workers-per-unit 1344] [--backend sqlite]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "integration"))

from bench_server_push import bare_insert  # noqa: E402  (the same bare baseline as the push benchmark)
from server_harness import (  # noqa: E402
    Device,
    Fixture,
    ServerProcess,
    create_postgres_database,
    drop_postgres_database,
    free_port,
    op,
    server_command,
)
from sqlalchemy import insert, text  # noqa: E402

from app.domain.ids import attendance_id, enrollment_id, worker_id  # noqa: E402
from app.sync.protocol import ENTITY_ORDER  # noqa: E402
from server.changelog import dumps  # noqa: E402
from server.coordination.coverage import refresh_unit_figures  # noqa: E402
from server.coordination.models import CoverageStatus, EnrollmentInfo, GroupInfo, StaffMember, UnitInfo  # noqa: E402
from server.models import Record, Unit  # noqa: E402

RANK = {entity.value: index for index, entity in enumerate(ENTITY_ORDER)}
SERVICES = ["Urgencias", "Consulta externa", "Hospitalización", "Laboratorio", "Farmacia", "Administración"]
CATEGORIES = ["Médico familiar", "Enfermera general", "Asistente médica", "Químico", "Auxiliar"]
SHIFTS = ["Matutino", "Vespertino", "Nocturno", "Jornada acumulada"]
PASSWORD = "contraseña-del-banco"


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def generate(db, args) -> dict:  # noqa: ANN001
    """Write the institution; returns what the measurements need."""
    rnd = random.Random(20261129)
    now = "2026-11-29T12:00:00+00:00"
    stamp = dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)
    course_id = str(uuid.uuid4())
    began = time.perf_counter()
    counts = {"workers": 0, "enrollments": 0, "trained": 0}
    units_out = []

    def rec(entity: str, ident: str, unit: str | None, payload: dict, group: str | None = None) -> dict:
        return {"entity": entity, "entity_id": ident, "rank": RANK[entity], "unit_id": unit, "group_id": group,
                "natural_key": None, "version": 1, "payload": dumps(payload), "deleted_at": None,
                "created_at": stamp, "updated_at": stamp}

    with db.write() as session:
        session.execute(insert(Record), [rec("course", course_id, None, {
            "id": course_id, "code": "BT-2026", "name": "Curso Básico de Buen Trato", "hours": 12, "version": 1})])
        session.commit()
    matricula = 10_000_000
    for u in range(args.units):
        unit_id = str(uuid.uuid4())
        code = f"U{u:04d}"
        region = f"Región {u % args.regions + 1:02d}"
        records, staff, groups, enrollments, coverage = [], [], [], [], []
        records.append(rec("unit", unit_id, unit_id, {"id": unit_id, "code": code, "name": f"Unidad {u}"}))
        workers = []
        for _ in range(args.workers_per_unit):
            matricula += 1
            wid = str(worker_id(str(matricula)))
            workers.append(wid)
            department, category, shift = rnd.choice(SERVICES), rnd.choice(CATEGORIES), rnd.choice(SHIFTS)
            records.append(rec("worker", wid, unit_id, {
                "id": wid, "unit_id": unit_id, "matricula": str(matricula), "given_names": "Ana",
                "paternal_surname": "López", "department": department, "category": category, "shift": shift,
                "in_staff_list": True, "version": 1}))
            staff.append({"worker_id": wid, "unit_id": unit_id, "on_staff": True, "was_on_staff": True,
                          "matricula": str(matricula), "name": f"López Ana {matricula}", "department": department,
                          "category": category, "shift": shift})
        rnd.shuffle(workers)
        taken = iter(workers)
        for g in range(args.groups_per_unit):
            group_id = str(uuid.uuid4())
            gcode = f"{code}-G{g:02d}"
            records.append(rec("course_group", group_id, unit_id, {
                "id": group_id, "unit_id": unit_id, "course_id": course_id, "code": gcode, "status": "closed"},
                group_id))
            groups.append({"group_id": group_id, "course_id": course_id, "unit_id": unit_id, "code": gcode,
                           "closed": True, "deleted": False})
            for _ in range(args.group_size):
                wid = next(taken, None)
                if wid is None:
                    break
                eid = str(enrollment_id(uuid.UUID(group_id), uuid.UUID(wid)))
                qualifies = rnd.random() < 0.85
                issued = qualifies and rnd.random() < 0.8
                records.append(rec("enrollment", eid, unit_id, {"id": eid, "group_id": group_id, "worker_id": wid,
                                                                "status": "enrolled"}, group_id))
                folio = f"BENCH{u:03d}-2026-{len(enrollments):06d}" if issued else None
                enrollments.append({"enrollment_id": eid, "worker_id": wid, "group_id": group_id,
                                    "course_id": course_id, "enrolled": True, "withdrawn": False,
                                    "qualifies": qualifies, "constancia_id": str(uuid.uuid4()) if issued else None,
                                    "folio": folio, "issued_at": now if issued else None})
                status = "trained" if issued else "eligible" if qualifies else "not_qualified"
                coverage.append({"worker_id": wid, "course_id": course_id, "unit_id": unit_id, "on_staff": True,
                                 "status": status, "group_code": gcode, "folio": folio,
                                 "issued_at": now if issued else None})
                counts["trained"] += issued
        with db.write() as session:
            session.execute(insert(Unit), [{"id": unit_id, "code": code, "name": f"Unidad {u}", "created_at": stamp}])
            session.execute(insert(UnitInfo), [{"unit_id": unit_id, "kind": "UMF", "region": region}])
            for table, rows in ((Record, records), (StaffMember, staff), (GroupInfo, groups),
                                (EnrollmentInfo, enrollments), (CoverageStatus, coverage)):
                if rows:
                    session.execute(insert(table), rows)
            session.commit()
        counts["workers"] += len(staff)
        counts["enrollments"] += len(enrollments)
        units_out.append(code)
        if (u + 1) % 40 == 0:
            print(f"  … {u + 1} units, {counts['workers']:,} workers ({time.perf_counter() - began:.0f} s)",
                  flush=True)
    with db.write() as session:  # what coverage.apply_changes leaves after each op, for every unit at once
        ids = session.execute(text("SELECT id FROM units")).scalars().all()
        refresh_unit_figures(session, ids)
        session.commit()
    counts["seconds"] = time.perf_counter() - began
    counts["units"] = units_out
    return counts


def start_workers(server: ServerProcess, workers: int) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    process = subprocess.Popen([*server_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--workers", str(workers)], env=server.env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def admin_client(server: ServerProcess, base: str):  # noqa: ANN201
    import httpx

    from server.coordination.accounts import create_user

    db = server.database()
    create_user(db, "admin@bench.test", "admin", [], PASSWORD)
    db.dispose()
    client = httpx.Client(base_url=base, timeout=120)
    page = client.get("/panel/ingresar")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    done = client.post("/panel/ingresar", data={"correo": "admin@bench.test", "contrasena": PASSWORD, "csrf": token},
                       headers={"Cookie": f"aula_panel_csrf={page.cookies['aula_panel_csrf']}"})
    client.headers["Cookie"] = f"aula_panel={done.cookies['aula_panel']}"
    return client


def timed_reads(client, paths: list[str]) -> tuple[list[float], int, int]:  # noqa: ANN001
    times, size, zipped = [], 0, 0
    for path in paths:
        began = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, (path, response.status_code)
        size = len(response.content)
        zipped = len(gzip.compress(response.content))
    return times, size, zipped


def coverage_lag(server: ServerProcess, base: str, unit_code: str) -> float:
    """Push enrollments of 100 pending workers of a unit; seconds until /v1/coverage shows them."""
    db = server.database()
    with db.read() as session:
        unit_id = session.execute(text("SELECT id FROM units WHERE code = :c"), {"c": unit_code}).scalar_one()
        pending = session.execute(text(
            "SELECT s.worker_id FROM coord_staff s LEFT JOIN coord_coverage c ON c.worker_id = s.worker_id "
            "WHERE s.unit_id = :u AND c.worker_id IS NULL LIMIT 100"), {"u": unit_id}).scalars().all()
        course_id = session.execute(text("SELECT entity_id FROM records WHERE entity = 'course'")).scalar_one()
    from server.enrollment import create_code

    code = create_code(db, unit_code, "instructor")[0]
    db.dispose()
    device = Device.generate(base)
    device.register(code)
    group = str(uuid.uuid4())
    device.push([op("course_group", group, {"unit_id": unit_id, "course_id": course_id, "code": "G-BENCH",
                                            "status": "open", "version": 1})])
    before = device.client.get("/v1/coverage", params={"unit": unit_code}, headers=device.headers()).json()
    ops = [op("enrollment", enrollment_id(uuid.UUID(group), uuid.UUID(w)),
              {"group_id": group, "worker_id": w, "status": "enrolled", "version": 1}) for w in pending]
    began = time.perf_counter()
    device.push(ops)
    while True:
        now = device.client.get("/v1/coverage", params={"unit": unit_code}, headers=device.headers()).json()
        if now["headline"]["in_progress"] >= before["headline"]["in_progress"] + len(pending):
            device.close()
            return time.perf_counter() - began


def ingest(server: ServerProcess, base: str, client, unit_code: str, batches: int, batch: int) -> dict:  # noqa: ANN001
    """Attendance batches from 8 devices of one unit while 2 readers load the headline page."""
    from server.enrollment import create_code

    db = server.database()
    with db.read() as session:
        unit_id = session.execute(text("SELECT id FROM units WHERE code = :c"), {"c": unit_code}).scalar_one()
    devices, plans = [], []
    for _ in range(8):
        device = Device.generate(base)
        device.register(create_code(db, unit_code, "instructor")[0])
        fixture = Fixture(unit_id)
        device.push(fixture.setup_ops())
        plan = []
        for _ in range(batches):
            ops = []
            for _ in range(batch):
                worker = str(uuid.uuid4())
                ops.append(op("attendance", attendance_id(uuid.UUID(fixture.session_id), uuid.UUID(worker)),
                              {"session_id": fixture.session_id, "worker_id": worker, "group_id": fixture.group_id,
                               "status": "present", "version": 1}))
            workers = [op("worker", o["payload"]["worker_id"], {"unit_id": unit_id, "given_names": "Ana",
                                                                 "paternal_surname": "López"}) for o in ops]
            device.push(workers)
            plan.append(ops)
        devices.append(device)
        plans.append(plan)
    db.dispose()
    stop = threading.Event()
    reads: list[float] = []

    def reader() -> None:
        while not stop.is_set():
            began = time.perf_counter()
            client.get("/panel/")
            reads.append(time.perf_counter() - began)

    def pusher(device: Device, plan: list[list[dict]]) -> None:
        for ops in plan:
            results = device.push(ops)
            assert all(r["status"] == "applied" for r in results), results[:1]

    readers = [threading.Thread(target=reader) for _ in range(2)]
    for t in readers:
        t.start()
    began = time.perf_counter()
    pushers = [threading.Thread(target=pusher, args=(d, p)) for d, p in zip(devices, plans)]
    for t in pushers:
        t.start()
    for t in pushers:
        t.join()
    elapsed = time.perf_counter() - began
    stop.set()
    for t in readers:
        t.join()
    for d in devices:
        d.close()
    total = 8 * batches * batch
    payloads = [o["payload"] for plan in plans for ops in plan for o in ops]
    return {"ops": total, "ops_per_s": total / elapsed, "reads": len(reads),
            "read_p95_ms": pct(reads, 95) * 1000 if reads else 0.0, "bare": bare_insert(server, payloads)}


def backup_restore(server: ServerProcess, home: Path, admin_url: str | None) -> tuple[str, str, int, float, float]:
    """The commands' own lines, the backup's size, and the wall seconds of the backup and of the restore."""
    target = home / "respaldo.bak"
    began = time.perf_counter()
    done = subprocess.run([*server_command(), "backup", str(target)], env=server.env, capture_output=True,
                          text=True, check=True)
    backup_seconds = time.perf_counter() - began
    env = dict(server.env, AULA_SERVER_HOME=str(home / "restaurado"))
    database = None
    if admin_url:
        url, database = create_postgres_database(admin_url)
        env["AULA_SERVER_DATABASE_URL"] = url
    try:
        subprocess.run([*server_command(), "init"], env=env, capture_output=True, text=True, check=True)
        began = time.perf_counter()
        restored = subprocess.run([*server_command(), "restore", str(target)], env=env, capture_output=True,
                                  text=True, check=True)
        restore_seconds = time.perf_counter() - began
    finally:
        if database:
            drop_postgres_database(admin_url, database)
    return done.stdout.strip(), restored.stdout.strip(), target.stat().st_size, backup_seconds, restore_seconds


def bench_backend(name: str, admin_url: str | None, args) -> dict:  # noqa: ANN001
    with tempfile.TemporaryDirectory(prefix=f"aula-coord-{name}-") as home:
        database_name = url = None
        if admin_url:
            url, database_name = create_postgres_database(admin_url)
        server = ServerProcess(Path(home), url)
        server.cli("init")
        db = server.database()
        print(f"\n{name}: generating {args.units} units × {args.workers_per_unit} workers, "
              f"{args.groups_per_unit} groups of {args.group_size} per unit…", flush=True)
        made = generate(db, args)
        if not db.is_sqlite:
            with db.write_engine.begin() as conn:
                conn.execute(text("ANALYZE"))
        db.dispose()
        print(f"  generated {made['workers']:,} workers, {made['enrollments']:,} enrollments, "
              f"{made['trained']:,} constancias in {made['seconds']:.0f} s")
        process, base = start_workers(server, 4)
        try:
            client = admin_client(server, base)
            rnd = random.Random(7)
            timed_reads(client, ["/panel/"] * 2)  # warm-up
            head, head_size, head_gz = timed_reads(client, ["/panel/"] * args.reads)
            units = [f"/panel/unidad/{rnd.choice(made['units'])}" for _ in range(args.reads)]
            unit, unit_size, unit_gz = timed_reads(client, units)
            print(f"  headline page (all {args.units} units): p50 {statistics.median(head) * 1000:.0f} ms, "
                  f"p95 {pct(head, 95) * 1000:.0f} ms, {head_size / 1024:.0f} KB ({head_gz / 1024:.0f} KB gzip)")
            print(f"  unit page: p50 {statistics.median(unit) * 1000:.0f} ms, p95 {pct(unit, 95) * 1000:.0f} ms, "
                  f"{unit_size / 1024:.0f} KB ({unit_gz / 1024:.0f} KB gzip)")
            lag = coverage_lag(server, base, made["units"][0])
            print(f"  coverage lag after a pushed batch of 100 enrollments: {lag * 1000:.0f} ms "
                  "(same transaction: push latency + one read)")
            result = ingest(server, base, client, made["units"][1], args.batches, args.batch)
            print(f"  push ingest, 4 server workers, 8 devices, dashboard read meanwhile ({result['reads']} reads, "
                  f"p95 {result['read_p95_ms']:.0f} ms): {result['ops_per_s']:.0f} ops/s; bare executemany "
                  f"{result['bare']:.0f} rows/s; ratio {result['ops_per_s'] / result['bare']:.3f}")
            backup_line, restore_line, size, backup_s, restore_s = backup_restore(server, Path(home), admin_url)
            print(f"  {backup_line} ({size / 1e6:.0f} MB)\n  {restore_line}")
            return {"units": args.units, "workers": made["workers"],
                    "headline_ms": {"p50": round(statistics.median(head) * 1000, 1),
                                    "p95": round(pct(head, 95) * 1000, 1), "kb": round(head_size / 1024, 1)},
                    "unit_ms": {"p50": round(statistics.median(unit) * 1000, 1),
                                "p95": round(pct(unit, 95) * 1000, 1), "kb": round(unit_size / 1024, 1)},
                    "coverage_lag_ms": round(lag * 1000, 1), "ingest_ops_per_s": round(result["ops_per_s"], 1),
                    "bare_rows_per_s": round(result["bare"], 1), "backup_s": round(backup_s, 2),
                    "restore_s": round(restore_s, 2), "backup_mb": round(size / 1e6, 1)}
        finally:
            process.terminate()
            process.wait(timeout=60)
            if database_name:
                drop_postgres_database(admin_url, database_name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=320)
    parser.add_argument("--workers-per-unit", type=int, default=1344)
    parser.add_argument("--regions", type=int, default=35)
    parser.add_argument("--groups-per-unit", type=int, default=24, help="a year of groups: two a month")
    parser.add_argument("--group-size", type=int, default=30)
    parser.add_argument("--reads", type=int, default=40)
    parser.add_argument("--batches", type=int, default=10, help="push batches per device")
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on the last line")
    args = parser.parse_args()
    figures: dict = {}
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; client and server on the same machine.")
    if args.backend in ("sqlite", "both"):
        figures["sqlite"] = bench_backend("SQLite", None, args)
    pg = os.environ.get("AULA_TEST_POSTGRES_URL")
    if args.backend in ("postgresql", "both"):
        if pg:
            figures["postgresql"] = bench_backend("PostgreSQL", pg, args)
        else:
            print("\nPostgreSQL: skipped (set AULA_TEST_POSTGRES_URL, e.g. with .ci/postgres.sh)")
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()

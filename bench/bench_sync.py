"""The app's sync engine against a real ``aula-server``, through a link throttled like a clinic's.

Three measurements, each printed next to a baseline measured in the same run (the ratio is the
point; timings are never asserted):

1. **One finished group**: a 40-person, 2-day group with its marks, participation and 40
   constancias, synced by an enrolled device through the fault proxy throttled to 1 Mbit/s with a
   300 ms round trip: seconds and bytes on the wire (aim: under 5 s). Baseline: an identical group
   synced through the same proxy unthrottled; the floor is bytes ÷ bandwidth + requests × round trip.
2. **Bootstrap** of a new device of a unit with 3,000 workers and a year of weekly groups (each
   finished, with constancias), through the same throttled link (aim: under 15 s). Baseline: the
   same bootstrap unthrottled.
3. **Push of a 1,700-op outbox** by the engine straight to the server, in ops/s, against the
   server's own ingest rate (a minimal client pushing pre-built attendance ops in batches of 500,
   as ``bench_server_push.py`` measures it) in the same run.

Usage::

    .venv/bin/python bench/bench_sync.py [--weeks 48] [--staff 3000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "integration"))  # the real-server harness the tests use

from server_harness import Fixture, ServerProcess, op  # noqa: E402
from sqlmodel import func, select  # noqa: E402
from sync_client_harness import new_unit_code, open_app  # noqa: E402

from app.domain.ids import attendance_id  # noqa: E402
from app.services import attendance, catalog, constancias, demo, groups, participation, roster, staff  # noqa: E402
from app.storage.tables import Outbox  # noqa: E402
from app.sync.pushing import push_outbox  # noqa: E402
from app.sync.status import SyncPhase  # noqa: E402
from app.sync.transport import Transport  # noqa: E402
from tests.support.fault_proxy import FaultProxy  # noqa: E402
from tests.support.sync_world import finished_group  # noqa: E402

MBIT = 1_000_000 / 8   # bytes per second
ROUND_TRIP = 0.300     # seconds


def _pending(ctx) -> int:  # noqa: ANN001
    with ctx.db.read() as s:
        return s.exec(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")).one()


def _settle(app) -> None:  # noqa: ANN001
    for _ in range(3):
        if app.engine.run_round().phase is SyncPhase.UP_TO_DATE:
            return
    raise SystemExit(f"sync did not finish: {app.engine.status()}")


def _timed_round(app, proxy: FaultProxy) -> dict:  # noqa: ANN001
    """One round through the proxy: seconds, bytes each way, requests, and seconds per phase of the round
    (as the engine's progress texts name them: sending, receiving…)."""
    proxy.reset_stats()
    phases: dict[str, float] = {}
    current: list = [None, 0.0]

    def progress(done: int, total: int, text: str) -> None:
        now = time.perf_counter()
        if text != current[0]:
            if current[0] is not None:
                phases[current[0]] = phases.get(current[0], 0.0) + now - current[1]
            current[:] = [text, now]

    began = time.perf_counter()
    status = app.engine.run_round(progress=progress)
    seconds = time.perf_counter() - began
    if current[0] is not None:
        phases[current[0]] = phases.get(current[0], 0.0) + time.perf_counter() - current[1]
    if status.phase is not SyncPhase.UP_TO_DATE:
        raise SystemExit(f"sync did not finish: {status}")
    stats = proxy.stats()
    return {"seconds": seconds, "bytes_up": stats.bytes_up, "bytes_down": stats.bytes_down,
            "requests": stats.requests, "phases": phases}


def _floor(result: dict) -> float:
    """The least a perfect client could take on the throttled link: serialization plus round trips."""
    return (result["bytes_up"] + result["bytes_down"]) / MBIT + result["requests"] * ROUND_TRIP


def _line(label: str, result: dict) -> str:
    phases = ", ".join(f"{text.rstrip('…').lower()} {secs:.2f} s" for text, secs in result["phases"].items())
    return (f"  {label:<26} {result['seconds']:7.2f} s  {result['bytes_up'] / 1024:8.1f} KiB up  "
            f"{result['bytes_down'] / 1024:8.1f} KiB down  {result['requests']:4d} requests  ({phases})")


# ---------------------------------------------------------------------- 1. one finished group


def bench_group(server: ServerProcess, folder: Path) -> dict:
    code = new_unit_code()
    server.create_unit(code, "Unidad del banco de pruebas")
    with FaultProxy(("127.0.0.1", server.port)) as proxy:
        app = open_app(folder, "group", unit_code=code)
        try:
            app.engine.timeout = 60
            app.engine.enroll(proxy.url, server.enroll_code(code))
            _settle(app)
            runs = {}
            for label, throttled, day in (("unthrottled (baseline)", False, dt.date(2026, 11, 10)),
                                          ("1 Mbit/s, 300 ms RTT", True, dt.date(2026, 11, 17))):
                built = finished_group(app.ctx, code, app.keys, people=40, first_day=day)
                ops = _pending(app.ctx)
                proxy.throttle(MBIT if throttled else None, ROUND_TRIP if throttled else 0.0)
                runs[label] = {**_timed_round(app, proxy), "ops": ops, "constancias": built.issued}
            proxy.throttle(None)
        finally:
            app.close()
    base, slow = runs["unthrottled (baseline)"], runs["1 Mbit/s, 300 ms RTT"]
    print(f"\n1. One finished group: 40 people, 2 days, {slow['ops']} ops ({slow['constancias']} constancias)")
    for label, result in runs.items():
        print(_line(label, result))
    print(f"  throttled ÷ baseline: {slow['seconds'] / base['seconds']:.1f}×;  floor on the link "
          f"{_floor(slow):.2f} s (throttled ÷ floor {slow['seconds'] / _floor(slow):.2f}×);  aim < 5 s: "
          f"{'met' if slow['seconds'] < 5 else 'NOT met'}")
    return {"ops": slow["ops"], "constancias": slow["constancias"], "seconds": round(slow["seconds"], 2),
            "baseline_seconds": round(base["seconds"], 2), "floor_seconds": round(_floor(slow), 2),
            "bytes": slow["bytes_up"] + slow["bytes_down"]}


# ---------------------------------------------------------------------- 2. bootstrap of a big unit


def _year_of_groups(ctx, code: str, keys, weeks: int, staff_count: int) -> dict:  # noqa: ANN001
    """A unit's staff list and one finished two-day group a week, each of 40 with constancias."""
    rng = random.Random(2026)
    unit = catalog.get_unit(ctx, code)
    records = demo.make_staff(rng, staff_count, first_matricula=60_000_000)
    report = staff.ImportReport(path=Path("bench"))
    with ctx.db.write() as s:
        staff.upsert_records(ctx, s, records, unit_id=unit.id, in_staff_list=True, report=report,
                             action="bench.staff")
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    monday = dt.date(2025, 12, 1)
    issued = 0
    for week in range(weeks):
        days = (monday + dt.timedelta(weeks=week), monday + dt.timedelta(weeks=week, days=1))
        plans = [groups.SessionPlan(d, t.start, t.end) for d, t in zip(days, course.sessions)]
        group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans, room="Aula 1",
                                    instructors="Mariana Torres", capacity=40)
        for worker_id in rng.sample(report.worker_ids, 40):
            roster.enroll(ctx, group.id, worker_id)
        for session in group.sessions:
            attendance.mark_all_present(ctx, session.id)
            attendance.check_out_all(ctx, session.id)
            for activity in session.activities:
                participation.mark_everyone(ctx, activity.id)
        issued += len(constancias.issue_constancias(ctx, group.id, keys=keys).issued)
    return {"workers": len(report.worker_ids), "groups": weeks, "constancias": issued}


def bench_bootstrap(server: ServerProcess, folder: Path, weeks: int, staff_count: int) -> dict:
    code = new_unit_code()
    server.create_unit(code, "Unidad grande del banco de pruebas")
    began = time.perf_counter()
    source = open_app(folder, "source", unit_code=code)
    try:
        source.engine.timeout = 120
        source.engine.enroll(server.base_url, server.enroll_code(code))
        _settle(source)
        made = _year_of_groups(source.ctx, code, source.keys, weeks, staff_count)
        ops = _pending(source.ctx)
        _settle(source)
    finally:
        source.close()
    print(f"\n2. Bootstrap of a unit: {made['workers']} workers, {made['groups']} finished groups, "
          f"{made['constancias']} constancias ({ops} ops; built and pushed in {time.perf_counter() - began:.0f} s)")
    runs = {}
    with FaultProxy(("127.0.0.1", server.port)) as proxy:
        for label, throttled in (("unthrottled (baseline)", False), ("1 Mbit/s, 300 ms RTT", True)):
            fresh = open_app(folder, f"fresh-{throttled}")
            try:
                fresh.engine.timeout = 120
                fresh.engine.enroll(proxy.url, server.enroll_code(code))
                proxy.throttle(MBIT if throttled else None, ROUND_TRIP if throttled else 0.0)
                runs[label] = _timed_round(fresh, proxy)
                proxy.throttle(None)
            finally:
                fresh.close()
    for label, result in runs.items():
        print(_line(label, result))
    base, slow = runs["unthrottled (baseline)"], runs["1 Mbit/s, 300 ms RTT"]
    print(f"  throttled ÷ baseline: {slow['seconds'] / base['seconds']:.1f}×;  floor on the link "
          f"{_floor(slow):.2f} s (throttled ÷ floor {slow['seconds'] / _floor(slow):.2f}×);  aim < 15 s: "
          f"{'met' if slow['seconds'] < 15 else 'NOT met'}")
    return {**made, "seconds": round(slow["seconds"], 2), "baseline_seconds": round(base["seconds"], 2),
            "floor_seconds": round(_floor(slow), 2), "bytes": slow["bytes_up"] + slow["bytes_down"]}


# ---------------------------------------------------------------------- 3. push of a 1,700-op outbox


def _server_ingest(server: ServerProcess, ops: int) -> float:
    """Ops/s of pre-built attendance ops pushed in batches of 500 by a minimal client (gzip)."""
    unit = server.create_unit()
    device = server.enroll(unit)
    fixture = Fixture(unit.id)
    device.push(fixture.setup_ops())
    batches = []
    for start in range(0, ops, 500):
        batch = []
        for _ in range(min(500, ops - start)):
            worker = str(uuid.uuid4())
            batch.append((op("worker", worker, {"unit_id": unit.id, "given_names": "Ana",
                                                "paternal_surname": "López"}),
                          op("attendance", attendance_id(uuid.UUID(fixture.session_id), uuid.UUID(worker)),
                             {"session_id": fixture.session_id, "worker_id": worker,
                              "group_id": fixture.group_id, "status": "present",
                              "check_in": "2026-11-24T08:02:00", "minutes": 360, "version": 1})))
        batches.append(batch)
    for batch in batches:  # the workers first, untimed (the server resolves every worker_id)
        device.push([worker for worker, _ in batch])
    began = time.perf_counter()
    for batch in batches:
        response = device.push_raw([mark for _, mark in batch], gzip_body=True)
        if response.status_code != 200:
            raise SystemExit(f"push failed: {response.text[:200]}")
    seconds = time.perf_counter() - began
    device.close()
    return ops / seconds


def bench_push(server: ServerProcess, folder: Path, target: int) -> dict:
    code = new_unit_code()
    server.create_unit(code, "Unidad del banco de envío")
    app = open_app(folder, "push", unit_code=code)
    try:
        app.engine.timeout = 120
        app.engine.enroll(server.base_url, server.enroll_code(code))
        _settle(app)
        day = dt.date(2026, 10, 5)
        while _pending(app.ctx) < target:
            finished_group(app.ctx, code, app.keys, people=40, first_day=day)
            day += dt.timedelta(days=7)
        ops = _pending(app.ctx)
        with app.ctx.db.read() as s:
            from app.storage.tables import Device
            token = s.get(Device, 1).token
        transport = Transport(server.base_url, timeout=120)
        transport.token = token
        began = time.perf_counter()
        tally = push_outbox(app.ctx.db, transport, now=lambda: dt.datetime.now(dt.UTC),
                            progress=lambda count: None, cancel=lambda: False)
        seconds = time.perf_counter() - began
        transport.close()
        if tally.parked or _pending(app.ctx):
            raise SystemExit(f"push incomplete: {tally}")
    finally:
        app.close()
    server_rate = _server_ingest(server, ops)
    engine_rate = ops / seconds
    print(f"\n3. Push of a {ops}-op outbox (groups, workers, marks, participation, constancias)")
    print(f"  engine push_outbox           {seconds:7.2f} s  {engine_rate:8.0f} ops/s")
    print(f"  server ingest (baseline)     {ops / server_rate:7.2f} s  {server_rate:8.0f} ops/s "
          f"(pre-built attendance ops, batches of 500, gzip)")
    print(f"  engine ÷ server ingest: {engine_rate / server_rate:.2f}")
    return {"ops": ops, "engine_ops_per_s": round(engine_rate, 1), "server_ops_per_s": round(server_rate, 1),
            "ratio": round(engine_rate / server_rate, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weeks", type=int, default=48, help="weekly groups in the bootstrapped unit (48)")
    parser.add_argument("--staff", type=int, default=3000, help="workers in the bootstrapped unit (3000)")
    parser.add_argument("--outbox", type=int, default=1700, help="ops in the pushed outbox (1700)")
    parser.add_argument("--only", choices=("group", "bootstrap", "push"), help="run one measurement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on the last line")
    args = parser.parse_args()
    figures: dict = {}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run still stops its server
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; client, proxy and server (SQLite) "
          "on the same machine.")
    with tempfile.TemporaryDirectory(prefix="aula-bench-sync-") as home:
        server = ServerProcess(Path(home) / "server")
        server.start()
        try:
            if args.only in (None, "group"):
                figures["group"] = bench_group(server, Path(home) / "apps")
            if args.only in (None, "push"):
                figures["push"] = bench_push(server, Path(home) / "apps", args.outbox)
            if args.only in (None, "bootstrap"):
                figures["bootstrap"] = bench_bootstrap(server, Path(home) / "apps", args.weeks, args.staff)
        finally:
            server.stop()
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""record_attendance latency, service call to committed (with outbox and audit).

Baseline, measured in the same run on the same disk: a bare sqlite3
INSERT + COMMIT of a row with the same columns into a database with the same
pragmas (WAL, synchronous=FULL). Prints median and p99 of both and their ratio.

    .venv/bin/python bench/bench_attendance.py [--participants 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import _common  # noqa: F401  (puts the checkout on sys.path)
from _common import describe_ms, percentile

from app.domain.enums import AttendanceStatus
from app.services import attendance, catalog, groups, roster, staff
from app.services.context import Context
from app.services.demo import make_staff


def build(ctx: Context, participants: int):
    unit = catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(ctx)
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    report = staff.ImportReport(Path("bench"))
    with ctx.db.write() as s:
        staff.upsert_records(ctx, s, make_staff(random.Random(1), participants), unit_id=unit.id,
                             in_staff_list=True, report=report, action="bench")
    day = dt.date(2026, 11, 24)
    plans = [groups.SessionPlan(day + dt.timedelta(days=i), t.start, t.end) for i, t in enumerate(course.sessions)]
    group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans, capacity=participants)
    for worker_id in report.worker_ids:
        roster.enroll(ctx, group.id, worker_id)
    return group, report.worker_ids


def bench_service(folder: Path, participants: int) -> list[float]:
    ctx = Context.open(folder / "service.sqlite3")
    group, workers = build(ctx, participants)
    times = []
    for session in group.sessions:
        start = dt.datetime.combine(session.date, session.start)
        for i, worker_id in enumerate(workers):
            t0 = time.perf_counter()
            attendance.record_attendance(ctx, session.id, worker_id, AttendanceStatus.PRESENT,
                                         check_in=start + dt.timedelta(seconds=i))
            times.append(time.perf_counter() - t0)
    ctx.close()
    return times


def bench_bare(folder: Path, rows: int) -> list[float]:
    db = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE attendance (id CHAR(32) PRIMARY KEY, created_at TEXT, updated_at TEXT, "
               "version INT, deleted_at TEXT, session_id CHAR(32), worker_id CHAR(32), group_id CHAR(32), "
               "status TEXT, check_in TEXT, check_out TEXT, minutes INT)")
    times = []
    now = dt.datetime.now().isoformat()
    for _ in range(rows):
        t0 = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO attendance VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                   (uuid.uuid4().hex, now, now, 1, None, uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex,
                    "PRESENT", now, None, 0))
        db.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    db.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        service = bench_service(folder, args.participants)
        bare = bench_bare(folder, len(service))
    print(f"record_attendance (service → committed, with outbox + audit): {describe_ms(service)}")
    print(f"bare sqlite3 INSERT + COMMIT (same pragmas):                  {describe_ms(bare)}")
    ratio_median = statistics.median(service) / statistics.median(bare)
    ratio_p99 = percentile(service, 99) / percentile(bare, 99)
    print(f"ratio service / bare: median {ratio_median:.1f}x, p99 {ratio_p99:.1f}x")


if __name__ == "__main__":
    main()

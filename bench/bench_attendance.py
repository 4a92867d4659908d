"""Write path of a mark, service call to committed (with outbox and audit), against a bare insert.

Baseline, measured in the same run on the same disk and interleaved with the
service calls (one bare insert after each mark, so both see the same load): a
bare sqlite3 INSERT + COMMIT of a row with the same columns into a database with
the same pragmas (WAL, synchronous=FULL). Figures: ``record_attendance``, a scan
(check-in), a status change and a participation mark, each as median/p95/p99
and as a ratio of medians to the bare insert. Aim: ≤ 4× bare. Each also reports
its CPU time (``cpu_median_ms``): on a shared or loaded disk the wall time is
mostly the fsync of the commit, which the CPU time leaves out.

    .venv/bin/python bench/bench_attendance.py [--participants 300] [--one-core] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import _common  # noqa: F401  (puts the checkout on sys.path)
from _common import add_common_options, describe_ms, finish, stats_ms

from app.domain.enums import AttendanceStatus
from app.services import attendance, catalog, groups, participation, roster, staff
from app.services.context import Context
from app.services.demo import make_staff


def build(ctx: Context, participants: int):
    unit = catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(ctx)
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    report = staff.ImportReport(Path("bench"))
    records = make_staff(random.Random(1), participants)
    with ctx.db.write() as s:
        staff.upsert_records(ctx, s, records, unit_id=unit.id, in_staff_list=True, report=report, action="bench")
    day = dt.date(2026, 11, 24)
    plans = [groups.SessionPlan(day + dt.timedelta(days=i), t.start, t.end) for i, t in enumerate(course.sessions)]
    group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans, capacity=participants)
    for worker_id in report.worker_ids:
        roster.enroll(ctx, group.id, worker_id)
    return groups.get_group(ctx, group.id), report.worker_ids, [r.matricula for r in records]


class Bare:
    """The baseline: one row INSERT + COMMIT with the same pragmas, in its own file."""

    def __init__(self, folder: Path) -> None:
        self.db = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE attendance (id CHAR(32) PRIMARY KEY, created_at TEXT, updated_at TEXT, "
                        "version INT, deleted_at TEXT, session_id CHAR(32), worker_id CHAR(32), "
                        "group_id CHAR(32), status TEXT, check_in TEXT, check_out TEXT, minutes INT)")
        self.now = dt.datetime.now().isoformat()
        self.times: list[float] = []
        self.cpu: list[float] = []

    def insert(self) -> None:
        now = self.now
        c0, t0 = time.process_time(), time.perf_counter()
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("INSERT INTO attendance VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        (uuid.uuid4().hex, now, now, 1, None, uuid.uuid4().hex, uuid.uuid4().hex,
                         uuid.uuid4().hex, "PRESENT", now, None, 0))
        self.db.execute("COMMIT")
        self.times.append(time.perf_counter() - t0)
        self.cpu.append(time.process_time() - c0)

    def close(self) -> None:
        self.db.close()


CPU: dict[str, list[float]] = {}


def timed(samples: list[float], bare: Bare, call) -> None:  # noqa: ANN001
    c0, t0 = time.process_time(), time.perf_counter()
    call()
    samples.append(time.perf_counter() - t0)
    CPU.setdefault(str(id(samples)), []).append(time.process_time() - c0)
    bare.insert()


def measure(folder: Path, participants: int) -> dict[str, list[float]]:
    ctx = Context.open(folder / "service.sqlite3")
    group, workers, matriculas = build(ctx, participants)
    bare = Bare(folder)
    record, scans, status, ticks = [], [], [], []
    first, *others = group.sessions
    for session in others:  # record_attendance, as the crash test and the first figure
        start = dt.datetime.combine(session.date, session.start)
        for i, worker_id in enumerate(workers):
            timed(record, bare, lambda s=session, w=worker_id, i=i, t=start: attendance.record_attendance(
                ctx, s.id, w, AttendanceStatus.PRESENT, check_in=t + dt.timedelta(seconds=i)))
    arrival = dt.datetime.combine(first.date, first.start)
    for i, matricula in enumerate(matriculas):  # a badge scan: check-in
        timed(scans, bare, lambda m=matricula, i=i: attendance.scan(ctx, first.id, m,
                                                                     at=arrival + dt.timedelta(seconds=i)))
    for worker_id in workers:  # a click on the status
        timed(status, bare, lambda w=worker_id: attendance.set_status(ctx, first.id, w, AttendanceStatus.LATE))
    for activity in first.activities:  # a participation tick
        for worker_id in workers:
            timed(ticks, bare, lambda a=activity, w=worker_id: participation.record_participation(
                ctx, a.id, w, True))
    ctx.close()
    bare.close()
    walls = {"record_attendance": record, "scan": scans, "set_status": status, "record_participation": ticks,
             "bare_insert_commit": bare.times}
    cpu = {name: CPU[str(id(values))] for name, values in walls.items() if values is not bare.times}
    cpu["bare_insert_commit"] = bare.cpu
    return {name: (values, cpu[name]) for name, values in walls.items()}


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    add_common_options(parser)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        samples = measure(Path(tmp), args.participants)
    bare = statistics.median(samples["bare_insert_commit"][0])
    bare_cpu = statistics.median(samples["bare_insert_commit"][1])
    figures: dict = {}
    for name, (values, cpu) in samples.items():
        figures[name] = stats_ms(values)
        ratio, cpu_ratio = statistics.median(values) / bare, statistics.median(cpu) / bare_cpu
        figures[name].update(ratio_to_bare=round(ratio, 2), cpu_median_ms=round(statistics.median(cpu) * 1000, 3),
                             cpu_ratio_to_bare=round(cpu_ratio, 2))
        aim = "" if name == "bare_insert_commit" else f"  ratio {ratio:.1f}× bare (aim ≤ 4×), CPU {cpu_ratio:.1f}×"
        print(f"{name:<22} {describe_ms(values)}, CPU median {statistics.median(cpu) * 1000:.3f} ms{aim}",
              flush=True)
    return finish(figures, args, __file__, argv)


if __name__ == "__main__":
    main()

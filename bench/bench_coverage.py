"""Opening the coverage dashboard and exporting it, for a unit of 5,000 workers with two years of groups.

Run: ``.venv/bin/python bench/bench_coverage.py [--workers 5000] [--weeks 104] [--repeat 5]``

The database is built once in a temporary folder: the plantilla through the
staff service, the groups through the groups service, and the marks and
constancias of two years (two groups a week, about 30 people each, most of
them qualifying) bulk-inserted. Then, in the same run:

* ``bare query``: the same rows (workers, enrollments, attendance,
  participation, constancias of the unit's groups of the course) fetched
  with plain ``sqlite3``: the floor any dashboard pays;
* ``coverage service``: :func:`app.services.coverage.unit_coverage`;
* ``dashboard``: the coverage screen (offscreen) reloading, charts and list;
* ``XLSX export``: :func:`app.services.coverage_export.export_coverage`.

Ratios are against the bare query, so they mean the same on any machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert  # noqa: E402

from app.domain.enums import AttendanceStatus, ConstanciaStatus, EnrollmentStatus, GroupStatus  # noqa: E402
from app.services import catalog, demo, groups, staff  # noqa: E402
from app.services.context import Context  # noqa: E402
from app.storage.tables import (  # noqa: E402
    Attendance,
    Constancia,
    CourseGroup,
    Enrollment,
    Participation,
)

TODAY = dt.datetime(2026, 11, 24, 7, 30)


def build(path: Path, workers: int, weeks: int, per_group: int = 30) -> Context:
    rng = random.Random(7)
    ctx = Context.open(path, actor="bench", clock=lambda: TODAY)
    unit = catalog.create_unit(ctx, "UMF07", demo.UNIT_NAME)
    catalog.ensure_default_courses(ctx)
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    report = staff.ImportReport(path=Path("bench"))
    with ctx.db.write() as s:
        staff.upsert_records(ctx, s, demo.make_staff(rng, workers), unit_id=unit.id, in_staff_list=True,
                             report=report, action="bench.staff")
    queue = list(report.worker_ids)
    rng.shuffle(queue)
    start = TODAY.date() - dt.timedelta(weeks=weeks)
    enrollments, marks, parts, issued = [], [], [], []
    counter = 0
    for week in range(weeks + 2):  # two more weeks: groups under way and to come
        for slot in (0, 2):
            first = start + dt.timedelta(weeks=week, days=slot)
            first += dt.timedelta(days=(7 - first.weekday()) % 7 if first.weekday() > 4 else 0)
            plans = [groups.SessionPlan(first + dt.timedelta(days=n), t.start, t.end)
                     for n, t in enumerate(course.sessions)]
            group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans,
                                        room="Aula", instructors="Bench", capacity=40)
            past = plans[-1].date < TODAY.date()
            people = [queue.pop() for _ in range(min(per_group, len(queue)))]
            for worker_id in people:
                enrollment_id = uuid.uuid5(group.id, str(worker_id))
                enrollments.append(dict(id=enrollment_id, group_id=group.id, worker_id=worker_id,
                                        status=EnrollmentStatus.ENROLLED))
                if not past:
                    continue
                fails = rng.random() < 0.08
                for session in group.sessions:
                    absent = fails and session.index == 2
                    marks.append(dict(id=uuid.uuid5(session.id, str(worker_id)), session_id=session.id,
                                      worker_id=worker_id, group_id=group.id,
                                      status=AttendanceStatus.ABSENT if absent else AttendanceStatus.PRESENT,
                                      check_in=None if absent else session.schedule.starts_at,
                                      check_out=None if absent else session.schedule.ends_at, minutes=0))
                    for activity in session.activities:
                        parts.append(dict(id=uuid.uuid5(activity.id, str(worker_id)), activity_id=activity.id,
                                          worker_id=worker_id, group_id=group.id, participated=not absent))
                if fails:
                    queue.insert(0, worker_id)  # re-enrolled later
                elif rng.random() < 0.95:
                    counter += 1
                    snapshot = {"issued_on": plans[-1].date.isoformat(), "fields": {
                        "worker_name": "x", "dates": [p.date.isoformat() for p in plans],
                        "course_name": course.name, "hours": course.hours}}
                    issued.append(dict(folio=f"BENCH000-{first.year}-{counter:06d}", device_code="BENCH000",
                                       year=first.year, counter=counter, group_id=group.id, worker_id=worker_id,
                                       enrollment_id=enrollment_id, status=ConstanciaStatus.VALID,
                                       snapshot=json.dumps(snapshot), template_version="1", pdf_sha256="0",
                                       key_id="BENCH000", signature="0", qr_text="AULA:0"))
            if past:
                with ctx.db.write() as s:
                    row = s.get(CourseGroup, group.id)
                    row.status = GroupStatus.CLOSED
                    s.add(row)
    with ctx.db.write() as s:
        for table, rows in ((Enrollment, enrollments), (Attendance, marks), (Participation, parts),
                            (Constancia, issued)):
            for n in range(0, len(rows), 5000):
                s.execute(insert(table), rows[n:n + 5000])
    print(f"Built: {workers} workers, {2 * (weeks + 2)} groups, {len(enrollments)} enrollments, "
          f"{len(marks)} attendance marks, {len(parts)} participation marks, {len(issued)} constancias")
    return ctx


def bare_query(path: Path) -> int:
    """The same rows the coverage reads, with plain sqlite3 and no processing."""
    db = sqlite3.connect(path)
    total = 0
    for sql in (
        "SELECT id, matricula, given_names, paternal_surname, maternal_surname, category, department, shift, "
        "in_staff_list, deleted_at FROM worker",
        "SELECT worker_id, group_id, status FROM enrollment",
        "SELECT worker_id, group_id, session_id, status, check_in, check_out FROM attendance",
        "SELECT worker_id, group_id, activity_id, participated FROM participation",
        "SELECT worker_id, group_id, folio, json_extract(snapshot, '$.issued_on') FROM constancia",
        "SELECT id, group_id, \"index\", date, start_time, end_time FROM session",
        "SELECT id, group_id, session_id, name, required FROM activity",
    ):
        total += len(db.execute(sql).fetchall())
    db.close()
    return total


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=5000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on the last line")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="aula-bench-coverage-"))
    os.environ["AULA_HOME"] = str(folder)
    ctx = build(folder / "aula.sqlite3", args.workers, args.weeks)

    from PySide6.QtWidgets import QApplication

    from app.services import coverage, coverage_export
    from app.ui.views.director_view import DirectorView

    app = QApplication.instance() or QApplication([])
    view = DirectorView(ctx)
    view.resize(1024, 700)
    result = coverage.unit_coverage(ctx, "UMF07")
    print(f"Coverage: {result.expected} expected, {result.trained} trained ({result.percent} %), "
          f"{len(result.groups)} groups under way or to come")

    figures = {
        "bare query": timed(lambda: bare_query(ctx.db.path), args.repeat),
        "coverage service": timed(lambda: coverage.unit_coverage(ctx, "UMF07"), args.repeat),
        "dashboard": timed(lambda: (view.reload(), app.processEvents()), args.repeat),
        "XLSX export": timed(lambda: coverage_export.export_coverage(ctx, "UMF07", folder / "c.xlsx"),
                             max(2, args.repeat // 2)),
    }
    began = time.perf_counter()
    sum(range(1_000_000))
    print(f"Machine: sum(range(1,000,000)) takes {(time.perf_counter() - began) * 1000:.1f} ms (load shows here)")
    base = statistics.median(figures["bare query"])
    for name, values in figures.items():
        median = statistics.median(values)
        print(f"{name:18} median {median * 1000:8.1f} ms   ×{median / base:6.1f} the bare query")
    ctx.close()
    if args.json:
        print(json.dumps({"workers": args.workers, "weeks": args.weeks, **{
            name.replace(" ", "_"): {"median_ms": round(statistics.median(values) * 1000, 1),
                                     "min_ms": round(min(values) * 1000, 1), "max_ms": round(max(values) * 1000, 1),
                                     "ratio_to_bare": round(statistics.median(values) / base, 2)}
            for name, values in figures.items()}}))


if __name__ == "__main__":
    main()

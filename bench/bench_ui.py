"""Interface benchmarks on real widgets (offscreen), reported against baselines of the same run.

Usage::

    .venv/bin/python bench/bench_ui.py [--workers 20000] [--big-group 1000]

Measures:

1. Scan box: Enter → the row shows the new status (service commit and repaint
   included), median and p95, for a 40-person and a large group. Aim: p95 < 16 ms.
2. Staff list: one keystroke in the search box → results shown, over the whole
   staff list. Aim: p95 < 30 ms.
3. Launch: process start → main window shown on the large database, as a ratio
   to a bare ``QMainWindow`` launched the same way in the same run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(name: str, samples_ms: list[float], aim_ms: float | None = None) -> None:
    median, p95 = statistics.median(samples_ms), percentile(samples_ms, 0.95)
    aim = f"  (aim p95 < {aim_ms:g} ms: {'ok' if p95 < aim_ms else 'MISSED'})" if aim_ms else ""
    print(f"{name:<46} n={len(samples_ms):<4} median {median:6.2f} ms  p95 {p95:6.2f} ms{aim}")


def build_database(home: Path, workers: int, big_group: int, clock):
    """A database with ``workers`` on the staff list and groups of 40 and ``big_group``."""
    import random

    from app.services import catalog, groups, roster, staff
    from app.services.context import Context
    from app.services.demo import make_staff

    ctx = Context.open(clock=clock)
    unit = catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    catalog.ensure_default_courses(ctx)
    records = make_staff(random.Random(7), workers)
    report_ = staff.ImportReport(path=Path("bench"))
    with ctx.db.write() as s:
        staff.upsert_records(ctx, s, records, unit_id=unit.id, in_staff_list=True, report=report_,
                             action="bench.staff")
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    made = {}
    offset = 0
    for size in (40, big_group):
        day = clock().date()
        plans = [groups.SessionPlan(day + dt.timedelta(days=i), t.start, t.end)
                 for i, t in enumerate(course.sessions)]
        group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans,
                                    room="Aula", instructors="Bench", capacity=size)
        path = home / f"roster_{size}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Matrícula", "Nombre(s)", "Apellido paterno", "Apellido materno"])
            for r in records[offset:offset + size]:
                writer.writerow([r.matricula, r.given_names, r.paternal_surname, r.maternal_surname])
        offset += size
        roster.import_roster(ctx, path, group.id)
        made[size] = group.id
    return ctx, made


def bench_scans(window, group_id, scans: int, settle) -> list[float]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui.models.attendance_table_model import AttendanceTableModel

    group_view = window.open_group(group_id)
    view = group_view.show_session(1).attendance_view
    settle()
    rows = view.model.rows()[:scans]
    samples = []
    for row in rows:
        view.scan_box.setText(row.matricula)
        start = time.perf_counter()
        QTest.keyClick(view.scan_box, Qt.Key.Key_Return)
        QApplication.processEvents()  # Qt paints what changed: the row, the counter, the message
        elapsed = time.perf_counter() - start
        index = view.model.index(view.model.row_of(row.worker_id), AttendanceTableModel.STATUS)
        assert index.data(Qt.ItemDataRole.UserRole + 2) is not None, "row did not change"
        samples.append(elapsed * 1000)
    window.close_group_view()
    return samples


def bench_staff_search(window, settle) -> list[float]:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import STAFF_PAGE

    window.show_page(STAFF_PAGE)
    settle()
    view = window.staff_view
    samples = []
    for text in ("hernandez", "maria g", "9715", "lopez ram", "gonzalez ana", "zuniga"):
        view.search_edit.clear()
        settle()
        for char in text:
            start = time.perf_counter()
            QTest.keyClick(view.search_edit, char)
            QApplication.processEvents()
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def bench_service_scans(ctx, group_id, scans: int) -> list[float]:
    """The commit alone, on session 2 so the screen benchmark still finds session 1 empty."""
    from app.services import attendance, groups

    session = groups.get_group(ctx, group_id).sessions[1]
    arrival = dt.datetime.combine(session.date, session.start)  # a scan only lands on its session's day
    samples = []
    for row in attendance.session_attendance(ctx, session.id)[:scans]:
        start = time.perf_counter()
        attendance.scan(ctx, session.id, row.matricula, at=arrival)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def bench_service_search(ctx) -> list[float]:
    from app.services import staff

    samples = []
    for text in ("hernandez", "maria g", "9715", "lopez ram", "gonzalez ana", "zuniga"):
        for end in range(1, len(text) + 1):
            start = time.perf_counter()
            staff.search_workers(ctx, text[:end], limit=200)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


_BARE = """
import time, sys
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtTest import QTest
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800); w.show(); QTest.qWaitForWindowExposed(w)
print("shown", flush=True)
"""

_AULA = """
import sys
from PySide6.QtTest import QTest
from app.services.context import Context
from app.ui.bootstrap import bootstrap
from app.ui.main_window import MainWindow
context = bootstrap(sys.argv)
context.services = Context.open()
w = MainWindow(context); w.resize(1280, 800); w.show(); QTest.qWaitForWindowExposed(w)
print("shown", flush=True)
"""


def launch_seconds(code: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env=os.environ.copy())
        assert "shown" in out.stdout, out.stderr
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Aula interface benchmarks")
    parser.add_argument("--workers", type=int, default=20_000)
    parser.add_argument("--big-group", type=int, default=1_000)
    parser.add_argument("--scans", type=int, default=200, help="scans measured in the large group")
    parser.add_argument("--launches", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="aula-bench-", ignore_cleanup_errors=True) as home:
        os.environ["AULA_HOME"] = home
        return _run(args, Path(home))


def _run(args: argparse.Namespace, home: Path) -> int:
    now = [dt.datetime.combine(dt.date.today(), dt.time(7, 50))]
    clock = lambda: now[0]  # noqa: E731

    started = time.perf_counter()
    ctx, made = build_database(home, args.workers, args.big_group, clock)
    print(f"database: {args.workers:,} workers, groups of 40 and {args.big_group:,} "
          f"({time.perf_counter() - started:.1f} s to build)")

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui.bootstrap import bootstrap
    from app.ui.main_window import MainWindow

    context = bootstrap([sys.argv[0]], install_crash_handler=False)
    context.services = ctx
    window = MainWindow(context)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)

    def settle() -> None:
        for _ in range(3):
            QApplication.processEvents()

    report("baseline: service scan alone (40-person group)", bench_service_scans(ctx, made[40], 40))
    report("baseline: service staff search alone", bench_service_search(ctx))
    report("scan → row shows status, 40-person group", bench_scans(window, made[40], 40, settle), 16)
    report(f"scan → row shows status, {args.big_group:,}-person group",
           bench_scans(window, made[args.big_group], min(args.scans, args.big_group), settle), 16)
    report(f"staff search keystroke, {args.workers:,} workers", bench_staff_search(window, settle), 30)
    window.close()
    context.services = None
    context.shutdown()
    ctx.close()

    bare = launch_seconds(_BARE, args.launches)
    aula = launch_seconds(_AULA, args.launches)
    ratio = statistics.median(aula) / statistics.median(bare)
    print(f"launch → window shown: bare QMainWindow median {statistics.median(bare) * 1000:.0f} ms, "
          f"Aula on {args.workers:,} workers median {statistics.median(aula) * 1000:.0f} ms, "
          f"ratio {ratio:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())

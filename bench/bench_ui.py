"""Interface benchmarks on real widgets (offscreen), reported against baselines of the same run.

Usage::

    .venv/bin/python bench/bench_ui.py [--workers 20000] [--big-group 1000] [--one-core] [--json]

Measures:

1. Scan box: Enter → the row shows the new status (service commit and repaint
   included), median and p95, for a 40-person and a large group. Aim: p95 < 16 ms.
   Its reference: the least any scan screen can do (Enter → the same service
   call → Qt repaints one row, nothing else), as a ratio to the service alone:
   the lowest ratio to the service the scan screen could reach on this machine.
2. Staff list: one keystroke in the search box → results shown, over the whole
   staff list. Aim: p95 < 30 ms.
3. Launch: process start → main window shown on the large database, as a ratio
   to a bare ``QMainWindow`` launched the same way in the same run; warm (the
   ``.pyc`` compiled, as after installing) and cold (no ``.pyc``: an empty
   ``PYTHONPYCACHEPREFIX``, so every module is compiled as on a first launch);
   and, for reference, a process that only imports the storage stack the first
   screen reads through (SQLAlchemy, SQLModel, the tables) and shows nothing.
4. Memory: the launched app's RSS once its window shows on the large
   database, and this process's RSS after a course day on the 40-person group
   (everyone checked in and out, every activity marked, the results shown).

Every figure is also a ratio to its baseline of the same run (the service call
alone for the screen figures). ``main(argv)`` returns them as a dict.
"""

from __future__ import annotations

import argparse
import compileall
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

from _common import add_common_options, finish, rss_mb  # noqa: E402


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(name: str, samples_ms: list[float], aim_ms: float | None = None,
           baseline: dict | None = None) -> dict:
    median, p95 = statistics.median(samples_ms), percentile(samples_ms, 0.95)
    aim = f"  (aim p95 < {aim_ms:g} ms: {'ok' if p95 < aim_ms else 'MISSED'})" if aim_ms else ""
    figure = {"median_ms": round(median, 3), "p95_ms": round(p95, 3), "n": len(samples_ms)}
    ratio = ""
    if baseline is not None:
        figure["p95_ratio_to_service"] = round(p95 / baseline["p95_ms"], 2)
        ratio = f"  p95 {figure['p95_ratio_to_service']:.2f}× the service"
    print(f"{name:<46} n={len(samples_ms):<4} median {median:6.2f} ms  p95 {p95:6.2f} ms{aim}{ratio}",
          flush=True)
    return figure


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


def bench_least_scan_screen(window, ctx, group_id, scans: int, settle) -> list[float]:
    """The least any scan screen can do, as a reference for the scan figures: Enter in a line
    edit → the same service call → Qt repaints one row of the session's table, and nothing else
    (no message, counter, selection, undo entry or status bar). Scans land on session 2 of the
    group (its table shows session 1, whose rows repaint the same), so the scan figures still
    find session 1 empty."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from app.services import attendance, groups

    group_view = window.open_group(group_id)
    view = group_view.show_session(1).attendance_view
    model, table = view.model, view.table
    session = groups.get_group(ctx, group_id).sessions[1]
    arrival = dt.datetime.combine(session.date, session.start)
    key_box = QLineEdit(view)
    key_box.show()
    shown = [0]

    def scan() -> None:
        attendance.scan(ctx, session.id, key_box.text(), at=arrival)
        model.dataChanged.emit(model.index(shown[0], 0), model.index(shown[0], model.columnCount() - 1))

    key_box.returnPressed.connect(scan)
    settle()
    last = table.rowAt(table.viewport().height() - 1)
    in_view = model.rowCount() if last < 0 else last + 1
    samples = []
    for number, row in enumerate(attendance.session_attendance(ctx, session.id)[:scans]):
        shown[0] = number % in_view
        key_box.setText(row.matricula)
        start = time.perf_counter()
        QTest.keyClick(key_box, Qt.Key.Key_Return)
        QApplication.processEvents()
        samples.append((time.perf_counter() - start) * 1000)
    key_box.deleteLater()
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

# What ``aula`` runs (app.ui.main.run_gui) up to the event loop: the same open_main_window, in the
# same import order (QTest, the bench's own tool, after it: the app does not import it first).
_AULA = """
import sys
from app.ui.main import open_main_window
context, w = open_main_window(None, sys.argv)
from PySide6.QtTest import QTest
w.resize(1280, 800); QTest.qWaitForWindowExposed(w)
print("shown", flush=True)
print("rss", [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmRSS:")][0])
"""

# The storage stack the first screen reads through, alone (no Qt, no window): SQLAlchemy, SQLModel
# (and pydantic, which it builds on) and the table declarations. Its ratio to the bare window is the
# part of the launch ratio that only a first screen read without the ORM could remove.
_STORAGE = """
import app.storage.db, app.storage.tables
print("shown", flush=True)
"""


def launch_seconds(code: str, runs: int, *, cold: bool = False) -> tuple[list[float], list[float]]:
    """Launch → window shown, and for Aula the RSS (MB) each launch reports once its window shows.

    The time stops when the child says its window is shown, not when it has exited: an
    interpreter that unloads SQLAlchemy, Qt and the rest takes a quarter of a second to exit,
    which is not what an instructor waits for. ``cold``: no ``.pyc`` (each run compiles into an
    empty ``PYTHONPYCACHEPREFIX``); warm runs use the ``.pyc`` an install compiles (see ``_run``).
    """
    times, rss = [], []
    for _ in range(runs):
        env = os.environ.copy()
        with tempfile.TemporaryDirectory(prefix="aula-pyc-") as cache:
            if cold:
                env["PYTHONPYCACHEPREFIX"] = cache
            errors = Path(cache) / "stderr.txt"
            with errors.open("w") as stderr:
                start = time.perf_counter()
                child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=stderr,
                                         text=True, env=env)
                assert child.stdout is not None
                first = child.stdout.readline()
                times.append(time.perf_counter() - start)
                rest = child.stdout.read()  # through the same buffer readline() filled
                child.wait()
            assert first.strip() == "shown" and child.returncode == 0, errors.read_text()
        rss += [int(line.split()[1]) / 1024 for line in rest.splitlines() if line.startswith("rss ")]
    return times, rss


def course_day(window, group_id, now: list[dt.datetime], settle) -> None:  # noqa: ANN001
    """The rest of a course day on the 40-person group: everyone out, every activity marked, results."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    group_view = window.open_group(group_id)
    session_view = group_view.show_session(1)
    view = session_view.attendance_view
    settle()
    now[0] = now[0].replace(hour=14, minute=5)
    for row in view.model.rows():
        view.scan_box.setText(row.matricula)
        QTest.keyClick(view.scan_box, Qt.Key.Key_Return)
        settle()
    activities = session_view.participation_view
    session_view.setCurrentWidget(activities)
    for column in range(1, activities.model.columnCount()):
        activities.mark_everyone(column, True)
        settle()
    group_view.tabs.setCurrentWidget(group_view.results_view)
    settle()
    window.close_group_view()


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Aula interface benchmarks")
    parser.add_argument("--workers", type=int, default=20_000)
    parser.add_argument("--big-group", type=int, default=1_000)
    parser.add_argument("--scans", type=int, default=200, help="scans measured in the large group")
    parser.add_argument("--launches", type=int, default=5)
    add_common_options(parser)
    args = parser.parse_args(argv)

    home_before = os.environ.get("AULA_HOME")
    with tempfile.TemporaryDirectory(prefix="aula-bench-", ignore_cleanup_errors=True) as home:
        os.environ["AULA_HOME"] = home
        try:
            figures = _run(args, Path(home))
        finally:
            if home_before is None:
                os.environ.pop("AULA_HOME", None)
            else:
                os.environ["AULA_HOME"] = home_before
    return finish(figures, args, __file__, argv)


def _run(args: argparse.Namespace, home: Path) -> dict:
    now = [dt.datetime.combine(dt.date.today(), dt.time(7, 50))]
    clock = lambda: now[0]  # noqa: E731

    started = time.perf_counter()
    ctx, made = build_database(home, args.workers, args.big_group, clock)
    print(f"database: {args.workers:,} workers, groups of 40 and {args.big_group:,} "
          f"({time.perf_counter() - started:.1f} s to build)", flush=True)

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

    figures: dict = {}
    service_scan = figures["service_scan_40"] = report("baseline: service scan alone (40-person group)",
                                                       bench_service_scans(ctx, made[40], 40))
    service_search = figures["service_search"] = report("baseline: service staff search alone",
                                                        bench_service_search(ctx))
    figures["scan_to_row_40"] = report("scan → row shows status, 40-person group",
                                       bench_scans(window, made[40], 40, settle), 16, service_scan)
    figures["scan_to_row_big"] = report(f"scan → row shows status, {args.big_group:,}-person group",
                                        bench_scans(window, made[args.big_group],
                                                    min(args.scans, args.big_group), settle), 16, service_scan)
    figures["search_keystroke"] = report(f"staff search keystroke, {args.workers:,} workers",
                                         bench_staff_search(window, settle), 30, service_search)
    course_day(window, made[40], now, settle)
    figures["rss_after_course_day_mb"] = rss_mb()
    print(f"memory after a course day on the 40-person group (this process): "
          f"{figures['rss_after_course_day_mb']:.0f} MB", flush=True)
    # After the memory figure, which it would change (it opens the large group once more).
    figures["least_scan_screen"] = report("least a scan screen can do: service + one row",
                                          bench_least_scan_screen(window, ctx, made[args.big_group],
                                                                  min(args.scans, args.big_group), settle),
                                          None, service_scan)
    window.close()
    context.services = None
    context.shutdown()
    ctx.close()

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "app"), quiet=1)  # as an install does
    bare, _ = launch_seconds(_BARE, args.launches)
    aula, rss = launch_seconds(_AULA, args.launches)
    cold, _ = launch_seconds(_AULA, max(1, args.launches // 2), cold=True)
    storage, _ = launch_seconds(_STORAGE, args.launches)
    figures["launch"] = {"bare_ms": round(statistics.median(bare) * 1000), "warm_ms": round(
        statistics.median(aula) * 1000), "cold_ms": round(statistics.median(cold) * 1000),
        "warm_ratio_to_bare": round(statistics.median(aula) / statistics.median(bare), 2),
        "cold_ratio_to_bare": round(statistics.median(cold) / statistics.median(bare), 2),
        "storage_stack_ms": round(statistics.median(storage) * 1000),
        "storage_stack_ratio_to_bare": round(statistics.median(storage) / statistics.median(bare), 2)}
    figures["rss_after_launch_mb"] = round(statistics.median(rss), 1)
    launch = figures["launch"]
    print(f"launch → window shown: bare QMainWindow median {launch['bare_ms']} ms, "
          f"Aula on {args.workers:,} workers median {launch['warm_ms']} ms warm "
          f"({launch['warm_ratio_to_bare']:.2f}×), {launch['cold_ms']} ms cold without .pyc "
          f"({launch['cold_ratio_to_bare']:.2f}×); of it, the storage stack alone (SQLAlchemy, SQLModel, "
          f"the tables; no Qt) {launch['storage_stack_ms']} ms ({launch['storage_stack_ratio_to_bare']:.2f}×); "
          f"RSS after launch {figures['rss_after_launch_mb']:.0f} MB",
          flush=True)
    return figures


if __name__ == "__main__":
    main()

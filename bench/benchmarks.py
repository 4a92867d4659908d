"""The steps ``bench/run`` takes: each benchmark script and each fault drill, with their sizes.

A benchmark script runs in its own process (``--json`` prints its figures as a dict on the
last line) so one benchmark's imports, caches and memory never colour another's; its dict
is turned into :class:`~bench.report.Figure` rows here, with the goal each figure is judged
against. Drills run in this process and return :class:`~bench.report.Drill` counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.report import Drill, Figure

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[bool], tuple[list[Figure], list[Drill]]]


def script(name: str, *args: str, timeout: float = 1800) -> dict[str, Any]:
    """Run ``bench/NAME`` with ``args`` and ``--json``; its figures (the last line of its output)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    done = subprocess.run([sys.executable, str(ROOT / "bench" / name), *args, "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"bench/{name} exited {done.returncode}: {(done.stderr or done.stdout)[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def judged(value: float, limit: float | None, lower_is_better: bool = True) -> bool | None:
    if limit is None:
        return None
    return value <= limit if lower_is_better else value >= limit


def _ms(name: str, stats: dict, *, source: str, baseline_ms: float | None = None, baseline: str = "",
        key: str = "median_ms", goal: str = "", limit: float | None = None, ratio_limit: float | None = None,
        ratio: float | None = None) -> Figure:
    """A duration figure: its median (or ``key``) in ms, the spread, and a goal on the value or the ratio."""
    value = stats[key]
    if ratio is None and baseline_ms:
        ratio = value / baseline_ms
    spread = f"p95 {stats['p95_ms']:.1f} ms, n={stats.get('n', '?')}" if "p95_ms" in stats and key != "p95_ms" \
        else f"median {stats['median_ms']:.1f} ms, n={stats.get('n', '?')}" if "median_ms" in stats else ""
    met = judged(ratio, ratio_limit) if ratio_limit is not None and ratio is not None else judged(value, limit)
    return Figure(name, round(value, 2), "ms", spread, baseline, round(ratio, 2) if ratio is not None else None,
                  goal, met, source)


# ------------------------------------------------------------------ benchmarks


ONE_CORE = " — one core"  # the suffix of a figure measured again pinned to one core (taskset -c 0)


def _with_one_core(data: dict[str, Any], figures: Callable[[dict[str, Any], str], list[Figure]]) -> list[Figure]:
    """The figures, then (when the script measured them) the same figures on one core, standing for an old laptop."""
    rows = figures(data, "")
    again = data.get("one_core")
    if isinstance(again, dict) and "error" not in again:
        rows += figures(again, ONE_CORE)
    return rows


def _one_core_flag(quick: bool) -> list[str]:
    return [] if quick else ["--one-core"]


def _attendance(quick: bool) -> tuple[list[Figure], list[Drill]]:
    people = "40" if quick else "300"
    names = {"record_attendance": "Mark a worker's attendance (service → commit)",
             "scan": "Badge scan (service → commit)", "set_status": "Status change (service → commit)",
             "record_participation": "Participation tick (service → commit)"}

    def figures(data: dict[str, Any], suffix: str) -> list[Figure]:
        bare = data["bare_insert_commit"]
        base = f"bare sqlite3 INSERT+COMMIT {bare['median_ms']:.2f} ms"
        return [_ms(f"{label}, {people} people{suffix}", data[key], source="bench/bench_attendance.py",
                    baseline=base, ratio=data[key]["ratio_to_bare"], goal="≤ 4× bare", ratio_limit=4.0)
                for key, label in names.items()]

    return _with_one_core(script("bench_attendance.py", "--participants", people, *_one_core_flag(quick)),
                          figures), []


def _ui(quick: bool) -> tuple[list[Figure], list[Drill]]:
    workers, big = ("2000", "200") if quick else ("20000", "1000")
    data = script("bench_ui.py", "--workers", workers, "--big-group", big, "--scans", "20" if quick else "100",
                  "--launches", "1" if quick else "3", *_one_core_flag(quick), timeout=3600)
    src = "bench/bench_ui.py"

    def figures(data: dict[str, Any], suffix: str) -> list[Figure]:
        svc = data["service_scan_40"]
        launch = data["launch"]
        least = data["least_scan_screen"]
        return [
            _ms(f"Scan → row shows the status, 40 people (p95){suffix}", data["scan_to_row_40"], key="p95_ms",
                source=src, baseline=f"the service call alone, p95 {svc['p95_ms']:.1f} ms",
                ratio=data["scan_to_row_40"]["p95_ratio_to_service"], goal="≤ 1.3× the service", ratio_limit=1.3),
            _ms(f"Scan → row shows the status, {big} people (p95){suffix}", data["scan_to_row_big"], key="p95_ms",
                source=src, baseline="the service call alone", ratio=data["scan_to_row_big"]["p95_ratio_to_service"],
                goal="≤ 1.3× the service", ratio_limit=1.3),
            _ms(f"Least a scan screen can do: Enter → service → one row repainted, {big} people (p95){suffix}",
                least, key="p95_ms", source=src, baseline="the service call alone",
                ratio=least["p95_ratio_to_service"], goal="reference: the lowest ratio a scan screen can reach"),
            _ms(f"Staff search keystroke, {int(workers):,} workers (p95){suffix}", data["search_keystroke"],
                key="p95_ms", source=src,
                baseline=f"the search service alone, p95 {data['service_search']['p95_ms']:.1f} ms",
                ratio=data["search_keystroke"]["p95_ratio_to_service"], goal="< 30 ms", limit=30.0),
            Figure(f"Launch → window shown, {int(workers):,} workers (warm){suffix}", launch["warm_ms"], "ms",
                   f"cold (no .pyc) {launch['cold_ms']} ms; the storage stack alone (SQLAlchemy, SQLModel, the "
                   f"tables) {launch['storage_stack_ms']} ms = {launch['storage_stack_ratio_to_bare']:.2f}× bare",
                   f"a bare QMainWindow {launch['bare_ms']} ms",
                   launch["warm_ratio_to_bare"], "≤ 5× bare", judged(launch["warm_ratio_to_bare"], 5.0), src),
            Figure(f"Memory (RSS) after launch{suffix}", data["rss_after_launch_mb"], "MB", "", "", None, "", None,
                   src),
            Figure(f"Memory (RSS) after a course day{suffix}", data["rss_after_course_day_mb"], "MB", "", "", None,
                   "", None, src),
        ]

    return _with_one_core(data, figures), []


def _zoom(quick: bool) -> tuple[list[Figure], list[Drill]]:
    data = script("bench_zoom.py", "--rounds", "1" if quick else "4")
    old = data["old_path"]
    return [_ms("Zoom step, 40-person group shown", data["zoom_step"], source="bench/bench_zoom.py",
                baseline=f"the old rebuild-everything path {old['median_ms']:.0f} ms",
                ratio=data["zoom_step"]["median_ratio_to_old_path"], goal="< 300 ms", limit=300.0)], []


def _import(quick: bool) -> tuple[list[Figure], list[Drill]]:
    rows = "2000" if quick else "20000"

    def figures(data: dict[str, Any], suffix: str) -> list[Figure]:
        return [Figure(f"Staff import, {int(rows):,} rows, {label} (file → committed){suffix}", item["seconds"], "s",
                       "", f"bare read + insert {item['bare_seconds']:.2f} s", item["ratio_to_bare"], "≤ 4× bare",
                       judged(item["ratio_to_bare"], 4.0), "bench/bench_import.py")
                for item, label in ((data["staff_import_csv"], "CSV"), (data["staff_import_xlsx"], "XLSX"))]

    return _with_one_core(script("bench_import.py", "--rows", rows, *_one_core_flag(quick)), figures), []


def _constancias(quick: bool) -> tuple[list[Figure], list[Drill]]:
    people = "100" if quick else "1000"
    data = script("bench_constancias.py", "--people", people, "--repeat", "1" if quick else "3")
    return [Figure(f"Constancias issued through the service, {int(people):,} people", data["service_per_s"],
                   "constancias/s", "", f"PDF-only rate {data['pdf_only_per_s']:.0f} pages/s", data["ratio"],
                   "≥ 300/s", judged(data["service_per_s"], 300.0, lower_is_better=False),
                   "bench/bench_constancias.py")], []


def _coverage(quick: bool) -> tuple[list[Figure], list[Drill]]:
    workers, weeks = ("1000", "26") if quick else ("5000", "104")
    data = script("bench_coverage.py", "--workers", workers, "--weeks", weeks, "--repeat", "2" if quick else "5")
    bare = data["bare_query"]
    base = f"a bare query of the same rows {bare['median_ms']:.0f} ms"
    src = "bench/bench_coverage.py"

    def fig(key: str, label: str, limit: float) -> Figure:
        item = data[key]
        return Figure(label, item["median_ms"], "ms", f"min–max {item['min_ms']:.0f}–{item['max_ms']:.0f} ms", base,
                      item["ratio_to_bare"], f"< {limit:.0f} ms", judged(item["median_ms"], limit), src)

    return [fig("dashboard", f"Director's dashboard opens, {int(workers):,} workers, {int(weeks) // 52} years",
                500.0),
            fig("XLSX_export", f"Coverage export to XLSX, {int(workers):,} workers", 3000.0)], []


def _sync(quick: bool) -> tuple[list[Figure], list[Drill]]:
    args = ["--weeks", "4", "--staff", "300", "--outbox", "400"] if quick else []
    data = script("bench_sync.py", *args)
    src = "bench/bench_sync.py"
    group, boot, push = data["group"], data["bootstrap"], data["push"]
    return [
        Figure(f"Sync one finished 40-person group ({group['ops']} ops, {group['constancias']} constancias) at "
               "1 Mbit/s, 300 ms RTT", group["seconds"], "s", f"{group['bytes'] / 1024:.0f} KiB on the wire",
               f"unthrottled {group['baseline_seconds']:.2f} s; link floor {group['floor_seconds']:.2f} s",
               round(group["seconds"] / group["floor_seconds"], 2) if group["floor_seconds"] else None,
               "< 5 s", judged(group["seconds"], 5.0), src),
        Figure(f"Bootstrap a unit of {boot['workers']:,} workers, {boot['groups']} groups, at 1 Mbit/s",
               boot["seconds"], "s", f"{boot['bytes'] / 1024:.0f} KiB on the wire",
               f"unthrottled {boot['baseline_seconds']:.2f} s; link floor {boot['floor_seconds']:.2f} s",
               round(boot["seconds"] / boot["floor_seconds"], 2) if boot["floor_seconds"] else None,
               "< 15 s" if not quick else "", judged(boot["seconds"], 15.0) if not quick else None, src),
        Figure(f"Push of a {push['ops']:,}-op outbox", push["engine_ops_per_s"], "ops/s", "",
               f"the server's own ingest {push['server_ops_per_s']:.0f} ops/s", push["ratio"], "", None, src),
    ], []


def _coordination(quick: bool) -> tuple[list[Figure], list[Drill]]:
    args = ["--units", "8", "--workers-per-unit", "200", "--groups-per-unit", "4", "--reads", "10",
            "--batches", "3"] if quick else ["--units", "40"]
    backend = "both" if os.environ.get("AULA_TEST_POSTGRES_URL") and not quick else "sqlite"
    data = script("bench_coordination.py", *args, "--backend", backend, timeout=3600)
    src = "bench/bench_coordination.py"
    figures = []
    for name, item in data.items():
        scale = f"{item['units']} units, {item['workers']:,} workers, {name}"
        for key, label in (("headline_ms", "Coordination headline page"), ("unit_ms", "Coordination unit page")):
            page = item[key]
            figures.append(Figure(f"{label} p95 ({scale})", page["p95"], "ms", f"p50 {page['p50']:.0f} ms, "
                                  f"{page['kb']:.0f} KB", "", None, "< 300 ms (PostgreSQL)",
                                  judged(page["p95"], 300.0) if name == "postgresql" else None, src))
        figures.append(Figure(f"Push ingest with 4 workers while the dashboard is read ({name})",
                              item["ingest_ops_per_s"], "ops/s", f"coverage visible {item['coverage_lag_ms']:.0f} ms "
                              "after a batch", f"bare bulk insert {item['bare_rows_per_s']:.0f} rows/s",
                              round(item["ingest_ops_per_s"] / item["bare_rows_per_s"], 3), "", None, src))
        figures.append(Figure(f"Server backup / restore ({name}, {item['backup_mb']:.0f} MB)", item["backup_s"], "s",
                              f"restore {item['restore_s']:.1f} s", "", None, "", None, src))
    return figures, []


# ------------------------------------------------------------------ drills


def _drill_qr(quick: bool) -> tuple[list[Figure], list[Drill]]:
    from bench.drills import qr_forgery

    return [], [qr_forgery.run(quick)]


def _drill_importer(quick: bool) -> tuple[list[Figure], list[Drill]]:
    from bench.drills import importer_fuzz

    return [], [importer_fuzz.run(quick)]


def _drill_crash_marks(quick: bool) -> tuple[list[Figure], list[Drill]]:
    from bench.drills import crash

    return [], [crash.marks(3 if quick else 50), crash.issuing(2 if quick else 50)]


def _drill_api(quick: bool) -> tuple[list[Figure], list[Drill]]:
    from bench.drills import api

    return [], [api.authorization(quick), api.fuzz(quick)]


def _drill_sync(quick: bool) -> tuple[list[Figure], list[Drill]]:
    from bench.drills import sync_faults

    return [], [sync_faults.run(quick)]


def steps() -> list[Step]:
    return [
        Step("bench: attendance writes", _attendance),
        Step("bench: screens (scan, search, launch, memory)", _ui),
        Step("bench: zoom", _zoom),
        Step("bench: staff import", _import),
        Step("bench: constancias", _constancias),
        Step("bench: director's coverage", _coverage),
        Step("bench: sync", _sync),
        Step("bench: coordination server", _coordination),
        Step("drill: forged QR payloads", _drill_qr),
        Step("drill: malformed staff lists", _drill_importer),
        Step("drill: SIGKILL while marking and while issuing", _drill_crash_marks),
        Step("drill: authorization matrix and API fuzz", _drill_api),
        Step("drill: sync through faults", _drill_sync),
    ]

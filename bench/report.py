"""The report ``bench/run`` writes: figures, drills and the machine they ran on.

A :class:`Figure` is one measured value with the baseline measured in the same run, its
ratio, the goal and whether it is met; a :class:`Drill` is a fault drill's counts and the
one verdict that matters (nothing lost, nothing duplicated, no forgery accepted). Both
are written as Markdown (``report.md``) and JSON (``report.json``).
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    """One measured figure.

    Attributes:
        name: what was measured, in words.
        value: the median of the repetitions.
        unit: "ms", "s", "ops/s", "MB", "×"...
        spread: the repetitions' spread in words ("p95 3.1 ms", "min–max 0.8–1.1 s").
        baseline: what the value is compared with, measured in the same run, with its unit.
        ratio: value / baseline (or baseline / value for rates), when there is a baseline.
        goal: the aim in words ("≤ 4× bare", "< 5 s").
        met: whether the goal is met; ``None`` when the goal cannot be judged from this run.
        source: the benchmark that produced it.
    """

    name: str
    value: float
    unit: str
    spread: str = ""
    baseline: str = ""
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None
    source: str = ""


@dataclass
class Drill:
    """A fault drill: its counts and whether it found a lost mark, a duplicate or an accepted forgery."""

    name: str
    counts: dict[str, Any]
    passed: bool
    note: str = ""
    source: str = ""


@dataclass
class Report:
    mode: str
    command: str
    machine: dict[str, str]
    started: str
    seconds: float = 0.0
    figures: list[Figure] = field(default_factory=list)
    drills: list[Drill] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # benchmarks that could not run, with the reason

    @property
    def drills_passed(self) -> bool:
        return all(drill.passed for drill in self.drills)


def _first(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.M)
    return found.group(1).strip() if found else "?"


def _run(*args: str) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict[str, str]:
    """CPU model, cores, memory, OS and the versions of Python, Qt, SQLite and PostgreSQL."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    osrel = Path("/etc/os-release").read_text() if Path("/etc/os-release").exists() else ""
    mem_kb = _first(r"^MemTotal:\s+(\d+)", meminfo)
    try:
        import PySide6
        from PySide6 import QtCore

        qt = f"Qt {QtCore.qVersion()} (PySide6 {PySide6.__version__})"
    except ImportError:
        qt = "not installed"
    postgres = "not available"
    candidates = [shutil.which("postgres"), shutil.which("psql"),
                  *map(str, sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres")))]
    for candidate in filter(None, candidates):
        postgres = _run(candidate, "--version") or postgres
        if postgres != "not available":
            break
    return {
        "cpu": _first(r"^model name\s*:\s*(.+)$", cpuinfo),
        "cores": str(os.cpu_count()),
        "cores_usable": str(len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else "?",
        "memory": f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else "?",
        "os": _first(r'^PRETTY_NAME="?([^"\n]+)', osrel) + f" (kernel {platform.release()})",
        "python": sys.version.split()[0],
        "qt": qt,
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres,
    }


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3g}"


def _met(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "—"}[met]


def to_markdown(report: Report) -> str:
    m = report.machine
    lines = [
        f"# Aula: benchmarks and fault drills ({report.mode})",
        "",
        f"Produced by `{report.command}` on {report.started}, in {report.seconds:.0f} s. Every figure below was "
        "measured by the code of this repository in that run; baselines were measured in the same run, on the "
        "same machine, so ratios hold where absolute times depend on the machine's load.",
        "",
        "## Machine",
        "",
        "| | |", "|---|---|",
        *(f"| {key} | {value} |" for key, value in m.items()),
        "",
        "## Figures",
        "",
        "| figure | value | spread | baseline (same run) | ratio | goal | met | source |",
        "|---|---:|---|---|---:|---|---|---|",
    ]
    for f in report.figures:
        ratio = f"{_number(f.ratio)}×" if f.ratio is not None else "—"
        lines.append(f"| {f.name} | {_number(f.value)} {f.unit} | {f.spread} | {f.baseline or '—'} | {ratio} "
                     f"| {f.goal or '—'} | {_met(f.met)} | `{f.source}` |")
    lines += ["", "## Drills", "", "| drill | counts | verdict | note |", "|---|---|---|---|"]
    for d in report.drills:
        counts = ", ".join(f"{k}: {v}" for k, v in d.counts.items())
        lines.append(f"| {d.name} | {counts} | {'passed' if d.passed else '**FAILED**'} | {d.note} |")
    if report.failures:
        lines += ["", "## Could not run", ""] + [f"- {failure}" for failure in report.failures]
    met = [f for f in report.figures if f.met is not None]
    lines += ["", f"{sum(1 for f in met if f.met)} of {len(met)} judged goals met; "
              f"{sum(1 for d in report.drills if d.passed)} of {len(report.drills)} drills passed.", ""]
    return "\n".join(lines)


def write(report: Report, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    markdown, data = directory / "report.md", directory / "report.json"
    markdown.write_text(to_markdown(report), encoding="utf-8")
    data.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=2), encoding="utf-8")
    return markdown, data

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


def steps() -> list[Step]:
    return [
        Step("drill: forged QR payloads", _drill_qr),
        Step("drill: malformed staff lists", _drill_importer),
        Step("drill: SIGKILL while marking and while issuing", _drill_crash_marks),
        Step("drill: authorization matrix and API fuzz", _drill_api),
    ]

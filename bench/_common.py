"""Small helpers shared by the benchmarks: timing statistics, one-core reruns, memory, JSON figures.

Every benchmark's ``main(argv)`` returns a dict of figures (milliseconds, seconds,
ratios to the baseline measured in the same run) so a ``bench/run`` can collect
them; ``--json`` prints that dict as the last line. ``--one-core`` measures the
same figures again in a child pinned to one core (``taskset -c 0``), standing for
an old two-core laptop busy with something else, and adds them under ``"one_core"``.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def describe_ms(values_s: list[float]) -> str:
    ms = [v * 1000 for v in values_s]
    return (f"median {statistics.median(ms):.3f} ms, p95 {percentile(ms, 95):.3f} ms, "
            f"p99 {percentile(ms, 99):.3f} ms (n={len(ms)})")


def stats_ms(values_s: list[float]) -> dict[str, float]:
    """Median, p95 and p99 of durations in seconds, in milliseconds."""
    ms = [v * 1000 for v in values_s]
    return {"median_ms": round(statistics.median(ms), 3), "p95_ms": round(percentile(ms, 95), 3),
            "p99_ms": round(percentile(ms, 99), 3), "n": len(ms)}


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process now (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def add_common_options(parser) -> None:  # noqa: ANN001
    parser.add_argument("--one-core", action="store_true",
                        help="measure again pinned to one core (taskset -c 0) and report both")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on the last line")


def one_core(script: str, argv: list[str]) -> dict:
    """The figures of ``script`` run again with ``argv`` in a child pinned to core 0."""
    if shutil.which("taskset") is None:
        return {"error": "taskset not available"}
    argv = [a for a in argv if a not in ("--one-core", "--json")]
    out = subprocess.run(["taskset", "-c", "0", sys.executable, script, *argv, "--json"],
                         capture_output=True, text=True, check=True)
    sys.stdout.write("\n".join(f"  [one core] {line}" for line in out.stdout.splitlines()[:-1]) + "\n")
    return json.loads(out.stdout.splitlines()[-1])


def finish(figures: dict, args, script: str, argv: list[str]) -> dict:  # noqa: ANN001
    """Add the one-core figures when asked, print JSON when asked; returns ``figures``."""
    if args.one_core:
        print("the same, pinned to one core (taskset -c 0):", flush=True)
        figures["one_core"] = one_core(script, argv)
    if args.json:
        print(json.dumps(figures))
    return figures

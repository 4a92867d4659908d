"""Small helpers shared by the benchmarks: timing statistics and a temp database."""

from __future__ import annotations

import statistics
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

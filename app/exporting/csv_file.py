"""The coverage as CSV: UTF-8 with BOM (so Excel opens accents right), one row per worker."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from app.exporting.model import WORKER_COLUMNS, CoverageReport


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_coverage_csv(report: CoverageReport, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(WORKER_COLUMNS)
        for row in report.rows:
            writer.writerow([_text(v) for v in row])
    return path

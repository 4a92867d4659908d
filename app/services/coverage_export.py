"""Exports of the coverage screen (XLSX, CSV, PDF) and the DC-4-style list of constancias issued."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlmodel import select

from app.domain.text import sortable_name
from app.exporting.csv_file import write_coverage_csv
from app.exporting.model import Chart, CoverageReport, IssuedList
from app.exporting.pdf import write_coverage_pdf
from app.exporting.xlsx import write_coverage_xlsx, write_issued_xlsx
from app.services.context import Context
from app.services.coverage import STAFF_STATUSES, Coverage, CoverageStatus, Freshness, freshness, unit_coverage
from app.services.errors import InvalidInput
from app.storage.tables import Constancia, Course, CourseGroup, Unit, Worker

FORMATS = (".xlsx", ".csv", ".pdf")


def freshness_text(fresh: Freshness) -> str:
    """``Datos al 24/11/2026 07:30`` and, per device, its last sync and pending changes, in Spanish."""
    parts = [f"Datos al {fresh.as_of:%d/%m/%Y %H:%M}"]
    for device in fresh.devices:
        if device.last_sync_at is None:
            state = "no se ha sincronizado"
        else:
            state = f"última sincronización {device.last_sync_at.astimezone():%d/%m/%Y %H:%M}"
        pending = f"{device.pending_changes} cambios por enviar" if device.pending_changes else "sin cambios por enviar"
        parts.append(f"{device.label}: {state}, {pending}")
    return " · ".join(parts)


def headline(coverage: Coverage) -> tuple[tuple[str, object], ...]:
    rows: list[tuple[str, object]] = [("Esperados (plantilla)", coverage.expected),
                                      ("Capacitados", coverage.trained),
                                      ("Cobertura (%)", coverage.percent)]
    rows += [(f"Estado: {status.value}", coverage.count(status)) for status in STAFF_STATUSES]
    rows.append(("Ya no están en la plantilla", coverage.count(CoverageStatus.LEFT)))
    if coverage.target_date is not None:
        rows += [("Fecha meta", coverage.target_date),
                 ("Capacitados o en grupos que terminan antes de la fecha meta", coverage.on_track),
                 ("Cobertura a la fecha meta (%)", coverage.on_track_percent)]
    return tuple(rows)


def build_report(coverage: Coverage, fresh: Freshness) -> CoverageReport:
    rows = tuple((w.matricula, w.name, w.category, w.department, w.shift, w.status.value, w.group_code or None,
                  w.first_date, w.last_date, w.folio or None, w.issued_on, w.reason or None,
                  w.reenrolled_group or None) for w in coverage.workers)
    charts = tuple(Chart(b.title, tuple(r.key for r in b.rows),
                         tuple((status.value, tuple(r.counts[n] for r in b.rows))
                               for n, status in enumerate(STAFF_STATUSES)))
                   for b in coverage.breakdowns())
    pending = tuple((w.matricula, w.name, w.department, w.shift)
                    for w in coverage.select(status=CoverageStatus.PENDING))
    return CoverageReport(coverage.unit_code, coverage.unit_name, coverage.course_code, coverage.course_name,
                          coverage.as_of, freshness_text(fresh), headline(coverage), rows, charts, pending)


def default_file_name(unit_code: str, course_code: str, day: dt.date, suffix: str) -> str:
    """``cobertura-UMF07-SER-BT-2026-11-24.xlsx``: the unit and the date in every file name."""
    return f"cobertura-{unit_code}-{course_code}-{day.isoformat()}{suffix}"


def export_coverage(ctx: Context, unit_code: str, out: Path, course_code: str | None = None, *,
                    coverage: Coverage | None = None) -> Path:
    """Write the coverage to ``out`` as XLSX, CSV or PDF (by its extension); a folder gets the default name."""
    coverage = coverage or unit_coverage(ctx, unit_code, course_code)
    if out.is_dir():
        out = out / default_file_name(coverage.unit_code, coverage.course_code, coverage.as_of.date(), ".xlsx")
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(f"No se puede exportar a «{out.name}»: use un archivo .xlsx, .csv o .pdf.")
    report = build_report(coverage, freshness(ctx))
    writer = {".xlsx": write_coverage_xlsx, ".csv": write_coverage_csv, ".pdf": write_coverage_pdf}[suffix]
    try:
        return writer(report, out)
    except OSError as exc:
        raise InvalidInput(f"No se pudo escribir el archivo {out}: {exc.strerror or exc}.") from exc


def issued_list(ctx: Context, unit_code: str, start: dt.date, end: dt.date) -> IssuedList:
    """Every constancia issued for the unit's groups between ``start`` and ``end`` (inclusive)."""
    if end < start:
        raise InvalidInput("La fecha final del periodo es anterior a la inicial.")
    with ctx.db.read() as s:
        unit = s.exec(select(Unit).where(Unit.code == unit_code.strip().upper(), Unit.deleted_at.is_(None))).first()
        if unit is None:
            raise InvalidInput(f"No existe la unidad «{unit_code}».")
        found = s.exec(select(Constancia, Worker, CourseGroup, Course)
                       .join(Worker, Worker.id == Constancia.worker_id)
                       .join(CourseGroup, CourseGroup.id == Constancia.group_id)
                       .join(Course, Course.id == CourseGroup.course_id)
                       .where(CourseGroup.unit_id == unit.id, Constancia.deleted_at.is_(None))
                       .order_by(Constancia.folio)).all()
    rows = []
    for c, w, g, course in found:
        snapshot = json.loads(c.snapshot)
        issued_on = dt.date.fromisoformat(snapshot["issued_on"])
        if not start <= issued_on <= end:
            continue
        fields = snapshot.get("fields", {})
        dates = fields.get("dates") or [None]
        first, last = dates[0], dates[-1]
        rows.append((c.folio, issued_on, w.matricula, w.curp, sortable_name(w.given_names, w.paternal_surname,
                                                                            w.maternal_surname),
                     w.category, w.department, fields.get("course_name", course.name), g.code,
                     fields.get("hours", course.hours),
                     dt.date.fromisoformat(first) if first else None, dt.date.fromisoformat(last) if last else None,
                     c.status.value))
    return IssuedList(unit.code, unit.name, start, end, tuple(rows))


def export_issued(ctx: Context, unit_code: str, start: dt.date, end: dt.date, out: Path) -> Path:
    issued = issued_list(ctx, unit_code, start, end)
    if out.is_dir():
        out = out / f"constancias-{issued.unit_code}-{start.isoformat()}-{end.isoformat()}.xlsx"
    return write_issued_xlsx(issued, out)

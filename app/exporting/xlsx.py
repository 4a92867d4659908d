"""The coverage workbook and the DC-4-style list (openpyxl)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from app.exporting.model import DC4_COLUMNS, WORKER_COLUMNS, CoverageReport, IssuedList

DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")


def _table(book: Workbook, title: str, columns: tuple[str, ...], rows) -> None:
    """A write-only sheet: a bold, frozen header with filters on, then the rows (numbers as numbers,
    dates as dates shown dd/mm/yyyy). Write-only keeps thousands of rows to a fraction of the time."""
    sheet = book.create_sheet(title)
    widths = [len(c) + 2 for c in columns]
    for row in rows[:200]:  # a sample is enough to size the columns
        for i, value in enumerate(row):
            if value is not None:
                widths[i] = min(max(widths[i], 12 if hasattr(value, "isoformat") else len(str(value)) + 2), 60)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    header = []
    for text in columns:
        cell = WriteOnlyCell(sheet, text)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_dated(sheet, v) if isinstance(v, dt.date) else v for v in row])


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, text)
    cell.font = Font(bold=True)
    return cell


def _dated(sheet, value: dt.date) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = DATE_FORMAT
    return cell


def write_coverage_xlsx(report: CoverageReport, path: Path) -> Path:
    """Summary sheet (headline and breakdowns), one sheet with a row per worker."""
    book = Workbook(write_only=True)
    summary = book.create_sheet("Resumen")
    summary.column_dimensions["A"].width = 48
    for letter in "BCDEFGH":
        summary.column_dimensions[letter].width = 16
    title = WriteOnlyCell(summary, f"Cobertura de {report.course_name} ({report.course_code})")
    title.font = Font(bold=True, size=14)
    summary.append([title])
    summary.append([f"{report.unit_name} ({report.unit_code})"])
    summary.append([report.freshness])
    summary.append([])
    for label, value in report.headline:
        summary.append([label, _dated(summary, value) if isinstance(value, dt.date) else value])
    for chart in report.charts:
        summary.append([])
        summary.append([_bold(summary, text) for text in (chart.title, "Esperados",
                                                          *(label for label, _ in chart.series))])
        for n, category in enumerate(chart.categories):
            counts = [values[n] for _, values in chart.series]
            summary.append([category, sum(counts), *counts])
    _table(book, "Trabajadores", WORKER_COLUMNS, report.rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_issued_xlsx(issued: IssuedList, path: Path) -> Path:
    """The DC-4-style list: one row per constancia issued in the period."""
    book = Workbook(write_only=True)
    _table(book, "Constancias", DC4_COLUMNS, issued.rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path

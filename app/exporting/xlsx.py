"""The coverage workbook and the DC-4-style list (openpyxl)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.exporting.model import DC4_COLUMNS, WORKER_COLUMNS, CoverageReport, IssuedList

DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DCE6F0")


def _table(sheet: Worksheet, columns: tuple[str, ...], rows) -> None:
    """A header row (bold, frozen, filters on) and the rows: numbers as numbers, dates as dates."""
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    widths = [len(c) + 2 for c in columns]
    date_columns = set()
    for row in rows:
        sheet.append(list(row))
        for i, value in enumerate(row):
            if hasattr(value, "isoformat"):
                date_columns.add(i)
                widths[i] = max(widths[i], 12)
            elif value is not None:
                widths[i] = min(max(widths[i], len(str(value)) + 2), 60)
    for i in date_columns:
        for cell in sheet.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell[0].number_format = DATE_FORMAT
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, sheet.max_row)}"


def write_coverage_xlsx(report: CoverageReport, path: Path) -> Path:
    """Summary sheet (headline and breakdowns), one sheet with a row per worker."""
    book = Workbook(write_only=False)
    summary = book.active
    summary.title = "Resumen"
    summary.append([f"Cobertura de {report.course_name} ({report.course_code})"])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([f"{report.unit_name} ({report.unit_code})"])
    summary.append([report.freshness])
    summary.append([])
    for label, value in report.headline:
        summary.append([label, value])
        if hasattr(value, "isoformat"):
            summary.cell(summary.max_row, 2).number_format = DATE_FORMAT
    for chart in report.charts:
        summary.append([])
        summary.append([chart.title, "Esperados", *(label for label, _ in chart.series)])
        for cell in summary[summary.max_row]:
            cell.font = Font(bold=True)
        for n, category in enumerate(chart.categories):
            counts = [values[n] for _, values in chart.series]
            summary.append([category, sum(counts), *counts])
    summary.column_dimensions["A"].width = 48
    for letter in "BCDEFGH":
        summary.column_dimensions[letter].width = 16
    _table(book.create_sheet("Trabajadores"), WORKER_COLUMNS, report.rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_issued_xlsx(issued: IssuedList, path: Path) -> Path:
    """The DC-4-style list: one row per constancia issued in the period."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Constancias"
    _table(sheet, DC4_COLUMNS, issued.rows)
    book.save(path)
    return path

"""CSV and XLSX downloads with the rows and columns the dashboard shows."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from server.coordination.coverage import ELIGIBLE, IN_PROGRESS, LEFT_STAFF, NOT_QUALIFIED, PENDING, TRAINED
from server.coordination.figures import LABELS, UnitDetail, UnitRow

_COUNTED = (TRAINED, ELIGIBLE, IN_PROGRESS, NOT_QUALIFIED, PENDING, LEFT_STAFF)
UNITS_HEADER = ["Región", "Clave", "Unidad", "Tipo", "Plantilla", *[LABELS[s] for s in _COUNTED], "Cobertura %"]
WORKERS_HEADER = ["Matrícula", "Nombre", "Servicio", "Categoría", "Turno", "Estado", "Grupo", "Folio", "Fecha"]


def unit_table(rows: list[UnitRow]) -> list[list[object]]:
    return [[r.region, r.code, r.name, r.kind, r.figures.expected, *[r.figures.counts[s] for s in _COUNTED],
             r.figures.percent] for r in rows]


def worker_table(detail: UnitDetail) -> list[list[object]]:
    return [[w.matricula, w.name, w.department, w.category, w.shift, LABELS[w.status], w.group_code, w.folio,
             dt.date.fromisoformat(w.issued_at) if _is_date(w.issued_at) else None] for w in detail.workers]


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def to_csv(header: list[str], rows: list[list[object]]) -> bytes:
    """UTF-8 with BOM, so Excel opens the accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    """Numbers as numbers, dates as dates, frozen header and filters on."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(40, len(name) + 4))
        if name == "Fecha":
            for cell in sheet[get_column_letter(index)][1:]:
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""What an export contains: the same figures and rows the dashboard shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Cell = str | int | float | dt.date | None

#: The per-worker columns, in order (XLSX and CSV).
WORKER_COLUMNS = ("Matrícula", "Nombre", "Categoría", "Servicio", "Turno", "Estado", "Grupo", "Inicio",
                  "Fin", "Folio", "Fecha de constancia", "Motivo", "Reinscrito en")


@dataclass(frozen=True)
class Chart:
    """A breakdown: one bar per category, stacked by status."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (status label, one count per category)


@dataclass(frozen=True)
class CoverageReport:
    unit_code: str
    unit_name: str
    course_code: str
    course_name: str
    as_of: dt.datetime
    freshness: str
    headline: tuple[tuple[str, Cell], ...]  # (label, number or date)
    rows: tuple[tuple[Cell, ...], ...]  # one per worker, WORKER_COLUMNS
    charts: tuple[Chart, ...]
    pending: tuple[tuple[str, str, str, str], ...]  # matrícula, name, service, shift


#: The DC-4-style list of constancias issued in a period.
DC4_COLUMNS = ("Folio", "Fecha de emisión", "Matrícula", "CURP", "Nombre", "Categoría", "Servicio", "Curso",
               "Grupo", "Horas", "Inicio", "Fin", "Estado")


@dataclass(frozen=True)
class IssuedList:
    unit_code: str
    unit_name: str
    start: dt.date
    end: dt.date
    rows: tuple[tuple[Cell, ...], ...]  # DC4_COLUMNS

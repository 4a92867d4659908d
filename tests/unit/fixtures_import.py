"""Helpers that write messy staff files (CSV and XLSX) at test time.

Nothing binary is committed: each test writes the file it needs into
``tmp_path`` with these helpers, in the encodings, delimiters and layouts
people really send.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from app.domain.identifiers import curp_check_digit

Row = Sequence[object]

HEADER = [
    "Matrícula", "Nombre(s)", "Apellido paterno", "Apellido materno",
    "CURP", "Categoría", "Servicio", "Turno",
]
"""The header of a tidy staff list, in the order of :data:`HEADER`'s fields."""


def make_curp(
    letters: str = "PELJ",
    birth: dt.date = dt.date(1985, 3, 14),
    sex: str = "H",
    state: str = "DF",
    consonants: str = "RPN",
) -> str:
    """A valid CURP (check digit computed) for the given parts."""
    homoclave = "0" if birth.year < 2000 else "A"
    first17 = f"{letters}{birth:%y%m%d}{sex}{state}{consonants}{homoclave}"
    return first17 + curp_check_digit(first17)


def with_wrong_check_digit(curp: str) -> str:
    """``curp`` with its last digit changed, so the check digit no longer matches."""
    return curp[:-1] + str((int(curp[-1]) + 1) % 10)


CURP_JUAN = make_curp("PELJ", dt.date(1985, 3, 14), "H", "DF", "RPN")
CURP_MARIA = make_curp("NUPM", dt.date(1990, 7, 2), "M", "JC", "XXR")
CURP_ANA = make_curp("GOSA", dt.date(2001, 12, 31), "M", "NL", "MNL")


def csv_bytes(rows: Sequence[Row], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    """Rows as CSV bytes the way Excel writes them (quotes when needed, CRLF).

    Args:
        rows: rows of cells; ``None`` is written as an empty cell.
        encoding: ``"utf-8"``, ``"utf-8-sig"`` (with BOM), ``"cp1252"``, ``"utf-16"``.
        delimiter: ``","``, ``";"`` or ``"\\t"``.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode(encoding)


def write_csv(
    path: Path, rows: Sequence[Row], encoding: str = "utf-8", delimiter: str = ","
) -> Path:
    """Write :func:`csv_bytes` to ``path`` and return it."""
    path.write_bytes(csv_bytes(rows, encoding, delimiter))
    return path


def write_xlsx(
    path: Path,
    rows: Sequence[Row],
    title: str = "Plantilla",
    sheets_before: Sequence[tuple[str, Sequence[Row]]] = (),
) -> Path:
    """Write an XLSX workbook whose sheet ``title`` holds ``rows``.

    Args:
        path: where to write.
        rows: rows of cell values (``int``, ``float``, ``str``, dates, ``None``);
            an empty row writes no cells, as a blank row in Excel.
        title: the sheet's name.
        sheets_before: ``(title, rows)`` of sheets placed before it.
    """
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for sheet_title, sheet_rows in (*sheets_before, (title, rows)):
        sheet = workbook.create_sheet(sheet_title)
        for row in sheet_rows:
            sheet.append(list(row))
    workbook.save(path)
    return path


def write_corrupt_xlsx(path: Path) -> Path:
    """A file that starts like a ZIP (as an XLSX does) but is broken inside."""
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage, not a workbook" * 20)
    return path


def write_zip_without_workbook(path: Path) -> Path:
    """A valid ZIP archive that is not a workbook (e.g. a renamed .docx or .zip)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hola.txt", "no soy un libro de Excel")
    return path

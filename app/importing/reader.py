"""Turning a CSV or XLSX file into rows of cells, whatever encoding or delimiter it has.

This module knows about files and formats only; it does not know what the
columns mean. It offers each readable table of a file as a
:class:`SourceTable` (one per worksheet for XLSX; one per plausible
delimiter for CSV, the likeliest first) and lets the caller pick the first
one whose header it recognises.

CSV:
    * encoding: UTF-16 when the file starts with its byte-order mark; else
      UTF-8 (with or without BOM) decoded strictly; else Windows-1252 (what
      Excel in Spanish saves as "CSV"); else Latin-1, which never fails.
    * delimiter: comma, semicolon or tab. :class:`csv.Sniffer` on the first
      lines proposes one; the others follow, ordered by the most times each
      appears on one of those lines (the header line, in practice). The
      caller takes the first delimiter under which it finds the header, so
      a wrong guess (banner lines full of commas in a semicolon file) costs
      only a second look at 30 lines.
    * quoting: Excel's (double quotes, doubled to escape); quoted fields may
      hold delimiters and line breaks. One CSV record is one row, as Excel
      shows it, so row numbers match what the user sees.

XLSX:
    read with openpyxl in ``read_only`` / ``data_only`` mode (cached formula
    values). Missing rows are filled in, so the n-th row yielded is row n of
    the sheet. The sheet's declared dimensions are ignored because some
    programs write them wrong, which would silently cut columns.

Limits (:mod:`.limits`): before openpyxl opens a workbook, the zip's
declared sizes, compression ratios and the sheets' row counts are checked;
a CSV's size is checked before it is read; no table yields more than
:data:`~app.importing.limits.MAX_ROWS` rows. Past a limit the file is
refused with «archivo demasiado grande».
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import itertools
import logging
import zipfile
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree.ElementTree import ParseError

from app.importing.limits import MAX_ROWS, check_csv_size, check_xlsx, rows_over_limit
from app.importing.model import ImportFileError

if TYPE_CHECKING:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

logger = logging.getLogger(__name__)

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
DELIMITERS = (",", ";", "\t")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SNIFF_LINES = 30
_SNIFF_CHARS = 64 * 1024
_DELIMITER_NAMES = {",": "comas", ";": "punto y coma", "\t": "tabuladores"}



def _xlsx_errors() -> tuple[type[BaseException], ...]:
    """What openpyxl raises on a damaged workbook (defusedxml's errors are ValueErrors).

    openpyxl is imported on the first workbook, not at start-up (a third of a second).
    """
    from openpyxl.utils.exceptions import InvalidFileException

    return zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, ParseError, EOFError

_DAMAGED_XLSX = "el archivo está dañado o no es un libro de Excel (.xlsx) válido"
_LOCKED = "no hay permiso para abrirlo (¿está abierto en otro programa?)"


@dataclass(frozen=True)
class SourceTable:
    """One table of a file that may hold the staff list.

    Attributes:
        description: what it is, for logs ("hoja «Plantilla»", "CSV separado por comas").
        sheet: the worksheet's name for XLSX, else ``None``.
        rows: returns a fresh generator over the rows (close it when done); the first item is row 1.
            Cells are ``str`` for CSV and openpyxl values (``str``, ``int``,
            ``float``, ``datetime``, ``None``…) for XLSX; rows may be ragged.
    """

    description: str
    sheet: str | None
    rows: Callable[[], Generator[Sequence[object], None, None]]


def cell_text(value: object) -> str:
    """A cell's value as text: numbers without a spurious ``.0``, dates in ISO form.

    ``None`` → ``""``; ``99123456.0`` → ``"99123456"``; ``date(2026, 11, 23)`` →
    ``"2026-11-23"``. Strings are returned unchanged.
    """
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


@contextlib.contextmanager
def open_tables(path: Path) -> Iterator[list[SourceTable]]:
    """Open ``path`` and yield its candidate tables, most likely first.

    The tables' ``rows`` may only be iterated inside the ``with`` block
    (an XLSX workbook is closed on exit).

    Raises:
        ImportFileError: the file is missing, empty, of another type, not
            text, or a damaged workbook.
    """
    path = Path(path)
    head = _read_head(path)
    if head.startswith(_ZIP_MAGIC):
        check_xlsx(path)  # sizes, compression ratios and row counts, before openpyxl inflates anything
        with _open_workbook(path) as tables:
            yield tables
        return
    if head.startswith(_OLE2_MAGIC):
        raise ImportFileError(
            path,
            "es un libro de Excel antiguo (.xls) o protegido con contraseña; ábralo en Excel y "
            "guárdelo como «Libro de Excel (.xlsx)» sin contraseña, o como CSV",
        )
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        raise ImportFileError(path, _DAMAGED_XLSX)
    if suffix not in CSV_SUFFIXES:
        raise ImportFileError(
            path,
            "no es un libro de Excel (.xlsx) ni un archivo CSV; ábralo en Excel y guárdelo "
            "como «Libro de Excel (.xlsx)» o como «CSV»",
        )
    yield _csv_tables(path)


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        raise ImportFileError(path, "el archivo no existe") from None
    except IsADirectoryError:
        raise ImportFileError(path, "es una carpeta, no un archivo") from None
    except PermissionError:
        raise ImportFileError(path, _LOCKED) from None
    except OSError as error:
        raise ImportFileError(path, f"no se pudo abrir ({error.strerror or error})") from None
    if not head:
        raise ImportFileError(path, "el archivo está vacío")
    return head


# --- CSV -------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; return the text and the encoding used.

    Raises:
        UnicodeError: the bytes are not text (they contain NUL characters).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
    else:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if "\x00" in text:
        raise UnicodeError("the file contains NUL characters: it is not text")
    return text, encoding


def delimiter_order(text: str) -> list[str]:
    """The supported delimiters, the likeliest for ``text`` first.

    :class:`csv.Sniffer` proposes one from the first lines; the rest are
    ordered by the most times each appears on one of those lines, which is
    the header line in practice (ties keep the order comma, semicolon, tab).
    """
    lines = text[:_SNIFF_CHARS].splitlines()[:_SNIFF_LINES]
    ordered: list[str] = []
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters="".join(DELIMITERS))
        ordered.append(dialect.delimiter)
    except csv.Error:
        pass  # the fallback below decides
    widest = {d: max((line.count(d) for line in lines), default=0) for d in DELIMITERS}
    for delimiter in sorted(DELIMITERS, key=lambda d: -widest[d]):
        if delimiter not in ordered:
            ordered.append(delimiter)
    return ordered


def _csv_tables(path: Path) -> list[SourceTable]:
    try:
        check_csv_size(path, path.stat().st_size)
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(path, f"no se pudo abrir ({error.strerror or error})") from None
    try:
        text, encoding = decode_text(data)
    except UnicodeError:
        raise ImportFileError(
            path, "no es un archivo de texto CSV (contiene datos binarios)"
        ) from None
    if not text.strip(' \t\r\n\f\v,;"'):  # nothing but separators and blank lines
        raise ImportFileError(path, "el archivo está vacío")
    delimiters = delimiter_order(text)
    logger.debug("%s: encoding %s, delimiters tried in order %r", path.name, encoding, delimiters)

    def reader_for(delimiter: str) -> Callable[[], Generator[Sequence[object], None, None]]:
        def rows() -> Generator[Sequence[object], None, None]:
            try:
                yield from _capped(path, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
            except csv.Error:  # with newline="" and no NUL, only a cell over csv's size limit
                logger.info("%s: csv error", path.name, exc_info=True)
                raise ImportFileError(
                    path,
                    "el archivo CSV está dañado (una celda es demasiado larga; revise las comillas)",
                ) from None

        return rows

    return [
        SourceTable(f"CSV ({encoding}) separado por {_DELIMITER_NAMES[d]}", None, reader_for(d))
        for d in delimiters
    ]


def _capped(path: Path, rows: Iterator[Sequence[object]]) -> Iterator[Sequence[object]]:
    """``rows``, refused once past :data:`MAX_ROWS` (a sheet's declared size may lie)."""
    yield from itertools.islice(rows, MAX_ROWS)  # no per-row count: 20,000 rows go through here
    if next(rows, None) is not None:
        raise rows_over_limit(path)


# --- XLSX ------------------------------------------------------------------------------


@contextlib.contextmanager
def _open_workbook(path: Path) -> Iterator[list[SourceTable]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except PermissionError:
        raise ImportFileError(path, _LOCKED) from None
    except _xlsx_errors() + (OSError,):
        logger.info("%s: openpyxl could not open it", path.name, exc_info=True)
        raise ImportFileError(path, _DAMAGED_XLSX) from None
    try:
        tables = []
        for sheet in workbook.worksheets:  # chartsheets are not listed here
            rows = _sheet_rows(path, sheet)
            tables.append(SourceTable(f"hoja «{sheet.title}»", sheet.title, rows))
        if not tables:
            raise ImportFileError(path, "el libro no tiene hojas con celdas")
        yield tables
    finally:
        workbook.close()


def _sheet_rows(path: Path, sheet: ReadOnlyWorksheet) -> Callable[[], Generator[Sequence[object], None, None]]:
    def rows() -> Generator[Sequence[object], None, None]:
        sheet.reset_dimensions()  # trust the cells, not the declared size
        try:
            yield from _capped(path, sheet.iter_rows(values_only=True))
        except _xlsx_errors():
            logger.info("%s: damaged worksheet %r", path.name, sheet.title, exc_info=True)
            raise ImportFileError(
                path, f"la hoja «{sheet.title}» está dañada; ábrala en Excel y guárdela de nuevo"
            ) from None

    return rows

"""Reading a whole staff list or roster file into a :class:`ParsedFile`."""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

from app.importing.columns import (
    HEADER_SEARCH_ROWS,
    ColumnMap,
    HeaderNotFound,
    locate_header,
)
from app.importing.gc_pause import gc_paused
from app.importing.model import ImportFileError, ParsedFile
from app.importing.reader import SourceTable, cell_text, open_tables
from app.importing.rows import RowValidator, record_columns

logger = logging.getLogger(__name__)


def read_staff_file(path: Path, *, externals: bool = False) -> ParsedFile:
    """Read a staff list (plantilla) or a group roster from a CSV or XLSX file.

    The file is read completely before anything is returned, so a file that
    cannot be read raises before the caller writes anything. Rows with
    problems do not stop the reading: they are listed in ``problems``.

    Args:
        path: the CSV (UTF-8, UTF-8 with BOM, Windows-1252; comma, semicolon
            or tab) or XLSX file.
        externals: the file is a group roster, which may list external
            participants without matrícula (identified by the CURP, with their
            institution and credential number); a staff list never does.

    Returns:
        The valid records, the problems of the rejected rows, the unrecognised
        columns, the header's row number and the count of non-blank data rows.

    Raises:
        ImportFileError: the file is missing, empty, of another type,
            damaged, has no recognisable header in its first 30 rows, or lacks
            a required column. Its message is in Spanish and names the file.
    """
    path = Path(path)
    with gc_paused(), open_tables(path) as tables:
        parsed = _read_first_usable(path, tables, externals)
    logger.info(
        "%s: header at row %d, %d rows, %d records, %d problems, ignored columns %r",
        path.name, parsed.header_row, parsed.total_rows, len(parsed.records),
        len(parsed.problems), parsed.ignored_columns,
    )
    return parsed


def _read_first_usable(path: Path, tables: list[SourceTable], externals: bool) -> ParsedFile:
    """Parse the first table whose header is recognised; else raise the most telling failure.

    Tables with nothing in their first rows (an empty sheet) are passed over
    without counting as a failure.
    """
    failure: tuple[int, str, SourceTable] | None = None  # the best-scoring header failure
    for table in tables:
        # Closed when left, read or not: an abandoned worksheet iterator holds the workbook's file.
        with contextlib.closing(table.rows()) as rows:
            head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
            if not any(cell_text(cell).strip() for row in head for cell in row):
                continue
            try:
                columns = locate_header(head, externals=externals)
            except HeaderNotFound as error:
                logger.debug("%s, %s: %s", path.name, table.description, error.reason)
                if failure is None or error.score > failure[0]:
                    failure = (error.score, error.reason, table)
                continue
            logger.debug("%s: reading %s", path.name, table.description)
            data = itertools.chain(head[columns.header_row:], rows)
            return _parse_rows(path, table, columns, data, externals)
    if failure is None:
        raise ImportFileError(path, "el archivo está vacío")
    _, reason, table = failure
    sheets = [t.sheet for t in tables if t.sheet is not None]
    where = f" (hoja «{table.sheet}»)" if table.sheet is not None and len(sheets) > 1 else ""
    raise ImportFileError(path, reason + where)


def _parse_rows(
    path: Path, table: SourceTable, columns: ColumnMap, data: Iterable[Sequence[object]],
    externals: bool,
) -> ParsedFile:
    parsed = ParsedFile(
        path=path,
        ignored_columns=list(columns.ignored),
        header_row=columns.header_row,
        sheet=table.sheet,
        columns=record_columns(columns),
    )
    # A worksheet leaves trailing empty cells out of a row; a CSV line keeps every separator.
    validator = RowValidator(columns, externals=externals, check_width=table.sheet is None)
    for row_number, cells in enumerate(data, start=columns.header_row + 1):
        outcome = validator.read(row_number, cells)
        if outcome is None:
            continue
        parsed.total_rows += 1
        if isinstance(outcome, list):
            parsed.problems.extend(outcome)
        else:
            parsed.records.append(outcome)
    return parsed

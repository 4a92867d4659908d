"""Reading staff lists (plantillas) and group rosters from the files people really have.

Public API::

    read_staff_file(path: Path, *, externals=False) -> ParsedFile   # externals: a roster
    ParsedFile(path, records, problems, ignored_columns, header_row, total_rows, sheet, columns)
    StaffRecord(row_number, matricula, given_names, paternal_surname, maternal_surname,
                curp, category, department, shift, institution, credential_number)
    RowProblem(row_number, field, value, reason)   # str(): "Fila 12, CURP «…»: …"
    ImportFileError(path, reason)                  # the file cannot be read at all
    ImportReport(path, created, updated, unchanged, problems, ignored_columns,
                 updates, enrolled, already_enrolled)   # what writing did

Modules: :mod:`.reader` (bytes → rows of cells: encodings, delimiters, XLSX),
:mod:`.columns` (header row and column names), :mod:`.values` (full-name
split, shifts), :mod:`.rows` (row validation), :mod:`.staff_file` (the whole).
Nothing here writes to the database: the caller receives a :class:`ParsedFile`.
"""

from app.importing.model import ImportFileError, ImportReport, ParsedFile, RowProblem, StaffRecord
from app.importing.staff_file import read_staff_file

__all__ = ["ImportFileError", "ImportReport", "ParsedFile", "RowProblem", "StaffRecord", "read_staff_file"]

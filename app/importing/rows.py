"""Validating the data rows of a staff list: each becomes a record or its problems.

Rules, in the order a row is checked:

* A row with nothing in any recognised column is skipped silently (blank
  rows, trailing rows, notes written in unrelated columns).
* Matrícula: required and valid (:func:`app.domain.identifiers.validate_matricula`).
  A matrícula already seen in an earlier row is reported on the later rows,
  naming the first one, whether or not the first one was valid otherwise.
* Names: given names and paternal surname required (maternal optional); from
  a full-name column they are split by :func:`values.split_full_name`.
* CURP: optional; when present it must be valid (length, format, birth
  date, state, check digit). A CURP already used by a different matrícula in
  an earlier row is reported on the later row.
* Category, department: cleaned text. Shift: :func:`values.normalize_shift`.

A row with any problem yields no record: all its problems are reported, so
the user can fix the row in one go.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from app.domain.identifiers import InvalidIdentifier, validate_curp, validate_matricula
from app.domain.text import clean_name
from app.importing.columns import ColumnMap, Field
from app.importing.model import RowProblem, StaffRecord
from app.importing.reader import cell_text
from app.importing.values import normalize_shift, split_full_name


# Each field's slot in the per-row list of texts (a list is much cheaper than a dict keyed
# by enum members, whose hashing runs in Python, on 20,000-row files).
_MAT, _GIVEN, _PATERNAL, _MATERNAL, _FULL, _CURP, _CATEGORY, _DEPARTMENT, _SHIFT = range(9)
_SLOTS = {
    Field.MATRICULA: _MAT, Field.GIVEN_NAMES: _GIVEN, Field.PATERNAL: _PATERNAL,
    Field.MATERNAL: _MATERNAL, Field.FULL_NAME: _FULL, Field.CURP: _CURP,
    Field.CATEGORY: _CATEGORY, Field.DEPARTMENT: _DEPARTMENT, Field.SHIFT: _SHIFT,
}


@functools.lru_cache(maxsize=4096)
def _clean_repeated(text: str) -> str:
    """:func:`clean_name` for values that repeat down a column (category, service)."""
    return clean_name(text)


_shift = functools.lru_cache(maxsize=1024)(normalize_shift)


class RowValidator:
    """Checks the data rows of one file, remembering matrículas and CURPs already seen.

    Args:
        columns: where each field is, from the file's header.
    """

    def __init__(self, columns: ColumnMap) -> None:
        self._columns = columns
        self._slots = [(_SLOTS[fld], index) for fld, index in columns.positions.items()]
        self._matricula_index = columns.positions[Field.MATRICULA]
        self._first_row_of_matricula: dict[str, int] = {}
        self._first_of_curp: dict[str, tuple[int, str]] = {}

    def read(
        self, row_number: int, cells: Sequence[object]
    ) -> StaffRecord | list[RowProblem] | None:
        """Validate one row.

        Args:
            row_number: the row's 1-based number in the file.
            cells: the row's cells, in column order (may be shorter than the header).

        Returns:
            The record; or the row's problems (never empty); or ``None`` for a
            row that is blank in every recognised column.
        """
        width = len(cells)
        values = [""] * 9
        blank = True
        for slot, index in self._slots:
            if index < width:
                text = cell_text(cells[index]).strip()
                if text:
                    values[slot] = text
                    blank = False
        if blank:
            return None
        problems: list[RowProblem] = []
        is_date = bool(values[_MAT]) and isinstance(
            cells[self._matricula_index], (dt.date, dt.time)
        )
        matricula = self._matricula(row_number, values[_MAT], is_date, problems)
        names = self._names(row_number, values, problems)
        curp = self._curp(row_number, values[_CURP], matricula, problems)
        if problems or matricula is None or names is None:
            return problems
        given, paternal, maternal = names
        return StaffRecord(
            row_number=row_number,
            matricula=matricula,
            given_names=given,
            paternal_surname=paternal,
            maternal_surname=maternal,
            curp=curp,
            category=_clean_repeated(values[_CATEGORY]),
            department=_clean_repeated(values[_DEPARTMENT]),
            shift=_shift(values[_SHIFT]),
        )

    def _problem(self, row_number: int, fld: Field, value: str, reason: str) -> RowProblem:
        return RowProblem(row_number, self._columns.label(fld), clean_name(value), reason)

    def _matricula(
        self, row_number: int, raw: str, is_date: bool, problems: list[RowProblem]
    ) -> str | None:
        if is_date:
            # A date cell ("2026-11-23") would otherwise normalize to a plausible matrícula.
            problems.append(
                self._problem(
                    row_number, Field.MATRICULA, raw, "la celda tiene una fecha, no una matrícula"
                )
            )
            return None
        try:
            matricula = validate_matricula(raw)
        except InvalidIdentifier as error:
            problems.append(self._problem(row_number, Field.MATRICULA, raw, error.reason))
            return None
        first = self._first_row_of_matricula.setdefault(matricula, row_number)
        if first != row_number:
            problems.append(
                self._problem(
                    row_number, Field.MATRICULA, matricula,
                    f"matrícula repetida (ya aparece en la fila {first})",
                )
            )
        return matricula

    def _names(
        self, row_number: int, values: list[str], problems: list[RowProblem]
    ) -> tuple[str, str, str] | None:
        if self._columns.uses_full_name:
            raw = values[_FULL]
            if not raw:
                problems.append(self._problem(row_number, Field.FULL_NAME, "", "falta el nombre"))
                return None
            split = split_full_name(raw)
            if split is None:
                problems.append(
                    self._problem(
                        row_number, Field.FULL_NAME, raw,
                        "no se pudo separar en apellidos y nombre(s); se espera "
                        "«APELLIDO PATERNO APELLIDO MATERNO NOMBRE(S)»",
                    )
                )
                return None
            return split.given, split.paternal, split.maternal
        given = clean_name(values[_GIVEN])
        paternal = clean_name(values[_PATERNAL])
        if not given:
            problems.append(self._problem(row_number, Field.GIVEN_NAMES, "", "falta el nombre"))
        if not paternal:
            problems.append(
                self._problem(row_number, Field.PATERNAL, "", "falta el apellido paterno")
            )
        if not (given and paternal):
            return None
        return given, paternal, clean_name(values[_MATERNAL])

    def _curp(
        self, row_number: int, raw: str, matricula: str | None, problems: list[RowProblem]
    ) -> str | None:
        if not raw:
            return None
        try:
            curp = validate_curp(raw)
        except InvalidIdentifier as error:
            problems.append(self._problem(row_number, Field.CURP, raw, error.reason))
            return None
        if matricula is None:
            return curp
        first_row, first_matricula = self._first_of_curp.setdefault(curp, (row_number, matricula))
        if first_matricula != matricula:
            problems.append(
                self._problem(
                    row_number, Field.CURP, curp,
                    f"la CURP ya aparece en la fila {first_row} con otra matrícula "
                    f"({first_matricula})",
                )
            )
        return curp

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
* Short rows (CSV): a row with fewer fields than the header has columns lost
  a separator or was cut; it is reported, never read with shifted or missing values.
* Rosters (``externals=True``): a row without a matrícula but with a CURP is an
  external participant (not on any staff list), identified by the CURP; the
  institution and credential number columns are read for them. A CURP repeated
  on two such rows is reported on the later one.

A row with any problem yields no record: all its problems are reported, so
the user can fix the row in one go.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from app.domain.identifiers import (
    InvalidIdentifier,
    validate_credential_number,
    validate_matricula,
)
from app.domain.text import clean_name
from app.importing.columns import ColumnMap, Field
from app.importing.model import RowProblem, StaffRecord
from app.importing.reader import cell_text
from app.importing.values import normalize_shift, read_curp, split_full_name

# Each field's slot in the per-row list of texts (a list is much cheaper than a dict keyed
# by enum members, whose hashing runs in Python, on 20,000-row files).
(_MAT, _GIVEN, _PATERNAL, _MATERNAL, _FULL, _CURP, _CATEGORY, _DEPARTMENT, _SHIFT, _INSTITUTION,
 _CREDENTIAL) = range(11)
_SLOTS = {
    Field.MATRICULA: _MAT, Field.GIVEN_NAMES: _GIVEN, Field.PATERNAL: _PATERNAL,
    Field.MATERNAL: _MATERNAL, Field.FULL_NAME: _FULL, Field.CURP: _CURP,
    Field.CATEGORY: _CATEGORY, Field.DEPARTMENT: _DEPARTMENT, Field.SHIFT: _SHIFT,
    Field.INSTITUTION: _INSTITUTION, Field.CREDENTIAL: _CREDENTIAL,
}
_SLOT_COUNT = len(_SLOTS)


#: The record attribute each column fills (a full-name column fills the three names).
RECORD_ATTRIBUTES: dict[Field, tuple[str, ...]] = {
    Field.MATRICULA: ("matricula",), Field.GIVEN_NAMES: ("given_names",),
    Field.PATERNAL: ("paternal_surname",), Field.MATERNAL: ("maternal_surname",),
    Field.FULL_NAME: ("given_names", "paternal_surname", "maternal_surname"), Field.CURP: ("curp",),
    Field.CATEGORY: ("category",), Field.DEPARTMENT: ("department",), Field.SHIFT: ("shift",),
    Field.INSTITUTION: ("institution",), Field.CREDENTIAL: ("credential_number",),
}


def record_columns(columns: ColumnMap) -> frozenset[str]:
    """The :class:`StaffRecord` attributes a file with these columns says something about."""
    return frozenset(attribute for fld in columns.positions for attribute in RECORD_ATTRIBUTES[fld])


@functools.lru_cache(maxsize=16_384)
def _clean_repeated(text: str) -> str:
    """:func:`clean_name` for values that repeat down a column (names, category, service)."""
    return clean_name(text)


_shift = functools.lru_cache(maxsize=1024)(normalize_shift)


class RowValidator:
    """Checks the data rows of one file, remembering matrículas and CURPs already seen.

    Args:
        columns: where each field is, from the file's header.
        externals: a roster, where a row without matrícula may be an external participant.
        check_width: report rows with fewer fields than the header (CSV; a
            worksheet leaves trailing empty cells out, so its rows are ragged by nature).
    """

    def __init__(self, columns: ColumnMap, *, externals: bool = False, check_width: bool = False) -> None:
        self._columns = columns
        self._externals = externals
        self._width = columns.width if check_width else 0
        self._slots = [(_SLOTS[fld], index) for fld, index in columns.positions.items()]
        self._matricula_index = columns.positions.get(Field.MATRICULA)
        self._uses_full_name = columns.uses_full_name
        self._first_row_of_matricula: dict[str, int] = {}
        self._first_of_curp: dict[str, tuple[int, str | None]] = {}

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
        values = [""] * _SLOT_COUNT
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
        if width < self._width:
            problems.append(self._short_row(row_number, width))
        external = self._externals and not values[_MAT] and bool(values[_CURP])
        if external:
            matricula = None
        else:
            is_date = self._matricula_index is not None and bool(values[_MAT]) and isinstance(
                cells[self._matricula_index], (dt.date, dt.time)
            )
            matricula = self._matricula(row_number, values[_MAT], is_date, problems)
        names = self._names(row_number, values, problems)
        curp = self._curp(row_number, values[_CURP], matricula, external, problems)
        credential = self._credential(row_number, values[_CREDENTIAL], problems) if external else ""
        if problems or (matricula is None and not external) or names is None:
            return problems
        given, paternal, maternal = names
        category, department = _clean_repeated(values[_CATEGORY]), _clean_repeated(values[_DEPARTMENT])
        shift = _shift(values[_SHIFT])
        if external:
            return StaffRecord(row_number, None, given, paternal, maternal, curp, category, department, shift,
                               _clean_repeated(values[_INSTITUTION]), credential)
        # Positional, and the external-only fields left to their defaults: this runs 20,000 times.
        return StaffRecord(row_number, matricula, given, paternal, maternal, curp, category, department, shift)

    def _short_row(self, row_number: int, width: int) -> RowProblem:
        missing = [fld for fld, index in self._columns.positions.items() if index >= width]
        missing.sort(key=lambda fld: self._columns.positions[fld])
        where = missing[0] if missing else None
        return RowProblem(
            row_number,
            self._columns.label(where) if where else "Fila",
            "",
            f"la fila tiene {width} campos y el encabezado {self._width}; revise que no falten "
            "separadores ni se haya cortado la línea",
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
            # Plain digits of the right length are already a valid, normalized matrícula.
            matricula = raw if raw.isdigit() and raw.isascii() and 5 <= len(raw) <= 12 else validate_matricula(raw)
        except InvalidIdentifier as error:
            reason = error.reason
            if not raw and self._externals and Field.CURP in self._columns.positions:
                reason += " (o, para un participante externo, la CURP)"
            problems.append(self._problem(row_number, Field.MATRICULA, raw, reason))
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
        if self._uses_full_name:
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
        given = _clean_repeated(values[_GIVEN])
        paternal = _clean_repeated(values[_PATERNAL])
        if not given:
            problems.append(self._problem(row_number, Field.GIVEN_NAMES, "", "falta el nombre"))
        if not paternal:
            problems.append(
                self._problem(row_number, Field.PATERNAL, "", "falta el apellido paterno")
            )
        if not (given and paternal):
            return None
        return given, paternal, _clean_repeated(values[_MATERNAL])

    def _curp(
        self, row_number: int, raw: str, matricula: str | None, external: bool,
        problems: list[RowProblem],
    ) -> str | None:
        if not raw:
            return None
        try:
            curp = read_curp(raw)
        except InvalidIdentifier as error:
            problems.append(self._problem(row_number, Field.CURP, raw, error.reason))
            return None
        if matricula is None and not external:
            return curp  # a staff row whose matrícula was rejected
        first_row, first_matricula = self._first_of_curp.setdefault(curp, (row_number, matricula))
        if first_row == row_number:
            return curp
        if first_matricula is None or matricula is None:
            problems.append(
                self._problem(row_number, Field.CURP, curp, f"CURP repetida (ya aparece en la fila {first_row})")
            )
        elif first_matricula != matricula:
            problems.append(
                self._problem(
                    row_number, Field.CURP, curp,
                    f"la CURP ya aparece en la fila {first_row} con otra matrícula "
                    f"({first_matricula})",
                )
            )
        return curp

    def _credential(self, row_number: int, raw: str, problems: list[RowProblem]) -> str:
        try:
            return validate_credential_number(raw)
        except InvalidIdentifier as error:
            problems.append(self._problem(row_number, Field.CREDENTIAL, raw, error.reason))
            return ""

"""Recognising the header row of a staff list and mapping its columns to fields.

Headers are compared through :func:`header_key`: accents, case, spaces and
punctuation do not matter, so ``"Núm. empleado"``, ``"NUM EMPLEADO"`` and
``"num_empleado"`` are the same column.

The header is the first row, among the first :data:`HEADER_SEARCH_ROWS`,
where the matrícula column and at least one name column are recognised;
rows above it (institution name, title, date, blank rows) are banner rows.
A group roster may also list external participants (people not on any staff
list, identified by their CURP): read with ``externals=True``, a header with
the CURP column and the names but no matrícula column is accepted too.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.domain.text import clean_name, search_key
from app.importing.reader import cell_text

HEADER_SEARCH_ROWS = 30
"""How many rows from the top may hold banner rows and the header."""

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


class Field(enum.Enum):
    """A column Aula understands; the value is its Spanish label."""

    MATRICULA = "Matrícula"
    GIVEN_NAMES = "Nombre"
    PATERNAL = "Apellido paterno"
    MATERNAL = "Apellido materno"
    FULL_NAME = "Nombre completo"
    CURP = "CURP"
    CATEGORY = "Categoría"
    DEPARTMENT = "Servicio"
    SHIFT = "Turno"
    INSTITUTION = "Institución"
    CREDENTIAL = "Número de credencial"

    @property
    def label(self) -> str:
        """The Spanish name used in messages when the file's own is unknown."""
        return self.value


def header_key(raw: object) -> str:
    """A comparison key for a header cell: lower case, no accents, only letters and digits.

    ``"Nombre(s)"`` → ``"nombres"``; ``"No. de empleado"`` → ``"nodeempleado"``.
    """
    return _NOT_ALNUM.sub("", search_key(cell_text(raw)))


_ALIASES: dict[Field, tuple[str, ...]] = {
    Field.MATRICULA: (
        "Matrícula", "Mat.", "Matr.", "No. de matrícula", "Núm. de matrícula",
        "Número de matrícula", "No. de empleado", "Núm. empleado", "Núm. de empleado",
        "Número de empleado", "Número empleado", "No. empleado", "N° empleado", "N° de empleado",
    ),
    Field.GIVEN_NAMES: ("Nombre", "Nombre(s)", "Nombres"),
    Field.PATERNAL: (
        "Apellido paterno", "Primer apellido", "Ap. Paterno", "A. Paterno", "Paterno", "Ap. Pat.",
        "Apellido pat.",
    ),
    Field.MATERNAL: (
        "Apellido materno", "Segundo apellido", "Ap. Materno", "A. Materno", "Materno", "Ap. Mat.",
        "Apellido mat.",
    ),
    Field.FULL_NAME: (
        "Nombre completo", "Nombre del trabajador", "Nombre de la trabajadora",
        "Nombre del empleado", "Apellidos y nombre", "Apellidos y nombre(s)",
    ),
    Field.CURP: ("CURP",),
    Field.CATEGORY: ("Categoría", "Puesto", "Categoría/Puesto", "Categoría o puesto"),
    Field.DEPARTMENT: (
        "Servicio", "Departamento", "Área", "Depto.", "Servicio/Departamento",
        "Área de adscripción",
    ),
    Field.SHIFT: ("Turno",),
    Field.INSTITUTION: (
        "Institución", "Dependencia", "Institución de procedencia", "Dependencia de procedencia",
        "Empresa", "Institución/Dependencia",
    ),
    Field.CREDENTIAL: (
        "Número de credencial", "No. de credencial", "Núm. de credencial", "N° de credencial",
        "Credencial", "No. credencial", "Núm. credencial", "Número de gafete", "Gafete",
    ),
}

HEADER_FIELDS: dict[str, Field] = {
    header_key(alias): fld for fld, aliases in _ALIASES.items() for alias in aliases
}
"""Every recognised header key and the field it names."""

_NAME_FIELDS = (Field.GIVEN_NAMES, Field.PATERNAL, Field.FULL_NAME)
EXTERNAL_FIELDS = (Field.INSTITUTION, Field.CREDENTIAL)
"""Columns only a roster's external participants have; a staff list ignores them."""


@dataclass(frozen=True)
class ColumnMap:
    """Where each field is in the rows of one file.

    Attributes:
        header_row: 1-based row number of the header.
        positions: 0-based column index of each field that will be read.
        labels: the header text of each field, as written in the file.
        ignored: header texts not used, in column order.
        width: how many columns the header spans up to its last recognised one;
            a CSV row with fewer fields is a short row.
    """

    header_row: int
    positions: dict[Field, int]
    labels: dict[Field, str]
    ignored: list[str] = field(default_factory=list)
    width: int = 0

    @property
    def uses_full_name(self) -> bool:
        """True when names come from one full-name column to be split."""
        return Field.FULL_NAME in self.positions

    def label(self, fld: Field) -> str:
        """The file's header text for ``fld``, or its Spanish label."""
        return self.labels.get(fld) or fld.label


class HeaderNotFound(Exception):
    """No usable header in a table; ``reason`` is Spanish, without the file name.

    Attributes:
        reason: why, e.g. "no se encontró la columna Matrícula en las primeras 30 filas".
        score: how many known columns the closest candidate row had (to pick,
            among several sheets or delimiters, the most telling failure).
    """

    def __init__(self, reason: str, score: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.score = score


@dataclass
class _Candidate:
    row_number: int
    positions: dict[Field, int]
    labels: dict[Field, str]
    unknown: list[tuple[int, str]]

    @property
    def score(self) -> int:
        return len(self.positions)

    def is_header(self, externals: bool) -> bool:
        identified = Field.MATRICULA in self.positions or (externals and Field.CURP in self.positions)
        return identified and any(f in self.positions for f in _NAME_FIELDS)


def _read_candidate(row_number: int, cells: Sequence[object]) -> _Candidate:
    positions: dict[Field, int] = {}
    labels: dict[Field, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, cell in enumerate(cells):
        text = clean_name(cell_text(cell))
        if not text:
            continue
        fld = HEADER_FIELDS.get(header_key(text))
        if fld is None or fld in positions:
            unknown.append((index, text))  # unknown, or a repeated column: the first one wins
        else:
            positions[fld] = index
            labels[fld] = text
    return _Candidate(row_number, positions, labels, unknown)


def _join_es(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " y " + items[-1]


def _missing_names(candidate: _Candidate) -> list[str]:
    have = candidate.positions
    if Field.FULL_NAME in have or (Field.GIVEN_NAMES in have and Field.PATERNAL in have):
        return []
    if Field.GIVEN_NAMES in have:
        return [Field.PATERNAL.label]
    if Field.PATERNAL in have:
        return [Field.GIVEN_NAMES.label]
    return [Field.GIVEN_NAMES.label, Field.PATERNAL.label]


def _build_map(candidate: _Candidate, externals: bool) -> ColumnMap:
    positions = dict(candidate.positions)
    labels = dict(candidate.labels)
    unused: list[tuple[int, str]] = list(candidate.unknown)
    if Field.GIVEN_NAMES in positions and Field.PATERNAL in positions:
        dropped: tuple[Field, ...] = (Field.FULL_NAME,)
    else:
        dropped = (Field.GIVEN_NAMES, Field.PATERNAL, Field.MATERNAL)
    if not externals:
        dropped += EXTERNAL_FIELDS
    for fld in dropped:
        if fld in positions:
            unused.append((positions.pop(fld), labels.pop(fld)))
    ignored = [text for _, text in sorted(unused)]
    width = max(positions.values()) + 1
    return ColumnMap(candidate.row_number, positions, labels, ignored, width)


def locate_header(rows: Sequence[Sequence[object]], *, externals: bool = False) -> ColumnMap:
    """Find the header among the first rows of a table and map its columns.

    Args:
        rows: the table's first rows (at most :data:`HEADER_SEARCH_ROWS` are looked at);
            ``rows[0]`` is row 1.
        externals: a roster that may list external participants: the CURP
            column may stand in for the matrícula column.

    Returns:
        The column map of the header row.

    Raises:
        HeaderNotFound: no row has the matrícula and a name column, or the
            header lacks a required column (given names + paternal surname,
            or a full-name column).
    """
    best: _Candidate | None = None
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        candidate = _read_candidate(index + 1, cells)
        if candidate.is_header(externals):
            missing = _missing_names(candidate)
            if missing:
                hint = ""
                if Field.GIVEN_NAMES in candidate.positions:
                    hint = (
                        f"; si la columna {candidate.labels[Field.GIVEN_NAMES]} trae el nombre "
                        "completo (apellidos y nombres), cámbiele el título a «Nombre completo»"
                    )
                raise HeaderNotFound(
                    f"en los encabezados (fila {candidate.row_number}) falta la columna "
                    f"{_join_es(missing)} o una columna Nombre completo{hint}",
                    candidate.score,
                )
            return _build_map(candidate, externals)
        if candidate.score and (best is None or candidate.score > best.score):
            best = candidate
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    where = f"en las primeras {limit} filas" if limit > 1 else "en la primera fila"
    if best is None:
        raise HeaderNotFound(
            "no se encontró la fila de encabezados (con las columnas Matrícula, Nombre y "
            f"Apellido paterno) {where}",
            0,
        )
    identifier = f"{Field.MATRICULA.label} (o {Field.CURP.label})" if externals else Field.MATRICULA.label
    identified = Field.MATRICULA in best.positions or (externals and Field.CURP in best.positions)
    missing = [] if identified else [identifier]
    names = _missing_names(best)
    missing += names
    alternative = f" (o una columna {Field.FULL_NAME.label})" if names else ""
    if len(missing) == 1:
        reason = f"no se encontró la columna {missing[0]}{alternative} {where}"
    else:
        reason = f"no se encontraron las columnas {_join_es(missing)}{alternative} {where}"
    raise HeaderNotFound(reason, best.score)

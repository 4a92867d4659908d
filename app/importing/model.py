"""What reading a staff file produces: records, row problems, and the file-level error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import UserError


class ImportFileError(UserError):
    """A file that cannot be read at all; nothing of it may be imported.

    ``str()`` is the Spanish message shown to the user, naming the file:
    «No se pudo leer "plantilla.xlsx": el archivo está vacío.»

    Attributes:
        path: the file that was being read.
        reason: the Spanish reason alone, without the file name.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f'No se pudo leer "{self.path.name}": {reason}.')


@dataclass(frozen=True)
class StaffRecord:
    """One worker read from a valid row of a staff list or roster.

    A value of ``""`` means the file says nothing about that field (its column
    is absent or its cell is empty): the writer leaves the stored value as it
    is; :attr:`ParsedFile.columns` tells the two cases apart.

    Attributes:
        row_number: 1-based row as the user sees it in Excel or the CSV,
            counting banner and header rows.
        matricula: normalized employee number (digits only); ``None`` for an
            external participant of a roster, identified by ``curp``.
        given_names: nombre(s), cleaned.
        paternal_surname: apellido paterno, cleaned.
        maternal_surname: apellido materno, cleaned; ``""`` when absent.
        curp: the validated CURP in upper case, or ``None`` when the cell is empty.
        category: categoría / puesto, cleaned; ``""`` when absent.
        department: servicio / departamento / área, cleaned; ``""`` when absent.
        shift: turno in lower case (``"matutino"``, ``"vespertino"``,
            ``"nocturno"``, ``"jornada acumulada"`` or the cleaned text);
            ``""`` when absent.
        institution: an external participant's institution, cleaned; ``""`` when absent.
        credential_number: an external participant's own credential number, cleaned
            and in upper case; ``""`` when absent.
    """

    row_number: int
    matricula: str | None
    given_names: str
    paternal_surname: str
    maternal_surname: str
    curp: str | None
    category: str
    department: str
    shift: str
    institution: str = ""
    credential_number: str = ""

    @property
    def is_external(self) -> bool:
        """A participant without a matrícula, identified by the CURP."""
        return self.matricula is None


@dataclass(frozen=True)
class RowProblem:
    """Why one row (or one field of it) was not imported.

    Attributes:
        row_number: 1-based row as the user sees it.
        field: the column's name as written in the file's header (e.g. ``"CURP"``).
        value: the cell's text as found (cleaned of surrounding spaces).
        reason: what is wrong, in Spanish, lower case, without final period.
    """

    row_number: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        if self.value:
            return f"Fila {self.row_number}, {self.field} «{self.value}»: {self.reason}"
        return f"Fila {self.row_number}, {self.field}: {self.reason}"


@dataclass
class ParsedFile:
    """The outcome of reading one staff file; the database writer receives it.

    Attributes:
        path: the file read.
        records: valid rows, in file order.
        problems: rejected rows' problems, ordered by row; a row may have several.
        ignored_columns: header texts that were not recognised, in file order.
        header_row: 1-based row number of the header.
        total_rows: non-blank rows below the header (each is either a record
            or has at least one problem).
        sheet: the worksheet read (XLSX only), else ``None``.
        columns: the :class:`StaffRecord` attribute names the file has a column for
            (``"curp"``, ``"category"``…); a field without a column is never written.
    """

    path: Path
    records: list[StaffRecord] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    header_row: int = 0
    total_rows: int = 0
    sheet: str | None = None
    columns: frozenset[str] = frozenset()


@dataclass(frozen=True)
class WorkerUpdate:
    """A worker the import changed, and which of their fields (Spanish labels)."""

    row_number: int
    name: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"Fila {self.row_number}, {self.name}: " + ", ".join(self.fields)


@dataclass
class ImportReport:
    """What writing a :class:`ParsedFile` did, as the app and the server print it.

    Attributes:
        path: the file imported.
        created / updated / unchanged: workers written new, changed, or left as they were.
        updates: for each updated worker, which fields changed.
        problems: the file's row problems plus those found while writing (e.g. a CURP
            already held by another matrícula), in row order once the import ends.
        ignored_columns: columns of the file that were not recognised.
        enrolled / already_enrolled: for a roster, the participants put on the
            group's roster now and those who already were; ``None`` for a staff list.
    """

    path: Path
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    updates: list[WorkerUpdate] = field(default_factory=list)
    enrolled: int | None = None
    already_enrolled: int | None = None

    @classmethod
    def for_file(cls, parsed: ParsedFile, **kwargs) -> ImportReport:
        """An empty report that already carries the file's own row problems."""
        return cls(parsed.path, problems=list(parsed.problems), ignored_columns=list(parsed.ignored_columns),
                   **kwargs)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def problem_rows(self) -> int:
        """How many rows were not imported (a row may have several problems)."""
        return len({problem.row_number for problem in self.problems})

    def summary(self) -> str:
        """``plantilla.csv: 2 nuevos, 0 actualizados, 0 sin cambios, 3 filas con problemas.``

        A roster's adds ``, 4 inscritos en el grupo, 1 ya inscritos`` before the problems.
        """
        text = (f"{self.path.name}: {self.created} nuevos, {self.updated} actualizados, "
                f"{self.unchanged} sin cambios")
        if self.enrolled is not None:
            text += f", {self.enrolled} inscritos en el grupo"
        if self.already_enrolled:
            text += f", {self.already_enrolled} ya inscritos"
        if self.problems:
            text += f", {len(self.problems)} filas con problemas"
        return text + "."

    def lines(self) -> list[str]:
        """The summary, the updated workers, one indented line per problem, the ignored columns."""
        lines = [self.summary()]
        lines += [f"  Actualizado: {update}" for update in self.updates]
        lines += [f"  {problem}" for problem in self.problems]
        if self.ignored_columns:
            lines.append("  Columnas ignoradas: " + ", ".join(self.ignored_columns))
        return lines

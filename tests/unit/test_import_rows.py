"""Row validation of staff files: which rows become records and which are reported, and why."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from fixtures_import import (
    CURP_ANA,
    CURP_JUAN,
    CURP_MARIA,
    HEADER,
    with_wrong_check_digit,
    write_csv,
)

from app.importing import ParsedFile, RowProblem, StaffRecord, read_staff_file
from app.importing.values import SplitName, normalize_shift, split_full_name


def read_rows(tmp_path: Path, rows: list[list[object]], header: list[str] = HEADER) -> ParsedFile:
    """Write ``header`` + ``rows`` as a UTF-8 CSV and read it back (header on row 1)."""
    return read_staff_file(write_csv(tmp_path / "plantilla.csv", [header, *rows]))


def problems_of(parsed: ParsedFile) -> list[tuple[int, str, str, str]]:
    return [(p.row_number, p.field, p.value, p.reason) for p in parsed.problems]


JUAN = ["99123456", "Juan", "Pérez", "López", CURP_JUAN, "Enfermera general", "Urgencias", "Matutino"]
MARIA = ["99123457", "María", "Núñez", "Peña", CURP_MARIA, "Médico familiar", "Consulta externa", "V"]


# --- valid rows ----------------------------------------------------------------------------


def test_valid_row_becomes_a_record_with_every_field(tmp_path):
    parsed = read_rows(tmp_path, [JUAN])

    assert parsed.records == [
        StaffRecord(
            row_number=2, matricula="99123456", given_names="Juan", paternal_surname="Pérez",
            maternal_surname="López", curp=CURP_JUAN, category="Enfermera general",
            department="Urgencias", shift="matutino",
        )
    ]
    assert parsed.problems == []
    assert parsed.total_rows == 1


def test_names_and_texts_are_cleaned_of_extra_spaces_and_composed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "  José   Ángel ")
    parsed = read_rows(
        tmp_path, [["99123456", decomposed, " Pérez ", "", "", "  Enfermera   general ", " Urgencias", ""]]
    )

    record = parsed.records[0]
    assert (record.given_names, record.paternal_surname, record.category, record.department) == (
        "José Ángel", "Pérez", "Enfermera general", "Urgencias",
    )


def test_maternal_surname_curp_and_optional_texts_may_be_empty(tmp_path):
    parsed = read_rows(tmp_path, [["99123456", "Juan", "Pérez", "", "", "", "", ""]])

    assert parsed.records == [
        StaffRecord(2, "99123456", "Juan", "Pérez", "", None, "", "", "")
    ]


def test_matricula_with_spaces_and_dashes_is_normalized(tmp_path):
    parsed = read_rows(tmp_path, [["99-123 456", "Juan", "Pérez", "", "", "", "", ""]])

    assert parsed.records[0].matricula == "99123456"


def test_curp_in_lower_case_with_spaces_is_normalized(tmp_path):
    spaced = CURP_JUAN[:10].lower() + " " + CURP_JUAN[10:].lower()
    parsed = read_rows(tmp_path, [["99123456", "Juan", "Pérez", "", spaced, "", "", ""]])

    assert parsed.records[0].curp == CURP_JUAN


# --- rejected rows -------------------------------------------------------------------------


def test_missing_matricula_is_reported(tmp_path):
    parsed = read_rows(tmp_path, [["", "Juan", "Pérez", "López", "", "", "", ""]])

    assert parsed.records == []
    assert problems_of(parsed) == [(2, "Matrícula", "", "falta la matrícula")]


def test_matricula_with_letters_is_reported_with_the_value_as_written(tmp_path):
    parsed = read_rows(tmp_path, [["99A23456", "Juan", "Pérez", "", "", "", "", ""]])

    assert problems_of(parsed) == [
        (2, "Matrícula", "99A23456", "debe tener de 5 a 12 dígitos, sin letras")
    ]


def test_curp_with_wrong_check_digit_is_reported(tmp_path):
    bad = with_wrong_check_digit(CURP_JUAN)
    parsed = read_rows(tmp_path, [["99123456", "Juan", "Pérez", "", bad, "", "", ""]])

    assert parsed.records == []
    assert problems_of(parsed) == [(2, "CURP", bad, "el dígito verificador no corresponde")]


def test_curp_of_wrong_length_is_reported(tmp_path):
    parsed = read_rows(tmp_path, [["99123456", "Juan", "Pérez", "", CURP_JUAN[:17], "", "", ""]])

    assert problems_of(parsed) == [(2, "CURP", CURP_JUAN[:17], "debe tener 18 caracteres (tiene 17)")]


def test_curp_with_wrong_format_is_reported(tmp_path):
    bad = "1234" + CURP_JUAN[4:]
    parsed = read_rows(tmp_path, [["99123456", "Juan", "Pérez", "", bad, "", "", ""]])

    assert problems_of(parsed) == [(2, "CURP", bad, "el formato no es el de una CURP")]


def test_curp_with_impossible_birth_date_is_reported(tmp_path):
    bad = CURP_JUAN[:6] + "13" + CURP_JUAN[8:]  # month 13
    parsed = read_rows(tmp_path, [["99123456", "Juan", "Pérez", "", bad, "", "", ""]])

    assert problems_of(parsed) == [
        (2, "CURP", bad, "la fecha de nacimiento, el sexo o el estado no son válidos")
    ]


def test_missing_given_name_is_reported(tmp_path):
    parsed = read_rows(tmp_path, [["99123456", "", "Pérez", "López", "", "", "", ""]])

    assert problems_of(parsed) == [(2, "Nombre(s)", "", "falta el nombre")]


def test_missing_paternal_surname_is_reported(tmp_path):
    parsed = read_rows(tmp_path, [["99123456", "Juan", "", "López", "", "", "", ""]])

    assert problems_of(parsed) == [(2, "Apellido paterno", "", "falta el apellido paterno")]


def test_every_problem_of_a_row_is_reported(tmp_path):
    parsed = read_rows(tmp_path, [["12", "", "", "", "XYZ", "", "", ""]])

    assert problems_of(parsed) == [
        (2, "Matrícula", "12", "debe tener de 5 a 12 dígitos, sin letras"),
        (2, "Nombre(s)", "", "falta el nombre"),
        (2, "Apellido paterno", "", "falta el apellido paterno"),
        (2, "CURP", "XYZ", "debe tener 18 caracteres (tiene 3)"),
    ]
    assert parsed.total_rows == 1


def test_problem_names_the_column_as_written_in_the_file(tmp_path):
    header = ["No. de empleado", "Nombres", "Primer apellido"]
    parsed = read_rows(tmp_path, [["ABC", "Juan", "Pérez"]], header=header)

    assert [p.field for p in parsed.problems] == ["No. de empleado"]


# --- duplicates ----------------------------------------------------------------------------


def test_repeated_matricula_is_reported_on_later_rows_naming_the_first(tmp_path):
    parsed = read_rows(
        tmp_path,
        [
            JUAN,
            MARIA,
            ["99123456", "Juan", "Pérez", "", "", "", "", ""],
            ["99 123 456", "Otro", "Nombre", "", "", "", "", ""],
        ],
    )

    assert [r.row_number for r in parsed.records] == [2, 3]
    assert problems_of(parsed) == [
        (4, "Matrícula", "99123456", "matrícula repetida (ya aparece en la fila 2)"),
        (5, "Matrícula", "99123456", "matrícula repetida (ya aparece en la fila 2)"),
    ]


def test_repeated_matricula_is_reported_even_if_its_first_row_was_rejected(tmp_path):
    parsed = read_rows(
        tmp_path,
        [
            ["99123456", "Juan", "", "", "", "", "", ""],
            ["99123456", "Juan", "Pérez", "", "", "", "", ""],
        ],
    )

    assert parsed.records == []
    assert problems_of(parsed) == [
        (2, "Apellido paterno", "", "falta el apellido paterno"),
        (3, "Matrícula", "99123456", "matrícula repetida (ya aparece en la fila 2)"),
    ]


def test_same_curp_on_two_matriculas_is_reported_on_the_later_row(tmp_path):
    parsed = read_rows(
        tmp_path,
        [JUAN, ["99000001", "Juan", "Pérez", "López", CURP_JUAN, "", "", ""]],
    )

    assert [r.row_number for r in parsed.records] == [2]
    assert problems_of(parsed) == [
        (3, "CURP", CURP_JUAN, "la CURP ya aparece en la fila 2 con otra matrícula (99123456)")
    ]


def test_same_curp_with_the_same_matricula_reports_only_the_repeated_matricula(tmp_path):
    parsed = read_rows(tmp_path, [JUAN, JUAN])

    assert problems_of(parsed) == [
        (3, "Matrícula", "99123456", "matrícula repetida (ya aparece en la fila 2)")
    ]


def test_different_curps_on_different_matriculas_are_all_accepted(tmp_path):
    parsed = read_rows(
        tmp_path, [JUAN, MARIA, ["99123458", "Ana", "Gómez", "", CURP_ANA, "", "", ""]]
    )

    assert [r.curp for r in parsed.records] == [CURP_JUAN, CURP_MARIA, CURP_ANA]
    assert parsed.problems == []


# --- blank rows ----------------------------------------------------------------------------


def test_blank_rows_are_skipped_silently_and_not_counted(tmp_path):
    parsed = read_rows(tmp_path, [JUAN, ["", "", "", "", "", "", "", ""], [], MARIA, ["  ", "", ""]])

    assert [r.row_number for r in parsed.records] == [2, 5]
    assert parsed.problems == []
    assert parsed.total_rows == 2


def test_rows_with_text_only_in_unknown_columns_are_skipped(tmp_path):
    header = [*HEADER, "Observaciones"]
    parsed = read_rows(tmp_path, [JUAN, ["", "", "", "", "", "", "", "", "Total: 1"]], header=header)

    assert [r.row_number for r in parsed.records] == [2]
    assert parsed.problems == []
    assert parsed.total_rows == 1


# --- full-name column ----------------------------------------------------------------------


def test_full_name_column_is_split_into_surnames_and_given_names(tmp_path):
    header = ["Matrícula", "Nombre completo", "CURP"]
    parsed = read_rows(
        tmp_path,
        [
            ["99123456", "PÉREZ LÓPEZ JUAN CARLOS", ""],
            ["99123457", "DE LA CRUZ PEÑA MARÍA DE LOS ÁNGELES", ""],
            ["99123458", "GÓMEZ ANA", ""],
        ],
        header=header,
    )

    assert [(r.paternal_surname, r.maternal_surname, r.given_names) for r in parsed.records] == [
        ("PÉREZ", "LÓPEZ", "JUAN CARLOS"),
        ("DE LA CRUZ", "PEÑA", "MARÍA DE LOS ÁNGELES"),
        ("GÓMEZ", "", "ANA"),
    ]


def test_full_name_that_cannot_be_split_is_reported(tmp_path):
    header = ["Matrícula", "Nombre del trabajador"]
    parsed = read_rows(tmp_path, [["99123456", "JUAN"], ["99123457", ""]], header=header)

    assert parsed.records == []
    assert problems_of(parsed) == [
        (
            2, "Nombre del trabajador", "JUAN",
            "no se pudo separar en apellidos y nombre(s); se espera "
            "«APELLIDO PATERNO APELLIDO MATERNO NOMBRE(S)»",
        ),
        (3, "Nombre del trabajador", "", "falta el nombre"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PÉREZ LÓPEZ JUAN", SplitName("PÉREZ", "LÓPEZ", "JUAN")),
        ("PÉREZ LÓPEZ JUAN CARLOS", SplitName("PÉREZ", "LÓPEZ", "JUAN CARLOS")),
        ("  pérez   lópez  juan ", SplitName("pérez", "lópez", "juan")),
        ("PÉREZ JUAN", SplitName("PÉREZ", "", "JUAN")),
        ("DE LA CRUZ LÓPEZ ANA", SplitName("DE LA CRUZ", "LÓPEZ", "ANA")),
        ("GARCÍA DEL RÍO ANA MARÍA", SplitName("GARCÍA", "DEL RÍO", "ANA MARÍA")),
        ("LÓPEZ DE LOS SANTOS MARÍA DE LOS ÁNGELES", SplitName("LÓPEZ", "DE LOS SANTOS", "MARÍA DE LOS ÁNGELES")),
        ("PÉREZ LÓPEZ, JUAN CARLOS", SplitName("PÉREZ", "LÓPEZ", "JUAN CARLOS")),
        ("DE LA CRUZ, ANA", SplitName("DE LA CRUZ", "", "ANA")),
        ("PÉREZ/LÓPEZ/JUAN CARLOS", SplitName("PÉREZ", "LÓPEZ", "JUAN CARLOS")),
        ("PÉREZ$$JUAN", SplitName("PÉREZ", "", "JUAN")),
        # The documented ambiguity: one surname and a compound given name.
        ("PÉREZ JUAN CARLOS", SplitName("PÉREZ", "JUAN", "CARLOS")),
    ],
)
def test_split_full_name(text, expected):
    assert split_full_name(text) == expected


@pytest.mark.parametrize("text", ["JUAN", "", "PÉREZ LÓPEZ,", ", JUAN"])
def test_split_full_name_refuses_text_without_surname_and_given_name(text):
    assert split_full_name(text) is None


# --- shift ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Matutino", "matutino"), ("M", "matutino"), ("MAT", "matutino"), ("mat.", "matutino"),
        ("V", "vespertino"), ("VESP", "vespertino"), ("Vespertino", "vespertino"),
        ("N", "nocturno"), ("NOC", "nocturno"), ("Nocturno", "nocturno"),
        ("JA", "jornada acumulada"), ("Jornada acumulada", "jornada acumulada"),
        ("JORNADA  ACUMULADA", "jornada acumulada"),
        ("  Mixto ", "mixto"), ("Fin de  Semana", "fin de semana"), ("", ""), (None, ""),
    ],
)
def test_normalize_shift(raw, expected):
    assert normalize_shift(raw) == expected


def test_shift_is_normalized_in_records(tmp_path):
    rows = [
        [f"9912345{i}", "Juan", "Pérez", "", "", "", "", shift]
        for i, shift in enumerate(["M", "VESP", "N", "JA", "Mixto"])
    ]
    parsed = read_rows(tmp_path, rows)

    assert [r.shift for r in parsed.records] == [
        "matutino", "vespertino", "nocturno", "jornada acumulada", "mixto",
    ]


# --- RowProblem ----------------------------------------------------------------------------


def test_row_problem_reads_as_row_field_value_and_reason():
    problem = RowProblem(12, "CURP", "PELJ850314HDFRPN08", "el dígito verificador no corresponde")

    assert str(problem) == "Fila 12, CURP «PELJ850314HDFRPN08»: el dígito verificador no corresponde"


def test_row_problem_without_value_omits_the_quotes():
    assert str(RowProblem(3, "Matrícula", "", "falta la matrícula")) == "Fila 3, Matrícula: falta la matrícula"


# --- short rows and external participants --------------------------------------------------


def test_csv_row_with_fewer_fields_than_the_header_is_reported_not_read_shifted(tmp_path):
    parsed = read_rows(tmp_path, [JUAN, ["99123457", "María", "Núñez", "Peña", CURP_MARIA]])

    assert [r.row_number for r in parsed.records] == [2]
    assert problems_of(parsed) == [(3, "Categoría", "", "la fila tiene 5 campos y el encabezado 8; revise que no "
                                                        "falten separadores ni se haya cortado la línea")]


def test_a_worksheet_row_without_trailing_empty_cells_is_not_short(tmp_path):
    from fixtures_import import write_xlsx

    parsed = read_staff_file(write_xlsx(tmp_path / "plantilla.xlsx", [HEADER, ["99123456", "Juan", "Pérez"]]))

    assert [r.matricula for r in parsed.records] == ["99123456"]
    assert parsed.problems == []


def test_file_columns_are_listed_so_absent_ones_are_left_alone(tmp_path):
    parsed = read_rows(tmp_path, [["99123456", "Juan", "Pérez"]], header=["Matrícula", "Nombre", "Paterno"])

    assert parsed.columns == {"matricula", "given_names", "paternal_surname"}


EXTERNAL_HEADER = ["CURP", "Nombre(s)", "Apellido paterno", "Institución", "Credencial"]


def test_roster_row_without_matricula_but_with_curp_is_an_external_participant(tmp_path):
    row = [CURP_ANA, "Ana", "Gómez", " Servicio  de Protección Federal", "spf-12"]
    path = write_csv(tmp_path / "lista.csv", [EXTERNAL_HEADER, row])

    parsed = read_staff_file(path, externals=True)

    assert parsed.records == [StaffRecord(2, None, "Ana", "Gómez", "", CURP_ANA, "", "", "",
                                          "Servicio de Protección Federal", "SPF-12")]
    assert parsed.records[0].is_external


def test_a_staff_list_needs_the_matricula_column_even_with_a_curp_column(tmp_path):
    from app.importing import ImportFileError

    path = write_csv(tmp_path / "lista.csv", [EXTERNAL_HEADER, [CURP_ANA, "Ana", "Gómez", "SPF", ""]])

    with pytest.raises(ImportFileError, match="no se encontró la columna Matrícula"):
        read_staff_file(path)


def test_roster_without_matricula_nor_curp_column_names_both(tmp_path):
    from app.importing import ImportFileError

    path = write_csv(tmp_path / "lista.csv", [["Nombre(s)", "Apellido paterno"], ["Ana", "Gómez"]])

    with pytest.raises(ImportFileError, match=r"no se encontró la columna Matrícula \(o CURP\)"):
        read_staff_file(path, externals=True)


def test_the_same_curp_on_two_external_rows_is_reported_on_the_later_one(tmp_path):
    rows = [EXTERNAL_HEADER, [CURP_ANA, "Ana", "Gómez", "SPF", ""], [CURP_ANA, "Ana", "Gómez", "SPF", ""]]

    parsed = read_staff_file(write_csv(tmp_path / "lista.csv", rows), externals=True)

    assert [r.row_number for r in parsed.records] == [2]
    assert problems_of(parsed) == [(3, "CURP", CURP_ANA, "CURP repetida (ya aparece en la fila 2)")]


def test_an_invalid_credential_number_is_reported(tmp_path):
    rows = [EXTERNAL_HEADER, [CURP_ANA, "Ana", "Gómez", "SPF", "#12!"]]

    parsed = read_staff_file(write_csv(tmp_path / "lista.csv", rows), externals=True)

    assert [(p.field, p.value) for p in parsed.problems] == [("Credencial", "#12!")]


def test_a_staff_list_lists_the_institution_and_credential_columns_as_ignored(tmp_path):
    parsed = read_rows(tmp_path, [["99123456", "Juan", "Pérez", "SPF", "A-1"]],
                       header=["Matrícula", "Nombre", "Paterno", "Institución", "Credencial"])

    assert parsed.ignored_columns == ["Institución", "Credencial"]
    assert (parsed.records[0].institution, parsed.records[0].credential_number) == ("", "")

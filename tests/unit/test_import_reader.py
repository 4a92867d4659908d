"""Reading staff files as people really have them: encodings, delimiters, banners, headers, damage."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from fixtures_import import (
    CURP_JUAN,
    CURP_MARIA,
    HEADER,
    csv_bytes,
    make_curp,
    write_corrupt_xlsx,
    write_csv,
    write_xlsx,
    write_zip_without_workbook,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.domain.errors import UserError
from app.importing import ImportFileError, StaffRecord, read_staff_file
from app.importing.columns import HEADER_FIELDS, Field, HeaderNotFound, header_key, locate_header
from app.importing.reader import cell_text, decode_text, delimiter_order

JUAN_ROW = ["99123456", "Juan", "Pérez", "López", CURP_JUAN, "Enfermera general", "Urgencias", "Matutino"]
MARIA_ROW = ["99123457", "María", "Núñez", "Peña", CURP_MARIA, "Médico familiar", "Consulta externa", "V"]


def expected_juan(row_number: int) -> StaffRecord:
    return StaffRecord(
        row_number, "99123456", "Juan", "Pérez", "López", CURP_JUAN,
        "Enfermera general", "Urgencias", "matutino",
    )


def expected_maria(row_number: int) -> StaffRecord:
    return StaffRecord(
        row_number, "99123457", "María", "Núñez", "Peña", CURP_MARIA,
        "Médico familiar", "Consulta externa", "vespertino",
    )


def message_of(path: Path) -> str:
    with pytest.raises(ImportFileError) as caught:
        read_staff_file(path)
    return str(caught.value)


# --- CSV encodings -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_csv_in_each_encoding_reads_accented_names(tmp_path, encoding):
    path = write_csv(tmp_path / "plantilla.csv", [HEADER, JUAN_ROW, MARIA_ROW], encoding=encoding)

    parsed = read_staff_file(path)

    assert parsed.records == [expected_juan(2), expected_maria(3)]
    assert parsed.problems == []


def test_utf8_bom_does_not_hide_the_first_header(tmp_path):
    path = write_csv(tmp_path / "plantilla.csv", [HEADER, JUAN_ROW], encoding="utf-8-sig")

    assert read_staff_file(path).ignored_columns == []


def test_windows_1252_bytes_are_decoded_as_such():
    text, encoding = decode_text("Núñez;Peña".encode("cp1252"))

    assert (text, encoding) == ("Núñez;Peña", "cp1252")


def test_utf8_is_preferred_when_the_bytes_are_valid_utf8():
    assert decode_text("Núñez".encode()) == ("Núñez", "utf-8-sig")


def test_bytes_with_nul_characters_are_not_text():
    with pytest.raises(UnicodeError):
        decode_text(b"Matr\x00icula")


# --- CSV delimiters and quoting ------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_with_each_delimiter_reads_the_same_records(tmp_path, delimiter):
    path = write_csv(tmp_path / "plantilla.csv", [HEADER, JUAN_ROW, MARIA_ROW], delimiter=delimiter)

    assert read_staff_file(path).records == [expected_juan(2), expected_maria(3)]


@pytest.mark.parametrize(
    ("sample", "first"),
    [
        ("Matrícula;Nombre;Apellido paterno\n1;2;3\n", ";"),
        ("Matrícula\tNombre\tApellido paterno\n", "\t"),
        ("Matrícula,Nombre,Apellido paterno\n", ","),
    ],
)
def test_delimiter_order_puts_the_header_delimiter_first(sample, first):
    order = delimiter_order(sample)

    assert order[0] == first
    assert sorted(order) == sorted([",", ";", "\t"])


def test_semicolon_file_with_commas_in_banner_and_values_is_read(tmp_path):
    rows = [
        ["Instituto, Delegación Norte, UMF 12, Consultorio 3"],
        [],
        HEADER,
        ["99123456", "Juan", "Pérez", "López", "", "Enfermera, general", "Urgencias, piso 2", "M"],
    ]
    path = write_csv(tmp_path / "plantilla.csv", rows, encoding="cp1252", delimiter=";")

    parsed = read_staff_file(path)

    assert parsed.header_row == 3
    assert [(r.row_number, r.category, r.department) for r in parsed.records] == [
        (4, "Enfermera, general", "Urgencias, piso 2")
    ]


def test_quoted_fields_with_delimiters_quotes_and_line_breaks(tmp_path):
    rows = [
        HEADER,
        ["99123456", "Juan", "Pérez", "", "", 'Médico "A", general', "Urgencias\nadultos", ""],
        MARIA_ROW,
    ]
    path = write_csv(tmp_path / "plantilla.csv", rows)

    parsed = read_staff_file(path)

    assert [(r.row_number, r.category, r.department) for r in parsed.records] == [
        (2, 'Médico "A", general', "Urgencias adultos"),
        (3, "Médico familiar", "Consulta externa"),
    ]


def test_trailing_empty_rows_and_columns_are_ignored(tmp_path):
    rows = [
        [*HEADER, "", "", ""],
        [*JUAN_ROW, "", "", ""],
        [*MARIA_ROW, "", ""],
        ["", "", "", "", "", "", "", "", "", "", ""],
        [],
        [],
    ]
    path = write_csv(tmp_path / "plantilla.csv", rows, delimiter=";")

    parsed = read_staff_file(path)

    assert parsed.records == [expected_juan(2), expected_maria(3)]
    assert (parsed.problems, parsed.ignored_columns, parsed.total_rows) == ([], [], 2)


def test_csv_banner_rows_count_in_row_numbers(tmp_path):
    rows = [["UMF No. 12"], ["Plantilla al 23/11/2026"], [], HEADER, JUAN_ROW, ["", "Sin", "Matrícula"]]
    path = write_csv(tmp_path / "plantilla.csv", rows)

    parsed = read_staff_file(path)

    assert parsed.header_row == 4
    assert parsed.records == [expected_juan(5)]
    # The row is also short (3 fields under an 8-column header): reported, never read shifted.
    assert [(p.row_number, p.field) for p in parsed.problems] == [(6, "Apellido materno"), (6, "Matrícula")]


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_header_below_banner_rows_with_merged_title_and_date(tmp_path):
    path = tmp_path / "plantilla.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plantilla"
    sheet.append(["INSTITUTO DE SALUD — UNIDAD DE MEDICINA FAMILIAR 12"])
    sheet.merge_cells("A1:H1")
    sheet.append(["Plantilla de personal", None, None, "Fecha:", dt.datetime(2026, 11, 23)])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(JUAN_ROW)
    sheet.append(MARIA_ROW)
    workbook.save(path)

    parsed = read_staff_file(path)

    assert (parsed.header_row, parsed.sheet) == (4, "Plantilla")
    assert parsed.records == [expected_juan(5), expected_maria(6)]


def test_xlsx_numeric_matriculas_are_read_as_digits(tmp_path):
    rows = [HEADER, [99123456, "Juan", "Pérez", "", None, None, None, None],
            [99123457.0, "María", "Núñez", "", None, None, None, None]]
    parsed = read_staff_file(write_xlsx(tmp_path / "plantilla.xlsx", rows))

    assert [r.matricula for r in parsed.records] == ["99123456", "99123457"]


def test_xlsx_blank_rows_between_data_keep_row_numbers(tmp_path):
    rows = [HEADER, JUAN_ROW, [], [], MARIA_ROW]
    parsed = read_staff_file(write_xlsx(tmp_path / "plantilla.xlsx", rows))

    assert parsed.records == [expected_juan(2), expected_maria(5)]
    assert parsed.total_rows == 2


def test_xlsx_date_and_number_cells_become_text(tmp_path):
    rows = [
        HEADER,
        [dt.datetime(2026, 11, 23), "Juan", "Pérez", None, None, None, None, None],
        [99123457, "María", "Núñez", None, None, 8.5, 12, None],
    ]
    parsed = read_staff_file(write_xlsx(tmp_path / "plantilla.xlsx", rows))

    assert [(p.row_number, p.field, p.value, p.reason) for p in parsed.problems] == [
        (2, "Matrícula", "2026-11-23", "la celda tiene una fecha, no una matrícula")
    ]
    assert [(r.category, r.department) for r in parsed.records] == [("8.5", "12")]


def test_xlsx_first_sheet_without_header_is_passed_over(tmp_path):
    notes = [["Instrucciones"], ["Llene la hoja Plantilla"]]
    path = write_xlsx(tmp_path / "plantilla.xlsx", [HEADER, JUAN_ROW], sheets_before=[("Léame", notes)])

    parsed = read_staff_file(path)

    assert parsed.sheet == "Plantilla"
    assert parsed.records == [expected_juan(2)]


def test_xlsx_empty_first_sheet_is_passed_over(tmp_path):
    path = write_xlsx(tmp_path / "plantilla.xlsx", [HEADER, JUAN_ROW], sheets_before=[("Hoja1", [])])

    assert read_staff_file(path).records == [expected_juan(2)]


def test_missing_column_in_a_workbook_of_several_sheets_names_the_sheet(tmp_path):
    rows = [["Empleado", "Nombre", "Apellido paterno"], ["99123456", "Juan", "Pérez"]]
    path = write_xlsx(tmp_path / "plantilla.xlsx", rows, sheets_before=[("Léame", [["Instrucciones"]])])

    assert message_of(path) == (
        'No se pudo leer "plantilla.xlsx": no se encontró la columna Matrícula en las primeras '
        "2 filas (hoja «Plantilla»)."
    )


def test_xlsx_first_sheet_with_a_header_wins(tmp_path):
    first = [HEADER, MARIA_ROW]
    path = write_xlsx(tmp_path / "plantilla.xlsx", [HEADER, JUAN_ROW], sheets_before=[("Turno V", first)])

    parsed = read_staff_file(path)

    assert parsed.sheet == "Turno V"
    assert parsed.records == [expected_maria(2)]


def test_xlsx_with_wrong_declared_dimensions_is_read_whole(tmp_path):
    path = write_xlsx(tmp_path / "plantilla.xlsx", [HEADER, JUAN_ROW, MARIA_ROW])
    broken = tmp_path / "cortado.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', data)
            target.writestr(item, data)

    assert read_staff_file(broken).records == [expected_juan(2), expected_maria(3)]


# --- header variants -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Matrícula", Field.MATRICULA), ("Matricula", Field.MATRICULA), ("MATRICULA", Field.MATRICULA),
        ("Mat.", Field.MATRICULA), ("No. de empleado", Field.MATRICULA),
        ("Núm. empleado", Field.MATRICULA), ("  número   de EMPLEADO ", Field.MATRICULA),
        ("Nombre", Field.GIVEN_NAMES), ("Nombre(s)", Field.GIVEN_NAMES), ("NOMBRES", Field.GIVEN_NAMES),
        ("Apellido paterno", Field.PATERNAL), ("Primer apellido", Field.PATERNAL),
        ("Ap. Paterno", Field.PATERNAL), ("APELLIDO_PATERNO", Field.PATERNAL),
        ("Apellido materno", Field.MATERNAL), ("Segundo apellido", Field.MATERNAL),
        ("Ap. Materno", Field.MATERNAL),
        ("Nombre completo", Field.FULL_NAME), ("Nombre del trabajador", Field.FULL_NAME),
        ("curp", Field.CURP),
        ("Categoría", Field.CATEGORY), ("CATEGORIA", Field.CATEGORY), ("Puesto", Field.CATEGORY),
        ("Servicio", Field.DEPARTMENT), ("Departamento", Field.DEPARTMENT), ("Área", Field.DEPARTMENT),
        ("AREA", Field.DEPARTMENT), ("Turno", Field.SHIFT),
    ],
)
def test_header_variants_are_recognised(text, field):
    assert HEADER_FIELDS[header_key(text)] is field


def test_header_key_ignores_case_accents_spaces_and_punctuation():
    assert header_key(" Núm. de  EMPLEADO ") == header_key("num de empleado") == "numdeempleado"


def test_file_with_header_variants_reads_like_a_tidy_one(tmp_path):
    header = ["MATRICULA", "NOMBRE(S)", "AP. PATERNO", "AP. MATERNO", "curp", "PUESTO", "ÁREA", "turno"]
    path = write_csv(tmp_path / "plantilla.csv", [header, JUAN_ROW], encoding="cp1252", delimiter=";")

    assert read_staff_file(path).records == [expected_juan(2)]


def test_unknown_columns_are_ignored_and_listed(tmp_path):
    header = ["Núm", "Matrícula", "Nombre", "Apellido paterno", "Fecha de ingreso", "", "Observaciones"]
    rows = [header, ["1", "99123456", "Juan", "Pérez", "2010-01-01", "", "x"]]
    parsed = read_staff_file(write_csv(tmp_path / "plantilla.csv", rows))

    assert parsed.ignored_columns == ["Núm", "Fecha de ingreso", "Observaciones"]
    assert [(r.matricula, r.given_names, r.paternal_surname) for r in parsed.records] == [
        ("99123456", "Juan", "Pérez")
    ]


def test_full_name_column_is_used_when_there_are_no_surname_columns(tmp_path):
    rows = [["Matrícula", "Nombre completo", "Turno"], ["99123456", "PÉREZ LÓPEZ JUAN CARLOS", "N"]]
    parsed = read_staff_file(write_csv(tmp_path / "plantilla.csv", rows))

    assert parsed.records == [
        StaffRecord(2, "99123456", "JUAN CARLOS", "PÉREZ", "LÓPEZ", None, "", "", "nocturno")
    ]


def test_full_name_column_is_ignored_when_separate_name_columns_exist(tmp_path):
    header = ["Matrícula", "Nombre completo", "Nombre", "Apellido paterno"]
    rows = [header, ["99123456", "PÉREZ JUAN", "Juan", "Pérez"]]
    parsed = read_staff_file(write_csv(tmp_path / "plantilla.csv", rows))

    assert parsed.ignored_columns == ["Nombre completo"]
    assert [(r.given_names, r.paternal_surname) for r in parsed.records] == [("Juan", "Pérez")]


def test_repeated_header_keeps_the_first_column(tmp_path):
    rows = [["Matrícula", "Nombre", "Apellido paterno", "Nombre"], ["99123456", "Juan", "Pérez", "Otro"]]
    parsed = read_staff_file(write_csv(tmp_path / "plantilla.csv", rows))

    assert parsed.ignored_columns == ["Nombre"]
    assert parsed.records[0].given_names == "Juan"


# --- files that cannot be read -------------------------------------------------------------


def test_missing_file(tmp_path):
    assert message_of(tmp_path / "plantilla.xlsx") == 'No se pudo leer "plantilla.xlsx": el archivo no existe.'


def test_empty_file(tmp_path):
    path = tmp_path / "plantilla.csv"
    path.write_bytes(b"")

    assert message_of(path) == 'No se pudo leer "plantilla.csv": el archivo está vacío.'


def test_csv_with_only_blank_lines_is_empty(tmp_path):
    path = tmp_path / "plantilla.csv"
    path.write_bytes(b"\r\n;;;\r\n \r\n")

    assert message_of(path) == 'No se pudo leer "plantilla.csv": el archivo está vacío.'


def test_workbook_without_cells_is_empty(tmp_path):
    path = tmp_path / "plantilla.xlsx"
    openpyxl.Workbook().save(path)

    assert message_of(path) == 'No se pudo leer "plantilla.xlsx": el archivo está vacío.'


def test_directory_is_not_a_file(tmp_path):
    folder = tmp_path / "plantilla.csv"
    folder.mkdir()

    assert message_of(folder) == 'No se pudo leer "plantilla.csv": es una carpeta, no un archivo.'


def test_other_file_type_is_refused(tmp_path):
    path = tmp_path / "plantilla.pdf"
    path.write_bytes(b"%PDF-1.7\n")

    assert message_of(path).startswith('No se pudo leer "plantilla.pdf": no es un libro de Excel (.xlsx) ni un archivo CSV')  # noqa: E501


def test_old_excel_format_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "plantilla.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)

    assert message_of(path).startswith('No se pudo leer "plantilla.xls": es un libro de Excel antiguo (.xls)')


def test_corrupt_xlsx(tmp_path):
    path = write_corrupt_xlsx(tmp_path / "plantilla.xlsx")

    assert message_of(path) == (
        'No se pudo leer "plantilla.xlsx": el archivo está dañado o no es un libro de Excel (.xlsx) válido.'
    )


def test_zip_that_is_not_a_workbook(tmp_path):
    path = write_zip_without_workbook(tmp_path / "plantilla.xlsx")

    assert message_of(path) == (
        'No se pudo leer "plantilla.xlsx": el archivo está dañado o no es un libro de Excel (.xlsx) válido.'
    )


def test_truncated_xlsx(tmp_path):
    good = write_xlsx(tmp_path / "bueno.xlsx", [HEADER, JUAN_ROW])
    path = tmp_path / "plantilla.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])

    assert "dañad" in message_of(path)


def test_xlsx_with_a_damaged_worksheet_is_refused(tmp_path):
    good = write_xlsx(tmp_path / "bueno.xlsx", [HEADER, JUAN_ROW])
    path = tmp_path / "plantilla.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]
            target.writestr(item, data)

    assert "dañad" in message_of(path)


def test_text_named_xlsx_is_refused(tmp_path):
    path = tmp_path / "plantilla.xlsx"
    path.write_text("Matrícula,Nombre,Apellido paterno\n", encoding="utf-8")

    assert message_of(path) == (
        'No se pudo leer "plantilla.xlsx": el archivo está dañado o no es un libro de Excel (.xlsx) válido.'
    )


def test_binary_file_named_csv_is_refused(tmp_path):
    path = tmp_path / "plantilla.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    assert message_of(path) == 'No se pudo leer "plantilla.csv": no es un archivo de texto CSV (contiene datos binarios).'  # noqa: E501


def test_csv_with_a_cell_beyond_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "plantilla.csv"
    path.write_text('Matrícula,Nombre,Apellido paterno\n99123456,"' + "x" * 200_000 + '",Pérez\n', encoding="utf-8")

    assert message_of(path) == (
        'No se pudo leer "plantilla.csv": el archivo CSV está dañado (una celda es demasiado '
        "larga; revise las comillas)."
    )


def test_missing_matricula_column(tmp_path):
    banner = [["Instituto"], ["Plantilla"], []]
    rows = [*banner, ["Empleado", "Nombre", "Apellido paterno"], ["99123456", "Juan", "Pérez"]]
    path = write_xlsx(tmp_path / "plantilla.xlsx", rows)

    assert message_of(path) == (
        'No se pudo leer "plantilla.xlsx": no se encontró la columna Matrícula en las primeras 5 filas.'
    )


def test_missing_matricula_column_in_a_long_file_names_thirty_rows(tmp_path):
    rows = [["Nombre", "Apellido paterno"]] + [["Juan", f"Pérez {i}"] for i in range(40)]
    path = write_csv(tmp_path / "plantilla.csv", rows)

    assert message_of(path) == (
        'No se pudo leer "plantilla.csv": no se encontró la columna Matrícula en las primeras 30 filas.'
    )


def test_missing_paternal_surname_column_suggests_full_name(tmp_path):
    rows = [["Matrícula", "Nombre", "CURP"], ["99123456", "PÉREZ LÓPEZ JUAN", ""]]
    path = write_csv(tmp_path / "plantilla.csv", rows)

    assert message_of(path) == (
        'No se pudo leer "plantilla.csv": en los encabezados (fila 1) falta la columna Apellido '
        "paterno o una columna Nombre completo; si la columna Nombre trae el nombre completo "
        "(apellidos y nombres), cámbiele el título a «Nombre completo»."
    )


def test_missing_name_columns(tmp_path):
    rows = [["Matrícula", "Trabajador", "CURP"], ["99123456", "PÉREZ LÓPEZ JUAN", ""]]
    path = write_csv(tmp_path / "plantilla.csv", rows)

    assert message_of(path) == (
        'No se pudo leer "plantilla.csv": no se encontraron las columnas Nombre y Apellido paterno '
        "(o una columna Nombre completo) en las primeras 2 filas."
    )


def test_no_header_at_all(tmp_path):
    rows = [["a", "b"], ["c", "d"]]
    path = write_csv(tmp_path / "datos.csv", rows)

    assert message_of(path) == (
        'No se pudo leer "datos.csv": no se encontró la fila de encabezados (con las columnas '
        "Matrícula, Nombre y Apellido paterno) en las primeras 2 filas."
    )


def test_header_below_the_first_thirty_rows_is_not_searched(tmp_path):
    rows = [[f"Renglón de portada {i}"] for i in range(30)] + [HEADER, JUAN_ROW]
    path = write_xlsx(tmp_path / "plantilla.xlsx", rows)

    assert "en las primeras 30 filas" in message_of(path)


def test_import_file_error_is_a_user_error_with_path_and_reason(tmp_path):
    error = ImportFileError(tmp_path / "plantilla.csv", "el archivo está vacío")

    assert isinstance(error, UserError)
    assert (error.path.name, error.reason) == ("plantilla.csv", "el archivo está vacío")


def test_locate_header_reports_how_close_the_best_row_came():
    with pytest.raises(HeaderNotFound) as caught:
        locate_header([["x"], ["Nombre", "Apellido paterno", "CURP"]])

    assert caught.value.score == 3


# --- cell text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""), ("  x ", "  x "), (99123456, "99123456"), (99123456.0, "99123456"),
        (8.5, "8.5"), (dt.datetime(2026, 11, 23), "2026-11-23"),
        (dt.datetime(2026, 11, 23, 7, 30), "2026-11-23 07:30:00"), (dt.date(2026, 1, 2), "2026-01-02"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


# --- property: whatever encoding and delimiter, valid records read back equal ---------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZáéíóúüñÁÉÍÓÚÜÑ"
_word = st.text(alphabet=_LETTERS, min_size=1, max_size=10)
_name = st.lists(_word, min_size=1, max_size=3).map(" ".join)
_free_text = st.lists(st.text(alphabet=_LETTERS + "0123456789.,;\"'/-()", min_size=1, max_size=8),
                      min_size=0, max_size=3).map(" ".join)
_curp = st.one_of(
    st.none(),
    st.builds(
        make_curp,
        letters=st.sampled_from(["PELJ", "NUPM", "GOSA", "HEGA", "RARL"]),
        birth=st.dates(dt.date(1940, 1, 1), dt.date(2008, 12, 31)),
        sex=st.sampled_from("HM"),
        state=st.sampled_from(["DF", "JC", "NL", "PL", "YN", "NE"]),
        consonants=st.text(alphabet="BCDFGHJKLMNPQRSTVWXZ", min_size=3, max_size=3),
    ),
)
_record = st.fixed_dictionaries(
    {
        "given_names": _name,
        "paternal_surname": _name,
        "maternal_surname": st.one_of(st.just(""), _name),
        "curp": _curp,
        "category": _free_text,
        "department": _free_text,
        "shift": st.sampled_from(
            ["", "matutino", "vespertino", "nocturno", "jornada acumulada", "mixto"]
        ),
    }
)


def _expected(records: list[dict], first_row: int) -> list[StaffRecord]:
    """The records these generated fields must read back as, one CURP per worker."""
    seen_curps: set[str] = set()
    expected = []
    for index, fields in enumerate(records):
        if fields["curp"] in seen_curps:
            fields = {**fields, "curp": None}
        if fields["curp"]:
            seen_curps.add(fields["curp"])
        expected.append(
            StaffRecord(row_number=first_row + index, matricula=f"{99100000 + index}", **fields)
        )
    return expected


def _cells(record: StaffRecord) -> list[object]:
    return [
        record.matricula, record.given_names, record.paternal_surname, record.maternal_surname,
        record.curp or "", record.category, record.department, record.shift,
    ]


_BANNER = ["Unidad de Medicina Familiar No. 7"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(_record, min_size=1, max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
    banner_rows=st.integers(min_value=0, max_value=3),
)
def test_any_valid_records_written_to_csv_read_back_equal(records, encoding, delimiter, banner_rows):
    expected = _expected(records, first_row=banner_rows + 2)
    rows = [_BANNER] * banner_rows + [HEADER] + [_cells(r) for r in expected]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plantilla.csv"
        path.write_bytes(csv_bytes(rows, encoding=encoding, delimiter=delimiter))

        parsed = read_staff_file(path)

    assert parsed.problems == []
    assert parsed.records == expected


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(_record, min_size=1, max_size=8),
    banner_rows=st.integers(min_value=0, max_value=3),
    numeric_matriculas=st.booleans(),
)
def test_any_valid_records_written_to_xlsx_read_back_equal(records, banner_rows, numeric_matriculas):
    expected = _expected(records, first_row=banner_rows + 2)
    data = [_cells(r) for r in expected]
    if numeric_matriculas:
        data = [[int(row[0]), *row[1:]] for row in data]
    with tempfile.TemporaryDirectory() as folder:
        path = write_xlsx(Path(folder) / "plantilla.xlsx", [_BANNER] * banner_rows + [HEADER] + data)

        parsed = read_staff_file(path)

    assert parsed.problems == []
    assert parsed.records == expected

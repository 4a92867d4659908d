"""Importing staff lists and rosters into the database: every row imported or reported."""

from __future__ import annotations

import pytest
from fixtures_import import CURP_ANA, CURP_JUAN, CURP_MARIA, HEADER, with_wrong_check_digit, write_csv, write_xlsx
from service_helpers import make_group
from sqlmodel import func, select

from app.importing import ImportFileError
from app.services import roster, staff
from app.services.errors import InvalidInput
from app.storage.tables import Outbox, Worker

ROWS = [
    ["97150001", "Juan", "Pérez", "López", CURP_JUAN, "Enfermera General", "Enfermería", "Matutino"],
    ["97150002", "María", "Núñez", "Peña", CURP_MARIA, "Asistente Médica", "Consulta Externa", "V"],
    ["97150003", "Ana", "Gómez", "Sánchez", with_wrong_check_digit(CURP_ANA), "Camillero", "Urgencias", "N"],
    ["", "Sin", "Matrícula", "", "", "", "", ""],
    ["97150001", "Juan", "Repetido", "", "", "", "", ""],
]


def counts(ctx):
    with ctx.db.read() as s:
        return (s.exec(select(func.count()).select_from(Worker)).one(),
                s.exec(select(func.count()).select_from(Outbox).where(Outbox.entity == "worker")).one())


def test_staff_csv_from_windows_imports_valid_rows_and_reports_the_rest(ctx, tmp_path):
    path = write_csv(tmp_path / "plantilla.csv", [HEADER, *ROWS], encoding="cp1252", delimiter=";")
    report = staff.import_staff(ctx, path, "UMF07")
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert [(p.row_number, p.field) for p in report.problems] == [(4, "CURP"), (5, "Matrícula"), (6, "Matrícula")]
    maria = staff.get_worker_by_matricula(ctx, "97150002")
    assert (maria.full_name, maria.shift, maria.department) == ("María Núñez Peña", "vespertino", "Consulta Externa")
    assert counts(ctx) == (2, 2)


def test_reimporting_the_same_file_changes_nothing(ctx, tmp_path):
    path = write_xlsx(tmp_path / "plantilla.xlsx", [["Unidad de Medicina Familiar No. 7"], [], HEADER, *ROWS[:2]])
    staff.import_staff(ctx, path, "UMF07")
    before = counts(ctx)
    again = staff.import_staff(ctx, path, "UMF07")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert counts(ctx) == before


def test_changed_row_updates_the_worker_and_queues_one_op(ctx, tmp_path):
    staff.import_staff(ctx, write_csv(tmp_path / "a.csv", [HEADER, *ROWS[:2]]), "UMF07")
    changed = [[*ROWS[1][:5], "Coordinadora de Asistentes Médicas", *ROWS[1][6:]]]
    report = staff.import_staff(ctx, write_csv(tmp_path / "b.csv", [HEADER, *changed]), "UMF07")
    assert (report.created, report.updated) == (0, 1)
    assert staff.get_worker_by_matricula(ctx, "97150002").category == "Coordinadora de Asistentes Médicas"
    assert counts(ctx) == (2, 3)


def test_a_curp_already_held_by_another_worker_is_reported(ctx, tmp_path):
    staff.import_staff(ctx, write_csv(tmp_path / "a.csv", [HEADER, ROWS[0]]), "UMF07")
    thief = [["97159999", "Juan", "Pérez", "", CURP_JUAN, "", "", ""]]
    report = staff.import_staff(ctx, write_csv(tmp_path / "b.csv", [HEADER, *thief]), "UMF07")
    assert [str(p) for p in report.problems] == [f"Fila 2, CURP «{CURP_JUAN}»: ya pertenece a la matrícula 97150001"]
    assert report.created == 0


def test_unreadable_file_writes_nothing(ctx, tmp_path):
    staff.import_staff(ctx, write_csv(tmp_path / "a.csv", [HEADER, ROWS[0]]), "UMF07")
    before = counts(ctx)
    broken = tmp_path / "plantilla.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ImportFileError, match='No se pudo leer "plantilla.xlsx"'):
        staff.import_staff(ctx, broken, "UMF07")
    assert counts(ctx) == before


def test_roster_import_creates_unknown_workers_and_enrolls_everyone_valid(ctx, tmp_path):
    group = make_group(ctx)
    report = roster.import_roster(ctx, write_csv(tmp_path / "lista.csv", [HEADER, *ROWS]), group.id)
    assert report.created == 2 and len(report.problems) == 3
    assert [e.matricula for e in roster.list_roster(ctx, group.id)] == ["97150002", "97150001"]
    assert staff.get_worker_by_matricula(ctx, "97150001").in_staff_list is False


def test_roster_import_beyond_capacity_enrolls_nobody(ctx, tmp_path):
    group = make_group(ctx, capacity=1)
    with pytest.raises(InvalidInput, match="lugares libres"):
        roster.import_roster(ctx, write_csv(tmp_path / "lista.csv", [HEADER, *ROWS[:2]]), group.id)
    assert roster.list_roster(ctx, group.id) == []
    assert counts(ctx) == (0, 0)


# --- importing never erases what it does not know ------------------------------------------


def _stored(ctx, matricula):
    worker = staff.get_worker_by_matricula(ctx, matricula)
    return (worker.full_name, worker.curp, worker.category, worker.department, worker.shift)


def test_a_file_without_category_service_and_shift_columns_leaves_them_untouched(ctx, tmp_path):
    staff.import_staff(ctx, write_csv(tmp_path / "completa.csv", [HEADER, *ROWS[:2]]), "UMF07")
    names_only = [["Matrícula", "Nombre(s)", "Apellido paterno", "Apellido materno"],
                  ["97150001", "Juan", "Pérez", "López"],
                  ["97150002", "María", "Núñez", "Peña"]]
    report = staff.import_staff(ctx, write_csv(tmp_path / "nombres.csv", names_only), "UMF07")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert _stored(ctx, "97150001") == ("Juan Pérez López", CURP_JUAN, "Enfermera General", "Enfermería",
                                        "matutino")
    assert _stored(ctx, "97150002") == ("María Núñez Peña", CURP_MARIA, "Asistente Médica", "Consulta Externa",
                                        "vespertino")


def test_an_empty_curp_cell_leaves_the_stored_curp_untouched(ctx, tmp_path):
    staff.import_staff(ctx, write_csv(tmp_path / "a.csv", [HEADER, ROWS[0]]), "UMF07")
    without_curp = [[*ROWS[0][:4], "", *ROWS[0][5:]]]
    report = staff.import_staff(ctx, write_xlsx(tmp_path / "b.xlsx", [HEADER, *without_curp]), "UMF07")
    assert (report.updated, report.unchanged) == (0, 1)
    assert staff.get_worker_by_matricula(ctx, "97150001").curp == CURP_JUAN
    assert counts(ctx) == (1, 1)


def test_empty_cells_empty_the_stored_values_only_when_asked(ctx, tmp_path):
    staff.import_staff(ctx, write_csv(tmp_path / "a.csv", [HEADER, ROWS[0]]), "UMF07")
    emptied = [["97150001", "Juan", "Pérez", "López", "", "", "", ""]]
    report = staff.import_staff(ctx, write_csv(tmp_path / "b.csv", [HEADER, *emptied]), "UMF07", clear_empty=True)
    assert [str(u) for u in report.updates] == ["Fila 2, Juan Pérez López: CURP, Categoría, Servicio, Turno"]
    assert _stored(ctx, "97150001") == ("Juan Pérez López", None, "", "", "")


def test_the_report_names_the_fields_each_update_changed(ctx, tmp_path):
    staff.import_staff(ctx, write_csv(tmp_path / "a.csv", [HEADER, *ROWS[:2]]), "UMF07")
    moved = [["Matrícula", "Nombre(s)", "Apellido paterno", "Turno", "Servicio"],
             ["97150002", "María", "Núñez", "Nocturno", "Urgencias"]]
    report = staff.import_staff(ctx, write_csv(tmp_path / "b.csv", moved), "UMF07")
    assert (report.updated, [str(u) for u in report.updates]) == (1, ["Fila 2, María Núñez Peña: Servicio, Turno"])
    assert _stored(ctx, "97150002") == ("María Núñez Peña", CURP_MARIA, "Asistente Médica", "Urgencias", "nocturno")


def test_a_short_row_is_reported_with_its_row_number_and_not_imported(ctx, tmp_path):
    path = tmp_path / "cortada.csv"
    path.write_text(",".join(HEADER) + "\n"
                    "97150001,Juan,Pérez,López,,Enfermera General,Enfermería,Matutino\n"
                    "97150002,María,Núñez\n", encoding="utf-8")
    report = staff.import_staff(ctx, path, "UMF07")
    assert report.created == 1
    assert [str(p) for p in report.problems] == [
        "Fila 3, Apellido materno: la fila tiene 3 campos y el encabezado 8; revise que no falten separadores "
        "ni se haya cortado la línea"]
    assert staff.get_worker_by_matricula(ctx, "97150002") is None


def test_a_roster_leaves_a_staff_workers_unit_and_data_untouched_and_counts_enrollments(ctx, tmp_path):
    staff.import_staff(ctx, write_csv(tmp_path / "plantilla.csv", [HEADER, *ROWS[:2]]), "UMF07")
    group = make_group(ctx)
    short_roster = [["Matrícula", "Nombre(s)", "Apellido paterno"], ["97150001", "Juan", "Pérez"]]
    first = roster.import_roster(ctx, write_csv(tmp_path / "lista.csv", short_roster), group.id)
    again = roster.import_roster(ctx, write_csv(tmp_path / "lista.csv", short_roster), group.id)
    assert (first.enrolled, first.already_enrolled, first.unchanged) == (1, 0, 1)
    assert (again.enrolled, again.already_enrolled) == (0, 1)
    juan = staff.get_worker_by_matricula(ctx, "97150001")
    assert (juan.full_name, juan.category, juan.in_staff_list) == ("Juan Pérez López", "Enfermera General", True)
    assert juan.unit_id is not None

"""``aula-server import-staff`` never erases what the file does not say, like the desktop import."""

from __future__ import annotations

from test_server_import_staff import HEADER, cursor_of, import_staff, people, workers_pulled, write_csv  # noqa: F401


def test_a_file_without_category_service_shift_and_curp_columns_keeps_them(server, unit, instructor, tmp_path,
                                                                           people):  # noqa: F811
    import_staff(server, write_csv(tmp_path / "completa.csv", [HEADER, *people.values()]), unit.code)
    cursor = cursor_of(instructor)
    names_only = [["Matrícula", "Nombre(s)", "Apellido paterno", "Apellido materno"],
                  *([row[0], row[1], row[2], row[3]] for row in people.values())]
    done = import_staff(server, write_csv(tmp_path / "nombres.csv", names_only), unit.code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "nombres.csv: 0 nuevos, 0 actualizados, 2 sin cambios."
    assert workers_pulled(instructor, cursor) == []


def test_an_empty_curp_cell_keeps_the_stored_curp(server, unit, instructor, tmp_path, people):  # noqa: F811
    import_staff(server, write_csv(tmp_path / "a.csv", [HEADER, *people.values()]), unit.code)
    juan, maria = people
    cursor = cursor_of(instructor)
    promoted = [*people[maria][:4], "", "Coordinadora", *people[maria][6:]]
    done = import_staff(server, write_csv(tmp_path / "b.csv", [HEADER, promoted]), unit.code)
    assert done.stdout.splitlines()[0] == "b.csv: 0 nuevos, 1 actualizados, 0 sin cambios."
    pulled, = workers_pulled(instructor, cursor)
    assert (pulled["payload"]["curp"], pulled["payload"]["category"]) == (people[maria][4], "Coordinadora")

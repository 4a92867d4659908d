"""``aula import-staff`` / ``import-roster``: what the file does not say stays, unless --clear-empty."""

from __future__ import annotations

from app.cli import main

HEADER = "Matrícula;Nombre(s);Apellido paterno;Categoría;Turno\n"


def test_empty_cells_keep_the_stored_values_and_clear_empty_empties_them(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    first = tmp_path / "plantilla.csv"
    first.write_text(HEADER + "97150001;José Luis;Núñez;Enfermera General;Matutino\n", encoding="utf-8")
    assert main(["import-staff", str(first), "--unit", "UMF07"]) == 0
    empty = tmp_path / "vacia.csv"
    empty.write_text(HEADER + "97150001;José Luis;Núñez;;\n", encoding="utf-8")
    capsys.readouterr()

    assert main(["import-staff", str(empty), "--unit", "UMF07"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "vacia.csv: 0 nuevos, 0 actualizados, 1 sin cambios."

    assert main(["import-staff", str(empty), "--unit", "UMF07", "--clear-empty"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "vacia.csv: 0 nuevos, 1 actualizados, 0 sin cambios.",
        "  Actualizado: Fila 2, José Luis Núñez: Categoría, Turno",
    ]

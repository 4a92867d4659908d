"""The ``aula`` command: exit codes, one-line reasons, AULA_HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def write_staff_csv(path: Path) -> Path:
    path.write_text(
        "Matrícula;Nombre(s);Apellido paterno;Apellido materno;CURP;Categoría;Servicio;Turno\n"
        "97150001;José Luis;Núñez;Peña;;Enfermera General;Enfermería;Matutino\n"
        "97150002;Ana;Bravo;;;Asistente Médica;Consulta Externa;V\n"
        ";Sin;Matrícula;;;;;\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["demo", "groups", "import-staff", "import-roster", "constancias",
                                     "sign-in-sheet", "group-report", "verify", "unit", "course"])
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "uso: aula" in capsys.readouterr().out


ENGLISH_HEADINGS = ("usage:", "positional arguments", "optional arguments", "options:",
                    "show this help message", "show program's version")


@pytest.mark.parametrize("argv", [["--help"], ["import-staff", "--help"]])
def test_help_of_aula_has_spanish_headings(argv, capsys):
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert out.startswith("uso: aula")
    assert "opciones:" in out
    assert "muestra esta ayuda y termina" in out
    assert not [heading for heading in ENGLISH_HEADINGS if heading in out]


def test_help_lists_the_subcommands_under_comandos(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "comandos:" in out and "import-staff" in out
    assert "muestra la versión del programa y termina" in out


def test_help_of_a_subcommand_names_its_positional_arguments_in_spanish(capsys):
    with pytest.raises(SystemExit):
        main(["import-staff", "--help"])
    assert "argumentos posicionales:" in capsys.readouterr().out


def test_help_of_aula_server_has_spanish_headings(capsys):
    from server.cli import main as server_main

    for argv in (["--help"], ["import-staff", "--help"]):
        with pytest.raises(SystemExit):
            server_main(argv)
        out = capsys.readouterr().out
        assert out.startswith("uso: aula-server")
        assert "opciones:" in out
        assert not [heading for heading in ENGLISH_HEADINGS if heading in out]


def test_a_missing_argument_is_reported_in_spanish(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["import-staff"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "uso: aula import-staff" in err
    assert "faltan argumentos obligatorios: file, --unit" in err


def test_spanish_help_leaves_other_parsers_of_the_process_in_english(capsys):
    import argparse

    with pytest.raises(SystemExit):
        main(["--help"])
    assert argparse.ArgumentParser(prog="other").format_help().startswith("usage: other")


def test_demo_then_groups_lists_both_groups(_private_aula_home, capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "36 acreditan, 4 no acreditan" in out
    assert (_private_aula_home / "aula.sqlite3").exists()
    assert main(["groups"]) == 0
    listing = capsys.readouterr().out
    assert listing.count("SER-BT-") == 2 and "concluido" in listing and "próximo" in listing


def test_demo_refuses_to_overwrite_without_force(capsys):
    assert main(["demo", "--staff", "100"]) == 0
    capsys.readouterr()
    assert main(["demo"]) == 1
    assert "Ya existe una base de datos con datos" in capsys.readouterr().err
    assert main(["demo", "--staff", "100", "--force"]) == 0


def test_import_staff_reports_rows_and_is_idempotent(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    capsys.readouterr()
    csv = write_staff_csv(tmp_path / "plantilla.csv")
    assert main(["import-staff", str(csv), "--unit", "umf07"]) == 0
    out = capsys.readouterr().out
    assert "2 nuevos, 0 actualizados, 0 sin cambios, 1 filas con problemas" in out
    assert "Fila 4, Matrícula" in out
    assert main(["import-staff", str(csv), "--unit", "UMF07"]) == 0
    assert "0 nuevos, 0 actualizados, 2 sin cambios" in capsys.readouterr().out


def test_unknown_unit_and_missing_file_fail_with_one_line(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    capsys.readouterr()
    csv = write_staff_csv(tmp_path / "plantilla.csv")
    assert main(["import-staff", str(csv), "--unit", "NOPE"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "aula import-staff: No existe la unidad NOPE. Créela antes de importar su plantilla."
    assert main(["import-staff", str(tmp_path / "nada.csv"), "--unit", "UMF07"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nada.csv" in err


def test_import_roster_enrolls_into_the_group_by_code(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    capsys.readouterr()
    main(["groups"])
    upcoming = next(line.split()[1] for line in capsys.readouterr().out.splitlines() if "próximo" in line)
    csv = write_staff_csv(tmp_path / "lista.csv")
    assert main(["import-roster", str(csv), "--group", upcoming]) == 0
    assert "2 nuevos" in capsys.readouterr().out
    main(["groups"])
    line = next(line for line in capsys.readouterr().out.splitlines() if upcoming in line)
    assert " 34 " in line  # 32 demo participants + 2 from the file


def test_the_installed_command_exits_non_zero_with_a_reason(tmp_path):
    env = {**os.environ, "AULA_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "app.cli", "import-roster", "x.csv", "--group", "G"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == "aula import-roster: No existe el grupo «G»."


def test_demo_needs_enough_staff_for_its_groups(capsys):
    assert main(["demo", "--staff", "20"]) == 1
    assert "al menos 80 trabajadores" in capsys.readouterr().err
    assert main(["demo", "--staff", "100"]) == 0  # a failed demo leaves nothing in the way


def _qr_of_first_page(pdf: Path, tmp_path: Path) -> str:
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    image = next(tmp_path.glob("page*.png"))
    return subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_constancias_are_issued_saved_and_verify_offline(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    capsys.readouterr()
    main(["groups"])
    finished = next(line.split()[1] for line in capsys.readouterr().out.splitlines() if "concluido" in line)
    assert main(["constancias", "--group", finished, "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "36 constancias emitidas, 0 ya emitidas, 4 no acreditan." in out
    assert len(list((tmp_path / "out" / "individuales").glob("*.pdf"))) == 36
    qr = _qr_of_first_page(tmp_path / "out" / f"constancias-{finished}.pdf", tmp_path)
    assert main(["verify", qr]) == 0
    assert "Constancia auténtica" in capsys.readouterr().out
    tampered = qr[:-5] + ("0" if qr[-5] != "0" else "1") + qr[-4:]
    assert main(["verify", tampered]) == 1
    assert main(["constancias", "--group", finished, "--out", str(tmp_path / "again")]) == 0
    assert "0 constancias emitidas, 36 ya emitidas" in capsys.readouterr().out


def test_sign_in_sheet_command_writes_the_pdf(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    capsys.readouterr()
    main(["groups"])
    upcoming = next(line.split()[1] for line in capsys.readouterr().out.splitlines() if "próximo" in line)
    assert main(["sign-in-sheet", "--group", upcoming, "--session", "2", "--out", str(tmp_path / "l.pdf")]) == 0
    assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")
    assert main(["sign-in-sheet", "--group", upcoming, "--session", "3", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "no tiene sesión 3" in capsys.readouterr().err


def test_courses_configured_for_it_also_get_the_dc3(tmp_path, capsys):
    main(["demo", "--staff", "100"])
    assert main(["course", "SER-BT", "--dc3", "--thematic-area", "6000 Desarrollo personal y familiar"]) == 0
    capsys.readouterr()
    main(["groups"])
    finished = next(line.split()[1] for line in capsys.readouterr().out.splitlines() if "concluido" in line)
    assert main(["constancias", "--group", finished, "--out", str(tmp_path)]) == 0
    assert "DC-3:" in capsys.readouterr().out
    text = subprocess.run(["pdftotext", str(tmp_path / f"dc3-{finished}.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert text.count("CONSTANCIA DE COMPETENCIAS O DE HABILIDADES LABORALES") == 36
    assert "Instituto de Salud de Ejemplo" in text and "6000 Desarrollo personal y familiar" in text


def test_unit_command_shows_and_changes_the_units_data(capsys):
    main(["demo", "--staff", "100"])
    capsys.readouterr()
    assert main(["unit", "UMF07", "--director", "Dr. Tomás Peña"]) == 0
    assert "Director(a) que firma las constancias: Dr. Tomás Peña" in capsys.readouterr().out
    assert main(["unit", "UMF07", "--rfc", "XYZ"]) == 1
    assert "RFC «XYZ»" in capsys.readouterr().err

"""``aula-server import-staff``: the app's importer, written as synced workers that devices pull."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import uuid
from pathlib import Path

import pytest
from server_harness import op

from app.domain.identifiers import curp_check_digit
from app.domain.ids import worker_id
from app.domain.text import roster_sort_key
from app.importing import read_staff_file
from app.storage.tables import Worker

HEADER = ["Matrícula", "Nombre(s)", "Apellido paterno", "Apellido materno", "CURP", "Categoría", "Servicio", "Turno"]
BANNER = [["INSTITUTO MEXICANO DEL SEGURO SOCIAL"], ["Unidad de Medicina Familiar No. 7 — plantilla"], []]


def new_matricula() -> str:
    """A matrícula no other test uses: the server's workers are shared by every test of the run."""
    return str(random.randrange(10**9, 10**10))


def new_curp() -> str:
    """A valid CURP no other test uses."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=random.randrange(18_000))
    consonants = "".join(random.choice("BCDFGHJKLMNPRSTVZ") for _ in range(3))
    first17 = f"PELJ{birth:%y%m%d}{random.choice('HM')}DF{consonants}{random.randrange(10)}"
    return first17 + curp_check_digit(first17)


def write_csv(path: Path, rows: list[list[object]], encoding: str = "cp1252", delimiter: str = ";") -> Path:
    """Rows written the way Excel on Windows saves a CSV (cp1252, semicolons, CRLF)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def import_staff(server, path: Path, unit_code: str):  # noqa: ANN001, ANN201
    return server.cli("import-staff", str(path), "--unit", unit_code, check=False)


def workers_pulled(device, since: int = 0) -> list[dict]:
    return [change for change in device.pull_all(since) if change["entity"] == "worker"]


def cursor_of(device) -> int:
    changes = device.pull_all()
    return changes[-1]["seq"] if changes else 0


@pytest.fixture
def people() -> dict[str, list[object]]:
    """Two valid rows, keyed by matrícula, with unique matrículas and CURPs."""
    juan, maria = new_matricula(), new_matricula()
    return {
        juan: [juan, "Juan", "Pérez", "López", new_curp(), "Enfermera General", "Enfermería", "Matutino"],
        maria: [maria, "María José", "Núñez", "", new_curp(), "Asistente Médica", "Consulta Externa", "V"],
    }


@pytest.fixture
def messy_csv(tmp_path, people) -> Path:
    """A Windows CSV with a banner, two valid rows and three rows the importer rejects."""
    juan = next(iter(people))
    bad_curp = new_curp()
    bad_curp = bad_curp[:-1] + str((int(bad_curp[-1]) + 1) % 10)
    rejected = [
        [new_matricula(), "Ana", "Gómez", "Sánchez", bad_curp, "Camillero", "Urgencias", "N"],
        ["", "Sin", "Matrícula", "", "", "", "", ""],
        [juan, "Juan", "Repetido", "", "", "", "", ""],
    ]
    return write_csv(tmp_path / "plantilla.csv", [*BANNER, HEADER, *people.values(), *rejected])


def test_import_staff_help_names_the_file_and_the_unit(server):
    done = server.cli("import-staff", "--help")
    assert done.returncode == 0
    assert "ARCHIVO" in done.stdout and "--unit" in done.stdout


def test_messy_csv_prints_the_summary_and_every_row_problem(server, unit, messy_csv):
    done = import_staff(server, messy_csv, unit.code)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "plantilla.csv: 2 nuevos, 0 actualizados, 0 sin cambios, 3 filas con problemas."
    expected = read_staff_file(messy_csv).problems
    assert [(p.row_number, p.field) for p in expected] == [(7, "CURP"), (8, "Matrícula"), (9, "Matrícula")]
    assert [line.strip() for line in lines[1:]] == [str(problem) for problem in expected]


def test_device_of_the_unit_pulls_exactly_the_imported_workers(server, unit, instructor, messy_csv, people):
    import_staff(server, messy_csv, unit.code)
    pulled = workers_pulled(instructor)
    assert [c["entity_id"] for c in pulled] == [str(worker_id(m)) for m in people]
    for change, (matricula, row) in zip(pulled, people.items()):
        payload = change["payload"]
        assert list(payload) == list(Worker.model_fields)
        assert (change["unit_id"], change["version"], change["kind"]) == (unit.id, 1, "upsert")
        assert (payload["id"], payload["unit_id"], payload["matricula"], payload["version"]) == \
            (str(worker_id(matricula)), unit.id, matricula, 1)
        assert (payload["given_names"], payload["paternal_surname"], payload["curp"]) == (row[1], row[2], row[4])
        assert payload["search_key"] == roster_sort_key(row[1], row[2], row[3])
        assert payload["in_staff_list"] is True and payload["deleted_at"] is None
    assert pulled[1]["payload"]["shift"] == "vespertino"


def test_device_of_another_unit_receives_none_of_the_workers(server, unit, messy_csv):
    other = server.enroll(server.create_unit(), "instructor")
    try:
        import_staff(server, messy_csv, unit.code)
        assert workers_pulled(other) == []
    finally:
        other.close()


def test_reimporting_the_same_file_changes_nothing(server, unit, instructor, messy_csv, snapshot):
    import_staff(server, messy_csv, unit.code)
    cursor, before = cursor_of(instructor), snapshot()
    again = import_staff(server, messy_csv, unit.code)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == \
        "plantilla.csv: 0 nuevos, 0 actualizados, 2 sin cambios, 3 filas con problemas."
    assert instructor.pull_all(cursor) == []
    assert snapshot() == before


def test_a_changed_row_is_sent_again_with_the_next_version(server, unit, instructor, tmp_path, people):
    import_staff(server, write_csv(tmp_path / "plantilla.csv", [HEADER, *people.values()]), unit.code)
    cursor = cursor_of(instructor)
    juan, maria = people
    promoted = [*people[maria][:5], "Coordinadora de Asistentes Médicas", *people[maria][6:]]
    done = import_staff(server, write_csv(tmp_path / "plantilla.csv", [HEADER, people[juan], promoted]), unit.code)
    assert done.stdout.splitlines()[0] == "plantilla.csv: 0 nuevos, 1 actualizados, 1 sin cambios."
    pulled = workers_pulled(instructor, cursor)
    assert [(c["entity_id"], c["version"]) for c in pulled] == [(str(worker_id(maria)), 2)]
    assert pulled[0]["payload"]["category"] == "Coordinadora de Asistentes Médicas"


def test_a_curp_held_by_another_matricula_is_a_row_problem(server, unit, instructor, tmp_path):
    curp, holder = new_curp(), new_matricula()
    pushed = op("worker", uuid.uuid4(), {"unit_id": unit.id, "matricula": holder, "given_names": "Juan",
                                         "paternal_surname": "Pérez", "curp": curp, "version": 1})
    assert instructor.push([pushed])[0]["status"] == "applied"
    cursor = cursor_of(instructor)
    path = write_csv(tmp_path / "plantilla.csv", [HEADER, [new_matricula(), "Juan", "Pérez", "", curp, "", "", ""]])
    done = import_staff(server, path, unit.code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "plantilla.csv: 0 nuevos, 0 actualizados, 0 sin cambios, 1 filas con problemas.",
        f"  Fila 2, CURP «{curp}»: ya pertenece a la matrícula {holder}",
    ]
    assert instructor.pull_all(cursor) == []


def test_a_worker_a_device_already_pushed_is_updated_in_place(server, unit, instructor, tmp_path, people):
    juan = next(iter(people))
    pushed = op("worker", worker_id(juan), {"unit_id": unit.id, "matricula": juan, "given_names": "Juan",
                                            "paternal_surname": "Pérez", "version": 1})
    assert instructor.push([pushed])[0]["status"] == "applied"
    cursor = cursor_of(instructor)
    done = import_staff(server, write_csv(tmp_path / "plantilla.csv", [HEADER, people[juan]]), unit.code)
    assert done.stdout.splitlines()[0] == "plantilla.csv: 0 nuevos, 1 actualizados, 0 sin cambios."
    pulled = workers_pulled(instructor, cursor)
    assert [(c["entity_id"], c["version"]) for c in pulled] == [(str(worker_id(juan)), 2)]
    assert list(pulled[0]["payload"]) == list(Worker.model_fields)


def test_unreadable_file_exits_non_zero_and_writes_nothing(server, unit, tmp_path, snapshot):
    broken = tmp_path / "plantilla.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    before = snapshot()
    done = import_staff(server, broken, unit.code)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip().count("\n") == 0
    assert 'No se pudo leer "plantilla.xlsx"' in done.stderr
    assert snapshot() == before


def test_unknown_unit_exits_non_zero_with_one_line(server, messy_csv, snapshot):
    before = snapshot()
    done = import_staff(server, messy_csv, "NO-EXISTE")
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0
    assert "NO-EXISTE" in done.stderr
    assert snapshot() == before

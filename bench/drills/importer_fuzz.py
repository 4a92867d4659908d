"""Malformed staff lists tried on the importer: a clear refusal or the right rows, never a crash.

Files are made from a valid list of real-looking workers and then broken the ways people and
tools break them: empty, binary garbage, a broken XLSX zip, missing columns, a wrong separator,
Latin-1, and rows where a name is typed in the matrícula column, the matrícula is blank or has
letters, the CURP is invalid or the names are empty. Counted:

- crashes: anything but the importer's own Spanish refusal (``ImportFileError``);
- rows wrongly imported: a broken row that came out as a record, or a record whose matrícula
  and names are not exactly those of a sound row of the file.
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.domain.errors import UserError  # noqa: E402
from app.importing.staff_file import read_staff_file  # noqa: E402
from bench.report import Drill  # noqa: E402

HEADER = ["Matrícula", "Nombre", "Apellido paterno", "Apellido materno", "CURP", "Categoría", "Servicio", "Turno"]
_CURP = "LOMA800101MDFPRN09"


def _rows(rng: random.Random, count: int) -> list[list[str]]:
    names = ["Ana María", "José Luis", "Guadalupe", "Juan Carlos", "Rocío", "Ñeli", "María José"]
    surnames = ["López", "Hernández", "Núñez", "García", "Martínez", "Pérez", "Sánchez"]
    return [[str(10_000_000 + i), rng.choice(names), rng.choice(surnames), rng.choice(surnames), "",
             rng.choice(["Enfermera general", "Médico familiar", "Asistente médica"]),
             rng.choice(["Urgencias", "Consulta externa"]), rng.choice(["Matutino", "Vespertino"])]
            for i in range(count)]


#: row breakers: (what, function(row) -> None) — each makes the row unusable.
BREAKERS = {
    "a name in the matrícula column": lambda row: row.__setitem__(0, "Ana María López"),
    "a blank matrícula": lambda row: row.__setitem__(0, ""),
    "letters in the matrícula": lambda row: row.__setitem__(0, "12AB45"),
    "an invalid CURP": lambda row: row.__setitem__(4, "NOESUNACURP"),
    "no names at all": lambda row: (row.__setitem__(1, ""), row.__setitem__(2, ""), row.__setitem__(3, "")),
}


def _csv(rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _xlsx(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cases(rng: random.Random, files: int) -> list[tuple[str, str, bytes, set[int], dict[int, list[str]]]]:
    """(what, suffix, content, broken row numbers, sound rows by row number)."""
    cases = []
    for n in range(files):
        rows = _rows(rng, rng.randrange(5, 60))
        broken: set[int] = set()
        for index in rng.sample(range(len(rows)), k=max(1, len(rows) // 5)):
            what = rng.choice(list(BREAKERS))
            BREAKERS[what](rows[index])
            broken.add(index + 2)  # header is row 1
        sound = {i + 2: row for i, row in enumerate(rows) if i + 2 not in broken}
        kind = n % 10
        if kind == 0:
            cases.append(("broken rows (CSV)", ".csv", _csv(rows), broken, sound))
        elif kind == 1:
            cases.append(("broken rows (XLSX)", ".xlsx", _xlsx(rows), broken, sound))
        elif kind == 2:
            cases.append(("semicolon separator, Latin-1", ".csv", _csv(rows, delimiter=";", encoding="latin-1"),
                          broken, sound))
        elif kind == 3:
            cases.append(("no matrícula column", ".csv", _csv([r[1:] for r in rows], HEADER[1:]), set(), {}))
        elif kind == 4:
            cases.append(("no name columns", ".xlsx", _xlsx([[r[0], r[4]] for r in rows], [HEADER[0], HEADER[4]]),
                          set(), {}))
        elif kind == 5:
            content = _xlsx(rows)
            cases.append(("XLSX cut short", ".xlsx", content[: rng.randrange(30, len(content) - 30)], set(), {}))
        elif kind == 6:
            cases.append(("binary garbage", rng.choice([".csv", ".xlsx"]), rng.randbytes(rng.randrange(1, 5000)),
                          set(), {}))
        elif kind == 7:
            cases.append(("empty file", rng.choice([".csv", ".xlsx"]), b"", set(), {}))
        elif kind == 8:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("hola.txt", "no es una hoja de cálculo")
            cases.append(("a zip that is not a workbook", ".xlsx", buffer.getvalue(), set(), {}))
        else:
            header = HEADER[:]
            rng.shuffle(header)
            order = [HEADER.index(h) for h in header]
            shuffled = [[row[i] for i in order] for row in rows]
            cases.append(("columns in another order", ".csv", _csv(shuffled, header), broken, sound))
    return cases


def run(quick: bool = False) -> Drill:
    rng = random.Random(20261129)
    cases = _cases(rng, 60 if quick else 400)
    crashes: list[str] = []
    wrong = refused = rows_read = 0
    with tempfile.TemporaryDirectory() as tmp:
        for number, (what, suffix, content, broken, sound) in enumerate(cases):
            path = Path(tmp) / f"plantilla-{number}{suffix}"
            path.write_bytes(content)
            try:
                parsed = read_staff_file(path)
            except UserError as refusal:
                refused += 1
                if not str(refusal).strip():
                    crashes.append(f"{what}: a refusal without a message")
                continue
            except Exception as exc:  # the drill's purpose: anything else is a crash
                crashes.append(f"{what}: {type(exc).__name__}")
                continue
            rows_read += parsed.total_rows
            for record in parsed.records:
                expected = sound.get(record.row_number)
                if record.row_number in broken or expected is None or \
                        (record.matricula, record.given_names, record.paternal_surname) != \
                        (expected[0], expected[1], expected[2]):
                    wrong += 1
    counts = {"files": len(cases), "refused with a message": refused, "rows read": rows_read,
              "crashes": len(crashes), "rows wrongly imported": wrong}
    return Drill("Malformed staff lists on the importer", counts, passed=not crashes and wrong == 0,
                 note="; ".join(sorted(set(crashes)))[:300], source="bench/drills/importer_fuzz.py")


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))

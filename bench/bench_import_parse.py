"""Benchmark: parsing a 20,000-row staff list from CSV and XLSX with ``read_staff_file``.

Writes realistic files into a temporary directory (Spanish names, valid
CURPs, banner rows above the header), then times, median of a few runs:

* the baseline: the bare library reading the same file (``csv.reader`` over
  the CSV; openpyxl read-only iteration of the XLSX), and
* ``read_staff_file`` on it (decoding, header search, validation of every row).

It prints rows per second and the ratio against the baseline measured in the
same run, so the figures compare across machines. Run it with::

    .venv/bin/python bench/bench_import_parse.py [--rows 20000]
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402
from stdnum.mx.curp import calc_check_digit  # noqa: E402

from app.importing import read_staff_file  # noqa: E402

GIVEN = ["Juan", "María", "José Luis", "Guadalupe", "Ana Sofía", "Jesús", "Rosa María",
         "Francisco Javier", "Verónica", "Martín", "Ximena", "Ángel", "Itzel", "Raúl"]
SURNAMES = ["Pérez", "López", "Hernández", "García", "Martínez", "Núñez", "Peña", "Ramírez",
            "Sánchez", "Cruz", "Gómez", "Díaz", "Ordóñez", "Muñoz", "De la Cruz", "Ibarra"]
CATEGORIES = ["Enfermera general", "Médico familiar", "Asistente médica", "Auxiliar de limpieza",
              "Trabajadora social", "Químico clínico", "Camillero", "Jefe de servicio"]
DEPARTMENTS = ["Urgencias", "Consulta externa", "Laboratorio", "Farmacia", "Archivo clínico",
               "Medicina preventiva", "Rayos X", "Dirección"]
SHIFTS = ["Matutino", "V", "N", "JA", "MAT", "Vespertino"]
STATES = ["DF", "JC", "NL", "PL", "MC", "VZ", "YN", "GT"]
CONSONANTS = "BCDFGHJKLMNPRSTVZ"
HEADER = ["Matrícula", "Nombre(s)", "Apellido paterno", "Apellido materno", "CURP",
          "Categoría", "Servicio", "Turno", "Observaciones"]
BANNER = [["INSTITUTO DE SALUD — UNIDAD DE MEDICINA FAMILIAR No. 12"], ["Plantilla de personal"], []]


def make_rows(count: int, seed: int = 20261123) -> list[list[object]]:
    """``count`` valid staff rows with distinct matrículas and CURPs."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        paternal, maternal = rng.choice(SURNAMES), rng.choice(SURNAMES)
        year = rng.randint(1960, 1999)
        first17 = (
            # An X second letter, as RENAPO does for inconvenient words, keeps off the blacklist.
            f"{paternal[0].upper()}X{maternal[0].upper()}{'JMGAR'[index % 5]}"
            f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{rng.choice('HM')}{rng.choice(STATES)}"
            f"{''.join(rng.choice(CONSONANTS) for _ in range(3))}{index % 10}"
        )
        rows.append([
            99000000 + index, rng.choice(GIVEN), paternal, maternal,
            first17 + calc_check_digit(first17), rng.choice(CATEGORIES),
            rng.choice(DEPARTMENTS), rng.choice(SHIFTS), "",
        ])
    return rows


def write_csv(path: Path, rows: list[list[object]]) -> None:
    """What Excel in Spanish writes: Windows-1252, semicolons, CRLF."""
    with path.open("w", encoding="cp1252", newline="") as stream:
        writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
        writer.writerows([*BANNER, HEADER, *rows])


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Plantilla")
    for row in [*BANNER, HEADER, *rows]:
        sheet.append(row)
    workbook.save(path)


def baseline_csv(path: Path) -> int:
    with path.open(encoding="cp1252", newline="") as stream:
        return sum(1 for _ in csv.reader(stream, delimiter=";"))


def baseline_xlsx(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check(path: Path, expected: int) -> None:
    parsed = read_staff_file(path)
    if len(parsed.records) != expected or parsed.problems:
        raise SystemExit(
            f"{path.name}: expected {expected} records and no problems, got "
            f"{len(parsed.records)} records and {len(parsed.problems)} problems "
            f"(first: {parsed.problems[:1]})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (CSV); XLSX uses 3")
    args = parser.parse_args()

    rows = make_rows(args.rows)
    with tempfile.TemporaryDirectory(prefix="aula-bench-") as folder:
        csv_path, xlsx_path = Path(folder) / "plantilla.csv", Path(folder) / "plantilla.xlsx"
        write_csv(csv_path, rows)
        write_xlsx(xlsx_path, rows)
        check(csv_path, args.rows)
        check(xlsx_path, args.rows)

        print(f"read_staff_file on {args.rows} rows (median of runs; baseline measured in this run)")
        print(f"{'format':<6} {'baseline s':>10} {'aula s':>8} {'rows/s':>9} {'ratio':>6}  target")
        for label, path, baseline, runs, target in (
            ("CSV", csv_path, baseline_csv, args.runs, 1.0),
            ("XLSX", xlsx_path, baseline_xlsx, max(1, min(args.runs, 3)), 6.0),
        ):
            base = median_seconds(lambda read=baseline, p=path: read(p), runs)
            ours = median_seconds(lambda p=path: read_staff_file(p), runs)
            verdict = "ok" if ours < target else "SLOW"
            print(
                f"{label:<6} {base:>10.3f} {ours:>8.3f} {args.rows / ours:>9.0f} "
                f"{ours / base:>5.1f}x  < {target:.0f} s {verdict}"
            )


if __name__ == "__main__":
    main()

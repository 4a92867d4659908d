"""Staff-list import rate for 20,000 rows, CSV and XLSX, end to end (file → committed).

Baseline in the same run: the same file read with the bare library (csv.reader /
openpyxl read-only iteration) and its rows inserted with one sqlite3
executemany + COMMIT. The import does more (validation of every matrícula and
CURP, duplicate checks, outbox ops): the ratio says what that costs. The
storage floor is the part of it no Python can save: the rows, outbox ops and
search index the import wrote, written again by bare sqlite3 into the same
schema (its indexes, foreign keys, ``synchronous=FULL``) in one transaction.

    .venv/bin/python bench/bench_import.py [--rows 20000] [--one-core] [--json]
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import _common  # noqa: F401
import openpyxl
from _common import add_common_options, finish

from app.services import catalog, staff
from app.services.context import Context
from app.services.demo import make_staff

HEADER = ["Matrícula", "Nombre(s)", "Apellido paterno", "Apellido materno", "CURP", "Categoría", "Servicio", "Turno"]


def write_files(folder: Path, rows: int) -> tuple[Path, Path]:
    records = make_staff(random.Random(7), rows, first_matricula=90_000_000)
    data = [[r.matricula, r.given_names, r.paternal_surname, r.maternal_surname, r.curp, r.category,
             r.department, r.shift.capitalize()] for r in records]
    csv_path = folder / "plantilla.csv"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(data)
    xlsx_path = folder / "plantilla.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Plantilla")
    sheet.append(["Unidad de Medicina Familiar No. 7"])
    sheet.append(["Plantilla de personal al 23 de noviembre de 2026"])
    sheet.append([])
    sheet.append(HEADER)
    for row in data:
        sheet.append([int(row[0]), *row[1:]])
    book.save(xlsx_path)
    return csv_path, xlsx_path


def timed_import(folder: Path, path: Path, label: str) -> tuple[float, int]:
    ctx = Context.open(folder / f"{label}.sqlite3")
    catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    t0 = time.perf_counter()
    report = staff.import_staff(ctx, path, "UMF07")
    elapsed = time.perf_counter() - t0
    ctx.close()
    return elapsed, report.created


def storage_floor(folder: Path, label: str) -> float:
    """The database's share of the import: the rows it wrote (workers, their outbox ops, the
    search index) written again into a fresh database of the same schema by bare sqlite3, with
    the same pragmas, in one transaction: no Python per row but the driver's."""
    imported = sqlite3.connect(folder / f"{label}.sqlite3")
    workers = imported.execute("SELECT * FROM worker").fetchall()
    ops = imported.execute("SELECT op_id, entity, entity_id, kind, base_version, payload, created_at, state, "
                           "attempts, last_error, reason FROM outbox WHERE entity = 'worker'").fetchall()
    units = imported.execute("SELECT * FROM unit").fetchall()
    imported.close()
    Context.open(folder / f"floor-{label}.sqlite3").close()  # the schema, migrated
    db = sqlite3.connect(folder / f"floor-{label}.sqlite3", isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
        db.execute(f"PRAGMA {pragma}")
    db.executemany(f"INSERT INTO unit VALUES ({', '.join('?' * len(units[0]))})", units)
    t0 = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.execute("DROP TRIGGER worker_search_ai")
    db.executemany(f"INSERT INTO worker VALUES ({', '.join('?' * len(workers[0]))})", workers)
    db.executemany("INSERT INTO outbox (op_id, entity, entity_id, kind, base_version, payload, created_at, state, "
                   "attempts, last_error, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)", ops)
    db.execute("INSERT INTO worker_search (rowid, search_key, matricula) SELECT rowid, search_key, matricula "
               "FROM worker")
    db.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    db.close()
    return elapsed


def baseline(folder: Path, rows_iter, label: str) -> float:
    db = sqlite3.connect(folder / f"bare-{label}.sqlite3", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE worker (matricula TEXT PRIMARY KEY, given TEXT, paternal TEXT, maternal TEXT, "
               "curp TEXT, category TEXT, department TEXT, shift TEXT)")
    t0 = time.perf_counter()
    rows = [tuple(str(c) for c in r[:8]) for r in rows_iter()]
    db.execute("BEGIN")
    db.executemany("INSERT INTO worker VALUES (?,?,?,?,?,?,?,?)", rows)
    db.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    db.close()
    return elapsed


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    add_common_options(parser)
    args = parser.parse_args(argv)
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path, xlsx_path = write_files(folder, args.rows)

        def csv_rows():
            with csv_path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle, delimiter=";")
                next(reader)
                yield from reader

        def xlsx_rows():
            book = openpyxl.load_workbook(xlsx_path, read_only=True, data_only=True)
            try:
                yield from book.worksheets[0].iter_rows(min_row=5, values_only=True)
            finally:
                book.close()

        for label, path, rows in (("CSV", csv_path, csv_rows), ("XLSX", xlsx_path, xlsx_rows)):
            base = baseline(folder, rows, label)
            elapsed, created = timed_import(folder, path, label)
            floor = storage_floor(folder, label)
            figures[f"staff_import_{label.lower()}"] = {"seconds": round(elapsed, 3), "rows": created,
                                                        "bare_seconds": round(base, 3),
                                                        "ratio_to_bare": round(elapsed / base, 2),
                                                        "storage_floor_seconds": round(floor, 3),
                                                        "storage_floor_ratio_to_bare": round(floor / base, 2)}
            print(f"{label:4}: import_staff {created} rows in {elapsed:.2f} s ({created / elapsed:,.0f} rows/s); "
                  f"bare read + insert {base:.2f} s; ratio {elapsed / base:.1f}x; its database writes alone "
                  f"(same rows, ops and index by bare sqlite3) {floor:.2f} s = {floor / base:.1f}x", flush=True)
    return finish(figures, args, __file__, argv)


if __name__ == "__main__":
    main()

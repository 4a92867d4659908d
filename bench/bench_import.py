"""Staff-list import rate for 20,000 rows, CSV and XLSX, end to end (file → committed).

Figures, all measured in the same run:

* ``import_staff``: the service, from the file's path to the commit (read, validate,
  compare with the stored workers, write workers, outbox ops, search index, audit entry).
* bare read + insert (the baseline): the same file read with the bare library
  (csv.reader / openpyxl read-only iteration) and its rows inserted, as text, with one
  sqlite3 executemany + COMMIT into a table without indexes.
* storage floor: the part no Python can save. The rows, outbox ops and search index the
  import wrote, written again by bare sqlite3 into a fresh database of the same schema
  (its indexes, foreign keys, ``synchronous=FULL``) in one transaction, the way the import
  writes them (:mod:`app.storage.bulk_load`: the secondary indexes dropped and re-created in
  the transaction). The plain floor writes them with the indexes in place, as the import
  did before; both end in the same database.

``--breakdown`` also times the stages of one more CSV import (each stage's own wall time,
measured around the service's own functions, so the profiler's distortion is avoided):
reading and validating the file (µs per row, against bare csv.reader), the per-record work
(ids, comparison, new rows and their payloads), the outbox ops' Python part, and each
storage part in ms (worker insert, outbox insert, search index, index rebuild, commit).

    .venv/bin/python bench/bench_import.py [--rows 20000] [--breakdown] [--one-core] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
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
from sqlmodel import Session

from app.domain.ids import worker_id
from app.importing import read_staff_file
from app.importing.gc_pause import gc_paused
from app.services import catalog, staff, worker_import
from app.services.context import Context
from app.services.demo import make_staff
from app.services.worker_rows import NewWorkers
from app.storage import changes, worker_search
from app.storage.tables import utcnow

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


def storage_floor(folder: Path, label: str, *, rebuilt: bool) -> dict[str, float]:
    """The database's share of the import: the rows it wrote (workers, their outbox ops, the
    search index) written again into a fresh database of the same schema by bare sqlite3, with
    the same pragmas, in one transaction: no Python per row but the driver's. ``rebuilt``: as
    :func:`app.storage.bulk_load.bulk_load` writes them (indexes dropped and re-created).
    Returns each part's seconds and their ``total``."""
    imported = sqlite3.connect(folder / f"{label}.sqlite3")
    workers = imported.execute("SELECT * FROM worker").fetchall()
    ops = imported.execute("SELECT op_id, entity, entity_id, kind, base_version, payload, created_at, state, "
                           "attempts, last_error, reason FROM outbox WHERE entity = 'worker'").fetchall()
    units = imported.execute("SELECT * FROM unit").fetchall()
    imported.close()
    name = f"floor-{label}-{'rebuilt' if rebuilt else 'plain'}.sqlite3"
    Context.open(folder / name).close()  # the schema, migrated
    db = sqlite3.connect(folder / name, isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", "synchronous=FULL"):
        db.execute(f"PRAGMA {pragma}")
    db.executemany(f"INSERT INTO unit VALUES ({', '.join('?' * len(units[0]))})", units)
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                         "AND tbl_name IN ('worker', 'outbox') ORDER BY rowid").fetchall() if rebuilt else []
    parts = {}
    t0 = time.perf_counter()
    db.execute("BEGIN IMMEDIATE")
    db.execute("DROP TRIGGER worker_search_ai")
    for index, _ in indexes:
        db.execute(f"DROP INDEX {index}")
    t = time.perf_counter()
    db.executemany(f"INSERT INTO worker VALUES ({', '.join('?' * len(workers[0]))})", workers)
    parts["worker_insert"], t = time.perf_counter() - t, time.perf_counter()
    db.executemany("INSERT INTO outbox (op_id, entity, entity_id, kind, base_version, payload, created_at, state, "
                   "attempts, last_error, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)", ops)
    parts["outbox_insert"], t = time.perf_counter() - t, time.perf_counter()
    db.execute("INSERT INTO worker_search (rowid, search_key, matricula) SELECT rowid, search_key, matricula "
               "FROM worker")
    parts["search_index"], t = time.perf_counter() - t, time.perf_counter()
    for _, sql in indexes:
        db.execute(sql)
    parts["index_rebuild"], t = time.perf_counter() - t, time.perf_counter()
    db.execute("COMMIT")
    parts["commit"] = time.perf_counter() - t
    parts["total"] = time.perf_counter() - t0
    db.close()
    return parts


class _Stages:
    """Wall time spent inside some of the import's own functions, by name (wrapped for one import)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, list[float]] = {}
        self._undo: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, attribute: str, name: str) -> None:
        real = getattr(owner, attribute)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                spent = time.perf_counter() - t
                self.seconds[name] = self.seconds.get(name, 0.0) + spent
                self.calls.setdefault(name, []).append(spent)

        self._undo.append((owner, attribute, real))
        setattr(owner, attribute, timed)

    def wrap_block(self, owner: object, attribute: str, inside: str, after: str) -> None:
        """A context manager's block (``inside``) and its exit (``after``)."""
        real = getattr(owner, attribute)

        @contextlib.contextmanager
        def timed(*args, **kwargs):
            with real(*args, **kwargs):
                t = time.perf_counter()
                yield
                self.seconds[inside] = time.perf_counter() - t
                t = time.perf_counter()
            self.seconds[after] = time.perf_counter() - t

        self._undo.append((owner, attribute, real))
        setattr(owner, attribute, timed)

    def restore(self) -> None:
        for owner, attribute, real in reversed(self._undo):
            setattr(owner, attribute, real)


def breakdown(folder: Path, path: Path, csv_rows, created: int, floor: dict[str, float]) -> dict:
    """Where one CSV import's time goes (see the module docstring); prints it and returns it."""
    stages = _Stages()
    stages.wrap(staff, "read_staff_file", "read_file")
    stages.wrap(staff, "upsert_records", "upsert")
    stages.wrap(worker_import, "_existing", "lookup")
    stages.wrap(changes, "insert_stored", "executemany")  # the workers', then the ops'
    stages.wrap(changes, "queue_many", "queue_many")
    stages.wrap_block(worker_import, "bulk_load", "bulk_block", "index_rebuild")
    stages.wrap_block(worker_search, "bulk_insert", "worker_insert_block", "search_index")
    stages.wrap(Session, "commit", "commit")
    ctx = Context.open(folder / "breakdown.sqlite3")
    catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
    stages.seconds.clear()
    stages.calls.clear()
    try:
        t = time.perf_counter()
        staff.import_staff(ctx, path, "UMF07")
        total = time.perf_counter() - t
    finally:
        stages.restore()
    sec = stages.seconds
    worker_insert, ops_insert = stages.calls["executemany"]
    loop = sec["upsert"] - sec["lookup"] - sec["bulk_block"] - sec["index_rebuild"]
    # The per-record loop's main parts, replayed on the same records with the same functions.
    parsed = read_staff_file(path)
    with gc_paused():
        t = time.perf_counter()
        list(csv_rows())
        bare_read = time.perf_counter() - t
        fields = worker_import._given_fields(parsed.columns, False)
        t = time.perf_counter()
        ids = [worker_id(r.matricula) for r in parsed.records]
        ids_s = time.perf_counter() - t
        values = [worker_import._given_values(r, fields, False) for r in parsed.records]
        unit = catalog.get_unit(ctx, "UMF07").id
        with ctx.db.write() as s:
            rows = NewWorkers(s.connection())
            now = utcnow()
            t = time.perf_counter()
            for record, given, row_id in zip(parsed.records, values, ids):
                rows.add_new(record, given, row_id=row_id, unit_id=unit, in_staff_list=True, now=now)
            rows_s = time.perf_counter() - t
            s.rollback()
    ctx.close()

    def per_row(seconds: float) -> float:
        return round(seconds / created * 1e6, 2)

    figures = {
        "total_ms": round(total * 1000, 1),
        "read_file_us_per_row": per_row(sec["read_file"]), "bare_csv_reader_us_per_row": per_row(bare_read),
        "validation_us_per_row": per_row(sec["read_file"] - bare_read),
        "record_loop_us_per_row": per_row(loop), "worker_ids_us_per_row": per_row(ids_s),
        "rows_and_payloads_us_per_row": per_row(rows_s),
        "rest_of_loop_us_per_row": per_row(loop - ids_s - rows_s),
        "outbox_ops_python_us_per_row": per_row(sec["queue_many"] - ops_insert),
        "lookup_ms": round(sec["lookup"] * 1000, 1),
        "storage_ms": {name: round(seconds * 1000, 1) for name, seconds in (
            ("worker_insert", worker_insert), ("outbox_insert", ops_insert), ("search_index", sec["search_index"]),
            ("index_rebuild", sec["index_rebuild"]), ("commit", sec["commit"]))},
        "storage_floor_ms": {k: round(v * 1000, 1) for k, v in floor.items()},
    }
    storage = figures["storage_ms"]
    print(f"CSV breakdown, one more import of {created} rows in {total * 1000:.0f} ms:\n"
          f"  read the file {figures['read_file_us_per_row']} µs/row = bare csv.reader "
          f"{figures['bare_csv_reader_us_per_row']} + validation {figures['validation_us_per_row']}\n"
          f"  per record {figures['record_loop_us_per_row']} µs/row = ids {figures['worker_ids_us_per_row']} + "
          f"row and payload {figures['rows_and_payloads_us_per_row']} + compare, checks, report "
          f"{figures['rest_of_loop_us_per_row']}; outbox ops (ids, tuples) {figures['outbox_ops_python_us_per_row']}"
          f" µs/row; stored-worker lookup {figures['lookup_ms']} ms\n"
          f"  storage ms: " + ", ".join(f"{k} {v}" for k, v in storage.items()) + f" = {sum(storage.values()):.0f}"
          f" (floor: " + ", ".join(f"{k} {v}" for k, v in figures["storage_floor_ms"].items()) + ")", flush=True)
    return figures


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
    parser.add_argument("--breakdown", action="store_true", help="time the stages of one more CSV import")
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
            floor = storage_floor(folder, label, rebuilt=True)
            plain = storage_floor(folder, label, rebuilt=False)
            figures[f"staff_import_{label.lower()}"] = {
                "seconds": round(elapsed, 3), "rows": created, "bare_seconds": round(base, 3),
                "ratio_to_bare": round(elapsed / base, 2), "storage_floor_seconds": round(floor["total"], 3),
                "storage_floor_ratio_to_bare": round(floor["total"] / base, 2),
                "storage_floor_parts_ms": {k: round(v * 1000, 1) for k, v in floor.items()},
                "plain_storage_floor_seconds": round(plain["total"], 3)}
            print(f"{label:4}: import_staff {created} rows in {elapsed:.2f} s ({created / elapsed:,.0f} rows/s); "
                  f"bare read + insert {base:.2f} s; ratio {elapsed / base:.1f}x; its database writes alone "
                  f"(same rows, ops and index by bare sqlite3, indexes rebuilt) {floor['total']:.2f} s = "
                  f"{floor['total'] / base:.1f}x (indexes kept: {plain['total']:.2f} s = "
                  f"{plain['total'] / base:.1f}x)", flush=True)
            if label == "CSV" and args.breakdown:
                figures["staff_import_csv_breakdown"] = breakdown(folder, path, csv_rows, created, floor)
    return finish(figures, args, __file__, argv)


if __name__ == "__main__":
    main()

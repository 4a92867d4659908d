"""A big staff import drops the worker and outbox indexes and re-creates them in its own transaction:
the database ends exactly as if they had stayed, and a failure at any point leaves the schema and
the data as they were."""

from __future__ import annotations

import random
import sqlite3
import uuid

import pytest
from fixtures_import import HEADER, write_csv

from app.services import staff
from app.services.demo import make_staff
from app.storage import bulk_load, changes

BIG = bulk_load.MIN_ROWS + 500


def _file(tmp_path, count: int, first: int, seed: int, name: str = "plantilla.csv"):
    records = make_staff(random.Random(seed), count, first_matricula=first)
    rows = [[r.matricula, r.given_names, r.paternal_surname, r.maternal_surname, r.curp, r.category,
             r.department, r.shift] for r in records]
    return write_csv(tmp_path / name, [HEADER, *rows], delimiter=";")


def _raw(ctx, sql: str) -> list[tuple]:
    db = sqlite3.connect(ctx.db.path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def _snapshot(ctx) -> dict:
    """The whole schema (tables, indexes, triggers, as written) and everything an import writes."""
    return {"schema": _raw(ctx, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")} | {
        table: _raw(ctx, f"SELECT * FROM {table} ORDER BY rowid") for table in ("worker", "outbox", "audit_log")
    } | {"index": _raw(ctx, "SELECT rowid FROM worker_search WHERE worker_search MATCH 'nez'")}


def _indexes(conn) -> set[str]:
    return {name for (name,) in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('worker', 'outbox')").all()}


class _Watch:
    """What the import's connection looked like while its outbox ops were queued."""

    def __init__(self, monkeypatch, fail: bool = False) -> None:
        self.indexes_during: set[str] = set()
        real = changes.queue_many

        def queue_many(conn, *args, **kwargs):
            self.indexes_during = _indexes(conn)
            if fail:
                raise OSError("disco lleno")
            real(conn, *args, **kwargs)

        monkeypatch.setattr(changes, "queue_many", queue_many)


def test_a_big_import_ends_with_every_index_as_before(
        ctx, tmp_path, monkeypatch):
    schema = _raw(ctx, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
    secondary = {name for (name,) in _raw(ctx, "SELECT name FROM sqlite_master WHERE type = 'index' "
                                               "AND tbl_name IN ('worker', 'outbox') AND sql IS NOT NULL")}
    watch = _Watch(monkeypatch)
    assert staff.import_staff(ctx, _file(tmp_path, BIG, 61_000_000, 21), "UMF07").created == BIG
    assert secondary and not secondary & watch.indexes_during  # they were really dropped meanwhile
    assert _raw(ctx, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name") == schema
    assert _raw(ctx, "PRAGMA integrity_check") == [("ok",)]  # each index holds exactly the table's rows
    assert _raw(ctx, "EXPLAIN QUERY PLAN SELECT id FROM worker WHERE curp = 'X'")[0][-1].endswith(
        "USING INDEX ix_worker_curp (curp=?)")


def test_a_failure_after_the_indexes_were_dropped_leaves_the_schema_and_data_as_before(
        ctx, tmp_path, monkeypatch):
    staff.import_staff(ctx, _file(tmp_path, 40, 62_000_000, 12, "primera.csv"), "UMF07")
    path = _file(tmp_path, BIG, 61_000_000, 22)
    before = _snapshot(ctx)
    watch = _Watch(monkeypatch, fail=True)
    with pytest.raises(OSError, match="disco lleno"):
        staff.import_staff(ctx, path, "UMF07")
    assert not watch.indexes_during & {"ix_worker_curp", "ix_outbox_state"}  # failed with them dropped
    assert _snapshot(ctx) == before
    assert _raw(ctx, "PRAGMA integrity_check") == [("ok",)]
    monkeypatch.undo()
    assert staff.import_staff(ctx, path, "UMF07").created == BIG
    assert _raw(ctx, "PRAGMA integrity_check") == [("ok",)]


def test_a_duplicate_matricula_that_slipped_past_the_checks_fails_the_import_when_its_index_is_rebuilt(
        ctx, tmp_path, monkeypatch):
    path = _file(tmp_path, BIG, 61_000_000, 23)
    before = _snapshot(ctx)
    real = changes.insert_stored

    def insert_with_a_duplicate(conn, table, columns, rows):
        rows = list(rows)
        rows.append((uuid.uuid4().hex, *rows[0][1:]))  # another id, the same matrícula
        real(conn, table, columns, rows)

    monkeypatch.setattr(changes, "insert_stored", insert_with_a_duplicate)
    with pytest.raises(Exception, match="UNIQUE"):  # noqa: PT011 - SQLAlchemy's IntegrityError
        staff.import_staff(ctx, path, "UMF07")
    assert _snapshot(ctx) == before


def test_indexes_stay_when_the_import_adds_fewer_rows_than_the_table_holds_or_few_rows(ctx, tmp_path):
    staff.import_staff(ctx, _file(tmp_path, BIG, 61_000_000, 24), "UMF07")
    with ctx.db.write() as s:
        conn = s.connection()
        assert bulk_load.indexes_to_rebuild(conn, {"worker": BIG - 1}) == []  # fewer than it holds
        assert {index for _, index, _ in bulk_load.indexes_to_rebuild(conn, {"worker": BIG + 1})} == {
            "ix_worker_curp", "ix_worker_search_key", "ix_worker_matricula", "ix_worker_unit_id",
            "ix_worker_credential_number"}
        before = _indexes(conn)
        with bulk_load.bulk_load(conn, {"worker": bulk_load.MIN_ROWS - 1}):  # few rows: nothing changes
            assert _indexes(conn) == before
        s.rollback()

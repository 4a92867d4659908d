"""A bulk staff import writes its workers, their outbox ops, the search index and the audit entry
in one transaction, exactly as the ORM would write them; a failure half-way leaves nothing."""

from __future__ import annotations

import json
import random
import re
import sqlite3
import uuid

import pytest
from fixtures_import import CURP_JUAN, HEADER, write_csv
from sqlalchemy import insert

from app.importing import StaffRecord
from app.services import catalog, staff
from app.services.demo import make_staff
from app.services.worker_rows import FIELDS, NewWorkers, new_row
from app.storage import changes
from app.storage.tables import Worker, utcnow

_SHAPE = re.compile(r"[0-9a-f]")  # hex digits: what varies between two ids or two instants


def _file(tmp_path, count: int, first: int = 61_000_000, seed: int = 11):
    records = make_staff(random.Random(seed), count, first_matricula=first)
    rows = [[r.matricula, r.given_names, r.paternal_surname, r.maternal_surname, r.curp, r.category,
             r.department, r.shift] for r in records]
    return write_csv(tmp_path / "plantilla.csv", [HEADER, *rows], delimiter=";"), records


def _raw(ctx, sql: str, *params) -> list[tuple]:
    db = sqlite3.connect(ctx.db.path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


def _snapshot(ctx) -> dict:
    """Everything an import may write, as stored."""
    return {table: _raw(ctx, f"SELECT * FROM {table} ORDER BY rowid")
            for table in ("worker", "outbox", "audit_log")} | {
        "index": _raw(ctx, "SELECT rowid FROM worker_search WHERE worker_search MATCH 'nez'"),
        "triggers": _raw(ctx, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")}


def test_every_imported_worker_has_its_op_and_the_import_its_audit_entry_in_the_same_commit(ctx, tmp_path):
    path, records = _file(tmp_path, 300)
    before = len(_raw(ctx, "SELECT * FROM audit_log"))
    report = staff.import_staff(ctx, path, "UMF07")
    assert report.created == 300
    ops = _raw(ctx, "SELECT entity_id, kind, base_version, state FROM outbox WHERE entity = 'worker'")
    workers = _raw(ctx, "SELECT id FROM worker")
    assert sorted(op[0] for op in ops) == sorted(w[0] for w in workers)
    assert {op[1:] for op in ops} == {("upsert", None, "pending")}
    assert len(set(_raw(ctx, "SELECT op_id FROM outbox WHERE entity = 'worker'"))) == 300
    audit = _raw(ctx, "SELECT action, details FROM audit_log")[before:]
    assert [action for action, _ in audit] == ["staff.import"]
    assert '"created": 300' in audit[0][1]


def test_an_imported_worker_is_stored_and_queued_exactly_as_the_orm_would_write_it(ctx, tmp_path):
    path, records = _file(tmp_path, 5)
    staff.import_staff(ctx, path, "UMF07")
    unit = catalog.get_unit(ctx, "UMF07")
    by_hand = staff.add_worker(ctx, matricula="61999999", given_names="José", paternal_surname="Núñez",
                               maternal_surname="", curp=CURP_JUAN, unit_id=unit.id)
    imported = staff.get_worker_by_matricula(ctx, records[0].matricula)
    with ctx.db.read() as s:
        for worker_id in (imported.id, by_hand.id):
            row = s.get(Worker, worker_id)
            queued = _raw(ctx, "SELECT payload FROM outbox WHERE entity_id = ? ORDER BY seq",
                          worker_id.hex)
            assert json.loads(queued[-1][0]) == json.loads(changes.json_payload(changes.payload_of(row)))
    stored = {m: _raw(ctx, "SELECT * FROM worker WHERE matricula = ?", m)[0]
              for m in (records[0].matricula, "61999999")}
    shapes = [[(type(v).__name__, _SHAPE.sub("9", v) if isinstance(v, str) and k in (0, 1, 2, 5) else None)
               for k, v in enumerate(row)] for row in stored.values()]
    assert shapes[0] == shapes[1]  # ids, instants, unit and flags in the same form


def _fail_in_the_middle_of_the_worker_insert(monkeypatch):
    real = changes.insert_stored

    def insert_with_a_bad_row(conn, table, columns, rows):
        rows = list(rows)
        rows[len(rows) // 2] = tuple(None for _ in columns)  # NOT NULL columns: the insert fails half-way
        real(conn, table, columns, rows)

    monkeypatch.setattr(changes, "insert_stored", insert_with_a_bad_row)


def _fail_after_the_workers_and_their_index_are_written(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("disco lleno")

    monkeypatch.setattr(changes, "queue_many", refuse)


@pytest.mark.parametrize("failure", [_fail_in_the_middle_of_the_worker_insert,
                                     _fail_after_the_workers_and_their_index_are_written])
def test_a_failure_half_way_through_a_bulk_import_leaves_the_database_exactly_as_before(
        ctx, tmp_path, monkeypatch, failure):
    staff.import_staff(ctx, _file(tmp_path, 40, first=62_000_000, seed=12)[0], "UMF07")
    (tmp_path / "plantilla.csv").unlink()
    path, _ = _file(tmp_path, 400)
    before = _snapshot(ctx)
    failure(monkeypatch)
    with pytest.raises(Exception):  # noqa: B017, PT011 - whatever the failure, nothing stays
        staff.import_staff(ctx, path, "UMF07")
    assert _snapshot(ctx) == before
    assert _raw(ctx, "INSERT INTO worker_search(worker_search, rank) VALUES ('integrity-check', 1)") == []
    monkeypatch.undo()
    unit = catalog.get_unit(ctx, "UMF07")
    staff.add_worker(ctx, matricula="63000001", given_names="Zacarías", paternal_surname="Xochitl",
                     maternal_surname="", unit_id=unit.id)  # the insert trigger is back: found at once
    assert [w.matricula for w in staff.search_workers(ctx, "xochitl")] == ["63000001"]
    assert staff.import_staff(ctx, path, "UMF07").created == 400


def test_new_worker_rows_are_stored_and_queued_byte_for_byte_as_a_core_insert_and_json_payload(ctx):
    unit = catalog.get_unit(ctx, "UMF07")
    now = utcnow()
    records = [StaffRecord(2, "64000001", "Ana \"la\" María", "Núñez\\Peña", "", "BOXW310820HNERXN09",
                           "Enfermera\tGeneral", "Urgencias", "matutino"),
               StaffRecord(3, "64000002", "Zoë", "Ø'Brien", "ǅ\u0301", None, "", "", ""),
               StaffRecord(4, None, "Luis", "Pérez", "", "PELL800101HDFRSS09", "", "", "",
                           "Policía Federal", "SPF-1")]
    rows = [new_row(r, {"given_names": r.given_names, "paternal_surname": r.paternal_surname,
                        "maternal_surname": r.maternal_surname, "curp": r.curp, "category": r.category},
                    row_id=uuid.uuid4(), unit_id=None if r.matricula is None else unit.id,
                    in_staff_list=r.matricula is not None, now=now) for r in records]
    with ctx.db.write() as s:
        conn = s.connection()
        built = NewWorkers(conn)
        for row in rows:
            built.add(row)
        conn.execute(insert(Worker.__table__), rows)
        through_core = conn.exec_driver_sql(f"SELECT {', '.join(FIELDS)} FROM worker WHERE id IN "
                                            f"({', '.join('?' * len(rows))})", tuple(b[0] for b in built.rows))
        by_id = {stored[0]: stored for stored in through_core.all()}
        s.rollback()
    assert [by_id[stored[0]] for stored in built.rows] == built.rows
    assert [payload for _, _, payload in built.ops] == [changes.json_payload(row) for row in rows]

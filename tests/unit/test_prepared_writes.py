"""A prepared write stores exactly what SQLAlchemy stores, in the caller's transaction, and fails the same way."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import Column, MetaData, Table, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from app.domain.enums import AttendanceStatus
from app.storage.prepared import PreparedWrite
from app.storage.tables import Attendance, AuditLog

# The attendance table's columns and types, without its foreign keys: rows need no session or worker.
_A = Table("attendance_copy", MetaData(), *(Column(c.name, c.type, primary_key=c.primary_key)
                                             for c in Attendance.__table__.c))
STAMP = dt.datetime(2026, 11, 24, 14, 1, 2, 345678, tzinfo=dt.UTC)  # row stamps are UTC-aware


def mark_values(**changes) -> dict:
    values = {"id": uuid.uuid4(), "created_at": STAMP, "updated_at": STAMP, "version": 1, "deleted_at": None,
              "session_id": uuid.uuid4(), "worker_id": uuid.uuid4(), "group_id": uuid.uuid4(),
              "status": AttendanceStatus.LATE, "check_in": dt.datetime(2026, 11, 24, 8, 1),
              "check_out": None, "minutes": 359}
    values.update(changes)
    return values


@pytest.fixture
def ctx(ctx):
    with ctx.db.write_core() as conn:
        _A.create(conn)
    return ctx


def stored(ctx, row_id: uuid.UUID) -> tuple:
    with ctx.db.write_core() as conn:
        return tuple(conn.execute(select(_A).where(_A.c.id == row_id)).one())


def raw(ctx, row_id: uuid.UUID) -> tuple:
    """The row as SQLite holds it (the text and numbers on disk, no SQLAlchemy conversion)."""
    with ctx.db.write_core() as conn:
        return tuple(conn.exec_driver_sql("SELECT * FROM attendance_copy WHERE id = ?", (row_id.hex,)).one())


def test_a_prepared_insert_stores_the_same_bytes_as_a_core_insert(ctx):
    prepared, core = mark_values(), mark_values()

    with ctx.db.write_core() as conn:
        PreparedWrite(insert(_A))(conn, prepared)
        conn.execute(insert(_A), core)

    assert raw(ctx, prepared["id"])[1:5] == raw(ctx, core["id"])[1:5]  # timestamps and version, same text
    assert raw(ctx, prepared["id"])[8:] == raw(ctx, core["id"])[8:]  # status, times and minutes
    assert stored(ctx, prepared["id"]) == tuple(prepared.values())


def test_a_prepared_write_is_rolled_back_with_its_transaction(ctx):
    values = mark_values()

    with pytest.raises(RuntimeError), ctx.db.write_core() as conn:
        PreparedWrite(insert(_A))(conn, values)
        raise RuntimeError("the outbox insert failed")

    with ctx.db.write_core() as conn:
        assert conn.execute(select(_A).where(_A.c.id == values["id"])).first() is None


def test_a_column_left_out_is_an_error_not_a_null(ctx):
    values = mark_values()
    del values["group_id"]

    with pytest.raises(KeyError, match="group_id"), ctx.db.write_core() as conn:
        PreparedWrite(insert(_A))(conn, values)


def test_declared_defaults_fill_the_columns_left_out(ctx):
    write = PreparedWrite(insert(AuditLog.__table__), defaults={"id": None})
    entity = uuid.uuid4()

    with ctx.db.write_core() as conn:
        write(conn, {"at": STAMP, "actor": "Ana", "action": "attendance.record",
                     "entity": "attendance", "entity_id": entity, "details": "{}"})

    with ctx.db.read() as s:
        entry = s.exec(select(AuditLog).where(AuditLog.entity_id == entity)).scalars().one()
    assert entry.id is not None and entry.actor == "Ana"


def test_driver_errors_are_sqlalchemys_and_never_carry_their_parameters(ctx):
    curp = "PELJ800101HDFRPN09"
    write = PreparedWrite(insert(AuditLog.__table__))
    entry = {"id": 7, "at": STAMP, "actor": "Ana", "action": "attendance.record",
             "entity": "attendance", "entity_id": uuid.uuid4(), "details": "{}"}

    with ctx.db.write_core() as conn:
        write(conn, entry)
    with pytest.raises(IntegrityError) as caught, ctx.db.write_core() as conn:
        write(conn, {**entry, "actor": curp})  # the same key again

    assert curp not in str(caught.value)
    assert "parameters hidden" in str(caught.value)
    assert not isinstance(caught.value, OperationalError)

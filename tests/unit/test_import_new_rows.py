"""The staff import's fast ways give exactly what the reference ones give: a new worker's stored row
and outbox payload (against :func:`new_row` then :meth:`NewWorkers.add`, which
``test_import_transaction.py`` compares with a Core insert and :func:`changes.json_payload`), its id
(against :func:`uuid.uuid5`) and its op's id (a UUIDv7 in the outbox's stored form)."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from app.domain.ids import AULA_NAMESPACE, external_worker_id, uuid7, uuid7_hex_many, worker_id
from app.importing import StaffRecord
from app.services import catalog
from app.services.demo import make_staff
from app.services.worker_rows import NewWorkers, new_row
from app.storage.prepared import storage_form
from app.storage.tables import Outbox, utcnow

_RECORDS = [
    StaffRecord(2, "64000001", "Ana \"la\" María", "Núñez\\Peña", "", "BOXW310820HNERXN09", "Enfermera\tGeneral",
                "Urgencias {turno}", "matutino"),
    StaffRecord(3, "64000002", "Zoë", "Ø'Brien", "ǅ\u0301", None, "", "", ""),
    StaffRecord(4, None, "Luis", "Pérez", "", "PELL800101HDFRSS09", "", "", "", "Policía Federal", "SPF-1"),
    StaffRecord(5, "64000003", "José", "de la Cruz", "López", "CULJ850314HDFRPS01", "Médico", "", "v"),
]


def _values(record: StaffRecord, columns: tuple[str, ...], clear_empty: bool) -> dict:
    """What the importer gives for a record: the columns the file has, empty ones kept or not."""
    attribute = {"external_institution": "institution", "credential_number": "credential_number"}
    values = {}
    for column in columns:
        value = getattr(record, attribute.get(column, column)) or ""
        if value or clear_empty:
            values[column] = value or (None if column == "curp" else "")
    return values


def test_the_fast_new_worker_rows_and_payloads_equal_the_reference_ones_for_every_kind_of_row(ctx):
    unit = catalog.get_unit(ctx, "UMF07").id
    every = ("given_names", "paternal_surname", "maternal_surname", "curp", "category", "department", "shift",
             "external_institution", "credential_number")
    shapes = [(every, False), (every, True), (every[:3], False), (every[:4] + every[6:7], True)]
    instants = [utcnow(), dt.datetime(2026, 11, 24, 7, 30, 0, 1, tzinfo=dt.UTC)]
    with ctx.db.write() as s:
        conn = s.connection()
        fast, reference = NewWorkers(conn), NewWorkers(conn)
        for now in instants:
            for columns, clear_empty in shapes:
                for record in _RECORDS:
                    for unit_id, listed in ((unit, True), (unit, False), (None, False)):
                        arguments = {"row_id": uuid.uuid4(), "unit_id": unit_id, "in_staff_list": listed,
                                     "now": now}
                        values = _values(record, columns, clear_empty)
                        fast.add_new(record, values, **arguments)
                        reference.add(new_row(record, values, **arguments))
        s.rollback()
    assert len(fast.rows) == 2 * 4 * 4 * 3
    assert fast.rows == reference.rows
    assert fast.ops == reference.ops


def test_worker_ids_are_the_uuid5_of_the_matricula_or_the_curp_in_the_aula_namespace():
    rng = random.Random(3)
    matriculas = [str(rng.randrange(10_000, 10**12)) for _ in range(2_000)] + ["00001", "ñ", ""]
    assert [worker_id(m) for m in matriculas] == [uuid.uuid5(AULA_NAMESPACE, f"worker:{m}") for m in matriculas]
    curps = [record.curp for record in make_staff(rng, 200)]
    assert [external_worker_id(c) for c in curps] == [uuid.uuid5(AULA_NAMESPACE, f"worker-curp:{c}")
                                                      for c in curps]


def test_bulk_op_ids_are_uuid7s_of_the_instant_in_their_stored_form_and_all_different():
    ids = uuid7_hex_many(5_000, now_ms=1_764_470_000_123)
    parsed = [uuid.UUID(hex=op_id) for op_id in ids]
    assert [u.hex for u in parsed] == ids  # 32 lower-case hex digits: what the CHAR(32) column stores
    assert {u.version for u in parsed} == {7}
    assert {u.variant for u in parsed} == {uuid.RFC_4122}
    assert {u.int >> 80 for u in parsed} == {1_764_470_000_123}
    assert len(set(ids)) == len(ids)
    assert len({(u.int >> 64) & 0xFFF for u in parsed}) > 2_000  # rand_a is random (about 2,900 of 4,096 expected)
    single = uuid7(1_764_470_000_123)  # the same layout as one id made alone
    assert single.int >> 76 == parsed[0].int >> 76


def test_bulk_op_ids_are_what_the_outbox_column_stores_for_their_uuid(ctx):
    with ctx.db.read() as s:
        stored = storage_form(s.connection(), Outbox.__table__.c.op_id)
    ids = uuid7_hex_many(50)
    assert [stored(uuid.UUID(hex=op_id)) for op_id in ids] == ids

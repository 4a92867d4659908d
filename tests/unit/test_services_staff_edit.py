"""Editing one worker of the staff list: validated, audited, queued for sync."""

from __future__ import annotations

import json

import pytest
from fixtures_import import CURP_JUAN, CURP_MARIA
from service_helpers import add_people
from sqlmodel import select

from app.services import catalog, staff
from app.services.errors import InvalidInput
from app.storage.tables import AuditLog, Outbox


def _edit(ctx, worker, **changes):
    values = dict(given_names=worker.given_names, paternal_surname=worker.paternal_surname,
                  maternal_surname=worker.maternal_surname, curp=worker.curp or "",
                  category=worker.category, department=worker.department, shift=worker.shift,
                  unit_id=worker.unit_id)
    values.update(changes)
    return staff.edit_worker(ctx, worker.id, **values)


def test_an_edit_saves_every_field_with_one_outbox_op_and_an_audit_entry(ctx):
    worker = add_people(ctx)[0]
    unit = catalog.create_unit(ctx, "HGZ01", "Hospital General de Zona No. 1")
    edited = _edit(ctx, worker, given_names="  josé   luis ", curp=CURP_JUAN.lower(), category="Médico",
                   department="Urgencias", shift="Nocturno", unit_id=unit.id)
    assert (edited.given_names, edited.curp, edited.shift, edited.unit_id) == \
        ("josé luis", CURP_JUAN, "nocturno", unit.id)
    with ctx.db.read() as s:
        entry = s.exec(select(AuditLog).where(AuditLog.action == "worker.edit")).one()
        ops = s.exec(select(Outbox).where(Outbox.entity_id == worker.id)).all()
    changed = json.loads(entry.details)["changed"]
    assert set(changed) == {"given_names", "curp", "category", "department", "shift", "unit_id"}
    assert json.loads(ops[-1].payload)["department"] == "Urgencias"
    assert staff.search_workers(ctx, "jose luis")[0].id == worker.id


def test_an_edit_that_changes_nothing_writes_nothing(ctx):
    worker = add_people(ctx)[0]
    with ctx.db.read() as s:
        before = len(s.exec(select(Outbox)).all())
    _edit(ctx, worker)
    with ctx.db.read() as s:
        assert len(s.exec(select(Outbox)).all()) == before
        assert s.exec(select(AuditLog).where(AuditLog.action == "worker.edit")).first() is None


def test_a_curp_of_another_worker_is_refused(ctx):
    first, second = add_people(ctx)[:2]
    _edit(ctx, first, curp=CURP_MARIA)
    with pytest.raises(InvalidInput, match=f"ya está registrada con la matrícula {first.matricula}"):
        _edit(ctx, second, curp=CURP_MARIA)


@pytest.mark.parametrize("changes, message", [
    ({"given_names": " "}, "Escriba al menos el nombre y el apellido paterno."),
    ({"curp": "ABC"}, "CURP «ABC»: debe tener 18 caracteres"),
])
def test_invalid_data_is_refused_in_spanish(ctx, changes, message):
    worker = add_people(ctx)[0]
    with pytest.raises(InvalidInput, match=message):
        _edit(ctx, worker, **changes)
    assert staff.get_worker_by_matricula(ctx, worker.matricula) == worker

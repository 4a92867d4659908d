"""One payload model per synced entity, naming exactly the local table's columns."""

from __future__ import annotations

import uuid

import pytest

from app.sync.apply import TABLES
from app.sync.protocol import PAYLOADS, Entity, payload_type_problem


@pytest.mark.parametrize("entity", list(Entity))
def test_each_entity_has_a_payload_model_with_exactly_its_tables_columns(entity):
    assert set(PAYLOADS[entity].model_fields) == set(TABLES[entity].__table__.columns.keys())


def test_a_payload_with_a_wrongly_typed_or_unknown_field_is_named_in_spanish():
    assert payload_type_problem(Entity.SESSION, {"index": "primera"}) == \
        "El campo «index» de session no tiene un valor válido."
    assert payload_type_problem(Entity.WORKER, {"matricula": "123", "nickname": "x"}) == \
        "El campo «nickname» no existe en worker."
    assert payload_type_problem(Entity.ATTENDANCE, {"worker_id": str(uuid.uuid4()), "minutes": 3}) is None

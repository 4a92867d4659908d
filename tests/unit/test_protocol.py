"""The wire models shared by the desktop client and the server."""

from __future__ import annotations

import base64
import uuid

import pytest
from pydantic import ValidationError

from app.domain.ids import uuid7
from app.sync.protocol import (
    ENTITY_ORDER,
    MAX_OPS_PER_BATCH,
    MIN_SCHEMA_VERSION,
    SCHEMA_VERSION,
    Entity,
    Op,
    OpResult,
    OpStatus,
    PushRequest,
    RegisterRequest,
    decode_public_key,
    encode_public_key,
)


def _op(**overrides):
    data = {"op_id": str(uuid7()), "entity": "attendance", "entity_id": str(uuid.uuid4()), "kind": "upsert",
            "base_version": None, "payload": {"status": "present"}}
    data.update(overrides)
    return data


def _register(**overrides):
    data = {"code": "ABCD-EFGH-JKLM", "public_key": base64.b64encode(bytes(32)).decode(),
            "install_id": "install-1", "app_version": "0.1.0", "schema_version": SCHEMA_VERSION}
    data.update(overrides)
    return data


def test_op_accepts_a_well_formed_upsert():
    op = Op.model_validate(_op())
    assert op.entity is Entity.ATTENDANCE


def test_op_refuses_an_op_id_that_is_not_uuid7():
    with pytest.raises(ValidationError, match="UUIDv7"):
        Op.model_validate(_op(op_id=str(uuid.uuid4())))


def test_op_refuses_an_unknown_entity():
    with pytest.raises(ValidationError):
        Op.model_validate(_op(entity="salary"))


def test_op_refuses_a_negative_base_version():
    with pytest.raises(ValidationError):
        Op.model_validate(_op(base_version=-1))


def test_op_refuses_unknown_fields():
    with pytest.raises(ValidationError):
        Op.model_validate(_op(extra="x"))


def test_push_request_refuses_more_than_the_batch_limit():
    with pytest.raises(ValidationError):
        PushRequest.model_validate({"ops": [_op() for _ in range(MAX_OPS_PER_BATCH + 1)]})


def test_push_request_refuses_an_empty_batch():
    with pytest.raises(ValidationError):
        PushRequest.model_validate({"ops": []})


def test_register_request_refuses_a_key_that_is_not_32_bytes():
    with pytest.raises(ValidationError, match="32 bytes"):
        RegisterRequest.model_validate(_register(public_key=base64.b64encode(bytes(33)).decode()))


def test_register_request_refuses_control_characters_in_install_id():
    with pytest.raises(ValidationError):
        RegisterRequest.model_validate(_register(install_id="abc\x00def"))


def test_public_key_round_trips_through_base64():
    raw = bytes(range(32))
    assert decode_public_key(encode_public_key(raw)) == raw


def test_previous_schema_is_still_supported():
    assert MIN_SCHEMA_VERSION == SCHEMA_VERSION - 1


def test_entity_order_puts_parents_before_children():
    order = list(ENTITY_ORDER)
    assert order.index(Entity.COURSE_GROUP) < order.index(Entity.SESSION) < order.index(Entity.ATTENDANCE)
    assert order.index(Entity.ACTIVITY) < order.index(Entity.PARTICIPATION)


def test_op_result_round_trips_as_json():
    result = OpResult(op_id=uuid7(), status=OpStatus.CONFLICT, reason="stale_removal", message="x",
                      current={"id": "1"}, version=3)
    assert OpResult.model_validate_json(result.model_dump_json()) == result


# -- what a payload may hold (issue 9, item 6) -----------------------------------

from app.sync.protocol import MAX_PAYLOAD_DEPTH, MAX_STRING_CHARS, payload_problem  # noqa: E402


@pytest.mark.parametrize("payload, words", [
    ({"given_names": "A\x00B"}, "nulo"),
    ({"given_names": "Ana \ud800"}, "sustituto"),
    ({"x\udfff": 1}, "sustituto"),
    ({"notes": "x" * (MAX_STRING_CHARS + 1)}, "largo"),
    ({"version": 2**63}, "rango"),
])
def test_payloads_that_cannot_be_stored_or_served_are_named(payload, words):
    assert words in payload_problem(payload)


def test_nesting_beyond_the_limit_is_a_problem_and_within_it_is_not():
    def nested(depth):
        value = "x"
        for _ in range(depth):
            value = [value]
        return value

    assert payload_problem({"a": nested(MAX_PAYLOAD_DEPTH - 1)}) is None
    assert "anidado" in payload_problem({"a": nested(300)})


def test_an_ordinary_payload_has_no_problem():
    assert payload_problem({"given_names": "José Ángel", "hours": 12, "dates": ["2026-11-24"], "ok": True}) is None

"""Identifiers, deterministic ids, folios and name keys."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.folio import Folio, device_code_from_public_key
from app.domain.identifiers import (
    InvalidIdentifier,
    curp_check_digit,
    mask_curp,
    normalize_matricula,
    validate_curp,
    validate_matricula,
)
from app.domain.ids import attendance_id, enrollment_id, participation_id, uuid7
from app.domain.text import date_range_es, roster_sort_key, search_key

VALID_CURP = "BADD110313HCMLNS0" + curp_check_digit("BADD110313HCMLNS0")


def test_valid_curp_is_accepted_in_upper_case():
    assert validate_curp(VALID_CURP.lower()) == VALID_CURP


@pytest.mark.parametrize("curp, reason", [
    (VALID_CURP[:-1] + ("0" if VALID_CURP[-1] != "0" else "1"), "dígito verificador"),
    (VALID_CURP[:17], "18 caracteres"),
    ("BADD111313HCMLNS09", "fecha de nacimiento"),
])
def test_invalid_curp_says_why(curp, reason):
    with pytest.raises(InvalidIdentifier) as info:
        validate_curp(curp)
    assert reason in info.value.reason
    assert info.value.field == "CURP"


@pytest.mark.parametrize("raw, expected", [
    ("99123456", "99123456"), (" 99 123 456 ", "99123456"), (99123456.0, "99123456"), ("99-123-456", "99123456"),
])
def test_matricula_is_normalized_from_what_spreadsheets_and_people_produce(raw, expected):
    assert normalize_matricula(raw) == expected
    assert validate_matricula(raw) == expected


@pytest.mark.parametrize("raw, reason", [("", "falta"), ("12AB45", "dígitos"), ("1234", "dígitos")])
def test_invalid_matricula_is_refused_with_a_reason(raw, reason):
    with pytest.raises(InvalidIdentifier) as info:
        validate_matricula(raw)
    assert reason in info.value.reason


def test_masked_curp_hides_the_personal_middle():
    assert mask_curp(VALID_CURP) == "BADD******H*****" + VALID_CURP[16:]


def test_converging_facts_get_the_same_id_on_every_device():
    session, activity, group, worker = (uuid.uuid4() for _ in range(4))
    assert attendance_id(session, worker) == attendance_id(session, worker)
    assert participation_id(activity, worker) == participation_id(activity, worker)
    assert enrollment_id(group, worker) == enrollment_id(group, worker)
    assert len({attendance_id(session, worker), participation_id(session, worker),
                enrollment_id(session, worker)}) == 3


def test_uuid7_is_version_7_and_time_ordered():
    first, second = uuid7(1_000), uuid7(2_000)
    assert first.version == 7 and second.version == 7
    assert first < second


@given(st.binary(min_size=32, max_size=32))
def test_device_code_is_8_base32_characters(public_key):
    code = device_code_from_public_key(public_key)
    assert len(code) == 8 and set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def test_folio_round_trips_and_rejects_garbage():
    folio = Folio("ABCDEFGH", 2026, 42)
    assert str(folio) == "ABCDEFGH-2026-000042"
    assert Folio.parse(" abcdefgh-2026-000042 ") == folio
    with pytest.raises(ValueError, match="no es un folio"):
        Folio.parse("ABC-2026-1")


def test_search_key_ignores_accents_case_and_spacing():
    assert search_key("José  Núñez", "PEÑA") == "jose nunez pena"


def test_roster_order_ignores_accents():
    names = [("Ana", "Bravo", ""), ("Luis", "Ávila", "Zúñiga"), ("Eva", "Avila", "Arce")]
    ordered = sorted(names, key=lambda n: roster_sort_key(*n))
    assert [n[1] for n in ordered] == ["Avila", "Ávila", "Bravo"]


@pytest.mark.parametrize("days, text", [
    ([dt.date(2026, 11, 24), dt.date(2026, 11, 25)], "24 y 25 de noviembre de 2026"),
    ([dt.date(2026, 11, 30), dt.date(2026, 12, 1)], "30 de noviembre y 1 de diciembre de 2026"),
    ([dt.date(2026, 12, 31), dt.date(2027, 1, 4)], "31 de diciembre de 2026 y 4 de enero de 2027"),
    ([dt.date(2026, 3, 2)], "2 de marzo de 2026"),
])
def test_course_dates_read_as_in_mexican_spanish(days, text):
    assert date_range_es(days) == text


def test_a_worker_has_the_same_id_on_every_device():
    from app.domain.ids import worker_id

    assert worker_id("97150001") == worker_id("97150001") != worker_id("97150002")

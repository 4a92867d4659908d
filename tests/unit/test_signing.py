"""Signed QR payloads of constancias: what verifies, what does not, and size."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.documents import qr
from app.domain.folio import device_code_from_public_key
from app.domain.signing import (
    CertifiedFields,
    PayloadTooLarge,
    build_qr_text,
    generate_keypair,
    key_id,
    parse_qr_text,
    public_key_from_private,
    qr_data_bits,
    sign_fields,
    verify_qr_text,
)

BASE_URL = "https://verifica.example.mx"
FIXED_PRIVATE_KEY = bytes(range(32))
GOLDEN_URL = (
    "https://verifica.example.mx/v/"
    "4853956742124294883769438654170370079134830042540697129879373341398349712478211600363344"
    "2436555004108370796539670990113243473700462160579129239975030783479488011764146212788378"
    "8695009306382355540938375710022260268722653194670353309114518930294813175026237228776848"
    "56768489057062663"
)


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, bytes]:
    return generate_keypair()


def fields_for(device: str, **changes) -> CertifiedFields:
    values = dict(
        folio=f"{device}-2026-000042",
        worker_name="José Ángel Núñez Peña",
        curp_masked="NUPJ******H*****07",
        course_name="Curso Básico de Buen Trato",
        hours=12,
        dates=(dt.date(2026, 11, 24), dt.date(2026, 11, 25)),
        venue="Unidad de Medicina Familiar No. 28",
        instructor_name="Lic. Ana Ruiz Ibáñez",
    )
    values.update(changes)
    return CertifiedFields(**values)


def worst_case(device: str) -> CertifiedFields:
    """Long Spanish texts with accents: the size the QR must still hold."""
    return CertifiedFields(
        folio=f"{device}-2026-123456",
        worker_name="María de los Ángeles Guadalupe Hernández-Villaseñor y Núñez de Cáceres",
        curp_masked="HEVA******M*****01",
        course_name="Identidad y Buen Trato para personal de seguridad en instalaciones médicas",
        hours=120,
        dates=(dt.date(2026, 11, 24), dt.date(2026, 11, 25), dt.date(2026, 12, 1)),
        venue="Unidad de Medicina Familiar No. 28 «Gabriel Mancera», Aula de Enseñanza",
        instructor_name="Lic. José Ángel Peña Ibáñez de la Cruz",
    )


def test_key_id_is_the_device_code(keys):
    _, public = keys
    assert key_id(public) == device_code_from_public_key(public)


def test_public_key_is_derived_from_private_key(keys):
    private, public = keys
    assert public_key_from_private(private) == public


def test_signed_qr_text_is_a_verification_url(keys):
    private, public = keys
    text = sign_fields(fields_for(key_id(public)), private, base_url=BASE_URL)
    assert text.startswith(f"{BASE_URL}/v/")
    assert text.rsplit("/", 1)[1].isdigit()


def test_untouched_qr_verifies_as_valid(keys):
    private, public = keys
    fields = fields_for(key_id(public))
    result = verify_qr_text(sign_fields(fields, private), {key_id(public): public})
    assert result.status == "valid"
    assert result.fields == fields
    assert result.key_id == key_id(public)
    assert "auténtica" in result.message


def test_parse_returns_fields_key_id_and_signature(keys):
    private, public = keys
    fields = fields_for(key_id(public))
    parsed_fields, parsed_key, signature = parse_qr_text(sign_fields(fields, private))
    assert (parsed_fields, parsed_key, len(signature)) == (fields, key_id(public), 64)


ALTERATIONS = {
    "name": lambda device: {"worker_name": "José Ángel Núñez Peñe"},
    "name-accent": lambda device: {"worker_name": "Jose Ángel Núñez Peña"},
    "hours": lambda device: {"hours": 13},
    "folio": lambda device: {"folio": f"{device}-2026-000043"},
    "course": lambda device: {"course_name": "Curso Básico de Buen Trata"},
    "dates": lambda device: {"dates": (dt.date(2026, 11, 24), dt.date(2026, 11, 26))},
    "curp": lambda device: {"curp_masked": "NUPJ******M*****07"},
    "venue": lambda device: {"venue": "Unidad de Medicina Familiar No. 29"},
    "instructor": lambda device: {"instructor_name": "Lic. Ana Ruiz Ibañez"},
}


@pytest.mark.parametrize("alteration", sorted(ALTERATIONS))
def test_any_altered_field_is_invalid(keys, alteration):
    private, public = keys
    device = key_id(public)
    change = ALTERATIONS[alteration](device)
    fields = fields_for(device)
    _, signer, signature = parse_qr_text(sign_fields(fields, private))
    forged = build_qr_text(dataclasses.replace(fields, **change), signer, signature)
    assert verify_qr_text(forged, {device: public}).status == "invalid"


def test_changing_any_digit_of_the_payload_never_verifies(keys):
    private, public = keys
    text = sign_fields(fields_for(key_id(public)), private, base_url=BASE_URL)
    prefix, payload = text.rsplit("/", 1)
    statuses = set()
    for i in range(len(payload)):
        digit = str((int(payload[i]) + 1) % 10)
        statuses.add(verify_qr_text(f"{prefix}/{payload[:i]}{digit}{payload[i + 1:]}",
                                    {key_id(public): public}).status)
    assert "valid" not in statuses


def test_signature_of_another_key_pair_for_a_known_device_is_invalid(keys):
    _, public = keys
    other_private, _ = generate_keypair()
    device = key_id(public)
    fields = fields_for(device)
    _, _, other_signature = parse_qr_text(sign_fields(fields, other_private))
    forged = build_qr_text(fields, device, other_signature)
    assert verify_qr_text(forged, {device: public}).status == "invalid"


def test_qr_from_an_unknown_device_reports_unknown_key(keys):
    _, public = keys
    other_private, other_public = generate_keypair()
    text = sign_fields(fields_for(key_id(other_public)), other_private)
    result = verify_qr_text(text, {key_id(public): public})
    assert result.status == "unknown_key"
    assert result.key_id == key_id(other_public)
    assert result.fields is not None


@pytest.mark.parametrize("text", ["", "hola", "https://verifica.example.mx/v/", "https://x/v/0123",
                                  "https://x/v/12345678901234567890", "https://x/v/" + "9" * 400])
def test_malformed_text_is_reported_without_raising(text):
    result = verify_qr_text(text, {})
    assert result.status == "malformed"
    assert result.fields is None
    assert result.message


def test_parse_raises_value_error_with_a_spanish_reason():
    with pytest.raises(ValueError, match="no es un código QR de constancia"):
        parse_qr_text("https://example.com/otra-cosa")


def test_bare_payload_without_url_is_accepted(keys):
    private, public = keys
    text = sign_fields(fields_for(key_id(public)), private, base_url=BASE_URL)
    assert verify_qr_text(text.rsplit("/", 1)[1], {key_id(public): public}).status == "valid"


def test_without_an_address_the_qr_carries_the_signed_payload_alone(keys):
    private, public = keys
    text = sign_fields(fields_for(key_id(public)), private)
    assert text.startswith("AULA:") and text[len("AULA:"):].isdigit()
    assert "http" not in text and "/" not in text
    assert verify_qr_text(text, {key_id(public): public}).status == "valid"


def test_the_offline_prefix_is_read_in_any_case_and_with_spaces(keys):
    private, public = keys
    text = sign_fields(fields_for(key_id(public)), private)
    assert verify_qr_text(" aula:" + text[len("AULA:"):] + " ", {key_id(public): public}).is_valid


def test_the_same_signature_verifies_with_and_without_the_address(keys):
    private, public = keys
    offline = sign_fields(fields_for(key_id(public)), private)
    online = sign_fields(fields_for(key_id(public)), private, base_url=BASE_URL)
    assert offline[len("AULA:"):] == online.rsplit("/", 1)[1]


def test_worst_case_texts_without_an_address_fit_a_smaller_qr(keys):
    private, public = keys
    offline = sign_fields(worst_case(key_id(public)), private)
    online = sign_fields(worst_case(key_id(public)), private, base_url=BASE_URL)
    assert qr.encode(offline).version <= qr.encode(online).version <= 12
    assert qr_data_bits(offline) < qr_data_bits(online)


def test_query_string_or_trailing_slash_added_by_a_browser_is_ignored(keys):
    private, public = keys
    text = sign_fields(fields_for(key_id(public)), private, base_url=BASE_URL)
    for variant in (text + "/", text + "?lang=es", text + "#arriba"):
        assert verify_qr_text(variant, {key_id(public): public}).status == "valid"


def test_worst_case_spanish_texts_fit_a_version_12_qr_at_level_m(keys):
    private, public = keys
    long_host = "https://verificacion-constancias.programa-ser.salud.gob.mx"
    text = sign_fields(worst_case(key_id(public)), private, base_url=long_host)
    matrix = qr.encode(text, max_version=40)
    assert matrix.version <= 12
    assert verify_qr_text(text, {key_id(public): public}).fields == worst_case(key_id(public))


def test_texts_too_long_for_the_qr_raise_payload_too_large(keys):
    private, public = keys
    fields = dataclasses.replace(worst_case(key_id(public)), venue="Sala " * 60)
    with pytest.raises(PayloadTooLarge):
        sign_fields(fields, private)


def test_all_capitals_names_roundtrip(keys):
    private, public = keys
    fields = fields_for(key_id(public), worker_name="JOSÉ ÁNGEL NÚÑEZ PEÑA",
                        venue="UMF NO. 28 «GABRIEL MANCERA»")
    assert parse_qr_text(sign_fields(fields, private))[0] == fields


def test_folio_of_another_device_and_free_text_folio_roundtrip(keys):
    private, public = keys
    for folio in ("ABCDEFGH-2026-000001", "folio provisional 7"):
        fields = fields_for(key_id(public), folio=folio)
        assert parse_qr_text(sign_fields(fields, private))[0].folio == folio


def test_dict_form_roundtrips(keys):
    _, public = keys
    fields = fields_for(key_id(public))
    assert CertifiedFields.from_dict(fields.to_dict()) == fields


def test_format_version_1_is_frozen():
    """Printed constancias live for decades: the encoding must never drift."""
    fields = CertifiedFields(
        "ABCDEFGH-2026-000042", "José Ángel Núñez Peña", "NUPJ******H*****07",
        "Curso Básico de Buen Trato", 12, (dt.date(2026, 11, 24), dt.date(2026, 11, 25)),
        "UMF No. 28", "Ana Ruiz",
    )
    assert sign_fields(fields, FIXED_PRIVATE_KEY, base_url=BASE_URL) == GOLDEN_URL


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(name=_text, course=_text, venue=_text, instructor=_text, curp=_text,
       hours=st.integers(0, 5000), counter=st.integers(0, 10**7),
       days=st.lists(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), min_size=1, max_size=5))
def test_any_texts_roundtrip_exactly(keys, name, course, venue, instructor, curp, hours, counter,
                                     days):
    private, public = keys
    fields = CertifiedFields(f"{key_id(public)}-2026-{counter:06d}", name, curp, course, hours,
                             tuple(days), venue, instructor)
    text = build_qr_text(fields, key_id(public), bytes(64))
    assert parse_qr_text(text)[0] == fields


_pieces = st.sampled_from(["Hernández", "HERNÁNDEZ", "hernández", "de ", "De ", "DE ", "María", "Unidad",
                           "no. ", "No. ", "ción", "Ángeles", "ñ", "Ñ", "ß", "İ", " ", "x", "Lic. ",
                           "\x0e", "\x03", "y ", "Y ", "Peña", "zúñiga"])
_spanish = st.lists(st.one_of(_pieces, _text), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(name=_spanish, venue=_spanish)
def test_texts_made_of_dictionary_words_in_any_case_roundtrip(keys, name, venue):
    _, public = keys
    fields = fields_for(key_id(public), worker_name=name, venue=venue)
    assert parse_qr_text(build_qr_text(fields, key_id(public), bytes(64)))[0] == fields



# -- a folio belongs to its signer (issue 9, item 2) ---------------------------

def test_a_free_text_folio_signed_by_a_genuine_key_is_not_valid(keys):
    private, public = keys
    signer = key_id(public)
    text = sign_fields(fields_for(signer, folio="CONSTANCIA-ESPECIAL-1"), private, base_url=BASE_URL)
    outcome = verify_qr_text(text, {signer: public})
    assert outcome.status == "invalid"
    assert "folio" in outcome.message


def test_a_folio_of_another_device_signed_by_a_genuine_key_is_not_valid(keys):
    private, public = keys
    signer = key_id(public)
    _other_private, other_public = generate_keypair()
    other_device = key_id(other_public)
    text = sign_fields(fields_for(other_device), private, base_url=BASE_URL)
    outcome = verify_qr_text(text, {signer: public, other_device: other_public})
    assert outcome.status == "invalid"
    assert other_device in outcome.message and signer in outcome.message


def test_a_folio_of_the_signing_device_is_valid(keys):
    private, public = keys
    signer = key_id(public)
    outcome = verify_qr_text(sign_fields(fields_for(signer), private, base_url=BASE_URL), {signer: public})
    assert outcome.status == "valid"

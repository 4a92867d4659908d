"""Public verification of a constancia's QR: the Spanish page and its JSON twin."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import httpx
import pytest
from server_harness import Device, op

from app.domain.signing import CertifiedFields, build_qr_text, parse_qr_text, sign_fields

CURP_MASKED = "LOMA******M*****09"


def _fields(device: Device, counter: int) -> CertifiedFields:
    return CertifiedFields(folio=f"{device.code}-2026-{counter:06d}", worker_name="Ana María López Núñez",
                           curp_masked=CURP_MASKED, course_name="Curso Básico de Buen Trato", hours=12,
                           dates=(dt.date(2026, 11, 24), dt.date(2026, 11, 25)), venue="UMF 7",
                           instructor_name="Laura Pérez")


def _issue(server, device: Device, counter: int) -> str:
    return sign_fields(_fields(device, counter), device.private_raw, base_url=server.base_url)


def _sync(device: Device, seeded, qr: str, counter: int, **extra) -> str:
    ident = str(uuid.uuid4())
    [result] = device.push([op("constancia", ident, {
        "group_id": seeded.group_id, "worker_id": seeded.worker_id, "folio": f"{device.code}-2026-{counter:06d}",
        "status": "valid", "qr_text": qr, **extra})])
    assert result["status"] == "applied", result
    return ident


def _json(server, qr: str) -> httpx.Response:
    response = httpx.get(f"{server.base_url}/v1/constancias/verify", params={"text": qr}, timeout=60)
    assert response.status_code in (200, 400), response.text
    return response


def test_a_genuine_constancia_verifies_before_it_is_synced(server, instructor):
    body = _json(server, _issue(server, instructor, 1)).json()
    assert body["status"] == "valid"
    assert body["known_to_server"] is False
    assert body["fields"]["worker_name"] == "Ana María López Núñez"


def test_a_synced_constancia_is_valid_and_known(server, instructor, seeded):
    qr = _issue(server, instructor, 2)
    _sync(instructor, seeded, qr, 2)
    body = _json(server, qr).json()
    assert (body["status"], body["known_to_server"]) == ("valid", True)


def test_the_page_shows_the_certified_fields_in_spanish_and_never_the_curp(server, instructor):
    response = httpx.get(_issue(server, instructor, 3), timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "Constancia válida" in page
    assert "Ana María López Núñez" in page
    assert "24 y 25 de noviembre de 2026" in page
    assert CURP_MASKED not in page and "LOMA" not in page
    assert "LOMA" not in _json(server, _issue(server, instructor, 3)).text


def test_a_revoked_constancia_shows_the_date_and_reason(server, instructor, seeded):
    qr = _issue(server, instructor, 4)
    _sync(instructor, seeded, qr, 4)
    server.cli("revoke-constancia", f"{instructor.code}-2026-000004", "--reason", "asistencia no comprobada")
    body = _json(server, qr).json()
    assert body["status"] == "revoked"
    assert body["revocation_reason"] == "asistencia no comprobada"
    page = httpx.get(qr, timeout=60).text
    assert "Constancia revocada" in page and "asistencia no comprobada" in page
    assert dt.datetime.now(dt.UTC).strftime("%Y") in page


def test_revocation_reaches_devices_through_pull(server, instructor, seeded):
    qr = _issue(server, instructor, 5)
    ident = _sync(instructor, seeded, qr, 5)
    server.cli("revoke-constancia", f"{instructor.code}-2026-000005", "--reason", "error de captura")
    last = [c for c in instructor.pull_all() if c["entity_id"] == ident][-1]
    assert last["payload"]["status"] == "revoked"


def test_a_superseded_constancia_names_its_replacement(server, instructor, seeded):
    qr = _issue(server, instructor, 6)
    old = _sync(instructor, seeded, qr, 6)
    _sync(instructor, seeded, _issue(server, instructor, 7), 7, supersedes_id=old)
    body = _json(server, qr).json()
    assert body["status"] == "superseded"
    assert body["superseded_by"] == f"{instructor.code}-2026-000007"
    assert "Constancia sustituida" in httpx.get(qr, timeout=60).text


def test_an_altered_field_fails_the_signature(server, instructor):
    fields, key, signature = parse_qr_text(_issue(server, instructor, 8))
    forged = CertifiedFields(**{**fields.__dict__, "hours": 40})
    body = _json(server, build_qr_text(forged, key, signature, server.base_url)).json()
    assert body["status"] == "invalid"
    assert "Firma no válida" in httpx.get(build_qr_text(forged, key, signature, server.base_url), timeout=60).text


def test_a_constancia_signed_by_an_unknown_device_is_unknown(server):
    stranger = Device.generate(server.base_url)
    body = _json(server, _issue(server, stranger, 9)).json()
    assert body["status"] == "unknown"


@pytest.mark.parametrize("text", ["hola", "123", "9" * 300])
def test_a_malformed_qr_is_a_400_with_a_clear_message(server, text):
    response = _json(server, text)
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_qr"
    page = httpx.get(f"{server.base_url}/v/{text}", timeout=60)
    assert page.status_code == 400
    assert "Código no reconocido" in page.text


def test_a_revocation_reason_with_template_markers_is_shown_as_text(server, instructor, seeded):
    qr = _issue(server, instructor, 20)
    _sync(instructor, seeded, qr, 20)
    reason = "{{table}} {{css}} <script>alert(1)</script> {{note}}"
    server.cli("revoke-constancia", f"{instructor.code}-2026-000020", "--reason", reason)
    page = httpx.get(qr, timeout=60).text
    # The reason is printed once, escaped, and no marker of the template is expanded inside it.
    assert "{{table}} {{css}} &lt;script&gt;alert(1)&lt;/script&gt; {{note}}" in page
    assert page.count("<table>") == 1
    assert "<script>" not in page


def test_the_page_forbids_framing_sniffing_and_foreign_content(server, instructor):
    response = httpx.get(_issue(server, instructor, 21), timeout=60)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "style-src 'sha256-" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_the_inline_style_matches_the_hash_in_the_policy(server, instructor):
    import base64
    import hashlib
    import re

    response = httpx.get(_issue(server, instructor, 22), timeout=60)
    style = re.search(r"<style>(.*?)</style>", response.text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("folio", ["CONSTANCIA-1", "AAAAAAAA-2026-000001"])
def test_a_folio_that_is_not_the_signers_is_not_valid_online(server, instructor, folio):
    fields = dataclasses.replace(_fields(instructor, 30), folio=folio)
    qr = sign_fields(fields, instructor.private_raw, base_url=server.base_url)
    body = _json(server, qr).json()
    assert body["status"] == "invalid"
    assert "Constancia válida" not in httpx.get(qr, timeout=60).text


# -- status belongs to one constancia; revoked devices (issue 9, items 2 and 3) --

def test_a_different_constancia_reusing_a_synced_folio_cannot_borrow_its_status(server, instructor, seeded):
    genuine = _issue(server, instructor, 31)
    _sync(instructor, seeded, genuine, 31)
    # The same key signs another person under the same folio (e.g. after losing its database).
    other = sign_fields(dataclasses.replace(_fields(instructor, 31), worker_name="Otra Persona Distinta"),
                        instructor.private_raw, base_url=server.base_url)
    body = _json(server, other).json()
    assert body["status"] == "invalid"
    assert "otra constancia" in body["message"]
    assert "Constancia válida" not in httpx.get(other, timeout=60).text
    assert _json(server, genuine).json()["status"] == "valid"


def test_a_stolen_devices_unsynced_constancia_is_not_valid_after_revocation(server, unit):
    stolen = server.enroll(unit)
    qr = _issue(server, stolen, 1)
    server.cli("revoke-device", stolen.device_id, "--reason", "equipo robado")
    body = _json(server, qr).json()
    assert body["status"] == "invalid"
    assert "dado de baja" in body["message"] and "equipo robado" in body["message"]
    page = httpx.get(qr, timeout=60).text
    assert "Constancia válida" not in page and "dado de baja" in page


def test_a_constancia_synced_before_its_device_was_revoked_stays_valid(server, unit, seeded):
    device = server.enroll(unit)
    qr = _issue(server, device, 1)
    _sync(device, seeded, qr, 1)
    server.cli("revoke-device", device.device_id, "--reason", "equipo robado")
    body = _json(server, qr).json()
    assert body["status"] == "valid"
    assert "dado de baja" in body["message"]
def test_a_qr_printed_without_a_verification_address_verifies_through_the_json_endpoint(server, instructor):
    offline = sign_fields(_fields(instructor, 9), instructor.private_raw)
    assert offline.startswith("AULA:")
    body = _json(server, offline).json()
    assert body["status"] == "valid"
    assert body["fields"]["worker_name"] == "Ana María López Núñez"

"""The trust matrix: who may register which key, and who may issue, revoke or supersede which constancia.

Issue 9, items 1–3 and 5–7, written as attacks: every case names the actor, what it tries and the
exact answer, and proves that the victim's constancia and the victim device are untouched after a
refusal (the public verdict, the server's index row and the victim's token all still work).
"""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from server_harness import Device, Fixture, op

from app.domain.signing import CertifiedFields, sign_fields
from app.sync.protocol import registration_message


def _fields(folio: str, worker: str = "Ana María López Núñez") -> CertifiedFields:
    return CertifiedFields(folio=folio, worker_name=worker, curp_masked="LOMA******M*****09",
                           course_name="Curso Básico de Buen Trato", hours=12,
                           dates=(dt.date(2026, 11, 24), dt.date(2026, 11, 25)), venue="UMF 7",
                           instructor_name="Laura Pérez")


@dataclass
class Room:
    """Unit A: the issuing instructor, a colleague instructor and the director; unit B's instructor.

    ``owner`` issued and synced constancia ``victim_id`` (folio ``victim_folio``) for A's worker.
    """

    server: Any
    owner: Device
    colleague: Device
    director: Device
    stranger: Device
    data: Fixture
    victim_id: str
    victim_folio: str
    victim_qr: str

    def actor(self, name: str) -> Device:
        return getattr(self, name)

    def constancia(self, signer: Device, folio: str, *, worker: str = "Ana María López Núñez",
                   **extra: Any) -> dict[str, Any]:
        """A constancia op whose QR ``signer`` signs for ``folio``."""
        qr = sign_fields(_fields(folio, worker), signer.private_raw, base_url=self.server.base_url)
        return op("constancia", uuid.uuid4(), {"group_id": self.data.group_id, "worker_id": self.data.worker_id,
                                               "folio": folio, "status": "valid", "qr_text": qr, **extra})

    def verdict(self) -> tuple[str, bool]:
        response = httpx.get(f"{self.server.base_url}/v1/constancias/verify", params={"text": self.victim_qr},
                             timeout=60)
        body = response.json()
        return body["status"], body["known_to_server"]


@pytest.fixture
def room(server, unit, instructor, seeded) -> Room:
    colleague = server.enroll(unit, "instructor")
    director = server.enroll(unit, "director")
    stranger = server.enroll(server.create_unit(), "instructor")
    folio = f"{instructor.code}-2026-000001"
    qr = sign_fields(_fields(folio), instructor.private_raw, base_url=server.base_url)
    ident = str(uuid.uuid4())
    [result] = instructor.push([op("constancia", ident, {
        "group_id": seeded.group_id, "worker_id": seeded.worker_id, "folio": folio, "status": "valid",
        "qr_text": qr})])
    assert result["status"] == "applied", result
    yield Room(server, instructor, colleague, director, stranger, seeded, ident, folio, qr)
    for device in (colleague, director, stranger):
        device.close()


def _revoke(room: Room) -> dict[str, Any]:
    return op("constancia", room.victim_id, {"group_id": room.data.group_id, "worker_id": room.data.worker_id,
                                             "folio": room.victim_folio, "status": "revoked",
                                             "qr_text": room.victim_qr, "revoked_reason": "Error de captura"})


def _supersede(room: Room, actor: Device) -> dict[str, Any]:
    return room.constancia(actor, f"{actor.code}-2026-000777", worker="Ana María López Nuñez",
                           supersedes_id=room.victim_id)


#: actor → what it pushes → (status, reason). Rejections must leave the victim "valid" and known.
CONSTANCIA_MATRIX: dict[str, tuple[str, Callable[[Room, Device], dict[str, Any]], str, str | None]] = {
    "the issuing device revokes its constancia": ("owner", lambda r, a: _revoke(r), "applied", None),
    "a colleague of the same unit revokes it": ("colleague", lambda r, a: _revoke(r), "rejected", "not_owner"),
    "the unit's director revokes it": ("director", lambda r, a: _revoke(r), "rejected", "forbidden_role"),
    "another unit's device revokes it": ("stranger", lambda r, a: _revoke(r), "rejected", "out_of_scope"),
    "the issuing device supersedes it": ("owner", _supersede, "applied", None),
    "a colleague supersedes it with its own signed constancia": ("colleague", _supersede, "rejected", "not_owner"),
    "another unit's device supersedes it": ("stranger", _supersede, "rejected", "out_of_scope"),
    "a colleague squats the victim's folio": (
        "colleague", lambda r, a: r.constancia(a, r.victim_folio), "rejected", "folio_device_mismatch"),
    "the owner reuses its own folio for someone else": (
        "owner", lambda r, a: r.constancia(a, r.victim_folio, worker="Otra Persona"), "rejected",
        "duplicate_folio"),
    "a colleague pushes its own folio signed with the owner's key": (
        "colleague", lambda r, a: r.constancia(r.owner, f"{a.code}-2026-000001"),
        "rejected", "invalid_signature"),
    "a QR that certifies another folio than the payload's": (
        "owner", lambda r, a: {**(o := r.constancia(a, f"{a.code}-2026-000002")),
                               "payload": {**o["payload"], "folio": f"{a.code}-2026-000003"}},
        "rejected", "qr_mismatch"),
    "a free-text folio": ("owner", lambda r, a: r.constancia(a, "CONSTANCIA-1"), "rejected", "invalid_folio"),
}


@pytest.mark.parametrize("case", list(CONSTANCIA_MATRIX))
def test_constancia_trust_matrix(room, db, case):
    from server.models import ConstanciaIndex

    actor_name, build, status, reason = CONSTANCIA_MATRIX[case]
    actor = room.actor(actor_name)
    pushed = build(room, actor)

    def index_row():
        with db.read() as session:
            row = session.get(ConstanciaIndex, room.victim_id)
            return (row.device_id, row.status, row.folio, row.fields_hash)

    before = index_row()
    [result] = actor.push([pushed])
    assert (result["status"], result["reason"]) == (status, reason), result
    if status == "rejected":
        assert index_row() == before
        assert room.verdict() == ("valid", True)
    assert room.owner.pull_raw().status_code == 200  # the victim device keeps working


def test_a_revoked_devices_pushes_are_refused_and_its_constancias_stay_as_they_were(room, server, db):
    server.cli("revoke-device", room.owner.code, "--reason", "equipo robado")
    response = room.owner.push_raw([_revoke(room)])
    assert (response.status_code, response.json()["error"]) == (401, "device_revoked")
    # synced before the revocation: still valid; signed after it and never received: not valid
    assert room.verdict() == ("valid", True)
    late = sign_fields(_fields(f"{room.owner.code}-2026-000099"), room.owner.private_raw,
                       base_url=server.base_url)
    body = httpx.get(f"{server.base_url}/v1/constancias/verify", params={"text": late}, timeout=60).json()
    assert body["status"] != "valid"


# ------------------------------------------------------------------ registration (item 1)


def _signed(attacker: Device, code: str, public_key: str, nonce: str) -> dict[str, Any]:
    message = registration_message(code, nonce, public_key, attacker.install_id)
    return {"code": code, "public_key": public_key, "install_id": attacker.install_id, "app_version": "0.1.0",
            "schema_version": 1, "nonce": nonce,
            "signature": base64.b64encode(attacker.private_key.sign(message)).decode()}


#: an attacker holding a valid enrollment code of ITS OWN unit tries to take the victim's key.
REGISTRATION_MATRIX: dict[str, tuple[Callable[[Device, Device, str], dict[str, Any]], int, str]] = {
    "the victim's public key signed with the attacker's key": (
        lambda attacker, victim, code: _signed(attacker, code, victim.public_b64, attacker.challenge()),
        401, "proof_of_possession"),
    "the attacker's own key signed over another code, replayed with the victim's key": (
        lambda attacker, victim, code: {**_signed(attacker, "OTRO-CODIGO", attacker.public_b64,
                                                  nonce := attacker.challenge()),
                                        "code": code, "public_key": victim.public_b64, "nonce": nonce},
        401, "proof_of_possession"),
    "a well-signed registration with a made-up nonce": (
        lambda attacker, victim, code: _signed(attacker, code, attacker.public_b64, "A" * 43),
        403, "invalid_challenge"),
}


@pytest.mark.parametrize("case", list(REGISTRATION_MATRIX))
def test_registration_trust_matrix(room, server, case):
    from app.sync.protocol import SCHEMA_VERSION

    build, status, error = REGISTRATION_MATRIX[case]
    attacker = Device.generate(server.base_url)
    try:
        code = server.enroll_code(server.create_unit().code, "director")
        body = build(attacker, room.owner, code) | {"schema_version": SCHEMA_VERSION}
        response = attacker.client.post("/v1/devices/register", json=body)
        assert (response.status_code, response.json()["error"]) == (status, error), response.text
        # the victim keeps its token, its unit and its constancias
        assert room.owner.pull_raw().status_code == 200
        assert room.owner.push([room.data.attendance("present")])[0]["status"] in ("applied", "duplicate")
        assert room.verdict() == ("valid", True)
        # and the refused attempt did not burn the attacker's code: its own key still registers with it
        assert attacker.register_raw(code).status_code == 200
    finally:
        attacker.close()


def test_a_used_nonce_cannot_register_a_second_key(room, server):
    first, second = Device.generate(server.base_url), Device.generate(server.base_url)
    try:
        nonce = first.challenge()
        assert first.register_raw(server.enroll_code(server.create_unit().code), nonce=nonce).status_code == 200
        response = second.register_raw(server.enroll_code(server.create_unit().code), nonce=nonce)
        assert (response.status_code, response.json()["error"]) == (403, "invalid_challenge")
    finally:
        first.close()
        second.close()


def test_the_key_directory_gives_a_device_its_scope_only(room):
    def codes(device: Device) -> set[str]:
        response = device.client.get("/v1/devices/keys", headers=device.headers())
        assert response.status_code == 200
        return {key["device_code"] for key in response.json()["keys"]}

    unit_a = {room.owner.code, room.colleague.code, room.director.code}
    assert unit_a <= codes(room.colleague)
    assert not unit_a & codes(room.stranger)
    assert room.stranger.code not in codes(room.owner)

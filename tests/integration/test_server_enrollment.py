"""Enrollment: one-time codes, device codes from public keys, tokens."""

from __future__ import annotations

import uuid

from server_harness import Device

from app.domain.folio import device_code_from_public_key
from server.models import Device as DeviceRow


def test_registration_returns_device_code_token_role_and_scope(server, unit):
    device = Device.generate(server.base_url)
    body = device.register(server.enroll_code(unit.code, "director"))
    assert body["device_code"] == device_code_from_public_key(device.public_raw)
    assert body["role"] == "director"
    assert body["scope"] == [{"id": unit.id, "code": unit.code, "name": unit.name}]
    assert len(body["token"]) >= 32


def test_the_token_is_stored_only_as_a_hash(server, unit, db):
    device = Device.generate(server.base_url)
    token = device.register(server.enroll_code(unit.code))["token"]
    with db.read() as session:
        row = session.get(DeviceRow, device.device_id)
    assert token not in (row.token_hash, row.public_key)
    assert len(row.token_hash) == 64


def test_an_enrollment_code_works_only_once(server, unit):
    code = server.enroll_code(unit.code)
    assert Device.generate(server.base_url).register_raw(code).status_code == 200
    second = Device.generate(server.base_url).register_raw(code)
    assert second.status_code == 403
    assert second.json()["error"] == "invalid_code"


def test_a_registration_whose_answer_was_lost_is_answered_again_for_the_same_installation(server, unit):
    device = Device.generate(server.base_url)
    code = server.enroll_code(unit.code)
    first = device.register(code)  # the answer "lost": the device asks again with the same code
    again = device.register(code)
    assert again["device_id"] == first["device_id"]
    assert again["role"] == "instructor"
    assert device.pull_raw().status_code == 200
    assert device.pull_raw(token=first["token"]).status_code == 401


def test_a_used_code_stays_used_for_another_install_of_the_same_key(server, unit):
    device = Device.generate(server.base_url)
    code = server.enroll_code(unit.code)
    device.register(code)
    device.install_id = "another-install"  # a copy of the key on another machine
    response = device.register_raw(code)
    assert response.status_code == 403
    assert response.json()["error"] == "invalid_code"


def test_an_unknown_code_is_refused(server):
    response = Device.generate(server.base_url).register_raw("AAAA-BBBB-CCCC")
    assert response.status_code == 403


def test_codes_are_accepted_without_dashes_and_in_lower_case(server, unit):
    code = server.enroll_code(unit.code).replace("-", "").lower()
    assert Device.generate(server.base_url).register_raw(code).status_code == 200


def test_a_device_code_taken_by_another_key_is_409(server, unit, db):
    device = Device.generate(server.base_url)
    with db.write() as session:  # another device already holds this device code
        session.add(DeviceRow(id=str(uuid.uuid4()), code=device.code, public_key="A" * 43 + "=",
                              install_id="x", app_version="0.1.0", schema_version=1, role="instructor",
                              unit_id=unit.id, token_hash=uuid.uuid4().hex * 2))
        session.commit()
    response = device.register_raw(server.enroll_code(unit.code))
    assert response.status_code == 409
    assert response.json()["error"] == "device_code_taken"


def test_re_enrolling_the_same_key_replaces_the_old_token(server, unit):
    device = Device.generate(server.base_url)
    device.register(server.enroll_code(unit.code))
    old = device.token
    device.register(server.enroll_code(unit.code))
    assert device.pull_raw().status_code == 200
    assert device.pull_raw(token=old).status_code == 401


def test_a_revoked_device_cannot_re_enroll(server, unit):
    device = server.enroll(unit)
    server.cli("revoke-device", device.device_id)
    response = device.register_raw(server.enroll_code(unit.code))
    assert response.status_code == 403
    assert response.json()["error"] == "device_revoked"


def test_registration_from_an_old_schema_is_426(server, unit):
    from app.sync.protocol import MIN_SCHEMA_VERSION

    response = Device.generate(server.base_url).register_raw(server.enroll_code(unit.code), MIN_SCHEMA_VERSION - 1)
    assert response.status_code == 426
    assert "Actualice Aula" in response.json()["message"]


# -- proof of possession (issue 9, item 1) -----------------------------------

def test_registering_a_victims_public_key_without_its_private_key_is_refused(server, unit):
    victim = server.enroll(unit)
    other_unit = server.create_unit()
    attacker = Device.generate(server.base_url)
    # The attacker holds a valid code for another unit and the victim's public key,
    # but signs the challenge with a key of their own.
    response = attacker.register_raw(server.enroll_code(other_unit.code), public_key=victim.public_b64)
    assert response.status_code == 401
    assert response.json()["error"] == "proof_of_possession"
    # The victim keeps its token, its unit and its role.
    assert victim.pull_raw().status_code == 200
    with server.database().read() as session:
        row = session.get(DeviceRow, victim.device_id)
    assert (row.unit_id, row.role) == (unit.id, "instructor")


def test_a_registration_without_a_signature_is_refused(server, unit):
    device = Device.generate(server.base_url)
    response = device.client.post("/v1/devices/register", json={
        "code": server.enroll_code(unit.code), "public_key": device.public_b64, "install_id": device.install_id,
        "app_version": "0.1.0", "schema_version": 1})
    assert response.status_code == 422


def test_a_challenge_serves_one_registration_only(server, unit):
    device = Device.generate(server.base_url)
    nonce = device.challenge()
    assert device.register_raw(server.enroll_code(unit.code), nonce=nonce).status_code == 200
    replay = Device.generate(server.base_url).register_raw(server.enroll_code(unit.code), nonce=nonce)
    assert replay.status_code == 403
    assert replay.json()["error"] == "invalid_challenge"


def test_a_made_up_challenge_is_refused(server, unit):
    response = Device.generate(server.base_url).register_raw(server.enroll_code(unit.code), nonce="A" * 43)
    assert response.status_code == 403
    assert response.json()["error"] == "invalid_challenge"


def test_a_refused_registration_does_not_burn_the_code(server, unit):
    code = server.enroll_code(unit.code)
    victim = server.enroll(unit)
    assert Device.generate(server.base_url).register_raw(code, public_key=victim.public_b64).status_code == 401
    assert Device.generate(server.base_url).register_raw(code).status_code == 200


def test_device_keys_serve_the_scope_and_revocations_not_every_unit(server, unit):
    me = server.enroll(unit)
    colleague = server.enroll(unit)
    other_unit = server.create_unit()
    stranger = server.enroll(other_unit)
    stolen = server.enroll(other_unit)
    server.cli("revoke-device", stolen.device_id)
    response = me.client.get("/v1/devices/keys", headers=me.headers())
    assert response.status_code == 200
    codes = {k["device_code"]: k for k in response.json()["keys"]}
    assert me.code in codes and colleague.code in codes
    assert stranger.code not in codes
    assert codes[stolen.code]["revoked_at"] is not None


def test_the_sync_epoch_moves_on_only_from_the_stored_one_and_a_lost_answer_is_repeated(server, unit):
    device = server.enroll(unit)

    def offer(current: str, new: str) -> int:
        return device.client.post("/v1/devices/epoch", json={"current": current, "next": new},
                                  headers=device.headers()).status_code

    first, second, third = ("A" * 16, "B" * 16, "C" * 16)
    assert offer("", first) == 200
    assert offer(first, second) == 200
    assert offer(first, second) == 200  # the same offer again: its answer was lost
    stale = device.client.post("/v1/devices/epoch", json={"current": first, "next": third}, headers=device.headers())
    assert stale.status_code == 409 and stale.json()["error"] == "stale_database"
    device.register(server.enroll_code(unit.code))  # re-enrollment starts a new line of epochs
    assert offer("", third) == 200

"""Enrollment with a server: the one-time code, proof of possession, and what is stored.

A registration whose answer is lost is retried with a fresh challenge and the
same code; the server recognises the same installation (install id and public
key) and answers again instead of "code already used".
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain.errors import UserError
from app.storage.keys import DeviceKeys
from app.storage.tables import Device
from app.sync.protocol import (
    SCHEMA_VERSION,
    ChallengeResponse,
    RegisterResponse,
    normalize_enrollment_code,
    registration_message,
)
from app.sync.transport import Transport


class EnrollmentFailed(UserError):
    """The server refused the enrollment, or could not be reached; the message says why."""


@dataclass(frozen=True)
class EnrollResult:
    """What the server granted this device."""

    server_url: str
    device_id: str
    device_code: str
    role: str
    unit_code: str
    unit_name: str


_CODE_IN_TEXT = re.compile(r"[0-9A-Za-z]{4}(?:[- ]?[0-9A-Za-z]{4}){2,}")


def code_from_text(text: str) -> str:
    """The enrollment code in what was typed or read from the QR (``aula-server enroll-code``).

    The QR holds the code as printed (``K7QM-2XHP-WN4R``); spaces, dashes and case do not matter,
    and a code pasted with text around it is found.

    Raises:
        EnrollmentFailed: no code in the text.
    """
    candidate = (text or "").strip()
    match = _CODE_IN_TEXT.search(candidate)
    code = normalize_enrollment_code(match.group(0) if match else candidate)
    if not 4 <= len(code) <= 48:
        raise EnrollmentFailed("Escriba el código de inscripción tal como lo entregó el administrador "
                               "(por ejemplo K7QM-2XHP-WN4R).")
    return code


def public_b64(keys: DeviceKeys) -> str:
    return base64.b64encode(keys.public_raw).decode("ascii")


def register(transport: Transport, code: str, keys: DeviceKeys, install_id: str) -> RegisterResponse:
    """Challenge, sign, register. Raises the transport's exceptions."""
    challenge = ChallengeResponse.model_validate(transport.post("/v1/devices/challenge").body)
    key_text = public_b64(keys)
    message = registration_message(code, challenge.nonce, key_text, install_id)
    signature = Ed25519PrivateKey.from_private_bytes(keys.private_raw).sign(message)
    from app import __version__
    body = {"code": code, "public_key": key_text, "install_id": install_id, "app_version": __version__,
            "schema_version": SCHEMA_VERSION, "nonce": challenge.nonce,
            "signature": base64.b64encode(signature).decode("ascii")}
    return RegisterResponse.model_validate(transport.post("/v1/devices/register", body).body)


def store_enrollment(device: Device, url: str, answer: RegisterResponse) -> None:
    device.server_url = url
    device.server_device_id = str(answer.device_id)
    device.token = answer.token
    device.role = answer.role.value
    device.scope = json.dumps([unit.code for unit in answer.scope])
    device.pull_cursor = 0
    device.enrolled_at = answer.server_time

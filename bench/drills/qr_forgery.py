"""Forged and altered constancia QRs, verified offline the way ``aula verify`` does: none may be "valid".

Two devices are known to the verifier (the genuine issuer and a colleague); every forgery
starts from genuine constancias of the first:

- every byte of the signed payload flipped, one at a time (altered data or signature);
- a certified field changed and the original signature kept (name, hours, dates, folio);
- the fields re-signed by the colleague's key while claiming the issuer's key id;
- the colleague's genuine signature over the issuer's folio, or over a free-text folio;
- payloads cut short, and random digits.

A forgery counts as accepted when the verdict is "valid" for fields or a signer that no
genuine constancia of that signer carries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from app.domain.folio import device_code_from_public_key  # noqa: E402
from app.domain.signing import (  # noqa: E402
    _SIGNING_CONTEXT,  # the exact bytes a device signs: a forger knows them too
    SIGNATURE_BYTES,
    CertifiedFields,
    build_qr_text,
    encode_body,
    generate_keypair,
    parse_qr_text,
    qr_text_for,
    sign_fields,
    verify_qr_text,
)
from bench.report import Drill  # noqa: E402


def _genuine(code: str, counter: int) -> CertifiedFields:
    return CertifiedFields(folio=f"{code}-2026-{counter:06d}", worker_name=f"Persona {counter} López Núñez",
                           curp_masked="LOMA******M*****09", course_name="Curso Básico de Buen Trato", hours=12,
                           dates=(dt.date(2026, 11, 24), dt.date(2026, 11, 25)), venue="UMF 7",
                           instructor_name="Laura Pérez")


def _payload(text: str) -> bytes:
    digits = text.rsplit(":", 1)[-1]
    number = int(digits)
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def run(quick: bool = False) -> Drill:
    rng = random.Random(20261129)
    issuer_private, issuer_public = generate_keypair()
    colleague_private, colleague_public = generate_keypair()
    issuer = device_code_from_public_key(issuer_public)
    colleague = device_code_from_public_key(colleague_public)
    keys = {issuer: issuer_public, colleague: colleague_public}
    genuine = [_genuine(issuer, n) for n in range(1, 6 if quick else 21)]
    genuine_texts = [sign_fields(fields, issuer_private) for fields in genuine]
    known = {(issuer, fields) for fields in genuine}

    forgeries: list[tuple[str, str]] = []
    for text in genuine_texts[: 2 if quick else len(genuine_texts)]:
        payload = _payload(text)
        for position in range(len(payload)):
            altered = bytearray(payload)
            altered[position] ^= 1 << rng.randrange(8)
            if altered[0] == 0:
                continue  # a leading zero byte is not representable in the digits
            forgeries.append(("byte flipped", qr_text_for(bytes(altered))))
    for fields, text in zip(genuine, genuine_texts, strict=True):
        _, signer, signature = parse_qr_text(text)
        for change in ({"worker_name": "Otra Persona Distinta"}, {"hours": 40},
                       {"dates": (dt.date(2026, 1, 1),)}, {"folio": f"{issuer}-2026-999999"},
                       {"course_name": "Curso Avanzado"}, {"curp_masked": ""}):
            forgeries.append(("field changed, signature kept",
                              build_qr_text(dataclasses.replace(fields, **change), signer, signature)))
        body = encode_body(fields, issuer)
        stolen_id = Ed25519PrivateKey.from_private_bytes(colleague_private).sign(_SIGNING_CONTEXT + body)
        forgeries.append(("colleague's key claiming the issuer's id", qr_text_for(body + stolen_id)))
        forgeries.append(("colleague signs the issuer's folio", sign_fields(fields, colleague_private)))
        forgeries.append(("colleague signs a free-text folio",
                          sign_fields(dataclasses.replace(fields, folio="CONSTANCIA-001"), colleague_private)))
        payload = _payload(text)
        for cut in (1, SIGNATURE_BYTES // 2, SIGNATURE_BYTES, len(payload) // 2):
            forgeries.append(("payload cut short", qr_text_for(payload[:-cut])))
    for _ in range(50 if quick else 500):
        forgeries.append(("random digits", "AULA:" + str(rng.getrandbits(rng.randrange(64, 2400)))))

    accepted: list[str] = []
    verdicts: dict[str, int] = {}
    for kind, text in forgeries:
        outcome = verify_qr_text(text, keys)
        verdicts[outcome.status] = verdicts.get(outcome.status, 0) + 1
        if outcome.status == "valid" and (outcome.key_id, outcome.fields) not in known:
            accepted.append(kind)
    genuine_ok = sum(verify_qr_text(text, keys).status == "valid" for text in genuine_texts)
    counts = {"forgeries tried": len(forgeries), "accepted": len(accepted),
              "genuine still valid": f"{genuine_ok}/{len(genuine_texts)}",
              **{f"verdict {status}": n for status, n in sorted(verdicts.items())}}
    return Drill("Forged and altered QR payloads (offline verifier)", counts,
                 passed=not accepted and genuine_ok == len(genuine_texts),
                 note="accepted: " + ", ".join(sorted(set(accepted))) if accepted else "",
                 source="bench/drills/qr_forgery.py")


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))

"""Folios and device codes: unique without coordination (DESIGN §4).

A device code is 8 base32 characters derived from the device's Ed25519 public
key, so a device can issue constancias before it ever enrolls; the folio is
``{device_code}-{year}-{counter}`` with the counter taken inside the issuing
transaction.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

FOLIO_RE = re.compile(r"^(?P<device>[A-Z2-7]{8})-(?P<year>\d{4})-(?P<counter>\d{6,})$")


def device_code_from_public_key(public_key_raw: bytes) -> str:
    """The 8-character base32 code of a device, from its raw 32-byte public key."""
    digest = hashlib.sha256(public_key_raw).digest()
    return base64.b32encode(digest[:5]).decode("ascii")


@dataclass(frozen=True, order=True)
class Folio:
    device_code: str
    year: int
    counter: int

    def __str__(self) -> str:
        return f"{self.device_code}-{self.year:04d}-{self.counter:06d}"

    @classmethod
    def parse(cls, text: str) -> Folio:
        """Parse a folio, raising ``ValueError`` with the reason when it is malformed."""
        match = FOLIO_RE.match(text.strip().upper())
        if not match:
            raise ValueError(f"«{text}» no es un folio válido (formato XXXXXXXX-AAAA-NNNNNN)")
        return cls(match["device"], int(match["year"]), int(match["counter"]))

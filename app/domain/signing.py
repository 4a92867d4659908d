"""Signed, self-contained QR payloads for constancias (DESIGN §4).

A constancia's QR is a URL ``{base_url}/v/{payload}`` when the device has a
verification address, or ``AULA:{payload}`` (the signed payload alone, verified
offline by the app) when it has none; never a made-up host. The payload is a
decimal number (QR numeric mode stores 3.3 bits per digit, almost exactly the
information a digit carries, and digits need no escaping in a URL) whose
bytes are:

``body || Ed25519 signature (64 bytes)``

and ``body`` is a bit-packed encoding of :class:`CertifiedFields` and the
key id of the signing device. Text is packed with a fixed Huffman code over
characters and common words of Spanish names, course titles and unit names
(about 3 bits per character on typical data and 4.2 on unusual names,
instead of 8 to 16 in UTF-8); that is what lets a long name with accents, a
long course title and a long venue fit a version-12 QR at error correction
level M. The encoding is canonical: the verifier re-encodes what
it decoded and refuses anything that does not come back bit for bit.

Format version 1 is frozen: changing the code table, the field order or
the widths needs a new version number, because printed constancias live
for decades.

This module is pure: no files, no network. Anyone with the public keys of the
issuing devices can verify a QR offline with :func:`verify_qr_text`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import heapq
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from app.domain.folio import Folio, device_code_from_public_key
from app.domain.text import date_range_es

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
SIGNATURE_BYTES = 64
VERIFY_PATH = "/v/"
OFFLINE_PREFIX = "AULA:"
"""What a QR carries before the payload when no verification address is configured."""

_SIGNING_CONTEXT = b"aula-constancia-v1\x00"
_EPOCH = dt.date(2000, 1, 1)
_KEY_ID = re.compile(r"^[A-Z2-7]{8}$")
_PAYLOAD = re.compile(r"^[1-9][0-9]*$")
_TRAILING_DIGITS = re.compile(r"[0-9]*$")

# QR version 12 at error correction level M holds 290 data codewords.
QR_MAX_DATA_BITS = 290 * 8


# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class CertifiedFields:
    """What a constancia certifies, exactly as its QR carries and signs it.

    Attributes:
        folio: the constancia's folio, normally ``XXXXXXXX-AAAA-NNNNNN``.
        worker_name: full name as printed (``Nombre(s) Paterno Materno``).
        curp_masked: the CURP masked with :func:`app.domain.identifiers.mask_curp`,
            or ``""`` when the worker has no CURP on file.
        course_name: name of the course.
        hours: hours of the course.
        dates: the days of the course, ascending, without repeats.
        venue: unit or venue where it was given.
        instructor_name: the instructor's full name.
    """

    folio: str
    worker_name: str
    curp_masked: str
    course_name: str
    hours: int
    dates: tuple[dt.date, ...]
    venue: str
    instructor_name: str

    def __post_init__(self) -> None:
        dates = tuple(sorted(set(self.dates)))
        object.__setattr__(self, "dates", dates)
        if not dates:
            raise ValueError("a constancia certifies at least one day")
        if dates[0] < _EPOCH:
            raise ValueError("dates before 2000-01-01 cannot be certified")
        if not 0 <= self.hours < 1 << 20:
            raise ValueError("hours must be a non-negative whole number")

    @property
    def first_day(self) -> dt.date:
        return self.dates[0]

    @property
    def last_day(self) -> dt.date:
        return self.dates[-1]

    @property
    def dates_text(self) -> str:
        """The days in Mexican Spanish, e.g. ``24 y 25 de noviembre de 2026``."""
        return date_range_es(list(self.dates))

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (ISO dates), for snapshots and the verification page."""
        return {
            "folio": self.folio,
            "worker_name": self.worker_name,
            "curp_masked": self.curp_masked,
            "course_name": self.course_name,
            "hours": self.hours,
            "dates": [d.isoformat() for d in self.dates],
            "venue": self.venue,
            "instructor_name": self.instructor_name,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CertifiedFields:
        """The inverse of :meth:`to_dict`."""
        return cls(
            folio=str(data["folio"]),
            worker_name=str(data["worker_name"]),
            curp_masked=str(data["curp_masked"]),
            course_name=str(data["course_name"]),
            hours=int(data["hours"]),
            dates=tuple(dt.date.fromisoformat(str(d)) for d in data["dates"]),
            venue=str(data["venue"]),
            instructor_name=str(data["instructor_name"]),
        )


@dataclass(frozen=True)
class QrVerification:
    """The outcome of checking a QR text offline.

    Attributes:
        status: ``"valid"``, ``"invalid"`` (signature does not match: altered
            or forged), ``"unknown_key"`` (well formed, but signed by a device
            whose public key is not known here) or ``"malformed"``.
        fields: what the QR says it certifies; ``None`` when malformed.
        key_id: the signing device's code; ``None`` when malformed.
        message: the outcome in Spanish, for people.
    """

    status: str
    fields: CertifiedFields | None
    key_id: str | None
    message: str

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"


class PayloadTooLarge(ValueError):
    """The certified texts are too long for a QR of version 12, level M."""


# --------------------------------------------------------------------------- keys


def generate_keypair() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as raw bytes: ``(private 32 bytes, public 32 bytes)``."""
    private = Ed25519PrivateKey.generate()
    return _private_raw(private), _public_raw(private.public_key())


def public_key_from_private(private_raw: bytes) -> bytes:
    """The raw public key that belongs to a raw private key."""
    return _public_raw(Ed25519PrivateKey.from_private_bytes(private_raw).public_key())


def key_id(public_raw: bytes) -> str:
    """The key id of a public key: the device code (8 base32 characters)."""
    return device_code_from_public_key(public_raw)


def _private_raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# --------------------------------------------------------------------------- text code

# Relative frequencies of the symbols in names, course titles and venues:
# characters, and whole tokens (the commonest Mexican surnames and given
# names, institutional words, connectors) that cost one code instead of one
# per letter. A token also matches capitalised (after SHIFT) and in texts
# written all in capitals. Measured on a synthetic corpus of 20,000 records
# built from the demo's names, course titles and unit names.
# FROZEN for format version 1: the Huffman code is derived from this table,
# in this order.
_END, _SHIFT, _ESC = "\x03", "\x0e", "\x1b"
_WEIGHTS: dict[str, int] = {
    # letters and space
    " ": 1519, "e": 399, "a": 513, "o": 306, "i": 384, "r": 303, "n": 320, "s": 217, "l": 153,
    "d": 111, "c": 240, "u": 158, "t": 164, "m": 113, "p": 90, "g": 108, "b": 72, "v": 54,
    "h": 64, "f": 53, "z": 47, "y": 20, "j": 55, "q": 20, "ñ": 10, "x": 16, "k": 8, "w": 5,
    "á": 20, "é": 27, "í": 46, "ó": 20, "ú": 8, "ü": 3, "º": 3,
    # shift, end of text, escape
    _SHIFT: 1472, _END: 601, _ESC: 2,
    # digits and punctuation
    "0": 20, "1": 20, "2": 20, "3": 20, "4": 20, "5": 20, "6": 21, "7": 20, "8": 20, "9": 20,
    ".": 30, ",": 15, "-": 15, "'": 5, "\"": 3, "(": 5, ")": 5, "/": 5, "«": 10, "»": 10, "°": 3,
    "#": 3, ":": 5, ";": 2, "&": 2, "*": 10,
    # tokens: common surnames, given names, institutional words, connectors
    "hernández": 11, "garcía": 11, "martínez": 11, "lópez": 11, "gonzález": 12, "pérez": 11,
    "rodríguez": 11, "sánchez": 12, "ramírez": 12, "cruz": 13, "flores": 11, "gómez": 11,
    "morales": 11, "vázquez": 11, "jiménez": 11, "reyes": 12, "díaz": 11, "torres": 11,
    "gutiérrez": 11, "ruiz": 11, "mendoza": 11, "aguilar": 11, "ortiz": 11, "moreno": 10,
    "castillo": 12, "romero": 11, "álvarez": 11, "méndez": 11, "chávez": 11, "rivera": 11,
    "juárez": 14, "ramos": 11, "domínguez": 11, "herrera": 11, "medina": 11, "castro": 11,
    "vargas": 11, "guzmán": 11, "velázquez": 11, "muñoz": 11, "rojas": 11, "contreras": 11,
    "salazar": 11, "núñez": 11, "peña": 11, "ibarra": 11, "cervantes": 11, "ávila": 11,
    "solís": 11, "zúñiga": 11, "olvera": 10, "bautista": 11, "ochoa": 11, "cortés": 11,
    "maría": 11, "josé": 7, "juan": 10, "luis": 13, "guadalupe": 15, "carlos": 8, "jesús": 11,
    "miguel": 7, "ángel": 4, "francisco": 7, "alejandro": 4, "alejandra": 7, "fernando": 8,
    "eduardo": 3, "ricardo": 4, "patricia": 4, "gabriela": 4, "verónica": 4, "rosa": 11,
    "elena": 4, "ángeles": 8, "carmen": 8, "unidad": 41, "medicina": 41, "familiar": 41,
    "hospital": 40, "general": 30, "zona": 20, "regional": 10, "delegación": 20, "centro": 23,
    "clínica": 3, "médica": 11, "curso": 32, "taller": 11, "buen": 53, "trato": 64, "básico": 22,
    "atención": 33, "capacitación": 10, "personal": 21, "seguridad": 42, "identidad": 21,
    "para": 21, "aula": 10, "enseñanza": 10, "social": 10, "salud": 3, "especialidad": 11,
    "instituto": 3, "programa": 3, "ción": 54, "mente": 3, "de ": 255, "la ": 29, "del ": 26,
    "los ": 8, "las ": 3, "el ": 10, "en ": 22, "y ": 66, "no. ": 100, "lic. ": 30, "dr. ": 15,
    "dra. ": 15, "mtra. ": 15, "mtro. ": 15, "enf. ": 15,
}
_SPECIAL = frozenset((_END, _SHIFT, _ESC))
_CODEPOINT_BITS = 21


def _huffman_lengths(weights: dict[str, int]) -> dict[str, int]:
    order = {symbol: i for i, symbol in enumerate(weights)}
    heap: list[tuple[int, int, tuple[str, ...]]] = [
        (w, order[s], (s,)) for s, w in weights.items()
    ]
    heapq.heapify(heap)
    lengths = dict.fromkeys(weights, 0)
    tiebreak = len(heap)
    while len(heap) > 1:
        w1, _, s1 = heapq.heappop(heap)
        w2, _, s2 = heapq.heappop(heap)
        for symbol in s1 + s2:
            lengths[symbol] += 1
        heapq.heappush(heap, (w1 + w2, tiebreak, s1 + s2))
        tiebreak += 1
    return lengths


def _canonical_codes(lengths: dict[str, int]) -> dict[str, tuple[int, int]]:
    order = {symbol: i for i, symbol in enumerate(lengths)}
    codes: dict[str, tuple[int, int]] = {}
    code, previous = 0, 0
    for symbol in sorted(lengths, key=lambda s: (lengths[s], order[s])):
        code <<= lengths[symbol] - previous
        previous = lengths[symbol]
        codes[symbol] = (code, previous)
        code += 1
    return codes


_CODES = _canonical_codes(_huffman_lengths(_WEIGHTS))
_TOKENS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _token in sorted((t for t in _WEIGHTS if len(t) > 1), key=lambda t: (-len(t), t)):
    _TOKENS_BY_FIRST[_token[0]] = (*_TOKENS_BY_FIRST.get(_token[0], ()), _token)
_DECODE = {(length, code): symbol for symbol, (code, length) in _CODES.items()}
_MAX_CODE_LENGTH = max(length for _, length in _CODES.values())


# --------------------------------------------------------------------------- bit I/O


class _BitWriter:
    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def bits(self, value: int, width: int) -> None:
        if value < 0 or value >> width:
            raise ValueError(f"{value} does not fit in {width} bits")
        self.value = (self.value << width) | value
        self.length += width

    def varint(self, value: int) -> None:
        """Groups of 4 bits, most significant first, each after a continuation bit."""
        if value < 0:
            raise ValueError("varints are non-negative")
        groups = []
        while True:
            groups.append(value & 0xF)
            value >>= 4
            if not value:
                break
        for i, group in enumerate(reversed(groups)):
            self.bits(1 if i < len(groups) - 1 else 0, 1)
            self.bits(group, 4)

    def symbol(self, symbol: str) -> None:
        code, length = _CODES[symbol]
        self.bits(code, length)

    def text(self, text: str) -> None:
        upper = (bool(text) and text == text.upper() and text.lower().upper() == text
                 and text != text.lower())
        self.bits(int(upper), 1)
        source = text.lower() if upper else text
        position = 0
        while position < len(source):
            position = self._next(source, position)
        self.symbol(_END)

    def _next(self, source: str, position: int) -> int:
        """Write the longest token (or the character) at ``position``; return the new position."""
        char = source[position]
        low = char.lower()
        capital = char != low and len(low) == 1 and low.upper() == char
        for token in _TOKENS_BY_FIRST.get(low, ()):
            if source.startswith(token[1:], position + 1) and (capital or char == token[0]):
                if capital:
                    self.symbol(_SHIFT)
                self.symbol(token)
                return position + len(token)
        if char in _SPECIAL:
            self._escape(char)
        elif char in _CODES:
            self.symbol(char)
        elif capital and low in _CODES and low not in _SPECIAL:
            self.symbol(_SHIFT)
            self.symbol(low)
        else:
            self._escape(char)
        return position + 1

    def _escape(self, char: str) -> None:
        self.symbol(_ESC)
        self.bits(ord(char), _CODEPOINT_BITS)

    def to_bytes(self) -> bytes:
        padding = -self.length % 8
        return (self.value << padding).to_bytes((self.length + padding) // 8, "big")


class _BitReader:
    def __init__(self, data: bytes) -> None:
        self._bits = format(int.from_bytes(data, "big"), f"0{len(data) * 8}b")
        self._pos = 0

    def bits(self, width: int) -> int:
        end = self._pos + width
        if end > len(self._bits):
            raise ValueError("el código QR está incompleto")
        chunk = self._bits[self._pos:end]
        self._pos = end
        return int(chunk, 2) if width else 0

    def varint(self) -> int:
        value = 0
        for _ in range(16):
            more = self.bits(1)
            value = (value << 4) | self.bits(4)
            if not more:
                return value
        raise ValueError("número demasiado largo en el código QR")

    def symbol(self) -> str:
        code = 0
        for length in range(1, _MAX_CODE_LENGTH + 1):
            code = (code << 1) | self.bits(1)
            symbol = _DECODE.get((length, code))
            if symbol is not None:
                return symbol
        raise ValueError("texto ilegible en el código QR")

    def text(self) -> str:
        upper = self.bits(1)
        chars: list[str] = []
        while (symbol := self.symbol()) != _END:
            if symbol == _SHIFT:
                following = self.symbol()
                if following in _SPECIAL:
                    raise ValueError("texto ilegible en el código QR")
                chars.append(following[0].upper() + following[1:])
            elif symbol == _ESC:
                codepoint = self.bits(_CODEPOINT_BITS)
                if codepoint > 0x10FFFF:
                    raise ValueError("carácter inválido en el código QR")
                chars.append(chr(codepoint))
            else:
                chars.append(symbol)
            if len(chars) > 1000:
                raise ValueError("texto demasiado largo en el código QR")
        text = "".join(chars)
        return text.upper() if upper else text

    def remaining_are_zero_padding(self) -> bool:
        rest = self._bits[self._pos:]
        return len(rest) < 8 and not rest.strip("0")


# --------------------------------------------------------------------------- body codec

_FOLIO_SAME_DEVICE, _FOLIO_OTHER_DEVICE, _FOLIO_TEXT = 0, 1, 2
_CURP_EMPTY, _CURP_MASKED, _CURP_TEXT = 0, 1, 2
_CURP_MASKED_RE = re.compile(r"^[A-Z]{4}\*{6}[A-Z0-9]\*{5}[A-Z0-9]{2}$")
_ALNUM36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _code_bits(code: str) -> int:
    return int.from_bytes(base64.b32decode(code), "big")


def _code_text(value: int) -> str:
    return base64.b32encode(value.to_bytes(5, "big")).decode("ascii")


def _canonical_folio(text: str) -> Folio | None:
    try:
        folio = Folio.parse(text)
    except ValueError:
        return None
    return folio if str(folio) == text and folio.year < 1 << 14 else None


def encode_body(fields: CertifiedFields, signer_key_id: str) -> bytes:
    """The canonical bytes that are signed: format version, key id and fields."""
    if not _KEY_ID.match(signer_key_id):
        raise ValueError(f"«{signer_key_id}» no es un identificador de llave válido")
    out = _BitWriter()
    out.bits(FORMAT_VERSION, 4)
    out.bits(_code_bits(signer_key_id), 40)

    folio = _canonical_folio(fields.folio)
    if folio is None:
        out.bits(_FOLIO_TEXT, 2)
        out.text(fields.folio)
    else:
        same = folio.device_code == signer_key_id
        out.bits(_FOLIO_SAME_DEVICE if same else _FOLIO_OTHER_DEVICE, 2)
        if not same:
            out.bits(_code_bits(folio.device_code), 40)
        out.bits(folio.year, 14)
        out.varint(folio.counter)

    out.text(fields.worker_name)
    if not fields.curp_masked:
        out.bits(_CURP_EMPTY, 2)
    elif _CURP_MASKED_RE.match(fields.curp_masked):
        out.bits(_CURP_MASKED, 2)
        for char in fields.curp_masked.replace("*", ""):
            out.bits(_ALNUM36.index(char), 6)
    else:
        out.bits(_CURP_TEXT, 2)
        out.text(fields.curp_masked)

    out.text(fields.course_name)
    out.varint(fields.hours)
    out.varint(len(fields.dates))
    previous = _EPOCH
    for i, day in enumerate(fields.dates):
        out.varint((day - previous).days - (1 if i else 0))
        previous = day
    out.text(fields.venue)
    out.text(fields.instructor_name)
    return out.to_bytes()


def decode_body(body: bytes) -> tuple[CertifiedFields, str]:
    """Decode :func:`encode_body`'s bytes, raising ``ValueError`` if malformed."""
    source = _BitReader(body)
    version = source.bits(4)
    if version != FORMAT_VERSION:
        raise ValueError(f"versión de código QR desconocida ({version})")
    signer = _code_text(source.bits(40))

    kind = source.bits(2)
    if kind == _FOLIO_TEXT:
        folio = source.text()
    elif kind in (_FOLIO_SAME_DEVICE, _FOLIO_OTHER_DEVICE):
        device = signer if kind == _FOLIO_SAME_DEVICE else _code_text(source.bits(40))
        folio = str(Folio(device, source.bits(14), source.varint()))
    else:
        raise ValueError("folio ilegible en el código QR")

    worker_name = source.text()
    kind = source.bits(2)
    if kind == _CURP_EMPTY:
        curp = ""
    elif kind == _CURP_MASKED:
        kept = []
        for _ in range(7):
            index = source.bits(6)
            if index >= len(_ALNUM36):
                raise ValueError("CURP ilegible en el código QR")
            kept.append(_ALNUM36[index])
        curp = "".join(kept[:4]) + "******" + kept[4] + "*****" + "".join(kept[5:])
    elif kind == _CURP_TEXT:
        curp = source.text()
    else:
        raise ValueError("CURP ilegible en el código QR")

    course = source.text()
    hours = source.varint()
    count = source.varint()
    if not 1 <= count <= 366:
        raise ValueError("fechas ilegibles en el código QR")
    days, previous = [], _EPOCH
    for i in range(count):
        previous = previous + dt.timedelta(days=source.varint() + (1 if i else 0))
        days.append(previous)
    venue = source.text()
    instructor = source.text()
    if not source.remaining_are_zero_padding():
        raise ValueError("el código QR tiene datos de más")
    fields = CertifiedFields(folio, worker_name, curp, course, hours, tuple(days), venue, instructor)
    if encode_body(fields, signer) != body:
        raise ValueError("el código QR no está en forma canónica")
    return fields, signer


# --------------------------------------------------------------------------- QR text


def qr_data_bits(text: str) -> int:
    """Bits a QR needs for ``text`` as one byte segment (the URL or ``AULA:``
    prefix) and one numeric segment (the payload), for versions 10 to 26."""
    match = _TRAILING_DIGITS.search(text)
    digits = match.group() if match else ""
    prefix_bytes = len(text[: len(text) - len(digits)].encode("utf-8"))
    full, rest = divmod(len(digits), 3)
    numeric = full * 10 + (0, 4, 7)[rest]
    return (4 + 16 + 8 * prefix_bytes if prefix_bytes else 0) + (4 + 12 + numeric)


def qr_text_for(payload: bytes, base_url: str = "") -> str:
    """The QR text of a signed payload: ``{base_url}/v/{digits}``, or
    ``AULA:{digits}`` when ``base_url`` is empty (no verification address)."""
    digits = str(int.from_bytes(payload, "big"))
    if not base_url.strip():
        return f"{OFFLINE_PREFIX}{digits}"
    return f"{base_url.strip().rstrip('/')}{VERIFY_PATH}{digits}"


def has_verification_address(qr_text: str) -> bool:
    """Whether a QR text is a verification URL (rather than the bare signed payload)."""
    return VERIFY_PATH in qr_text


def build_qr_text(fields: CertifiedFields, signer_key_id: str, signature: bytes,
                  base_url: str = "") -> str:
    """Assemble the QR text from its parts (no signing: see :func:`sign_fields`)."""
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("an Ed25519 signature has 64 bytes")
    return qr_text_for(encode_body(fields, signer_key_id) + signature, base_url)


def sign_fields(fields: CertifiedFields, private_raw: bytes, base_url: str = "") -> str:
    """Sign the certified fields and return the QR text.

    Args:
        fields: what the constancia certifies.
        private_raw: the device's raw 32-byte Ed25519 private key.
        base_url: the verification address, e.g. ``https://verifica.example.mx``;
            empty when none is configured (the QR then carries ``AULA:`` and
            the payload, verified offline).

    Raises:
        PayloadTooLarge: the texts do not fit a version-12 QR at level M.
    """
    private = Ed25519PrivateKey.from_private_bytes(private_raw)
    signer = key_id(_public_raw(private.public_key()))
    body = encode_body(fields, signer)
    signature = private.sign(_SIGNING_CONTEXT + body)
    text = qr_text_for(body + signature, base_url)
    _ensure_fits(text)
    return text


def check_fits(fields: CertifiedFields, signer_key_id: str, base_url: str = "") -> None:
    """Raise :class:`PayloadTooLarge` unless these fields fit the QR with any signature.

    No key is needed: the largest signature value is measured, so a text that
    passes here always fits once signed.
    """
    _ensure_fits(build_qr_text(fields, signer_key_id, b"\xff" * SIGNATURE_BYTES, base_url))


def _ensure_fits(text: str) -> None:
    if qr_data_bits(text) > QR_MAX_DATA_BITS:
        raise PayloadTooLarge(
            "El nombre, el curso, la sede y el instructor suman demasiado texto para el "
            "código QR; abrevie la sede o el nombre del curso."
        )


def parse_qr_text(text: str) -> tuple[CertifiedFields, str, bytes]:
    """Split a QR text (the URL, ``AULA:`` and the payload, or only the payload) into its parts.

    Returns:
        ``(fields, key_id, signature)``. The signature is not checked here.

    Raises:
        ValueError: with a Spanish reason, when the text is not an Aula QR.
    """
    candidate = (text or "").strip()
    if VERIFY_PATH in candidate:
        candidate = candidate.rsplit(VERIFY_PATH, 1)[1]
        candidate = re.split(r"[?#]", candidate, maxsplit=1)[0].rstrip("/")
    elif candidate[:len(OFFLINE_PREFIX)].upper() == OFFLINE_PREFIX:
        candidate = candidate[len(OFFLINE_PREFIX):].strip()
    if not _PAYLOAD.match(candidate) or len(candidate) > 2000:
        raise ValueError("El texto no es un código QR de constancia de Aula.")
    number = int(candidate)
    payload = number.to_bytes((number.bit_length() + 7) // 8, "big")
    if len(payload) <= SIGNATURE_BYTES + 6:
        raise ValueError("El código QR de la constancia está incompleto.")
    body, signature = payload[:-SIGNATURE_BYTES], payload[-SIGNATURE_BYTES:]
    try:
        fields, signer = decode_body(body)
    except (ValueError, binascii.Error, OverflowError) as error:
        raise ValueError(f"El código QR de la constancia está dañado: {error}.") from error
    return fields, signer, signature


def verify_qr_text(text: str, public_keys: Mapping[str, bytes]) -> QrVerification:
    """Check a QR text offline against the known devices' public keys.

    Args:
        text: what the scanner read (the URL or only the payload).
        public_keys: raw 32-byte Ed25519 public keys by key id (device code).

    Returns:
        The verdict; never raises for bad input.
    """
    try:
        fields, signer, signature = parse_qr_text(text)
    except ValueError as error:
        return QrVerification("malformed", None, None, str(error))
    public_raw = public_keys.get(signer)
    if public_raw is None:
        return QrVerification(
            "unknown_key", fields, signer,
            f"La constancia fue firmada por el equipo {signer}, que no se conoce en este "
            "equipo. Sincronice o verifíquela en línea.",
        )
    body = encode_body(fields, signer)
    try:
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, _SIGNING_CONTEXT + body)
    except (InvalidSignature, ValueError):
        logger.info("QR signature mismatch for folio %s (key %s)", fields.folio, signer)
        return QrVerification(
            "invalid", fields, signer,
            "La firma no corresponde a los datos: la constancia fue alterada o no es auténtica.",
        )
    owner = _canonical_folio(fields.folio)
    if owner is None or owner.device_code != signer:
        # A genuine key may not vouch for a folio that is not its own: another
        # device's folio (or free text) could otherwise borrow that folio's status.
        logger.info("QR folio %s not issued by its signer %s", fields.folio, signer)
        device = owner.device_code if owner is not None else None
        return QrVerification(
            "invalid", fields, signer,
            (f"El folio {fields.folio} es del equipo {device}, pero lo firmó el equipo {signer}: "
             "la constancia no es auténtica.") if device else
            (f"El folio «{fields.folio}» no es un folio emitido por el equipo {signer}: "
             "la constancia no es auténtica."),
        )
    return QrVerification(
        "valid", fields, signer,
        f"Constancia auténtica: folio {fields.folio}, emitida a {fields.worker_name}.",
    )

"""Validation of the identifiers people type, scan and import: matrícula, CURP and the
credential number of external participants."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import exceptions as stdnum_exceptions
from stdnum.mx import curp as stdnum_curp
from stdnum.mx import rfc as stdnum_rfc

_MATRICULA = re.compile(r"^[0-9]{5,12}$")
_CREDENTIAL = re.compile(r"^[0-9A-Z][0-9A-Z./ -]{0,29}$")
_BADGE_SEPARATORS = re.compile(r"[\s\-./]")


@dataclass(frozen=True)
class InvalidIdentifier(ValueError):
    """An identifier that cannot be accepted, with a reason a person can act on."""

    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.field} «{self.value}»: {self.reason}"


def normalize_matricula(raw: object) -> str:
    """Return the matrícula as stored: digits only, no spaces or separators.

    Spreadsheets turn matrículas into numbers (``99123456.0``) and people
    type them with spaces or dashes; all of those mean the same worker.
    """
    text = "" if raw is None else str(raw).strip()
    if re.fullmatch(r"[0-9]+\.0+", text):
        text = text.split(".", 1)[0]
    return re.sub(r"[\s\-.]", "", text)


def validate_matricula(raw: object) -> str:
    """Return the normalized matrícula or raise :class:`InvalidIdentifier`."""
    value = normalize_matricula(raw)
    if not value:
        raise InvalidIdentifier("matrícula", "", "falta la matrícula")
    if not _MATRICULA.match(value):
        raise InvalidIdentifier(
            "matrícula", value, "debe tener de 5 a 12 dígitos, sin letras"
        )
    return value


def normalize_curp(raw: object) -> str:
    return "" if raw is None else re.sub(r"\s", "", str(raw)).upper()


def validate_curp(raw: object) -> str:
    """Return the CURP in upper case or raise :class:`InvalidIdentifier`.

    Uses python-stdnum, which checks length, structure, birth date, state and
    the check digit.
    """
    value = normalize_curp(raw)
    try:
        return stdnum_curp.validate(value)
    except stdnum_exceptions.InvalidLength:
        reason = f"debe tener 18 caracteres (tiene {len(value)})"
    except stdnum_exceptions.InvalidChecksum:
        reason = "el dígito verificador no corresponde"
    except stdnum_exceptions.InvalidComponent:
        reason = "la fecha de nacimiento, el sexo o el estado no son válidos"
    except stdnum_exceptions.ValidationError:
        reason = "el formato no es el de una CURP"
    raise InvalidIdentifier("CURP", value, reason)


def validate_credential_number(raw: object) -> str:
    """Return an external participant's credential number, cleaned and in upper case, or raise.

    Institutions number their credentials their own way (``"SPF-004512"``,
    ``"A 1234"``): letters, digits, spaces, dashes, dots and slashes, up to 30
    characters, starting with a letter or digit. Empty is allowed (``""``).
    """
    value = " ".join(("" if raw is None else str(raw)).split()).upper()
    if value and not _CREDENTIAL.match(value):
        raise InvalidIdentifier(
            "número de credencial", value,
            "solo letras, dígitos, espacios, guiones, puntos y diagonales, hasta 30 caracteres",
        )
    return value


def badge_key(raw: object) -> str:
    """What a scanned or typed badge text is compared by: upper case, no spaces or separators.

    ``"spf-004 512"`` and ``"SPF004512"`` are the same credential; a CURP and a
    matrícula are unchanged by it.
    """
    return _BADGE_SEPARATORS.sub("", "" if raw is None else str(raw)).upper()


def validate_rfc(raw: object) -> str:
    """Return an employer's RFC (12 characters for a company, 13 for a person) or raise.

    Uses python-stdnum: structure, date and, where present, the check digit.
    """
    value = normalize_curp(raw).replace("-", "")
    try:
        return stdnum_rfc.validate(value, validate_check_digits=True)
    except stdnum_exceptions.InvalidLength:
        reason = f"debe tener 12 o 13 caracteres (tiene {len(value)})"
    except stdnum_exceptions.InvalidChecksum:
        reason = "el dígito verificador no corresponde"
    except stdnum_exceptions.InvalidComponent:
        reason = "la fecha de constitución o nacimiento no es válida"
    except stdnum_exceptions.ValidationError:
        reason = "el formato no es el de un RFC"
    raise InvalidIdentifier("RFC", value, reason)


def curp_check_digit(first17: str) -> str:
    """The check digit of a CURP's first 17 characters (for demo data and tests)."""
    return stdnum_curp.calc_check_digit(first17.upper())


def mask_curp(curp: str) -> str:
    """A CURP with its personal middle hidden, for printed and public documents."""
    if len(curp) != 18:
        return curp
    return curp[:4] + "******" + curp[10:11] + "*****" + curp[16:]

"""Interpreting single cells of a staff list: full names and shifts.

Splitting a full name
---------------------
Mexican staff lists written by payroll systems put the full name in one
column as ``PATERNO MATERNO NOMBRE(S)``. The rule, kept simple on purpose:

1. If the text has a comma, what comes before it are the surnames and what
   comes after it the given names: ``"PÉREZ LÓPEZ, JUAN CARLOS"``.
2. If it has exactly two slashes or dollar signs (payroll exports), the three
   parts are paternal, maternal, given: ``"PÉREZ/LÓPEZ/JUAN CARLOS"``.
3. Otherwise words are grouped: a particle (``de``, ``del``, ``la``, ``las``,
   ``los``, ``san``, ``santa``, ``van``, ``von``) sticks to the word after it,
   so ``"DE LA CRUZ"`` is one surname. The first group is the paternal
   surname, the second the maternal surname, and **all the remaining words**
   are the given names, so compound given names (``"MARÍA DE LOS ÁNGELES"``)
   stay whole. With only two groups there is no maternal surname.

Known ambiguity: without a comma, a person with one surname and a compound
given name (``"PÉREZ JUAN CARLOS"``) reads as paternal ``PÉREZ``, maternal
``JUAN``, given ``CARLOS``. Files with separate columns, a comma or slashes
avoid it; the rule cannot.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from typing import NamedTuple

from stdnum.mx import curp as stdnum_curp

from app.domain.identifiers import validate_curp
from app.domain.text import clean_name, search_key

PARTICLES = frozenset({"de", "del", "la", "las", "los", "san", "santa", "van", "von"})
"""Words that belong to the surname word after them."""

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")

_SHIFTS = {
    "matutino": ("m", "mat", "matut", "matutino", "tm", "turnomatutino"),
    "vespertino": ("v", "vesp", "vespertino", "tv", "turnovespertino"),
    "nocturno": ("n", "noc", "noct", "nocturno", "tn", "turnonocturno"),
    "jornada acumulada": ("ja", "jornadaacumulada", "jac", "acumulada"),
}
_SHIFT_BY_KEY = {key: shift for shift, keys in _SHIFTS.items() for key in keys}


class SplitName(NamedTuple):
    """A full name split into its parts; ``maternal`` may be ``""``."""

    paternal: str
    maternal: str
    given: str


def split_full_name(raw: str) -> SplitName | None:
    """Split ``PATERNO MATERNO NOMBRE(S)`` as described in this module's docstring.

    Returns:
        The parts, cleaned; ``None`` when the text cannot hold both a surname
        and a given name (a single word, or nothing after the comma).
    """
    text = clean_name(raw)
    for separator in ("/", "$"):
        parts = [clean_name(p) for p in text.split(separator)]
        if len(parts) == 3 and parts[0] and parts[2]:
            return SplitName(parts[0], parts[1], parts[2])
    if "," in text:
        surnames_text, given = (clean_name(p) for p in text.split(",", 1))
        surnames = _surname_groups(surnames_text.split())
        if not surnames or not given:
            return None
        return SplitName(surnames[0], " ".join(surnames[1:]), given)
    words = text.split()
    groups: list[str] = []
    position = 0
    while len(groups) < 2 and position < len(words):
        start = position
        while position < len(words) - 1 and words[position].casefold() in PARTICLES:
            position += 1
        position += 1
        groups.append(" ".join(words[start:position]))
    given = " ".join(words[position:])
    if not given:
        if len(groups) < 2:
            return None
        # Two groups and nothing left: surname + given name, no maternal surname.
        return SplitName(groups[0], "", groups[1])
    return SplitName(groups[0], groups[1] if len(groups) > 1 else "", given)


def _surname_groups(words: list[str]) -> list[str]:
    groups: list[str] = []
    current: list[str] = []
    for word in words:
        current.append(word)
        if word.casefold() not in PARTICLES:
            groups.append(" ".join(current))
            current = []
    if current:
        groups.append(" ".join(current))
    return groups


def normalize_shift(raw: object) -> str:
    """The shift in lower case, with the usual abbreviations spelled out.

    ``"Matutino"``, ``"M"``, ``"MAT"`` → ``"matutino"``; ``"V"``, ``"VESP"`` →
    ``"vespertino"``; ``"N"``, ``"NOC"`` → ``"nocturno"``; ``"JA"``,
    ``"Jornada acumulada"`` → ``"jornada acumulada"``; anything else is
    cleaned and lower-cased (``"Mixto"`` → ``"mixto"``); empty stays ``""``.
    """
    text = clean_name(raw)
    if not text:
        return ""
    known = _SHIFT_BY_KEY.get(_NOT_ALNUM.sub("", search_key(text)))
    return known or text.lower()


# ------------------------------------------------------------------ CURP, 20,000 times per file

# python-stdnum's own tables, so the fast path accepts exactly what it accepts.
_CURP_BLACKLIST = frozenset(stdnum_curp._name_blacklist)
_CURP_STATES = frozenset(stdnum_curp._valid_states)
_CURP_WEIGHT = {c: i for i, c in enumerate(stdnum_curp._alphabet)}
_CURP_POSITION_WEIGHTS = range(18, 1, -1)  # the first character weighs 18, the 17th 2
# stdnum's shape, with the month (01-12), the day (01-31), the sex (H, M) and the state (its table) in it.
_CURP_PLAIN = re.compile("[A-Z]{4}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[HM](?:"
                         + "|".join(sorted(_CURP_STATES)) + ")[A-Z]{3}[0-9A-Z][0-9]")
_CURP_CHECK_DIGIT = tuple(str((10 - remainder) % 10) for remainder in range(10))  # by the weighted sum % 10
_NOT_CURP_SPACE = re.compile(r"\s")


def _curp_is_plainly_valid(value: str) -> bool:
    """The checks of ``stdnum.mx.curp.validate`` on an upper-case CURP of plain ASCII letters and digits.

    Only says ``True`` for a CURP stdnum accepts unchanged; anything else (bad
    shape, date, sex, state, check digit, stray characters) is left to
    :func:`validate_curp`, which gives the reason.
    """
    if _CURP_PLAIN.fullmatch(value) is None or value[:4] in _CURP_BLACKLIST:
        return False
    if value[8:10] > "28":  # the 29th to the 31st exist in some months (and years) only
        try:
            dt.date((1900 if value[16].isdigit() else 2000) + int(value[4:6]), int(value[6:8]), int(value[8:10]))
        except ValueError:
            return False
    check = sum(map(operator.mul, map(_CURP_WEIGHT.__getitem__, value[:17]), _CURP_POSITION_WEIGHTS))
    return value[17] == _CURP_CHECK_DIGIT[check % 10]


def read_curp(raw: str) -> str:
    """:func:`app.domain.identifiers.validate_curp` (same result, same error), fast for the usual valid CURP."""
    if _curp_is_plainly_valid(raw):  # as written: nothing to take out or raise
        return raw
    value = _NOT_CURP_SPACE.sub("", raw).upper()
    if value != raw and _curp_is_plainly_valid(value):
        return value
    return validate_curp(raw)

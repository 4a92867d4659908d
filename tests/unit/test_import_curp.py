"""The importer's fast CURP check agrees with validate_curp on every value: same CURP, same error."""

from __future__ import annotations

import random

import pytest

from app.domain.identifiers import InvalidIdentifier, validate_curp
from app.importing.values import read_curp
from app.services.demo import make_staff

_CHARACTERS = "ABCDEFGHIJKLMNÑOPQRSTUVWXYZ0123456789 -–_&ñáé\t"


def _outcome(check, raw: str) -> tuple[str, str]:
    try:
        return "ok", check(raw)
    except InvalidIdentifier as error:
        return error.value, error.reason


def _variants(rng: random.Random, curp: str) -> list[str]:
    """The CURP as written, and spoiled the ways people and spreadsheets spoil it."""
    spoiled = [curp, curp.lower(), f" {curp[:9]} {curp[9:]} ", curp[:17], curp + "0", curp[:10] + "-" + curp[10:],
               "PUTO" + curp[4:], curp[:4] + "990230" + curp[10:], curp[:4] + "001301" + curp[10:],
               curp[:10] + "X" + curp[11:], curp[:11] + "XX" + curp[13:], curp[:16] + "Ñ" + curp[17:]]
    for _ in range(12):
        at = rng.randrange(18)
        spoiled.append(curp[:at] + rng.choice(_CHARACTERS) + curp[at + 1:])
    return spoiled


def test_the_fast_curp_check_accepts_and_refuses_exactly_what_validate_curp_does():
    rng = random.Random(5)
    values = [variant for record in make_staff(rng, 300) for variant in _variants(rng, record.curp)]
    outcomes = [(_outcome(read_curp, v), _outcome(validate_curp, v)) for v in values]
    assert all(fast == slow for fast, slow in outcomes)
    assert 300 <= sum(fast[0] == "ok" for fast, _ in outcomes) < len(values)  # both kinds were tried


@pytest.mark.parametrize("raw", ["", "   ", "BOXW310820HNERXN09", "boxw310820hnerxn09", "BOXW310230HNERXN09"])
def test_the_fast_curp_check_on_edge_values(raw):
    assert _outcome(read_curp, raw) == _outcome(validate_curp, raw)

"""The importer's search key, built from each name's cached key, is the one roster_sort_key gives."""

from __future__ import annotations

import random

from app.domain.text import roster_sort_key
from app.services.demo import make_staff
from app.services.worker_rows import roster_key

# Accents composed and decomposed, ñ, ß and ligatures, odd spaces, lone combining marks, other scripts.
_PIECES = ["José", "Jose\u0301", "NÚÑEZ", "de la", "Ávila", "ß", "ﬁ", "Œ", "\u00a0", "\u2003", "\u0301",
           "\u0327a", " ", "  ", "", "O'Brien", "Zoë", "İ", "Σ", "ǅ", "ｆｕｌｌ", "\t", "-", "Ø"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_PIECES) for _ in range(rng.randrange(0, 4)))


def test_the_import_search_key_is_the_roster_sort_key_of_the_same_names():
    rng = random.Random(9)
    names = [(r.given_names, r.paternal_surname, r.maternal_surname) for r in make_staff(rng, 200)]
    names += [(_name(rng), _name(rng), rng.choice([_name(rng), None])) for _ in range(3000)]
    assert [roster_key(*n) for n in names] == [roster_sort_key(*n) for n in names]

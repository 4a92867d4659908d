"""Text helpers for names: search keys, display forms, Spanish dates."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_SPACES = re.compile(r"\s+")

MONTHS_ES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)
WEEKDAYS_ES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def search_key(*parts: str | None) -> str:
    """An accent- and case-insensitive key: ``"José  Núñez"`` → ``"jose nunez"``."""
    text = " ".join(p for p in parts if p)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def clean_name(raw: object) -> str:
    """A name as people expect to see it: trimmed, single spaces, NFC-composed."""
    text = "" if raw is None else str(raw)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def full_name(given: str, paternal: str, maternal: str | None) -> str:
    """``Nombre(s) Apellido paterno Apellido materno`` as printed on a constancia."""
    return " ".join(p for p in (given, paternal, maternal) if p)


def sortable_name(given: str, paternal: str, maternal: str | None) -> str:
    """``Apellido paterno Apellido materno Nombre(s)``, the order of a roster."""
    return " ".join(p for p in (paternal, maternal, given) if p)


def date_es(day: dt.date) -> str:
    """``24 de noviembre de 2026``."""
    return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"


def date_range_es(days: list[dt.date]) -> str:
    """Dates of a course in Mexican Spanish: ``24 y 25 de noviembre de 2026``.

    Consecutive or not, days in one month are listed before the month once;
    across months or years each part names its own month.
    """
    days = sorted(set(days))
    if not days:
        return ""
    if len(days) == 1:
        return date_es(days[0])
    if all(d.year == days[0].year and d.month == days[0].month for d in days):
        numbers = [str(d.day) for d in days]
        listed = ", ".join(numbers[:-1]) + " y " + numbers[-1]
        return f"{listed} de {MONTHS_ES[days[0].month - 1]} de {days[0].year}"
    if all(d.year == days[0].year for d in days):
        parts = [f"{d.day} de {MONTHS_ES[d.month - 1]}" for d in days]
        return ", ".join(parts[:-1]) + " y " + parts[-1] + f" de {days[0].year}"
    parts = [date_es(d) for d in days]
    return ", ".join(parts[:-1]) + " y " + parts[-1]


def roster_sort_key(given: str, paternal: str, maternal: str | None) -> str:
    """The order of every roster and list: by surnames, accents ignored (Ávila before Bravo)."""
    return search_key(sortable_name(given, paternal, maternal))

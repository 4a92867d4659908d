"""Reading the memory dump of a batch-mode badge scanner or a clock-in log (pure: text in, scans out).

One scan per line: a matrícula and a date-time, separated by a comma, a
semicolon or a tab; the date and the time may also stand in two columns.
Accepted date-times: ``2026-11-30 07:52:10``, ``2026-11-30T07:52:10`` and
``30/11/2026 07:52``, each with or without seconds. An optional header line
(the first non-blank line when it holds neither a matrícula nor a date-time)
is skipped; blank lines are ignored; a byte-order mark and Windows line ends
are handled by the decoding. Every other line that cannot be used is kept
with its 1-based line number and a Spanish reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from app.domain.identifiers import InvalidIdentifier, validate_matricula

_SEPARATORS = re.compile(r"[\t;,]")
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
                     "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
_EXAMPLES = "use 2026-11-30 07:52:10 o 30/11/2026 07:52"


@dataclass(frozen=True)
class Scan:
    """A usable line: who scanned and when (to the second)."""

    line: int
    matricula: str
    at: dt.datetime
    text: str


@dataclass(frozen=True)
class LineProblem:
    """A line that cannot be used, and why (Spanish)."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ScanFile:
    scans: list[Scan]
    problems: list[LineProblem]
    header: bool


def parse_datetime(text: str) -> dt.datetime | None:
    """The moment ``text`` names in one of the accepted formats, or None."""
    cleaned = " ".join(text.split())
    for pattern in _DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
    return None


def _fields(line: str) -> list[str]:
    return [field.strip().strip('"').strip() for field in _SEPARATORS.split(line)]


def _moment(fields: list[str]) -> dt.datetime | None:
    """The date-time in the fields after the matrícula: one column, or a date and a time in two."""
    if len(fields) < 2:
        return None
    moment = parse_datetime(fields[1])
    if moment is None and len(fields) >= 3:
        moment = parse_datetime(f"{fields[1]} {fields[2]}")
    return moment


def _problem(number: int, line: str, fields: list[str]) -> LineProblem:
    text = line.strip()
    if len(fields) < 2 or not fields[1]:
        return LineProblem(number, text, "falta la fecha y hora (separe la matrícula y la fecha con coma, "
                                         "punto y coma o tabulador)")
    try:
        validate_matricula(fields[0])
    except InvalidIdentifier as exc:
        return LineProblem(number, text, f"«{fields[0]}» no es una matrícula: {exc.reason}")
    when = " ".join(fields[1:3]) if len(fields) >= 3 and fields[2] else fields[1]
    return LineProblem(number, text, f"fecha y hora «{when}» no válidas; {_EXAMPLES}")


def parse_scans(text: str) -> ScanFile:
    """Every line of ``text`` as a scan or as a problem, in the file's order."""
    scans: list[Scan] = []
    problems: list[LineProblem] = []
    header = False
    seen_content = False
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        fields = _fields(line)
        moment = _moment(fields)
        try:
            matricula = validate_matricula(fields[0])
        except InvalidIdentifier:
            matricula = None
        first, seen_content = not seen_content, True
        if matricula is not None and moment is not None:
            scans.append(Scan(number, matricula, moment.replace(microsecond=0), line.strip()))
        elif first and matricula is None and moment is None and len(fields) >= 2:
            header = True
        else:
            problems.append(_problem(number, line, fields))
    return ScanFile(scans, problems, header)

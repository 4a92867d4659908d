"""``aula import-scans``: attendance from a badge scanner's memory dump or a clock-in log.

Each scan goes to the group's session held on the scan's date (on a day with
two, the one whose schedule is nearest the scan's time) and is recorded
by :func:`app.services.attendance.scan` at the scan's own time, so it follows
exactly the rules of a live scan (check-in, check-out, a double read within
five minutes, lateness). Scans are applied in time order, whatever the order
of the file; each one is its own transaction, as at the scanner. A scan whose
moment the mark already spans (between its check-in and check-out) counts as
repeated, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import select

from app.domain.ids import attendance_id
from app.domain.text import date_es
from app.importing.limits import check_csv_size
from app.importing.model import ImportFileError
from app.importing.reader import decode_text
from app.importing.scans import LineProblem, Scan, parse_scans
from app.services import attendance
from app.services.attendance import ScanOutcome
from app.services.context import Context
from app.services.errors import ServiceError
from app.services.groups import require_open_group
from app.services.staff import find_by_badge
from app.storage.tables import Attendance, GroupSession


@dataclass
class ScanImportReport:
    """What an import did: outcomes counted, and every line left unused with its reason."""

    file_name: str
    group_code: str
    scans: int = 0
    outcomes: Counter = field(default_factory=Counter)
    problems: list[LineProblem] = field(default_factory=list)

    @property
    def recorded(self) -> int:
        return self.outcomes[ScanOutcome.CHECK_IN] + self.outcomes[ScanOutcome.CHECK_OUT]

    def lines(self) -> list[str]:
        summary = (f"{self.file_name} → grupo {self.group_code}: {self.scans} lecturas; "
                   f"{self.outcomes[ScanOutcome.CHECK_IN]} entradas, {self.outcomes[ScanOutcome.CHECK_OUT]} "
                   f"salidas, {self.outcomes[ScanOutcome.REPEATED]} repetidas; "
                   f"{len(self.problems)} líneas sin usar.")
        return [summary, *(f"  Línea {p.line}: {p.reason} — «{p.text}»" for p in self.problems)]


def _read_text(path: Path) -> str:
    try:
        check_csv_size(path, path.stat().st_size)
        data = path.read_bytes()
    except OSError as error:
        raise ImportFileError(path, f"no se pudo abrir ({error.strerror or error})") from None
    try:
        return decode_text(data)[0]
    except UnicodeError:
        raise ImportFileError(path, "no es un archivo de texto (contiene datos binarios)") from None


@dataclass(frozen=True)
class _Day:
    session_id: uuid.UUID
    start: dt.time
    end: dt.time


def _sessions_by_date(ctx: Context, group_id: uuid.UUID) -> tuple[str, dict[dt.date, list[_Day]]]:
    with ctx.db.read() as s:
        group = require_open_group(s, group_id)
        rows = s.exec(select(GroupSession).where(GroupSession.group_id == group_id,
                                                 GroupSession.deleted_at.is_(None))
                      .order_by(GroupSession.date, GroupSession.start_time)).all()
        days: dict[dt.date, list[_Day]] = {}
        for row in rows:
            days.setdefault(row.date, []).append(_Day(row.id, row.start_time, row.end_time))
        return group.code, days


def _session_for(days: list[_Day], at: dt.datetime) -> uuid.UUID:
    """Of the sessions held on the scan's day, the one whose schedule is nearest the scan (the earlier on a tie)."""
    def distance(day: _Day) -> dt.timedelta:
        start, end = dt.datetime.combine(at.date(), day.start), dt.datetime.combine(at.date(), day.end)
        return max(start - at, at - end, dt.timedelta(0))
    return min(days, key=distance).session_id


def _already_recorded(ctx: Context, session_id: uuid.UUID, scan: Scan) -> bool:
    """The mark already spans the scan's moment (the same file, or an overlapping one, imported again).

    A live scan always comes after the mark's times; a scan from a file may not.
    Re-applied, a scan between the check-in and the check-out would move the
    check-out back, so it is counted as repeated instead.
    """
    with ctx.db.read() as s:
        worker = find_by_badge(s, scan.matricula)
        row = None if worker is None else s.get(Attendance, attendance_id(session_id, worker.id))
        if row is None or row.deleted_at is not None or row.check_in is None:
            return False
        latest = row.check_out or row.check_in
        return row.check_in <= scan.at <= latest


def _refusal(scan: Scan, now: dt.datetime, days: dict[dt.date, list[_Day]], group_code: str) -> str | None:
    if scan.at > now:
        return f"la lectura ({scan.at:%d/%m/%Y %H:%M}) es posterior a la fecha y hora actuales del equipo"
    if scan.at.date() not in days:
        return f"el grupo {group_code} no tiene sesión el {date_es(scan.at.date())}"
    return None


def import_scans(ctx: Context, path: Path, group_id: uuid.UUID) -> ScanImportReport:
    """Record every usable scan of the file into the group's sessions; report what could not be used.

    Raises:
        ImportFileError: the file cannot be read (missing, too big, binary).
        GroupClosed, NotFound: the group is closed or gone (nothing recorded).
    """
    path = Path(path)
    parsed = parse_scans(_read_text(path))
    group_code, days = _sessions_by_date(ctx, group_id)
    report = ScanImportReport(path.name, group_code, scans=len(parsed.scans), problems=list(parsed.problems))
    now = ctx.clock()
    for scan in sorted(parsed.scans, key=lambda item: (item.at, item.line)):
        reason = _refusal(scan, now, days, group_code)
        if reason is None:
            session_id = _session_for(days[scan.at.date()], scan.at)
            if _already_recorded(ctx, session_id, scan):
                report.outcomes[ScanOutcome.REPEATED] += 1
                continue
            try:
                result = attendance.scan(ctx, session_id, scan.matricula, scan.at)
            except ServiceError as exc:
                reason = str(exc)
            else:
                report.outcomes[result.outcome] += 1
                continue
        report.problems.append(LineProblem(scan.line, scan.text, reason))
    report.problems.sort(key=lambda problem: problem.line)
    return report

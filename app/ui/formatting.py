"""How values read on screen: statuses, times, dates, counts (Mexican Spanish)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime

from app.domain.enums import AttendanceStatus, EnrollmentStatus
from app.ui import style

# One key per status, the first letter of its Spanish name (P presente, R retardo,
# S salió antes, F falta, J justificada); the same in English so muscle memory holds.
STATUS_KEYS: dict[AttendanceStatus, str] = {
    AttendanceStatus.PRESENT: "P",
    AttendanceStatus.LATE: "R",
    AttendanceStatus.LEFT_EARLY: "S",
    AttendanceStatus.ABSENT: "F",
    AttendanceStatus.EXCUSED: "J",
}

# A glyph beside each status so it never depends on colour alone.
STATUS_GLYPHS: dict[AttendanceStatus | None, str] = {
    AttendanceStatus.PRESENT: "✓",
    AttendanceStatus.LATE: "◷",
    AttendanceStatus.LEFT_EARLY: "↧",
    AttendanceStatus.ABSENT: "✗",
    AttendanceStatus.EXCUSED: "J",
    None: "·",
}



def status_text(status: AttendanceStatus | None) -> str:
    """The status name as the chip shows it."""
    names = {
        AttendanceStatus.PRESENT: QCoreApplication.translate("Formatting", "Present"),
        AttendanceStatus.LATE: QCoreApplication.translate("Formatting", "Late"),
        AttendanceStatus.LEFT_EARLY: QCoreApplication.translate("Formatting", "Left early"),
        AttendanceStatus.ABSENT: QCoreApplication.translate("Formatting", "Absent"),
        AttendanceStatus.EXCUSED: QCoreApplication.translate("Formatting", "Excused"),
        None: QCoreApplication.translate("Formatting", "Not recorded"),
    }
    return names[status]


def status_chip_text(status: AttendanceStatus | None) -> str:
    return f"{STATUS_GLYPHS[status]} {status_text(status)}"


def status_colors(status: AttendanceStatus | None) -> style.StatusColors:
    if status is AttendanceStatus.PRESENT:
        return style.GOOD
    if status in (AttendanceStatus.LATE, AttendanceStatus.LEFT_EARLY, AttendanceStatus.EXCUSED):
        return style.WARN
    if status is AttendanceStatus.ABSENT:
        return style.BAD
    return style.NEUTRAL


def enrollment_text(status: EnrollmentStatus) -> str:
    if status is EnrollmentStatus.WITHDRAWN:
        return QCoreApplication.translate("Formatting", "Withdrawn")
    return QCoreApplication.translate("Formatting", "Enrolled")


def time_text(moment: dt.datetime | dt.time | None) -> str:
    """``08:03`` or empty."""
    if moment is None:
        return ""
    value = moment.time() if isinstance(moment, dt.datetime) else moment
    return QLocale().toString(QTime(value.hour, value.minute, value.second), "HH:mm")


def date_text(day: dt.date | None, long: bool = False, short_day: bool = False) -> str:
    """``24/11/2026``; ``long``: ``martes 24 de noviembre de 2026``; ``short_day``: ``mar 24 nov``."""
    if day is None:
        return ""
    fmt = "ddd d MMM" if short_day else "dddd d 'de' MMMM 'de' yyyy" if long else "dd/MM/yyyy"
    if QLocale().language() != QLocale.Language.Spanish:
        fmt = "ddd MMM d" if short_day else "dddd, MMMM d, yyyy" if long else "MM/dd/yyyy"
    return QLocale().toString(QDate(day.year, day.month, day.day), fmt)


def date_range_text(first: dt.date | None, last: dt.date | None) -> str:
    """``24/11/2026 – 25/11/2026`` (or one date)."""
    if first is None:
        return QCoreApplication.translate("Formatting", "No dates")
    if last is None or last == first:
        return date_text(first)
    return f"{date_text(first)} – {date_text(last)}"


def number_text(value: int) -> str:
    """``20,000`` with the locale's grouping."""
    return QLocale().toString(value)

"""The completion rule (DESIGN §3) as a pure function.

A worker qualifies when every session is attended for its full scheduled time
(within the course's tolerance) and every required activity is marked as
participated. :func:`evaluate` returns the verdict and structured reasons;
:func:`describe` renders a reason in plain Spanish for screens and documents.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.enums import AttendanceStatus, EnrollmentStatus


@dataclass(frozen=True)
class CompletionRule:
    """What a course requires; stored on the course."""

    min_attendance_percent: int = 100
    tolerance_minutes_per_session: int = 10
    all_activities_required: bool = True

    def __post_init__(self) -> None:
        if not 0 <= self.min_attendance_percent <= 100:
            raise ValueError("min_attendance_percent must be between 0 and 100")
        if self.tolerance_minutes_per_session < 0:
            raise ValueError("tolerance_minutes_per_session cannot be negative")


@dataclass(frozen=True)
class SessionSchedule:
    session_id: uuid.UUID
    index: int
    date: dt.date
    start: dt.time
    end: dt.time

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end)

    @property
    def scheduled_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


@dataclass(frozen=True)
class ActivitySpec:
    activity_id: uuid.UUID
    session_index: int
    name: str
    required: bool = True


@dataclass(frozen=True)
class AttendanceMark:
    status: AttendanceStatus
    check_in: dt.datetime | None = None
    check_out: dt.datetime | None = None


class ReasonCode(StrEnum):
    WITHDRAWN = "withdrawn"
    ABSENT = "absent"
    EXCUSED = "excused"
    NOT_RECORDED = "not_recorded"
    MINUTES_MISSING = "minutes_missing"
    LATE_NO_TIME = "late_no_time"
    LEFT_EARLY_NO_TIME = "left_early_no_time"
    NO_PARTICIPATION = "no_participation"


@dataclass(frozen=True)
class Reason:
    """Why a worker does not (yet) qualify; structured so every layer can render it."""

    code: ReasonCode
    session_index: int | None = None
    minutes: int | None = None
    activity_name: str | None = None


@dataclass(frozen=True)
class SessionOutcome:
    session_index: int
    scheduled_minutes: int
    missing_seconds: int
    within_tolerance: bool


@dataclass(frozen=True)
class Verdict:
    qualifies: bool
    reasons: tuple[Reason, ...] = ()
    attendance_percent: float = 0.0
    sessions: tuple[SessionOutcome, ...] = field(default_factory=tuple)


def timing(schedule: SessionSchedule, check_in: dt.datetime | None,
           check_out: dt.datetime | None) -> tuple[int, int]:
    """Seconds late and seconds left early against the schedule (never negative).

    A missing check-in counts as on time and a missing check-out as staying
    to the end: those are the marks of "todos presentes" and of a click.
    """
    late = 0 if check_in is None else max(0, int((check_in - schedule.starts_at).total_seconds()))
    early = 0 if check_out is None else max(0, int((schedule.ends_at - check_out).total_seconds()))
    total = schedule.scheduled_minutes * 60
    return min(late, total), min(early, total)


def classify(schedule: SessionSchedule, check_in: dt.datetime | None,
             check_out: dt.datetime | None, tolerance_minutes: int) -> AttendanceStatus:
    """The status a scan implies: late beyond tolerance, left early, or present."""
    late, early = timing(schedule, check_in, check_out)
    tolerance = tolerance_minutes * 60
    if late > tolerance:
        return AttendanceStatus.LATE
    if early > tolerance:
        return AttendanceStatus.LEFT_EARLY
    return AttendanceStatus.PRESENT


def attended_minutes(schedule: SessionSchedule, mark: AttendanceMark | None) -> int:
    """Minutes of the scheduled time the worker was in the room."""
    if mark is None or not mark.status.attended:
        return 0
    late, early = timing(schedule, mark.check_in, mark.check_out)
    seconds = max(0, schedule.scheduled_minutes * 60 - late - early)
    return seconds // 60


def _session_outcome(schedule: SessionSchedule, mark: AttendanceMark | None,
                     rule: CompletionRule) -> tuple[SessionOutcome, Reason | None]:
    total = schedule.scheduled_minutes * 60
    tolerance = rule.tolerance_minutes_per_session * 60

    def outcome(missing: int, reason: Reason | None) -> tuple[SessionOutcome, Reason | None]:
        ok = missing <= tolerance and reason is None
        return SessionOutcome(schedule.index, schedule.scheduled_minutes, missing, ok), (None if ok else reason)

    if mark is None:
        return outcome(total, Reason(ReasonCode.NOT_RECORDED, schedule.index))
    if mark.status is AttendanceStatus.ABSENT:
        return outcome(total, Reason(ReasonCode.ABSENT, schedule.index))
    if mark.status is AttendanceStatus.EXCUSED:
        return outcome(total, Reason(ReasonCode.EXCUSED, schedule.index))
    if mark.status is AttendanceStatus.LATE and mark.check_in is None:
        return outcome(total, Reason(ReasonCode.LATE_NO_TIME, schedule.index))
    if mark.status is AttendanceStatus.LEFT_EARLY and mark.check_out is None:
        return outcome(total, Reason(ReasonCode.LEFT_EARLY_NO_TIME, schedule.index))
    late, early = timing(schedule, mark.check_in, mark.check_out)
    missing = late + early
    minutes = math.ceil(missing / 60)
    return outcome(missing, Reason(ReasonCode.MINUTES_MISSING, schedule.index, minutes=minutes)
                   if missing > tolerance else None)


def evaluate(
    rule: CompletionRule,
    sessions: list[SessionSchedule],
    activities: list[ActivitySpec],
    attendance: dict[int, AttendanceMark],
    participated: set[uuid.UUID],
    enrollment_status: EnrollmentStatus = EnrollmentStatus.ENROLLED,
) -> Verdict:
    """Apply the completion rule to one enrolled worker.

    Args:
        rule: the course's rule.
        sessions: the group's sessions.
        activities: the group's activities.
        attendance: the worker's attendance marks keyed by session index.
        participated: ids of the activities the worker took part in.
        enrollment_status: a withdrawn worker never qualifies.

    Returns:
        The verdict with every reason it fails, in session order. A session
        missed by no more than the tolerance counts as fully attended; the
        attendance percentage is the share of scheduled time counted as
        attended and must reach ``rule.min_attendance_percent``.
    """
    reasons: list[Reason] = []
    if enrollment_status is EnrollmentStatus.WITHDRAWN:
        reasons.append(Reason(ReasonCode.WITHDRAWN))

    outcomes: list[SessionOutcome] = []
    session_reasons: list[Reason] = []
    for schedule in sorted(sessions, key=lambda s: s.index):
        result, reason = _session_outcome(schedule, attendance.get(schedule.index), rule)
        outcomes.append(result)
        if reason is not None:
            session_reasons.append(reason)

    total = sum(o.scheduled_minutes * 60 for o in outcomes)
    counted_missing = sum(0 if o.within_tolerance else o.missing_seconds for o in outcomes)
    percent = 100.0 if total == 0 else 100.0 * (total - counted_missing) / total
    if percent + 1e-9 < rule.min_attendance_percent:
        reasons.extend(session_reasons)

    # A session not attended at all already explains its activities' missing marks.
    missed = {r.session_index for r in session_reasons
              if r.code in (ReasonCode.ABSENT, ReasonCode.EXCUSED, ReasonCode.NOT_RECORDED)}
    for activity in sorted(activities, key=lambda a: a.session_index):  # stable: keeps their order
        required = rule.all_activities_required or activity.required
        if required and activity.activity_id not in participated and activity.session_index not in missed:
            reasons.append(Reason(ReasonCode.NO_PARTICIPATION, activity.session_index,
                                  activity_name=activity.name))

    return Verdict(not reasons, tuple(reasons), round(percent, 1), tuple(outcomes))


def describe(reason: Reason) -> str:
    """The reason in plain Mexican Spanish, as shown to instructors and printed."""
    session = f"Sesión {reason.session_index}" if reason.session_index is not None else ""
    match reason.code:
        case ReasonCode.WITHDRAWN:
            return "Dado de baja del grupo"
        case ReasonCode.ABSENT:
            return f"{session}: inasistencia"
        case ReasonCode.EXCUSED:
            return f"{session}: falta justificada (no cubre el horario)"
        case ReasonCode.NOT_RECORDED:
            return f"{session}: asistencia sin registrar"
        case ReasonCode.MINUTES_MISSING:
            return f"{session}: faltan {reason.minutes} min del horario"
        case ReasonCode.LATE_NO_TIME:
            return f"{session}: llegó tarde (sin hora de entrada registrada)"
        case ReasonCode.LEFT_EARLY_NO_TIME:
            return f"{session}: salió antes (sin hora de salida registrada)"
        case ReasonCode.NO_PARTICIPATION:
            return f"{session}: sin participación en «{reason.activity_name}»"
    raise AssertionError(reason.code)


def describe_all(verdict: Verdict) -> str:
    """``Acredita`` or the reasons in one line, separated by semicolons."""
    if verdict.qualifies:
        return "Acredita"
    return "; ".join(describe(r) for r in verdict.reasons)

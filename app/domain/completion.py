"""The completion rule (DESIGN §3) as a pure function.

A worker qualifies when every session is attended for its full scheduled time
(within the course's tolerance) and every required activity is marked as
participated. :func:`evaluate` returns the verdict and structured reasons;
:func:`describe` renders a reason in plain Spanish for screens and documents.

Mid-course, what has not happened yet (a session still to come or under way,
a pase de lista or an activity nobody has marked yet) is *pending*, not a
failure: only a definitive failure makes a worker "No acredita". The caller
passes the current time; the domain never reads the clock.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field, replace
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
    # Pending: not a failure, something that has not happened yet.
    SESSION_UPCOMING = "session_upcoming"
    SESSION_IN_PROGRESS = "session_in_progress"
    ATTENDANCE_NOT_TAKEN = "attendance_not_taken"
    ACTIVITY_NOT_MARKED = "activity_not_marked"


class Outcome(StrEnum):
    """The three answers of the rule: qualifies, not decided yet, or fails for good."""

    QUALIFIES = "qualifies"
    PENDING = "pending"
    FAILS = "fails"


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
    pending: bool = False


@dataclass(frozen=True)
class Verdict:
    """The rule's answer for one worker.

    Attributes:
        qualifies: everything is done and the rule is met.
        reasons: the definitive failures (empty unless the worker fails).
        attendance_percent: the share of scheduled time counted as attended,
            counting what is still pending as fully attended (the best case).
        sessions: the outcome of each session.
        pending: what has not happened yet (empty once the course is over).
    """

    qualifies: bool
    reasons: tuple[Reason, ...] = ()
    attendance_percent: float = 0.0
    sessions: tuple[SessionOutcome, ...] = field(default_factory=tuple)
    pending: tuple[Reason, ...] = ()

    @property
    def outcome(self) -> Outcome:
        if self.qualifies:
            return Outcome.QUALIFIES
        return Outcome.FAILS if self.reasons or not self.pending else Outcome.PENDING

    @property
    def is_pending(self) -> bool:
        return self.outcome is Outcome.PENDING


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


def _pending_reason(schedule: SessionSchedule, now: dt.datetime | None,
                    recorded_sessions: Collection[int] | None) -> Reason | None:
    """Why the session cannot be judged yet, or None when it can."""
    if now is None:
        return None
    if now < schedule.starts_at:
        return Reason(ReasonCode.SESSION_UPCOMING, schedule.index)
    if now < schedule.ends_at:
        return Reason(ReasonCode.SESSION_IN_PROGRESS, schedule.index)
    if recorded_sessions is not None and schedule.index not in recorded_sessions:
        return Reason(ReasonCode.ATTENDANCE_NOT_TAKEN, schedule.index)
    return None


def _known_so_far(mark: AttendanceMark | None, now: dt.datetime | None) -> AttendanceMark | None:
    """Of a pending session's mark, only the times that already happened (a late arrival)."""
    if mark is None or not mark.status.attended:
        return None
    check_out = mark.check_out if mark.check_out is not None and now is not None and mark.check_out <= now \
        else None
    return AttendanceMark(AttendanceStatus.PRESENT, mark.check_in, check_out)


def evaluate(
    rule: CompletionRule,
    sessions: list[SessionSchedule],
    activities: list[ActivitySpec],
    attendance: dict[int, AttendanceMark],
    participated: set[uuid.UUID],
    enrollment_status: EnrollmentStatus = EnrollmentStatus.ENROLLED,
    *,
    now: dt.datetime | None = None,
    recorded_sessions: Collection[int] | None = None,
    marked_activities: Collection[uuid.UUID] | None = None,
) -> Verdict:
    """Apply the completion rule to one enrolled worker.

    Args:
        rule: the course's rule.
        sessions: the group's sessions.
        activities: the group's activities.
        attendance: the worker's attendance marks keyed by session index.
        participated: ids of the activities the worker took part in.
        enrollment_status: a withdrawn worker never qualifies.
        now: the venue's local time. A session that has not ended by then
            is pending (except a late arrival already recorded in it). None
            means the course is over (a closed group): nothing is pending.
        recorded_sessions: indexes of the sessions whose pase de lista has
            been taken (anyone has a mark); an ended session not among them
            is pending. None: every session counts as taken.
        marked_activities: ids of the activities anyone has been marked in;
            a missing participation in another one is pending. None: all.

    Returns:
        The verdict with every definitive reason it fails, in session order,
        and what is still pending. A session missed by no more than the
        tolerance counts as fully attended; the attendance percentage is the
        share of scheduled time counted as attended and must reach
        ``rule.min_attendance_percent``.
    """
    reasons: list[Reason] = []
    pending: list[Reason] = []
    if enrollment_status is EnrollmentStatus.WITHDRAWN:
        reasons.append(Reason(ReasonCode.WITHDRAWN))

    outcomes: list[SessionOutcome] = []
    session_reasons: list[Reason] = []
    for schedule in sorted(sessions, key=lambda s: s.index):
        mark = attendance.get(schedule.index)
        waiting = _pending_reason(schedule, now, recorded_sessions)
        if waiting is None:
            result, reason = _session_outcome(schedule, mark, rule)
        else:
            pending.append(waiting)
            known = _known_so_far(mark, now)
            if known is None:
                result, reason = SessionOutcome(schedule.index, schedule.scheduled_minutes, 0, True), None
            else:
                result, reason = _session_outcome(schedule, known, rule)
            result = replace(result, pending=True)
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
    # A pending session's reason covers its activities too.
    missed |= {r.session_index for r in pending}
    for activity in sorted(activities, key=lambda a: a.session_index):  # stable: keeps their order
        required = rule.all_activities_required or activity.required
        if not required or activity.activity_id in participated or activity.session_index in missed:
            continue
        if now is not None and marked_activities is not None and activity.activity_id not in marked_activities:
            pending.append(Reason(ReasonCode.ACTIVITY_NOT_MARKED, activity.session_index,
                                  activity_name=activity.name))
        else:
            reasons.append(Reason(ReasonCode.NO_PARTICIPATION, activity.session_index,
                                  activity_name=activity.name))

    pending.sort(key=lambda r: r.session_index or 0)  # stable: sessions before their activities
    return Verdict(not reasons and not pending, tuple(reasons), round(percent, 1), tuple(outcomes),
                   tuple(pending))


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
        case ReasonCode.SESSION_UPCOMING:
            return f"{session}: por realizarse"
        case ReasonCode.SESSION_IN_PROGRESS:
            return f"{session}: en curso"
        case ReasonCode.ATTENDANCE_NOT_TAKEN:
            return f"{session}: pase de lista sin registrar"
        case ReasonCode.ACTIVITY_NOT_MARKED:
            return f"{session}: participación en «{reason.activity_name}» sin registrar"
    raise AssertionError(reason.code)


def describe_all(verdict: Verdict) -> str:
    """``Acredita``, the definitive reasons, or what is still pending, in one line."""
    if verdict.qualifies:
        return "Acredita"
    return "; ".join(describe(r) for r in verdict.reasons or verdict.pending)

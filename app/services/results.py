"""Results: the completion rule applied to every participant of a group."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlmodel import select

from app.domain.completion import ActivitySpec, AttendanceMark, Outcome, Verdict, describe_all, evaluate
from app.domain.enums import EnrollmentStatus, GroupStatus
from app.domain.text import full_name, roster_sort_key
from app.services.context import Context
from app.services.groups import GroupDetail, GroupSummary, Phase, get_group
from app.storage.tables import Attendance, Enrollment, Participation, Worker


@dataclass(frozen=True)
class ParticipantResult:
    number: int
    worker_id: uuid.UUID
    enrollment_id: uuid.UUID
    matricula: str | None
    name: str
    category: str
    status: EnrollmentStatus
    verdict: Verdict
    institution: str = ""  # an external participant's (who has no matrícula)

    @property
    def qualifies(self) -> bool:
        return self.verdict.qualifies

    @property
    def outcome(self) -> Outcome:
        return self.verdict.outcome

    @property
    def is_pending(self) -> bool:
        return self.verdict.is_pending

    @property
    def reasons_text(self) -> str:
        """``Acredita``, the reasons or what is pending, in one line of plain Spanish."""
        return describe_all(self.verdict)


@dataclass(frozen=True)
class GroupResults:
    group: GroupDetail
    participants: tuple[ParticipantResult, ...]

    @property
    def qualified(self) -> int:
        return sum(1 for p in self.participants if p.qualifies)

    @property
    def pending(self) -> int:
        """Enrolled participants whose result depends on what has not happened yet."""
        return sum(1 for p in self.participants if p.is_pending)

    @property
    def enrolled(self) -> int:
        return sum(1 for p in self.participants if p.status is EnrollmentStatus.ENROLLED)


def evaluate_group(ctx: Context, group_id: uuid.UUID) -> GroupResults:
    """The verdict and reasons for every participant, withdrawn ones included.

    While the group is open, what has not happened by ``ctx.clock()`` is
    pending; a closed group has nothing pending.
    """
    group = get_group(ctx, group_id)
    schedules = [s.schedule for s in group.sessions]
    index_of = {s.id: s.index for s in group.sessions}
    specs = [ActivitySpec(a.id, a.session_index, a.name, a.required) for a in group.activities]
    # Plain column tuples, not ORM objects: a 1,000-person group has ~12,000 marks.
    with ctx.db.read() as s:
        enrolled = s.exec(select(Enrollment.id.label("enrollment_id"), Enrollment.status,
                                 Worker.id.label("worker_id"), Worker.matricula,
                                 Worker.given_names, Worker.paternal_surname, Worker.maternal_surname,
                                 Worker.category, Worker.external_institution)
                          .join(Worker, Worker.id == Enrollment.worker_id)
                          .where(Enrollment.group_id == group_id, Enrollment.deleted_at.is_(None),
                                 Worker.deleted_at.is_(None))).all()
        marks: dict[uuid.UUID, dict[int, AttendanceMark]] = {}
        for worker_id, session_id, status, check_in, check_out in s.exec(
                select(Attendance.worker_id, Attendance.session_id, Attendance.status, Attendance.check_in,
                       Attendance.check_out)
                .where(Attendance.group_id == group_id, Attendance.deleted_at.is_(None))).all():
            if session_id not in index_of:
                continue  # a mark of a session deleted through sync
            marks.setdefault(worker_id, {})[index_of[session_id]] = AttendanceMark(status, check_in, check_out)
        took_part: dict[uuid.UUID, set[uuid.UUID]] = {}
        marked_activities: set[uuid.UUID] = set()
        for worker_id, activity_id, participated in s.exec(
                select(Participation.worker_id, Participation.activity_id, Participation.participated)
                .where(Participation.group_id == group_id, Participation.deleted_at.is_(None))).all():
            marked_activities.add(activity_id)
            if participated:
                took_part.setdefault(worker_id, set()).add(activity_id)
    recorded_sessions = {index for by_session in marks.values() for index in by_session}
    closed = group.summary.status is GroupStatus.CLOSED
    now = None if closed else ctx.clock()
    ordered = sorted(enrolled, key=lambda r: roster_sort_key(r.given_names, r.paternal_surname,
                                                             r.maternal_surname))
    results = tuple(
        ParticipantResult(n, r.worker_id, r.enrollment_id, r.matricula,
                          full_name(r.given_names, r.paternal_surname, r.maternal_surname),
                          r.category, r.status,
                          evaluate(group.course.rule, schedules, specs, marks.get(r.worker_id, {}),
                                   took_part.get(r.worker_id, set()), r.status, now=now,
                                   recorded_sessions=recorded_sessions, marked_activities=marked_activities),
                          r.external_institution)
        for n, r in enumerate(ordered, start=1))
    return GroupResults(group, results)


def with_qualified(ctx: Context, summaries: list[GroupSummary]) -> list[GroupSummary]:
    """The summaries with ``qualified`` and ``pending`` counted, for groups that have started
    and have a roster."""
    def counted(summary: GroupSummary) -> GroupSummary:
        outcome = evaluate_group(ctx, summary.id)
        return replace(summary, qualified=outcome.qualified, pending=outcome.pending)

    return [counted(g) if g.phase is not Phase.UPCOMING and g.enrolled else g for g in summaries]

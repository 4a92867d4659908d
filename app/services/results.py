"""Results: the completion rule applied to every participant of a group."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlmodel import select

from app.domain.completion import AttendanceMark, ActivitySpec, Verdict, describe_all, evaluate
from app.domain.enums import EnrollmentStatus
from app.domain.text import full_name, roster_sort_key
from app.services.context import Context
from app.services.groups import GroupDetail, GroupSummary, Phase, get_group
from app.storage.tables import Attendance, Enrollment, Participation, Worker


@dataclass(frozen=True)
class ParticipantResult:
    number: int
    worker_id: uuid.UUID
    enrollment_id: uuid.UUID
    matricula: str
    name: str
    category: str
    status: EnrollmentStatus
    verdict: Verdict

    @property
    def qualifies(self) -> bool:
        return self.verdict.qualifies

    @property
    def reasons_text(self) -> str:
        """``Acredita`` or the reasons in one line of plain Spanish."""
        return describe_all(self.verdict)


@dataclass(frozen=True)
class GroupResults:
    group: GroupDetail
    participants: tuple[ParticipantResult, ...]

    @property
    def qualified(self) -> int:
        return sum(1 for p in self.participants if p.qualifies)

    @property
    def enrolled(self) -> int:
        return sum(1 for p in self.participants if p.status is EnrollmentStatus.ENROLLED)


def evaluate_group(ctx: Context, group_id: uuid.UUID) -> GroupResults:
    """The verdict and reasons for every participant, withdrawn ones included."""
    group = get_group(ctx, group_id)
    schedules = [s.schedule for s in group.sessions]
    index_of = {s.id: s.index for s in group.sessions}
    specs = [ActivitySpec(a.id, a.session_index, a.name, a.required) for a in group.activities]
    with ctx.db.read() as s:
        enrolled = s.exec(select(Enrollment, Worker).join(Worker, Worker.id == Enrollment.worker_id)
                          .where(Enrollment.group_id == group_id, Enrollment.deleted_at.is_(None))).all()
        marks: dict[uuid.UUID, dict[int, AttendanceMark]] = {}
        for a in s.exec(select(Attendance).where(Attendance.group_id == group_id,
                                                 Attendance.deleted_at.is_(None))).all():
            marks.setdefault(a.worker_id, {})[index_of[a.session_id]] = AttendanceMark(
                a.status, a.check_in, a.check_out)
        took_part: dict[uuid.UUID, set[uuid.UUID]] = {}
        for p in s.exec(select(Participation).where(Participation.group_id == group_id,
                                                    Participation.participated,
                                                    Participation.deleted_at.is_(None))).all():
            took_part.setdefault(p.worker_id, set()).add(p.activity_id)
    ordered = sorted(enrolled, key=lambda r: roster_sort_key(r[1].given_names, r[1].paternal_surname,
                                                             r[1].maternal_surname))
    results = tuple(
        ParticipantResult(n, w.id, e.id, w.matricula, full_name(w.given_names, w.paternal_surname,
                                                                w.maternal_surname),
                          w.category, e.status,
                          evaluate(group.course.rule, schedules, specs, marks.get(w.id, {}),
                                   took_part.get(w.id, set()), e.status))
        for n, (e, w) in enumerate(ordered, start=1))
    return GroupResults(group, results)


def with_qualified(ctx: Context, summaries: list[GroupSummary]) -> list[GroupSummary]:
    """The summaries with ``qualified`` counted, for groups that have started and have a roster."""
    return [replace(g, qualified=evaluate_group(ctx, g.id).qualified)
            if g.phase is not Phase.UPCOMING and g.enrolled else g
            for g in summaries]

"""Builders shared by the GUI tests (fixtures live in conftest.py)."""

from __future__ import annotations

from app.domain.enums import AttendanceStatus
from app.services import attendance, groups, participation


def complete_everyone_but_one(ctx, group):
    """Everyone attends both sessions and takes part, except that the last misses session 2.

    Returns:
        The id of the worker who missed session 2 (last in roster order).
    """
    detail = groups.get_group(ctx, group.id)
    roster_ids = [r.worker_id for r in attendance.session_attendance(ctx, detail.sessions[0].id)]
    for session in detail.sessions:
        for worker_id in roster_ids:
            status = AttendanceStatus.ABSENT if (session.index == 2 and worker_id == roster_ids[-1]) \
                else AttendanceStatus.PRESENT
            attendance.record_attendance(ctx, session.id, worker_id, status)
        for activity in session.activities:
            participation.mark_everyone(ctx, activity.id)
    return roster_ids[-1]


def finish_course(ctx, group):
    """Everyone but one completes the course, and the clock moves past its last session.

    Before the last session ends the results are still "pendiente" and nobody
    can receive a constancia. Returns the id of the one who missed session 2.
    """
    missing = complete_everyone_but_one(ctx, group)
    last = groups.get_group(ctx, group.id).sessions[-1]
    ctx.clock.set(f"{last.end.hour + 1:02d}:00", last.date)
    return missing

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

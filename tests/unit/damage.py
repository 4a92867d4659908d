"""Three ways a database file gets damaged on a real disk, and a database with marks to damage.

``truncated``: a copy or a sync cut short; ``header_zeroed``: the first
sector lost; ``page_overwritten``: one page in the middle filled with
garbage (a bad block).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from app.services import attendance, roster
from app.services.context import Context
from tests.unit.service_helpers import add_people, make_group

PAGE = 4096


def truncated(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size // 2 + 123)


def header_zeroed(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.write(b"\0" * 100)


def page_overwritten(path: Path) -> None:
    noise = random.Random(9).randbytes(PAGE)
    with open(path, "r+b") as handle:
        handle.seek(PAGE * 5)
        handle.write(noise)
        handle.flush()
        os.fsync(handle.fileno())


DAMAGE = {"truncated": truncated, "header_zeroed": header_zeroed, "page_overwritten": page_overwritten}


def marks_of(ctx: Context, session_id) -> dict[str, str]:
    """Matrícula → status of one session's pase de lista."""
    return {row.matricula: row.status.value for row in attendance.session_attendance(ctx, session_id)
            if row.status is not None}


def database_with_marks(ctx: Context) -> tuple:
    """Three people scanned into session 1 of a group; returns (session id, their marks)."""
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    session_id = group.sessions[0].id
    for person in people:
        attendance.scan(ctx, session_id, person.matricula)
    return session_id, marks_of(ctx, session_id)

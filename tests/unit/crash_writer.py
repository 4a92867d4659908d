"""Child process of the crash test: records marks forever, reporting each committed one.

Usage: python crash_writer.py DB_PATH SESSION_ID WORKER_ID... [OFFSET]
Prints ``i`` on its own line after mark ``i`` is committed (check-in = 07:00 + OFFSET + i
seconds for worker ``i % len(workers)``; OFFSET, a plain number, defaults to 0, so a run
after a kill writes later check-ins than the one before).
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path

from app.domain.enums import AttendanceStatus
from app.services import attendance
from app.services.context import Context


def main() -> None:
    db_path, session_id, *workers = sys.argv[1:]
    offset = int(workers.pop()) if workers and workers[-1].isdigit() else 0
    ctx = Context.open(Path(db_path), actor="crash-test")
    session = uuid.UUID(session_id)
    worker_ids = [uuid.UUID(w) for w in workers]
    base = dt.datetime(2026, 11, 24, 7, 0) + dt.timedelta(seconds=offset)
    i = 0
    while True:
        attendance.record_attendance(ctx, session, worker_ids[i % len(worker_ids)], AttendanceStatus.PRESENT,
                                     check_in=base + dt.timedelta(seconds=i))
        sys.stdout.write(f"{i}\n")
        sys.stdout.flush()
        i += 1


if __name__ == "__main__":
    main()

"""SIGKILL drills: the app process killed at random moments while marking attendance and while issuing.

Marking: a child records check-ins forever and prints each one after its commit; it is killed
at a random moment; then every mark it reported must be in the database (the stored check-in
is that mark or a later one) and queued in the outbox for the server, and SQLite's
``integrity_check`` must say "ok". Issuing: a child issues a 40-person group's constancias and
prints each one done; after the kill, every constancia in the database must be whole (its PDF
hash, signature and snapshot present and verifying), the folios must run 1..N without a gap or
a repeat, and issuing again must complete the group.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from bench.report import Drill  # noqa: E402

WRITER = ROOT / "tests" / "unit" / "crash_writer.py"
BASE = dt.datetime(2026, 11, 24, 7, 0)


def _run_and_kill(command: list[str], rng: random.Random, warmup: int, window: float) -> list[int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    reported: list[int] = []

    def reader() -> None:
        for line in child.stdout:
            reported.append(int(line))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while len(reported) < warmup and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.005)
    time.sleep(rng.uniform(0.0, window))
    child.send_signal(signal.SIGKILL)
    child.wait()
    thread.join(timeout=5)
    child.stdout.close()
    return reported


def marks(kills: int) -> Drill:
    from service_helpers import add_people, make_group
    from sqlmodel import select

    from app.domain.ids import attendance_id
    from app.services import catalog, roster
    from app.services.context import Context
    from app.storage.tables import Attendance, Outbox

    rng = random.Random(20261129)
    acknowledged = found = lost = not_queued = bad_integrity = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AULA_HOME"] = tmp
        db_path = Path(tmp) / "aula.sqlite3"
        ctx = Context.open(db_path, actor="drill", new_database=True)
        catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
        catalog.ensure_default_courses(ctx)
        group = make_group(ctx)
        people = add_people(ctx)
        for person in people:
            roster.enroll(ctx, group.id, person.id)
        session = group.sessions[0]
        ctx.close()
        workers = [p.id for p in people]
        offset = 0
        for _ in range(kills):
            # each run starts its check-ins later than the last run's, so "this mark or a later one" holds
            reported = _run_and_kill([sys.executable, str(WRITER), str(db_path), str(session.id),
                                      *map(str, workers), str(offset)], rng, warmup=5, window=0.3)
            reopened = Context.open(db_path)
            try:
                if reopened.db.integrity_check() != "ok":
                    bad_integrity += 1
                with reopened.db.read() as s:
                    stored = {w: s.get(Attendance, attendance_id(session.id, w)) for w in workers}
                    queued = {json.loads(op.payload).get("check_in") for op in s.exec(
                        select(Outbox).where(Outbox.entity == "attendance")).all()}
            finally:
                reopened.close()
            for i in reported:
                acknowledged += 1
                moment = BASE + dt.timedelta(seconds=offset + i)
                row = stored[workers[i % len(workers)]]
                if row is None or row.check_in is None or row.check_in < moment:
                    lost += 1
                else:
                    found += 1
                if moment.isoformat() not in queued:
                    not_queued += 1
            offset += (max(reported) + 1) if reported else 0
    counts = {"SIGKILLs": kills, "marks acknowledged": acknowledged, "found": found, "lost": lost,
              "not queued for the server": not_queued, "integrity_check failures": bad_integrity}
    return Drill("SIGKILL while marking attendance", counts,
                 passed=lost == 0 and not_queued == 0 and bad_integrity == 0 and acknowledged > 0,
                 source="bench/drills/crash.py")


if __name__ == "__main__":
    print(marks(5 if "--quick" in sys.argv else 50))

"""Sync through faults: the real engine, a real server, a fault proxy and a server SIGKILL, counted.

Device A (used offline before enrolling) finishes a 40-person, two-day group with its
constancias, then syncs through a proxy that, one after the other, loses the answer to a push,
resets a push mid-answer, stalls past the client's timeout and answers 503; then the server is
killed with SIGKILL in the middle of a push and started again. After the faults stop, A syncs
until it is up to date and device B enrolls and receives the unit. Counted: ops queued on A,
ops the server applied, duplicates (ops processed or logged more than once), ops lost, A's
outbox left over, and whether A and B hold the same data.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from bench.report import Drill  # noqa: E402


def run(quick: bool = False) -> Drill:
    from server_harness import ServerProcess
    from sqlalchemy import text
    from sync_client_harness import new_unit_code, open_app

    from app.domain.enums import AttendanceStatus
    from app.services import attendance
    from app.services.groups import get_group
    from app.sync.status import SyncPhase
    from tests.support.fault_proxy import FaultProxy, Mode
    from tests.support.sync_world import finished_group, local_state, outbox, server_device_id

    people = 10 if quick else 40
    STATUSES = [AttendanceStatus.LATE, AttendanceStatus.PRESENT]  # noqa: N806
    faults = [Mode.DROP_RESPONSE, Mode.RESET_MID_RESPONSE, Mode.STALL, Mode.SERVICE_UNAVAILABLE]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["AULA_HOME"] = str(folder / "home")
        server = ServerProcess(folder / "server")
        (folder / "server").mkdir()
        server.start()
        apps = []
        try:
            code = new_unit_code()
            server.create_unit(code, "Unidad del simulacro")
            with FaultProxy(("127.0.0.1", server.port)) as proxy:
                first = open_app(folder, "a", unit_code=code)
                apps.append(first)
                first.engine.timeout = 2.0
                first.engine.enroll(proxy.url, server.enroll_code(code))
                first.sync()
                built = finished_group(first.ctx, code, first.keys, people=people)
                sessions = [session.id for session in get_group(first.ctx, built.group_id).sessions]
                queued = [op.op_id for op in outbox(first.ctx)]
                device_id = server_device_id(first.ctx)
                database = server.database()

                def logged() -> int:
                    with database.read() as session:
                        return session.execute(text("SELECT count(*) FROM change_log WHERE device_id = :d"),
                                               {"d": device_id}).scalar_one()

                logged_before = logged()
                rounds = 0
                for number, mode in enumerate(faults):  # each fault breaks the push of fresh changes
                    status = STATUSES[number % len(STATUSES)]
                    for worker_id in built.worker_ids:
                        attendance.set_status(first.ctx, sessions[0], worker_id, status)
                    queued += [op.op_id for op in outbox(first.ctx) if op.op_id not in set(queued)]
                    proxy.set_mode(mode, times=1, path="/v1/sync/push")
                    first.engine.run_round()
                    rounds += 1
                proxy.pass_through()
                # the server killed with SIGKILL while it takes in the push of a second finished group
                finished_group(first.ctx, code, first.keys, people=people, first_day=dt.date(2026, 11, 19))
                queued += [op.op_id for op in outbox(first.ctx) if op.op_id not in set(queued)]
                killed = threading.Event()

                def kill_during_push(path: str) -> None:
                    if path.startswith("/v1/sync/push") and not killed.is_set():
                        os.kill(server.process.pid, signal.SIGKILL)
                        killed.set()

                proxy.on_request_forwarded = kill_during_push
                first.engine.run_round()
                rounds += 1
                if killed.is_set():
                    server.process.wait()
                    server.start()
                proxy.on_request_forwarded = None
                for _ in range(3):  # quiescence
                    rounds += 1
                    if first.engine.run_round().phase is SyncPhase.UP_TO_DATE:
                        break
                left = len(outbox(first.ctx))
                with database.read() as session:
                    processed = dict(session.execute(text(
                        "SELECT op_id, count(*) FROM processed_ops WHERE device_id = :d GROUP BY op_id"),
                        {"d": device_id}).all())
                applied = sum(1 for op_id in queued if processed.get(str(op_id), 0) >= 1)
                duplicated = sum(max(0, processed.get(str(op_id), 0) - 1) for op_id in queued)
                duplicated += max(0, (logged() - logged_before) - applied)
                lost = len(queued) - applied
                database.dispose()
                second = open_app(folder, "b")
                apps.append(second)
                second.engine.enroll(proxy.url, server.enroll_code(code))
                for _ in range(2):
                    second.engine.run_round()
                    first.engine.run_round()
                converged = local_state(first.ctx) == local_state(second.ctx)
                stats = proxy.stats()
        finally:
            for app in apps:
                app.close()
            server.stop()
    counts = {"ops queued": len(queued), "faults injected": stats.faults, "server SIGKILLs": int(killed.is_set()),
              "sync rounds": rounds, "applied": applied, "duplicated": duplicated, "lost": lost,
              "left in the outbox": left, "devices converged": "yes" if converged else "NO"}
    return Drill(f"Sync through a fault proxy and a server SIGKILL ({people}-person group with constancias)",
                 counts, passed=lost == 0 and duplicated == 0 and left == 0 and converged and killed.is_set(),
                 source="bench/drills/sync_faults.py")


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv))

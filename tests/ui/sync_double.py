"""An in-memory sync engine for the GUI tests of the runner and the sync screens.

It keeps a real outbox count, a reachable flag, parked ops and the server's one-time codes,
computes its status from them as the engine's contract says (app.sync.status) and records on
which threads and how many at once its rounds ran. Tests with the real engine against a
real server are in test_sync_with_server.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import uuid

from app.services.errors import ServiceError
from app.sync.status import SyncPhase, SyncStatus


@dataclasses.dataclass(frozen=True)
class Parked:
    op_id: uuid.UUID
    entity: str
    entity_label: str
    kind: str
    reason: str
    created_at: dt.datetime


class EnrollRefused(ServiceError):
    pass


class EngineDouble:
    def __init__(self, clock, *, enrolled: bool = False, pending: int = 0) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.server_url: str | None = "http://127.0.0.1:8765" if enrolled else None
        self.pending = pending
        self.parked_ops: list[Parked] = []
        self.reachable = True
        self.update_required = False  # the server answers 426 to this version
        self.codes = {"K7P-2QX"}
        self.last_success: dt.datetime | None = None
        self.last_attempt: dt.datetime | None = None
        self.rounds = 0
        self.active = 0
        self.max_active = 0
        self.round_threads: set[int] = set()
        self.release = threading.Event()  # a held round waits for this
        self.release.set()
        self.entered = threading.Event()
        self.calls: list[tuple] = []

    # -- enrollment ---------------------------------------------------------------
    def enroll(self, url: str, code: str):
        self.calls.append(("enroll", url, code))
        if code.strip() not in self.codes:
            raise EnrollRefused("El servidor rechazó el código: ya fue usado o venció. "
                                "Pida un código nuevo al administrador.")
        self.codes.discard(code.strip())
        self.server_url = url
        return {"server_url": url}

    def unenroll(self) -> None:
        self.calls.append(("unenroll",))
        self.server_url = None

    # -- status ---------------------------------------------------------------
    def status(self) -> SyncStatus:
        with self.lock:
            if self.server_url is None:
                phase = SyncPhase.NOT_ENROLLED
            elif self.parked_ops:
                phase = SyncPhase.REJECTED
            elif not self.reachable:
                phase = SyncPhase.OFFLINE
            elif self.update_required:
                phase = SyncPhase.UPDATE_REQUIRED
            elif self.pending or self.last_success is None:
                phase = SyncPhase.PENDING
            else:
                phase = SyncPhase.UP_TO_DATE
            return SyncStatus(phase, pending_ops=self.pending, rejected_ops=len(self.parked_ops),
                              last_success=self.last_success, last_attempt=self.last_attempt,
                              server_url=self.server_url,
                              reason="" if self.reachable else "No se pudo conectar con el servidor.")

    # -- a round --------------------------------------------------------------
    def run_round(self, progress=None, cancel=None) -> SyncStatus:
        with self.lock:
            self.rounds += 1
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            self.round_threads.add(threading.get_ident())
            total = self.pending
        try:
            self.entered.set()
            while not self.release.wait(0.01):  # a held round still honours cancel
                if cancel is not None and cancel():
                    break
            with self.lock:
                self.last_attempt = self.clock()
                if not self.reachable or self.update_required:
                    return_offline = True
                else:
                    return_offline = False
            if not return_offline:
                for done in range(1, total + 1):
                    if cancel is not None and cancel():
                        break
                    with self.lock:
                        self.pending -= 1
                    if progress is not None:
                        progress(done, total, "")
                else:
                    with self.lock:
                        self.last_success = self.clock()
        finally:
            with self.lock:
                self.active -= 1
        return self.status()

    def close(self) -> None:
        self.calls.append(("close",))

    # -- parked ---------------------------------------------------------------
    def park(self, label: str, reason: str) -> Parked:
        op = Parked(uuid.uuid4(), "attendance", label, "upsert", reason, self.clock())
        with self.lock:
            self.parked_ops.append(op)
        return op

    def parked(self) -> list[Parked]:
        with self.lock:
            return list(self.parked_ops)

    def retry_parked(self, op_id) -> None:
        self.calls.append(("retry", op_id))
        with self.lock:
            self.parked_ops = [op for op in self.parked_ops if op.op_id != op_id]
            self.pending += 1

    def discard_parked(self, op_id) -> None:
        self.calls.append(("discard", op_id))
        with self.lock:
            self.parked_ops = [op for op in self.parked_ops if op.op_id != op_id]


def window_with_engine(app_context, ctx, qtbot, engine):  # noqa: ANN001, ANN201
    """The main window on ``ctx`` with ``engine`` as its sync engine, shown and active."""
    from app.ui.main_window import MainWindow

    app_context.services = ctx
    window = MainWindow(app_context, sync_engine=engine)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window

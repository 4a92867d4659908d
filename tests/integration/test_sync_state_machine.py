"""A hypothesis state machine over three devices of one unit syncing through a fault-injecting proxy.

Offline edits (attendance marks, participation, roster changes, walk-ins, constancias), syncs and
faulty syncs happen in any order. Invariants: no folio ever names two constancias (on any device
or on the server); after quiescence (faults off, every device syncs twice round) every outbox has
drained and every database holds the same records."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlalchemy import text
from sqlmodel import select
from sync_client_harness import new_unit_code, open_app

from app.domain.enums import AttendanceStatus
from app.domain.errors import UserError
from app.services import attendance, constancias, participation, roster, staff
from app.services.groups import get_group
from app.storage.tables import Constancia
from app.sync.status import SyncPhase
from tests.support.fault_proxy import FaultProxy, Mode
from tests.support.sync_world import finished_group, local_state, new_matricula, outbox, state_differences

DEVICES = 3
PEOPLE = 4
STATUSES = [AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED]
FAULTS = [Mode.DROP_RESPONSE, Mode.RESET_MID_RESPONSE, Mode.STALL, Mode.SERVICE_UNAVAILABLE]
FAULT_PATHS = [None, "/v1/sync/push", "/v1/sync/pull"]

devices = st.integers(0, DEVICES - 1)
people = st.integers(0, PEOPLE - 1)
sessions = st.integers(0, 1)


def settle(app, attempts: int = 3):  # noqa: ANN001, ANN201
    """Rounds until the device is up to date (faults are off). More than one round is allowed because a
    kept-alive connection the server closes at the very moment a request reuses it fails that round."""
    for _ in range(attempts):
        status = app.engine.run_round()
        if status.phase is SyncPhase.UP_TO_DATE:
            return status
    raise AssertionError(f"not up to date after {attempts} rounds: {status} {app.engine.parked()}")


class SyncMachine(RuleBasedStateMachine):
    """Three desktop databases of one unit, one group they all hold, a proxy in front of the server."""

    server = None  # set by the test (the session's real aula-server)

    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="aula-sync-sm-"))
        self.unit_code = new_unit_code()
        self.server.create_unit(self.unit_code, "Unidad de la máquina de estados")
        self.proxy = FaultProxy(("127.0.0.1", self.server.port)).start()
        self.apps = []
        for index in range(DEVICES):
            app = open_app(self.folder, f"d{index}", unit_code=self.unit_code if index == 0 else None)
            app.engine.timeout = 1.5
            app.engine.enroll(self.proxy.url, self.server.enroll_code(self.unit_code))
            self.apps.append(app)
        settle(self.apps[0])
        built = finished_group(self.apps[0].ctx, self.unit_code, self.apps[0].keys, people=PEOPLE)
        self.group_id, self.workers = built.group_id, list(built.worker_ids)
        detail = get_group(self.apps[0].ctx, self.group_id)
        self.sessions = [s.id for s in detail.sessions]
        self.activities = [[a.id for a in s.activities] for s in detail.sessions]
        for app in self.apps:
            settle(app)
        self.walk_ins = 0

    def teardown(self) -> None:
        if not hasattr(self, "proxy"):
            return
        try:
            self.proxy.pass_through()
            self._quiesce_and_check()
        finally:
            for app in self.apps:
                app.close()
            self.proxy.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    # ------------------------------------------------------------------ offline edits

    def _edit(self, action) -> None:  # noqa: ANN001
        """An edit a person makes; one the services refuse (not enrolled…) is simply not made."""
        try:
            action()
        except UserError:
            pass

    @rule(device=devices, session=sessions, person=people, status=st.sampled_from(STATUSES))
    def mark(self, device: int, session: int, person: int, status: AttendanceStatus) -> None:
        ctx = self.apps[device].ctx
        self._edit(lambda: attendance.set_status(ctx, self.sessions[session], self.workers[person], status))

    @rule(device=devices, session=sessions, activity=st.integers(0, 4), person=people, value=st.booleans())
    def participate(self, device: int, session: int, activity: int, person: int, value: bool) -> None:
        ctx = self.apps[device].ctx
        activity_id = self.activities[session][activity % len(self.activities[session])]
        self._edit(lambda: participation.record_participation(ctx, activity_id, self.workers[person], value))

    @rule(device=devices, person=people, enroll=st.booleans())
    def change_roster(self, device: int, person: int, enroll: bool) -> None:
        ctx = self.apps[device].ctx
        change = roster.enroll if enroll else roster.withdraw
        self._edit(lambda: change(ctx, self.group_id, self.workers[person]))

    @rule(device=devices)
    def walk_in(self, device: int) -> None:
        """Someone not on the roster arrives: added to the device's unit and enrolled."""
        ctx = self.apps[device].ctx
        from app.services import catalog

        self.walk_ins += 1
        unit = catalog.get_unit(ctx, self.unit_code)
        worker = staff.add_worker(ctx, matricula=new_matricula(self.walk_ins), given_names="Luis",
                                  paternal_surname=f"Ramos{self.walk_ins}", maternal_surname="", unit_id=unit.id,
                                  in_staff_list=False)
        self._edit(lambda: roster.enroll(ctx, self.group_id, worker.id))

    @rule(device=devices)
    def issue(self, device: int) -> None:
        app = self.apps[device]
        self._edit(lambda: constancias.issue_constancias(app.ctx, self.group_id, keys=app.keys))

    # ------------------------------------------------------------------ syncs

    @rule(device=devices)
    def sync(self, device: int) -> None:
        self.apps[device].engine.run_round()

    @rule(device=devices, fault=st.sampled_from(FAULTS), path=st.sampled_from(FAULT_PATHS))
    def faulty_sync(self, device: int, fault: Mode, path: str | None) -> None:
        self.proxy.set_mode(fault, times=1, path=path)
        try:
            self.apps[device].engine.run_round()
        finally:
            self.proxy.pass_through()

    # ------------------------------------------------------------------ invariants

    @invariant()
    def no_folio_names_two_constancias(self) -> None:
        if not hasattr(self, "apps"):
            return
        owners: dict[str, str] = {}
        for app in self.apps:
            with app.ctx.db.read() as s:
                for folio, ident in s.exec(select(Constancia.folio, Constancia.id)).all():
                    assert owners.setdefault(folio, str(ident)) == str(ident), f"folio {folio} names two constancias"

    def _quiesce_and_check(self) -> None:
        for _ in range(2):
            for app in self.apps:
                settle(app)
        for index, app in enumerate(self.apps):
            status = app.engine.status()
            assert status.phase is SyncPhase.UP_TO_DATE, (index, status, app.engine.parked())
            assert outbox(app.ctx) == [], f"device {index}'s outbox did not drain"
        states = [local_state(app.ctx) for app in self.apps]
        for index, other in enumerate(states[1:], start=1):
            assert other == states[0], (index, state_differences(states[0], other))
        database = self.server.database()
        try:
            with database.read() as session:
                folios = session.execute(text("SELECT folio, count(*) FROM constancias GROUP BY folio "
                                              "HAVING count(*) > 1")).all()
        finally:
            database.dispose()
        assert folios == []
        local_folios = {c["folio"] for c in states[0]["constancia"].values()}
        assert len(local_folios) == len(states[0]["constancia"])


def test_devices_converge_whatever_the_order_of_edits_syncs_and_faults(server):
    SyncMachine.server = server
    run_state_machine_as_test(SyncMachine, settings=settings(
        max_examples=3, stateful_step_count=10, deadline=None,
        suppress_health_check=list(HealthCheck)))

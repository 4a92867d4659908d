"""The sync engine: enrollment, one round (push, then pull to the end), and the status (DESIGN §5).

One :class:`SyncEngine` per open database. :meth:`SyncEngine.run_round` does
the network work and may run on any thread (one round at a time);
:meth:`SyncEngine.status` only reads the database (and the running round's
progress) and is cheap enough for the GUI thread.

The engine sits above the services (``app.sync`` is its own layer between
``app.ui``/``app.cli`` and ``app.services``): it uses the services' context, the
device's keys as issuing keeps them, the verification-address setting, and
publishes a ``Changed`` on ``ctx.broadcast`` after every committed pull page.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, delete, func
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from app.domain.errors import UserError
from app.services.broadcast import Changed
from app.services.context import Context
from app.services.profiles import apply_enrolled_role
from app.storage import changes
from app.storage.tables import Device, Outbox, SyncState
from app.sync import state as st
from app.sync.entities import Entity
from app.sync.status import SyncPhase, SyncStatus

if TYPE_CHECKING:  # the network stack (requests), the keys (cryptography), the wire types (pydantic
    # models) and applying pulled pages load with the first round, not with the status bar
    from app.storage.keys import DeviceKeys
    from app.sync.apply import Incoming, PageResult
    from app.sync.enrolling import EnrollResult
    from app.sync.protocol import BootstrapResponse
    from app.sync.transport import ServerRefused, Transport

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

ENTITY_LABELS = {
    "unit": "Unidad", "worker": "Trabajador", "course": "Curso", "course_group": "Grupo", "session": "Sesión",
    "activity": "Actividad", "enrollment": "Inscripción al grupo", "attendance": "Asistencia",
    "participation": "Participación", "constancia": "Constancia",
}
KIND_LABELS = {"upsert": "alta o cambio", "delete": "baja"}


# The status bar's reads, as Core statements (every one of these models is a table).
_DEVICE: Table = Device.__table__  # type: ignore[attr-defined]
_OUTBOX: Table = Outbox.__table__  # type: ignore[attr-defined]
_STATE: Table = SyncState.__table__  # type: ignore[attr-defined]
_DEVICE_LINK = sa_select(_DEVICE.c.token, _DEVICE.c.server_url).where(_DEVICE.c.id == 1)
_SYNC_STATE = sa_select(_STATE).where(_STATE.c.id == 1)
_OUTBOX_COUNTS = sa_select(*(sa_select(func.count()).select_from(_OUTBOX).where(_OUTBOX.c.state == state)
                             .scalar_subquery() for state in ("pending", "parked")))


class NotEnrolled(UserError):
    """Syncing needs an enrollment first."""


@dataclass(frozen=True)
class ParkedOp:
    """A change the server refused, waiting for the user to retry or discard it."""

    op_id: uuid.UUID
    entity: str
    entity_label: str
    kind: str
    reason: str
    created_at: dt.datetime
    reason_code: str = ""
    entity_id: uuid.UUID | None = None


def enrolled_role(ctx: Context) -> str | None:
    """The role the server granted this device (``instructor`` / ``director``), or None when not enrolled."""
    with ctx.db.read() as s:
        device = st.enrolled_device(s)
        return device.role or None if device is not None else None


class _Round:
    """Progress of the running round."""

    def __init__(self, progress: Progress | None) -> None:
        self.done = 0
        self.total = 0
        self._progress = progress

    def tell(self, text: str) -> None:
        if self._progress is not None:
            self._progress(self.done, max(self.total, self.done), text)


class SyncEngine:
    """Sync of one database with the server it is enrolled with.

    Args:
        ctx: the services' context (its ``db``, ``actor`` and ``broadcast`` are used).
        transport: the HTTP layer; by default a :class:`~app.sync.transport.Transport`
            to the enrolled server's address.
        timeout: seconds allowed for each request.
        keys: the device's key pair (default: the data folder's, as issuing uses).
        now: the UTC clock (tests shift it).
    """

    def __init__(self, ctx: Context, *, transport: Transport | None = None, timeout: float = 15.0,
                 keys: DeviceKeys | None = None, now: Callable[[], dt.datetime] | None = None) -> None:
        self.ctx = ctx
        self.timeout = timeout
        self._given_transport = transport
        self._transport: Transport | None = transport
        self._keys = keys
        self._now = now or st.utcnow
        self._round_lock = threading.Lock()
        self._progress_lock = threading.Lock()
        self._running: _Round | None = None

    # ------------------------------------------------------------------ transport

    def _transport_to(self, url: str) -> Transport:
        from app.sync.transport import Transport

        if self._given_transport is not None:
            return self._given_transport
        if self._transport is None or self._transport.base_url != url:
            if self._transport is not None:
                self._transport.close()
            self._transport = Transport(url, timeout=self.timeout)
        return self._transport

    def close(self) -> None:
        if self._transport is not None and self._given_transport is None:
            self._transport.close()

    # ------------------------------------------------------------------ enrollment

    def enroll(self, url: str, code: str) -> EnrollResult:
        """Enroll this device with the server at ``url`` using a one-time code (or the QR's text).

        Safe to retry: a lost answer is asked for again with the same code. Data
        already on this device stays and is pushed by the next round; the
        device's verification address becomes the server's address.

        Raises:
            EnrollmentFailed: the address or code is not valid, or the server refused.
        """
        from app.services.constancias import register_local_device
        from app.services.document_settings import set_verification_address
        from app.sync.enrolling import EnrollmentFailed, EnrollResult, code_from_text, register, store_enrollment
        from app.sync.transport import ServerRefused, Unreachable, normalize_server_url

        url = normalize_server_url(url)
        code = code_from_text(code)
        keys = register_local_device(self.ctx, self._keys)
        with self.ctx.db.read() as s:
            install_id = str(_device(s).install_id)
        transport = self._transport_to(url)
        transport.token = None
        answer = None
        for attempt in range(3):
            try:
                answer = register(transport, code, keys, install_id)
                break
            except Unreachable as exc:
                if attempt == 2:
                    raise EnrollmentFailed(f"No se pudo inscribir el equipo: {exc}") from exc
            except ServerRefused as exc:
                raise EnrollmentFailed(f"El servidor no aceptó la inscripción: {exc.message}") from exc
        assert answer is not None
        unit = answer.scope[0] if answer.scope else None
        with self.ctx.db.write() as s:
            device = _device(s)
            previous = device.server_url
            store_enrollment(device, url, answer)
            s.add(device)
            state = st.sync_state(s)
            for name, value in {"epoch": "", "next_epoch": "", "unit_code": unit.code if unit else "",
                                "bootstrapped": False, "bootstrap_page": 0, "bootstrap_cursor": None,
                                "pull_complete": False, "condition": "", "reason": "", "failures": 0,
                                "next_attempt_at": None, "last_success_at": None}.items():
                setattr(state, name, value)
            server_time = answer.server_time if answer.server_time.tzinfo else answer.server_time.replace(tzinfo=dt.UTC)
            state.clock_skew_seconds = (self._now() - server_time).total_seconds()
            s.add(state)
            changes.audit(s, actor=self.ctx.actor, action="device.enroll", entity="device",
                          entity_id=device.install_id,
                          details={"server": url, "previous_server": previous, "device_id": str(answer.device_id),
                                   "role": answer.role.value, "unit": unit.code if unit else ""})
        set_verification_address(self.ctx, url, keys=self._keys)
        apply_enrolled_role(self.ctx, answer.role.value)  # a director's device opens in the director profile
        log.info("Enrolled with %s as %s of %s", url, answer.role.value, unit.code if unit else "?")
        return EnrollResult(url, str(answer.device_id), answer.device_code, answer.role.value,
                            unit.code if unit else "", unit.name if unit else "")

    def unenroll(self) -> None:
        """Forget the server link (token, role, cursor); every local record and queued change stays."""
        with self.ctx.db.write() as s:
            device = s.get(Device, 1)
            if device is None or not device.token:
                return
            server = device.server_url
            device.token = device.server_device_id = device.role = ""
            device.scope = "[]"
            device.pull_cursor = 0
            device.enrolled_at = None
            s.add(device)
            s.execute(delete(SyncState))
            changes.audit(s, actor=self.ctx.actor, action="device.unenroll", entity="device",
                          entity_id=device.install_id, details={"server": server})

    # ------------------------------------------------------------------ status

    def status(self) -> SyncStatus:
        """The device's sync state from the database (and the running round's progress)."""
        # Core reads in one snapshot: the status bar asks after every mark.
        with self.ctx.db.engine.connect() as conn:
            device = conn.execute(_DEVICE_LINK).first()
            state = conn.execute(_SYNC_STATE).first()
            pending, parked = conn.execute(_OUTBOX_COUNTS).one()
        with self._progress_lock:
            running = (self._running.done, self._running.total) if self._running else None
        common: dict[str, Any] = {"pending_ops": pending, "rejected_ops": parked}
        if device is None or not device.token:
            return SyncStatus(SyncPhase.NOT_ENROLLED, **common)
        if state is not None:
            common.update(last_success=st.as_utc(state.last_success_at), last_attempt=st.as_utc(state.last_attempt_at),
                          clock_skew_seconds=state.clock_skew_seconds, reason=state.reason,
                          next_attempt_at=st.as_utc(state.next_attempt_at))
        common["server_url"] = device.server_url
        condition = state.condition if state is not None else ""
        blocking = {st.REVOKED: SyncPhase.REVOKED, st.REENROLL: SyncPhase.REENROLL_REQUIRED,
                    st.UPDATE_REQUIRED: SyncPhase.UPDATE_REQUIRED}
        if condition in blocking:
            return SyncStatus(blocking[condition], **common)
        if running is not None:
            return SyncStatus(SyncPhase.SYNCING, done=running[0], total=running[1], **common)
        if parked:
            return SyncStatus(SyncPhase.REJECTED, **common)
        if condition == st.OFFLINE:
            return SyncStatus(SyncPhase.OFFLINE, **common)
        if pending or state is None or not state.pull_complete or state.last_success_at is None:
            return SyncStatus(SyncPhase.PENDING, **common)
        return SyncStatus(SyncPhase.UP_TO_DATE, **common)

    def next_attempt_at(self) -> dt.datetime | None:
        """When a background runner should try again after failures (None: whenever it likes)."""
        with self.ctx.db.read() as s:
            state = s.get(SyncState, 1)
            return st.as_utc(state.next_attempt_at) if state is not None else None

    # ------------------------------------------------------------------ parked ops

    def parked(self) -> list[ParkedOp]:
        """The changes the server refused, oldest first."""
        with self.ctx.db.read() as s:
            rows = s.exec(select(Outbox).where(col(Outbox.state) == "parked").order_by(col(Outbox.seq))).all()
        return [ParkedOp(r.op_id, r.entity, ENTITY_LABELS.get(r.entity, r.entity), r.kind,
                         r.last_error or r.reason, st.as_utc(r.created_at) or r.created_at, r.reason, r.entity_id)
                for r in rows]

    def _parked_op(self, s: Any, op_id: uuid.UUID) -> Outbox:
        op = s.exec(select(Outbox).where(col(Outbox.op_id) == op_id, col(Outbox.state) == "parked")).first()
        if op is None:
            raise UserError("Ese cambio ya no está entre los rechazados.")
        return op

    def retry_parked(self, op_id: uuid.UUID) -> None:
        """Send a refused change again with the next round."""
        with self.ctx.db.write() as s:
            op = self._parked_op(s, op_id)
            changes.audit(s, actor=self.ctx.actor, action="sync.retry_parked", entity=op.entity,
                          entity_id=op.entity_id, details={"op_id": str(op.op_id), "reason": op.reason})
            op.state, op.reason, op.last_error, op.parked_at = "pending", "", "", None
            s.add(op)

    def discard_parked(self, op_id: uuid.UUID) -> None:
        """Give up a refused change (its content stays in the audit log)."""
        with self.ctx.db.write() as s:
            op = self._parked_op(s, op_id)
            changes.audit(s, actor=self.ctx.actor, action="sync.discard_parked", entity=op.entity,
                          entity_id=op.entity_id, details={"op_id": str(op.op_id), "reason": op.reason,
                                                           "message": op.last_error, "kind": op.kind,
                                                           "payload": json.loads(op.payload)})
            s.delete(op)

    # ------------------------------------------------------------------ a round

    def run_round(self, progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> SyncStatus:
        """Push every pending change in order, then pull to the end; returns the status after it.

        Failures never raise: they are stored (with the back-off's next attempt) and shown in the status.
        """
        from app.sync.transport import ServerRefused, Unreachable

        cancel = cancel or (lambda: False)
        with self._round_lock:
            with self.ctx.db.read() as s:
                device = st.enrolled_device(s)
                state = s.get(SyncState, 1)
                condition = state.condition if state is not None else ""
            if device is None or condition in st.BLOCKING:
                return self.status()
            transport = self._transport_to(device.server_url)
            transport.token = device.token
            current = _Round(progress)
            with self.ctx.db.read() as s:
                current.total = s.exec(select(func.count()).select_from(Outbox)
                                       .where(Outbox.state == "pending")).one()
            with self._progress_lock:
                self._running = current
            try:
                self._round(transport, current, cancel)
            except Unreachable as exc:
                self._failed(str(exc))
            except ServerRefused as exc:
                self._refused(exc)
            finally:
                with self._progress_lock:
                    self._running = None
                self._clock(transport)
        return self.status()

    def _round(self, transport: Transport, current: _Round, cancel: Callable[[], bool]) -> None:
        from app.sync.protocol import EpochRequest, EpochResponse

        with self.ctx.db.write() as s:
            state = st.sync_state(s)
            state.pull_complete = False
            bootstrapped = state.bootstrapped
            # kept until the server confirms it, so a lost answer is asked again with the same pair
            state.next_epoch = state.next_epoch or secrets.token_urlsafe(24)
            epoch = EpochRequest(current=state.epoch, next=state.next_epoch)
            s.add(state)
        EpochResponse.model_validate(transport.post("/v1/devices/epoch", epoch.model_dump()).body)
        with self.ctx.db.write() as s:
            state = st.sync_state(s)
            state.epoch, state.next_epoch = epoch.next, ""
            s.add(state)
        if not bootstrapped:
            self._bootstrap(transport, current, cancel)
        if cancel():
            return self._stopped()
        current.tell("Enviando cambios…")

        def pushed(count: int) -> None:
            with self._progress_lock:
                current.done += count
            current.tell("Enviando cambios…")

        from app.sync.pushing import push_outbox

        tally = push_outbox(self.ctx.db, transport, now=self._now, progress=pushed, cancel=cancel)
        if tally.changed is not None and tally.changed.entities:
            self._publish(tally.changed)
        if cancel():
            return self._stopped()
        self._pull(transport, current, cancel)
        if cancel():
            return self._stopped()
        self._keys_and_revocations(transport)
        now = self._now()
        with self.ctx.db.write() as s:
            state = st.sync_state(s)
            pending = s.exec(select(func.count()).select_from(Outbox).where(Outbox.state == "pending")).one()
            state.pull_complete = True
            state.condition, state.reason, state.failures, state.next_attempt_at = "", "", 0, None
            state.last_attempt_at = now
            if not pending:
                state.last_success_at = now
            device = _device(s)
            device.last_sync_at = now
            s.add(device)
            s.add(state)
        return None

    def _stopped(self) -> None:
        with self.ctx.db.write() as s:
            state = st.sync_state(s)
            state.last_attempt_at = self._now()
            state.reason = "Sincronización interrumpida."
            s.add(state)

    # ------------------------------------------------------------------ pull and bootstrap

    def _apply(self, records: list[Incoming], store: Callable[[Any], None]) -> PageResult:
        """Re-home what converges by natural key, then apply the page and its cursor in one transaction."""
        from app.sync.apply import apply_page, rehome, rehome_candidates

        with self.ctx.db.write() as s:
            moves = rehome_candidates(s, records)
        for entity, old, new in moves:
            with self.ctx.db.write() as s:
                rehome(s, entity, old, new)
        with self.ctx.db.write() as s:
            result = apply_page(s, records)
            store(s)
        if result.entities:
            self._publish(result)
        return result

    def _publish(self, result: PageResult) -> None:
        self.ctx.broadcast.publish(Changed(frozenset(result.entities), frozenset(result.group_ids), source="sync"))

    def _bootstrap(self, transport: Transport, current: _Round, cancel: Callable[[], bool]) -> None:
        """A new device receives its unit's current data in pages; resumes at the stored page."""
        from app.sync.apply import Incoming
        from app.sync.protocol import BootstrapResponse

        with self.ctx.db.read() as s:
            state = st.sync_state(s)
            unit_code, page = state.unit_code, state.bootstrap_page
        while unit_code and not cancel():
            current.tell("Recibiendo los datos de la unidad…")
            answer = BootstrapResponse.model_validate(
                transport.get("/v1/sync/bootstrap", {"unit": unit_code, "page": page}).body)
            records = [Incoming(r.entity, r.entity_id, r.version, _with_tombstone(r.payload, r.deleted))
                       for r in answer.records]

            def store(s: Any, answer: BootstrapResponse = answer) -> None:
                state = st.sync_state(s)
                if state.bootstrap_cursor is None:
                    state.bootstrap_cursor = answer.cursor
                state.bootstrap_page = answer.page + 1
                if not answer.has_more:
                    state.bootstrapped = True
                    device = _device(s)
                    device.pull_cursor = max(device.pull_cursor, state.bootstrap_cursor or 0)
                    s.add(device)
                s.add(state)

            self._apply(records, store)
            with self._progress_lock:
                current.done += len(records)
                current.total += len(records)
            current.tell("Recibiendo los datos de la unidad…")
            if not answer.has_more:
                return
            page = answer.page + 1
        if not unit_code:
            with self.ctx.db.write() as s:
                state = st.sync_state(s)
                state.bootstrapped = True
                s.add(state)

    def _pull(self, transport: Transport, current: _Round, cancel: Callable[[], bool]) -> None:
        """Pages of changes after the cursor, each applied with its cursor in one transaction."""
        from app.sync.apply import Incoming
        from app.sync.protocol import DEFAULT_PULL_LIMIT, PullResponse

        with self.ctx.db.read() as s:
            cursor = _device(s).pull_cursor
        while not cancel():
            current.tell("Recibiendo cambios…")
            answer = PullResponse.model_validate(
                transport.get("/v1/sync/pull", {"since": cursor, "limit": DEFAULT_PULL_LIMIT}).body)
            records = [Incoming(c.entity, c.entity_id, c.version, c.payload) for c in answer.changes]

            def store(s: Any, next_cursor: int = answer.next_cursor) -> None:
                device = _device(s)
                device.pull_cursor = next_cursor
                s.add(device)

            self._apply(records, store)
            with self._progress_lock:
                current.done += len(records)
                current.total += len(records)
            cursor = answer.next_cursor
            if not answer.has_more:
                return

    def _keys_and_revocations(self, transport: Transport) -> None:
        """The public keys of the unit's devices and of every revoked device, for offline verification."""
        from app.storage.tables import KnownKey
        from app.sync.protocol import DeviceKeysResponse

        answer = DeviceKeysResponse.model_validate(transport.get("/v1/devices/keys").body)
        with self.ctx.db.write() as s:
            own = s.get(Device, 1)
            for key in answer.keys:
                if own is not None and key.device_code == own.device_code:
                    continue
                known = s.get(KnownKey, key.device_code) or KnownKey(key_id=key.device_code, public_key="")
                known.public_key = key.public_key
                known.label = f"Equipo {key.device_code}"
                known.revoked = key.revoked_at is not None
                s.add(known)

    # ------------------------------------------------------------------ failures

    def _failed(self, reason: str, condition: str = st.OFFLINE, retry_after: float | None = None) -> None:
        with self.ctx.db.write() as s:
            state = st.sync_state(s)
            st.record_failure(state, reason, self._now(), condition, retry_after)
            s.add(state)
        log.info("Sync round failed: %s", reason)

    def _refused(self, exc: ServerRefused) -> None:
        if exc.code == "device_revoked":
            self._failed(exc.message, st.REVOKED)
        elif exc.status == 426:
            self._failed(exc.message, st.UPDATE_REQUIRED)
        elif exc.status == 401 or exc.code == "stale_database":
            self._failed(exc.message or "Este equipo debe inscribirse de nuevo.", st.REENROLL)
        else:
            self._failed(exc.message, st.OFFLINE, exc.retry_after)

    def _clock(self, transport: Transport) -> None:
        """Store the difference with the server's clock (it is shown, never used to decide a write)."""
        skew = transport.clock_skew_seconds(self._now)
        if skew is None:
            return
        with self.ctx.db.write() as s:
            state = st.sync_state(s)
            state.clock_skew_seconds = skew
            s.add(state)


def _device(s: Any) -> Device:
    device = s.get(Device, 1)
    if device is None:
        raise NotEnrolled("Este equipo no está inscrito en ningún servidor.")
    return device


def _with_tombstone(payload: dict[str, Any], deleted: bool) -> dict[str, Any]:
    if deleted and not payload.get("deleted_at"):
        return {**payload, "deleted_at": dt.datetime.now(dt.UTC).isoformat()}
    return payload


__all__ = ["SyncEngine", "NotEnrolled", "ParkedOp", "enrolled_role", "Entity"]

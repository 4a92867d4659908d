"""Applying pushed operations: once each, in order, within scope (DESIGN §5, Push).

A batch runs in one write transaction. Each op is looked up in
``processed_ops`` first (a replay returns the stored result); otherwise it is
checked (role, scope from the server's own data, payload) and applied under
its entity's rule:

* attendance, participation and everything not named below: last write by
  server arrival order wins; for attendance and participation the losing
  value is kept in ``record_history``;
* enrollment: a removal (delete, or ``status: withdrawn``) based on a version
  older than the server's is a conflict, so a stale removal never undoes a
  concurrent re-add; additions always apply;
* constancia: insert-only and owned by the issuing device; a folio already
  used by another constancia is rejected and the device flagged. Later ops
  may only move its status forward (valid → superseded → revoked);
* ownership (:mod:`server.ownership`): every foreign key is resolved and
  scope-checked, no op changes a record's unit, catalogue courses are
  read-only, and a worker held by another unit becomes the caller's guest copy.

The change-log rows, their seqs and the ``processed_ops`` rows are written at
the end of the transaction, so everything about a batch commits together or
not at all.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from app.domain.enums import ConstanciaStatus, EnrollmentStatus, OpKind, Role
from app.domain.folio import Folio
from app.domain.signing import verify_qr_text
from app.sync.protocol import (
    ENTITY_ORDER,
    FOREIGN_KEYS,
    MAX_VERSION_JUMP,
    Entity,
    Op,
    OpResult,
    OpStatus,
    payload_problem,
    payload_type_problem,
)
from server import changelog, ownership
from server.auth import Caller
from server.changelog import PendingChange, dumps
from server.coordination import coverage
from server.db import Database, is_retryable, write_with_retries
from server.errors import ApiError
from server.models import ConstanciaIndex, Device, ProcessedOp, Record, RecordHistory, Unit, WorkerGuest, utcnow
from server.scope import Placement, ScopeProblem, place
from server.verify import certified_digest

log = logging.getLogger(__name__)

RANK = {entity.value: index for index, entity in enumerate(ENTITY_ORDER)}
DIRECTOR_FORBIDDEN = {Entity.ENROLLMENT, Entity.ATTENDANCE, Entity.PARTICIPATION, Entity.CONSTANCIA}
KEEP_HISTORY = {Entity.ATTENDANCE, Entity.PARTICIPATION}
NATURAL_KEYS = {Entity.WORKER: "matricula", Entity.COURSE: "code", Entity.COURSE_GROUP: "code"}
UUID_KEYS = ("id", *FOREIGN_KEYS, "supersedes_id", "superseded_by_id", "enrollment_id")
CONSTANCIA_MUTABLE = {"status", "superseded_by_id", "revoked_at", "revoked_reason", "updated_at", "version",
                      "deleted_at"}
STATUS_RANK = {ConstanciaStatus.VALID.value: 0, ConstanciaStatus.SUPERSEDED.value: 1,
               ConstanciaStatus.REVOKED.value: 2}
MAX_PAYLOAD_CHARS = 256 * 1024
#: A natural key's longest value: the stored key adds a unit id and a colon and fits 200 characters.
MAX_NATURAL_KEY = 160


class Outcome(Exception):
    """An op that is not applied: rejected or in conflict."""

    def __init__(self, status: OpStatus, reason: str, message: str,
                 current: dict[str, Any] | None = None, version: int | None = None) -> None:
        super().__init__(reason)
        self.status, self.reason, self.message = status, reason, message
        self.current, self.version = current, version


def rejected(reason: str, message: str) -> Outcome:
    return Outcome(OpStatus.REJECTED, reason, message)


def _normalise(op: Op) -> dict[str, Any]:
    problem = payload_problem(op.payload)
    if problem:
        raise rejected("invalid_payload", problem)
    payload = dict(op.payload)
    for key in UUID_KEYS:
        value = payload.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise rejected("invalid_payload", f"El campo {key} debe ser un UUID en texto.")
        try:
            payload[key] = str(uuid.UUID(value))
        except ValueError as exc:
            raise rejected("invalid_payload", f"El campo {key} no es un UUID válido.") from exc
    problem = payload_type_problem(op.entity, payload, allow_unknown=True)
    if problem:
        raise rejected("invalid_payload", problem)
    if payload.get("id", str(op.entity_id)) != str(op.entity_id):
        raise rejected("invalid_payload", "El id del contenido no coincide con entity_id.")
    payload["id"] = str(op.entity_id)
    try:
        size = len(dumps(payload))
    except ValueError as exc:
        raise rejected("invalid_payload", "El contenido tiene números no válidos (NaN o infinito).") from exc
    if size > MAX_PAYLOAD_CHARS:
        raise rejected("payload_too_large", "El contenido de la operación es demasiado grande.")
    return payload


def _matricula(payload: dict[str, Any]) -> str | None:
    value = payload.get("matricula")
    return str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else None


def _check_version_range(op: Op, payload: dict[str, Any], stored: int) -> None:
    for claimed in (op.base_version, payload.get("version")):
        if isinstance(claimed, int) and not isinstance(claimed, bool) and claimed > stored + MAX_VERSION_JUMP:
            raise rejected("version_out_of_range",
                           f"La versión {claimed} está demasiado lejos de la guardada ({stored}).")


def _payload_version(payload: dict[str, Any]) -> int:
    value = payload.get("version")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2**62:
        return value
    return 0


@dataclass
class RecordState:
    """A record as the batch sees it: loaded once, changed in memory, written at the end."""

    entity: str
    entity_id: str
    rank: int
    unit_id: str | None
    group_id: str | None
    natural_key: str | None
    version: int
    payload: str
    deleted_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by: str | None
    is_new: bool = False
    dirty: bool = False

    def row(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _RECORD_COLUMNS}


_RECORD_COLUMNS = ("entity", "entity_id", "rank", "unit_id", "group_id", "natural_key", "version", "payload",
                   "deleted_at", "created_at", "updated_at", "updated_by")
_PARENT_KEYS = {"group_id": Entity.COURSE_GROUP, "session_id": Entity.SESSION, "activity_id": Entity.ACTIVITY,
                "worker_id": Entity.WORKER, "supersedes_id": Entity.CONSTANCIA, "course_id": Entity.COURSE,
                "enrollment_id": Entity.ENROLLMENT}


class Batch:
    """One push request inside one write transaction.

    Records the batch touches are loaded with one query per entity (the ops'
    own records locked ``FOR UPDATE`` on PostgreSQL), kept in memory while the
    ops apply in order, and written with one ``executemany`` per statement at
    the end, followed by the change log (which takes the counter lock last).
    """

    def __init__(self, session: Session, caller: Caller) -> None:
        self.session = session
        self.caller = caller
        self.now = utcnow()
        self.changes: list[PendingChange] = []
        self.records: dict[tuple[str, str], RecordState | None] = {}
        self.history: list[dict[str, Any]] = []
        self._public_key: bytes | None = None

    # ------------------------------------------------------------------ driver

    def run(self, ops: list[Op]) -> list[OpResult]:
        keys = [str(op.op_id) for op in ops]
        stored = {row.op_id: row for row in
                  self.session.scalars(select(ProcessedOp).where(col(ProcessedOp.op_id).in_(set(keys))))}
        self._prefetch([op for op, key in zip(ops, keys) if key not in stored])
        fresh: dict[str, tuple[OpResult, int | None]] = {}
        order: list[tuple[str, str]] = []  # (op key, origin)
        for op, key in zip(ops, keys):
            if key in fresh:
                order.append((key, "fresh"))
            elif key in stored:
                order.append((key, "stored" if stored[key].device_id == self.caller.device_id else "foreign"))
            else:
                first_change = len(self.changes)
                result = self._apply(op)
                own_change = first_change if len(self.changes) > first_change else None
                fresh[key] = (result, own_change)
                order.append((key, "fresh_first"))
        self._write_records()
        changelog.write(self.session, self.changes, self.now)
        coverage.apply_changes(self.session, self.changes)  # same transaction: the dashboard never lags
        for result, change_index in fresh.values():
            if change_index is not None:
                result.server_seq = self.changes[change_index].seq
        if fresh:
            self.session.execute(insert(ProcessedOp), [
                {"op_id": key, "device_id": self.caller.device_id, "processed_at": self.now,
                 "result": result.model_dump_json()} for key, (result, _) in fresh.items()])
        self.session.execute(update(Device).where(col(Device.id) == self.caller.device_id)
                             .values(last_seen_at=self.now))
        results = []
        for key, origin in order:
            if origin == "fresh_first":
                results.append(fresh[key][0])
            elif origin == "fresh":
                results.append(_replay(fresh[key][0]))
            elif origin == "stored":
                results.append(_replay(OpResult.model_validate_json(stored[key].result)))
            else:
                results.append(OpResult(op_id=uuid.UUID(key), status=OpStatus.REJECTED, reason="op_id_reused",
                                        message="Ese op_id ya lo usó otro equipo."))
        return results

    def _prefetch(self, ops: list[Op]) -> None:
        targets: dict[str, set[str]] = {}
        parents: dict[str, set[str]] = {}
        for op in ops:
            targets.setdefault(op.entity.value, set()).add(str(op.entity_id))
            for key, parent in _PARENT_KEYS.items():
                value = op.payload.get(key)
                if isinstance(value, str):
                    try:
                        parents.setdefault(parent.value, set()).add(str(uuid.UUID(value)))
                    except ValueError:
                        continue
        for entity, ids in targets.items():
            self._load(entity, ids, lock=True)
        for entity, ids in parents.items():
            self._load(entity, ids - targets.get(entity, set()), lock=False)

    def _load(self, entity: str, ids: set[str], lock: bool) -> None:
        if not ids:
            return
        ids_list = sorted(ids)  # a stable lock order makes deadlocks between batches rarer
        for start in range(0, len(ids_list), 500):
            chunk = ids_list[start:start + 500]
            statement = select(*[getattr(Record, c) for c in _RECORD_COLUMNS]).where(
                col(Record.entity) == entity, col(Record.entity_id).in_(chunk)).order_by(col(Record.entity_id))
            if lock:
                statement = statement.with_for_update()
            found = {row.entity_id: row for row in self.session.execute(statement)}
            for ident in chunk:
                row = found.get(ident)
                self.records[(entity, ident)] = None if row is None else RecordState(
                    **{c: getattr(row, c) for c in _RECORD_COLUMNS})

    def lookup(self, entity: Entity, ident: str) -> RecordState | None:
        key = (entity.value, ident)
        if key not in self.records:
            self._load(entity.value, {ident}, lock=False)
        return self.records[key]

    def _write_records(self) -> None:
        new = [r.row() for r in self.records.values() if r is not None and r.is_new]
        changed = [r for r in self.records.values() if r is not None and r.dirty and not r.is_new]
        if new:
            self.session.execute(insert(Record), new)
        if changed:
            table = Record.__table__  # type: ignore[attr-defined]  # SQLModel sets it at class creation
            self.session.execute(
                update(table)
                .where(table.c.entity == bindparam("k_entity"), table.c.entity_id == bindparam("k_entity_id"))
                .values({c: bindparam(c) for c in _RECORD_COLUMNS if c not in ("entity", "entity_id", "rank",
                                                                                 "created_at")}),
                [{**{c: getattr(r, c) for c in _RECORD_COLUMNS}, "k_entity": r.entity, "k_entity_id": r.entity_id}
                 for r in changed])
        if self.history:
            self.session.execute(insert(RecordHistory), self.history)

    def _apply(self, op: Op) -> OpResult:
        try:
            version = self._dispatch(op)
        except Outcome as outcome:
            return OpResult(op_id=op.op_id, status=outcome.status, reason=outcome.reason,
                            message=outcome.message, current=outcome.current, version=outcome.version)
        except ScopeProblem as problem:
            return OpResult(op_id=op.op_id, status=OpStatus.REJECTED, reason=problem.reason,
                            message=problem.message)
        return OpResult(op_id=op.op_id, status=OpStatus.APPLIED, version=version)

    # ------------------------------------------------------------------ rules

    def _dispatch(self, op: Op) -> int | None:
        if self.caller.role == Role.DIRECTOR.value and op.entity in DIRECTOR_FORBIDDEN:
            raise rejected("forbidden_role", "El perfil de dirección no puede registrar este tipo de dato.")
        payload = _normalise(op)
        record = self.lookup(op.entity, str(op.entity_id))
        if op.entity is Entity.WORKER and ownership.foreign_holder(
                self.session, self.lookup, self.caller.unit_ids, str(op.entity_id), record, _matricula(payload)):
            copy = ownership.guest_copy(self.session, self.caller.unit_ids, str(op.entity_id), lock=True)
            _check_version_range(op, payload, copy.version if copy is not None else 0)  # never the other unit's
            return self._guest(op, payload, copy)
        _check_version_range(op, payload, record.version if record is not None else 0)
        if record is not None and record.unit_id is not None and record.unit_id not in self.caller.unit_ids:
            raise rejected("out_of_scope", "El registro pertenece a una unidad fuera del alcance de este equipo.")
        if op.entity is Entity.COURSE and record is not None and record.unit_id is None:
            raise rejected("catalogue_course", "Los cursos del catálogo central solo los cambia el administrador "
                                               "del servidor.")
        if op.kind is OpKind.DELETE:
            return self._delete(op, payload, record)
        ownership.check_references(self.session, self.lookup, self.caller.unit_ids, op.entity, payload,
                                   creating=record is None)
        placement = self._placement(op, payload, record)
        if op.entity is Entity.CONSTANCIA:
            return self._upsert_constancia(op, payload, record, placement.unit_id, placement.group_id)
        if op.entity is Entity.UNIT:
            self._check_unit(op, payload)
        if op.entity is Entity.ENROLLMENT and record is not None and self._stale(op, record) and \
                payload.get("status") == EnrollmentStatus.WITHDRAWN.value:
            raise self._conflict(record, "stale_removal",
                                 "Otro equipo cambió esta inscripción; la baja no se aplicó.")
        natural_key = self._natural_key(op, payload, placement.unit_id)
        return self._write(op, payload, record, placement.unit_id, placement.group_id, natural_key, OpKind.UPSERT)

    def _placement(self, op: Op, payload: dict[str, Any], record: RecordState | None) -> Placement:
        """The record's unit from the server's data: in scope, and never another than it had."""
        placement = place(self.session, self.lookup, op.entity, str(op.entity_id), payload, record,
                          self.caller.primary_unit)
        if placement.unit_id is not None and placement.unit_id not in self.caller.unit_ids:
            raise rejected("out_of_scope", "El registro pertenece a una unidad fuera del alcance de este equipo.")
        if record is not None and placement.unit_id != record.unit_id:
            raise rejected("unit_change", "Un registro no puede pasar a otra unidad.")
        return placement

    def _guest(self, op: Op, payload: dict[str, Any], copy: WorkerGuest | None) -> int | None:
        """A worker held by another unit: write the caller's unit's own copy, answer as for a new worker."""
        if op.kind is OpKind.DELETE:
            if copy is None:
                return None  # as for a worker the server does not have
            if copy.deleted_at is not None:
                return copy.version
            tombstone = ownership.guest_payload(copy)
            tombstone["deleted_at"] = payload.get("deleted_at") or self.now.isoformat()
            tombstone["version"] = _payload_version(payload)
            return self._write_guest(op, copy, tombstone, OpKind.DELETE)
        placement = place(self.session, self.lookup, op.entity, str(op.entity_id), payload, None,
                          self.caller.primary_unit)
        if placement.unit_id not in self.caller.unit_ids:
            raise rejected("out_of_scope", "El registro pertenece a una unidad fuera del alcance de este equipo.")
        self._natural_key_value(op, payload)  # the same validation as any worker's
        if copy is None:
            copy = WorkerGuest(unit_id=placement.unit_id, worker_id=str(op.entity_id), version=0, payload="{}")
        return self._write_guest(op, copy, payload, OpKind.UPSERT)

    def _write_guest(self, op: Op, copy: WorkerGuest, payload: dict[str, Any], kind: OpKind) -> int:
        version = max(copy.version + 1, _payload_version(payload))
        payload["version"] = version
        if kind is OpKind.UPSERT:
            payload["deleted_at"] = None
        copy.version, copy.payload, copy.updated_at = version, dumps(payload), self.now
        copy.deleted_at = self.now if kind is OpKind.DELETE else None
        copy.updated_by = self.caller.device_id
        self.session.add(copy)
        self.changes.append(PendingChange(op.entity.value, str(op.entity_id), copy.unit_id, kind.value, version,
                                          payload, self.caller.device_id))
        return version

    def _delete(self, op: Op, payload: dict[str, Any], record: RecordState | None) -> int | None:
        if op.entity in (Entity.UNIT, Entity.CONSTANCIA):
            raise rejected("delete_forbidden", "Este tipo de registro no se puede borrar; use la revocación.")
        if record is None:
            return None  # nothing the server knows of: nothing to tombstone
        if record.deleted_at is not None:
            return record.version
        if op.entity is Entity.ENROLLMENT and self._stale(op, record):
            raise self._conflict(record, "stale_removal", "Otro equipo cambió esta inscripción; la baja no se aplicó.")
        tombstone = json.loads(record.payload)
        tombstone["deleted_at"] = payload.get("deleted_at") or self.now.isoformat()
        if isinstance(payload.get("updated_at"), str):
            tombstone["updated_at"] = payload["updated_at"]
        tombstone["version"] = _payload_version(payload)
        return self._write(op, tombstone, record, record.unit_id, record.group_id, record.natural_key, OpKind.DELETE)

    def _write(self, op: Op, payload: dict[str, Any], record: RecordState | None, unit_id: str | None,
               group_id: str | None, natural_key: str | None, kind: OpKind) -> int:
        version = max((record.version + 1) if record else 1, _payload_version(payload))
        payload["version"] = version
        if kind is OpKind.UPSERT:
            payload["deleted_at"] = None
        text = dumps(payload)
        if record is None:
            record = RecordState(entity=op.entity.value, entity_id=str(op.entity_id), rank=RANK[op.entity.value],
                                 unit_id=unit_id, group_id=group_id, natural_key=natural_key, version=version,
                                 payload=text, deleted_at=None, created_at=self.now, updated_at=self.now,
                                 updated_by=self.caller.device_id, is_new=True)
            self.records[(record.entity, record.entity_id)] = record
        elif op.entity in KEEP_HISTORY:
            self.history.append({"entity": record.entity, "entity_id": record.entity_id, "version": record.version,
                                 "payload": record.payload, "written_by": record.updated_by,
                                 "replaced_by": self.caller.device_id, "replaced_at": self.now})
        record.unit_id, record.group_id, record.natural_key = unit_id, group_id, natural_key
        record.version, record.payload, record.updated_at = version, text, self.now
        record.updated_by = self.caller.device_id
        record.deleted_at = self.now if kind is OpKind.DELETE else None
        record.dirty = True
        self.changes.append(PendingChange(op.entity.value, str(op.entity_id), unit_id, kind.value, version,
                                          payload, self.caller.device_id))
        self._feed_worker_unit(op.entity, str(op.entity_id), payload, unit_id, kind, version)
        return version

    def _feed_worker_unit(self, entity: Entity, entity_id: str, payload: dict[str, Any], unit_id: str | None,
                          kind: OpKind, version: int) -> None:
        """A guest's constancia also goes to the worker's unit's feed (its coverage)."""
        if entity is not Entity.CONSTANCIA:
            return
        feed = ownership.worker_feed(self.lookup, payload, unit_id)
        if feed is not None:
            self.changes.append(PendingChange(entity.value, entity_id, feed, kind.value, version, payload,
                                              self.caller.device_id))

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _stale(op: Op, record: RecordState | None) -> bool:
        return record is not None and (op.base_version is None or op.base_version < record.version)

    def _conflict(self, record: RecordState, reason: str, message: str) -> Outcome:
        return Outcome(OpStatus.CONFLICT, reason, message, current=json.loads(record.payload), version=record.version)

    @staticmethod
    def _natural_key_value(op: Op, payload: dict[str, Any]) -> str | None:
        field = NATURAL_KEYS.get(op.entity)
        if field is None or payload.get(field) in (None, ""):
            return None
        value = payload[field]
        if not isinstance(value, str | int) or isinstance(value, bool) or len(str(value)) > MAX_NATURAL_KEY:
            raise rejected("invalid_payload", f"El campo {field} no es válido.")
        return str(value).strip()

    def _natural_key(self, op: Op, payload: dict[str, Any], unit_id: str | None) -> str | None:
        """The stored natural key: the matrícula (global), or ``{unit}:{code}`` (``*`` for the catalogue).

        A clash within what the device can see is a conflict that shows the
        other record; a matrícula held by another unit's worker is not claimed
        (the record keeps no natural key), so it can be neither squatted nor probed.
        """
        key = self._natural_key_value(op, payload)
        if key is None:
            return None
        field = NATURAL_KEYS[op.entity]
        scoped = key if op.entity is Entity.WORKER else f"{unit_id or '*'}:{key}"
        candidates = [scoped]
        if op.entity is Entity.COURSE and unit_id is not None:
            candidates.append(f"*:{key}")  # a unit's course may not take a catalogue course's code
        for candidate in candidates:
            other = self._holder(op, candidate)
            if other is None:
                continue
            if other.unit_id is not None and other.unit_id not in self.caller.unit_ids:
                return None
            raise Outcome(OpStatus.CONFLICT, "duplicate_key", f"Ya existe otro registro con {field} «{key}».",
                          current=json.loads(other.payload), version=other.version)
        return scoped

    def _holder(self, op: Op, key: str) -> RecordState | None:
        other = next((r for r in self.records.values() if r is not None and r.entity == op.entity.value
                      and r.natural_key == key and r.entity_id != str(op.entity_id)), None)
        if other is None:
            row = self.session.execute(select(col(Record.entity_id)).where(
                col(Record.entity) == op.entity.value, col(Record.natural_key) == key,
                col(Record.entity_id) != str(op.entity_id))).first()
            if row is not None:
                other = self.lookup(op.entity, row.entity_id)
                if other is not None and other.natural_key != key:  # renamed earlier in this batch
                    other = None
        return other

    def _check_unit(self, op: Op, payload: dict[str, Any]) -> None:
        unit = self.session.get(Unit, str(op.entity_id))
        if unit is None:  # place() has already refused an unknown unit
            raise ScopeProblem("unknown_unit", "La unidad no está registrada en el servidor.")
        code = payload.get("code")
        if code is not None and code != unit.code:
            raise rejected("unit_code_mismatch", "La clave de la unidad no coincide con la del servidor.")
        payload["code"] = unit.code
        name = payload.get("name")
        if isinstance(name, str) and 0 < len(name.strip()) <= 200 and "\x00" not in name:
            unit.name = name.strip()
            self.session.add(unit)

    def _upsert_constancia(self, op: Op, payload: dict[str, Any], record: RecordState | None,
                           unit_id: str | None, group_id: str | None) -> int:
        raw_folio = payload.get("folio")
        try:
            folio = str(Folio.parse(raw_folio)) if isinstance(raw_folio, str) else None
        except ValueError:
            folio = None
        if folio is None:
            raise rejected("invalid_folio", "El folio de la constancia no es válido.")
        status = payload.get("status", ConstanciaStatus.VALID.value)
        if status not in STATUS_RANK:
            raise rejected("invalid_payload", "El estado de la constancia no es válido.")
        payload["folio"] = folio
        if record is None:
            if not folio.startswith(self.caller.device_code + "-"):
                raise rejected("folio_device_mismatch", "El folio no corresponde al código de este equipo.")
            digest = self._check_qr(payload.get("qr_text"), folio)
            if self.session.scalars(select(ConstanciaIndex).where(col(ConstanciaIndex.folio) == folio)).first():
                self._flag(f"folio duplicado {folio}")
                raise rejected("duplicate_folio",
                               f"El folio {folio} ya pertenece a otra constancia; el equipo quedó señalado.")
            if payload.get("supersedes_id"):
                self._check_owner(str(payload["supersedes_id"]), "sustituir")
            self.session.add(ConstanciaIndex(id=str(op.entity_id), folio=folio, device_id=self.caller.device_id,
                                             unit_id=unit_id, status=status, status_changed_at=self.now,
                                             received_at=self.now, fields_hash=digest))
            self.session.flush()
            version = self._write(op, payload, None, unit_id, group_id, None, OpKind.UPSERT)
            if payload.get("supersedes_id"):
                self._supersede(payload["supersedes_id"], folio, str(op.entity_id))
            return version
        index = self.session.get(ConstanciaIndex, str(op.entity_id), with_for_update=True)
        if index is not None and index.device_id != self.caller.device_id:
            raise rejected("not_owner", "Solo el equipo que emitió la constancia (o el administrador) puede "
                                        "revocarla o sustituirla.")
        current = json.loads(record.payload)
        frozen_new = {k: v for k, v in payload.items() if k not in CONSTANCIA_MUTABLE}
        frozen_old = {k: v for k, v in current.items() if k not in CONSTANCIA_MUTABLE}
        if frozen_new != frozen_old:
            raise rejected("constancia_frozen", "Una constancia emitida no se puede modificar; emita una nueva.")
        if index is None:  # the index row is written with the constancia's first version and never deleted
            raise LookupError(f"constancia {op.entity_id} is stored without its constancia_index row")
        if STATUS_RANK[status] < STATUS_RANK[index.status]:
            raise self._conflict(record, "status_final", "La constancia ya fue sustituida o revocada en el servidor.")
        if status == index.status and all(payload.get(k) == current.get(k) for k in CONSTANCIA_MUTABLE - {
                "version", "updated_at", "deleted_at"}):
            return record.version
        if status != index.status:
            index.status, index.status_changed_at = status, self.now
            reason = payload.get("revoked_reason")
            index.status_reason = reason[:500] if isinstance(reason, str) else index.status_reason
            self.session.add(index)
        merged = {**current, **{k: v for k, v in payload.items() if k in CONSTANCIA_MUTABLE}}
        return self._write(op, merged, record, record.unit_id, record.group_id, None, OpKind.UPSERT)

    def _check_qr(self, qr_text: Any, folio: str) -> str:
        """The QR is signed by this device's key and certifies this folio; returns the fields' digest."""
        if self._public_key is None:
            device = self.session.get(Device, self.caller.device_id)
            if device is None:  # the caller was authenticated as this device
                raise LookupError(f"device {self.caller.device_id} is not stored")
            self._public_key = base64.b64decode(device.public_key)
        outcome = verify_qr_text(qr_text, {self.caller.device_code: self._public_key}) \
            if isinstance(qr_text, str) else None
        if outcome is None or outcome.status != "valid" or outcome.key_id != self.caller.device_code:
            raise rejected("invalid_signature", "El código QR de la constancia no está firmado por este equipo "
                                                "o sus datos fueron alterados.")
        if outcome.fields is None:  # a valid signature always certifies fields
            raise ValueError("a verified QR without certified fields")
        if outcome.fields.folio != folio:
            raise rejected("qr_mismatch", f"El código QR certifica el folio {outcome.fields.folio}, "
                                          f"no el {folio} de la constancia.")
        return certified_digest(outcome.fields)

    def _check_owner(self, constancia_id: str, action: str) -> None:
        index = self.session.get(ConstanciaIndex, constancia_id)
        if index is not None and index.device_id != self.caller.device_id:
            raise rejected("not_owner", f"Solo el equipo que emitió la constancia puede {action}la.")

    def _supersede(self, old_id: str, new_folio: str, new_id: str) -> None:
        # lock the record, then its index row: the order every writer of constancias uses
        if not getattr(self.records.get((Entity.CONSTANCIA.value, old_id)), "dirty", False):
            self._load(Entity.CONSTANCIA.value, {old_id}, lock=True)
        record = self.lookup(Entity.CONSTANCIA, old_id)
        index = self.session.get(ConstanciaIndex, old_id, with_for_update=True)
        if index is None or record is None or index.status != ConstanciaStatus.VALID.value:
            return
        if index.unit_id is not None and index.unit_id not in self.caller.unit_ids:
            return
        index.status, index.superseded_by, index.status_changed_at = \
            ConstanciaStatus.SUPERSEDED.value, new_folio, self.now
        self.session.add(index)
        payload = json.loads(record.payload)
        payload.update(status=ConstanciaStatus.SUPERSEDED.value, superseded_by_id=new_id)
        version = record.version + 1
        payload["version"] = version
        record.payload, record.version, record.updated_at, record.dirty = dumps(payload), version, self.now, True
        self.changes.append(PendingChange(Entity.CONSTANCIA.value, old_id, record.unit_id, OpKind.UPSERT.value,
                                          version, payload, self.caller.device_id))
        self._feed_worker_unit(Entity.CONSTANCIA, old_id, payload, record.unit_id, OpKind.UPSERT, version)

    def _flag(self, reason: str) -> None:
        log.warning("device %s flagged: %s", self.caller.device_id, reason)
        self.session.execute(update(Device).where(col(Device.id) == self.caller.device_id)
                             .values(flagged_at=self.now, flag_reason=reason[:500]))


def _replay(result: OpResult) -> OpResult:
    status = OpStatus.DUPLICATE if result.status in (OpStatus.APPLIED, OpStatus.DUPLICATE) else result.status
    return result.model_copy(update={"status": status, "replayed": True})


def push(db: Database, caller: Caller, ops: list[Op]) -> list[OpResult]:
    """Apply a batch atomically, retrying on races with concurrent writers.

    Raises:
        ApiError: 503 when the database stays too busy to take the batch.
    """
    def apply(session: Session) -> list[OpResult]:
        device = session.get(Device, caller.device_id)
        if device is None or device.revoked_at is not None:
            raise ApiError(401, "device_revoked", "Este equipo fue dado de baja; pida una nueva inscripción.")
        return Batch(session, caller).run(ops)

    try:
        return write_with_retries(db, apply, label="push")
    except DBAPIError as exc:
        if is_retryable(exc):
            raise ApiError(503, "busy", "El servidor está ocupado; intente de nuevo en un momento.") from exc
        raise


"""New workers of an import as the insert's parameters and their outbox payloads, built fast.

A plantilla of 20,000 rows would otherwise spend more time converting values
(SQLAlchemy's per-parameter processing, pydantic's conversion, the JSON
encoder) than validating and inserting them. Here a new worker's values are
converted once each: those shared by every row of a kind (the instant, the
version, the unit, the staff-list flag) once per import, the rest (text, and
the id) per row. The result is what the ORM path stores and queues for the
same row: each column in its SQLAlchemy type's stored form
(:func:`app.storage.prepared.storage_form`) and the payload text :func:`changes.json_payload`
writes, keys in the table's order.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
import uuid
from json.encoder import encode_basestring  # the encoder's own string quoting (C)
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy.engine import Connection

from app.domain.text import search_key
from app.importing import StaffRecord
from app.storage.prepared import storage_form, stored_as_is
from app.storage.tables import Worker

FIELDS = tuple(Worker.model_fields)  # the insert's columns and the payload's keys, in the table's order
# The same for every new worker of an import that has the same unit and staff-list flag.
_SHARED = ("created_at", "updated_at", "version", "deleted_at", "unit_id", "in_staff_list")
# The rest, in the table's order (a new row's values are gathered in this order by NewWorkers.add_new).
_VARYING = ("id", "matricula", "given_names", "paternal_surname", "maternal_surname", "curp", "category",
            "department", "shift", "search_key", "external_institution", "credential_number")
if _VARYING != tuple(name for name in FIELDS if name not in _SHARED):
    raise RuntimeError("worker_rows: the worker table's columns changed; update _VARYING and NewWorkers.add_new")
# What the file may give, in the order add_new takes them.
_IMPORTED = ("given_names", "paternal_surname", "maternal_surname", "curp", "category", "department", "shift",
             "external_institution", "credential_number")
_shared = operator.itemgetter(*_SHARED)
_varying = operator.itemgetter(*_VARYING)
_imported = operator.itemgetter(*_IMPORTED)
# A stored row from the varying values followed by the shared ones, in the table's column order.
_assemble = operator.itemgetter(*((_VARYING + _SHARED).index(name) for name in FIELDS))
_KEYS = {name: encode_basestring(name) + ":" for name in FIELDS}
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # as changes.json_payload
# What the file does not give: every imported column empty (the CURP absent).
_EMPTY: dict[str, Any] = dict.fromkeys(_IMPORTED, "")
_EMPTY["curp"] = None

_part_key = functools.lru_cache(maxsize=16_384)(search_key)  # names repeat down a plantilla


def roster_key(given: str, paternal: str, maternal: str | None) -> str:
    """:func:`app.domain.text.roster_sort_key`, from the keys of the three names (each computed once
    per import): the key's steps act on each character alone, so the key of the names joined by
    spaces is their keys joined by spaces, empty ones left out."""
    return " ".join(filter(None, (_part_key(paternal), _part_key(maternal or ""), _part_key(given))))


def new_row(record: StaffRecord, values: dict, *, row_id: uuid.UUID, unit_id: uuid.UUID | None,
            in_staff_list: bool, now: dt.datetime) -> dict:
    """A new worker's full row, in the table's column order (as its outbox payload).

    Args:
        values: the columns the file gives (the rest are empty).
    """
    row = {"id": row_id, "created_at": now, "updated_at": now, "version": 1, "deleted_at": None,
           "unit_id": unit_id, "matricula": record.matricula, "in_staff_list": in_staff_list,
           **_EMPTY, **values}
    row["search_key"] = roster_key(row["given_names"], row["paternal_surname"], row["maternal_surname"])
    return {name: row[name] for name in FIELDS}


def _json_value(value: Any) -> str:
    if type(value) is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if type(value) is uuid.UUID:  # the id of every row
        return encode_basestring(str(value))  # as pydantic writes it
    return _encode(to_jsonable_python(value))


class NewWorkers:
    """The insert parameters (:attr:`rows`) and outbox ops (:attr:`ops`) of an import's new workers."""

    def __init__(self, conn: Connection) -> None:
        self._stored = {name: storage_form(conn, Worker.__table__.c[name]) for name in FIELDS}
        self._converted = tuple((i, self._stored[name]) for i, name in enumerate(_VARYING)
                                if self._stored[name] is not stored_as_is)
        self._kinds: dict[tuple, tuple[tuple, str]] = {}
        self.rows: list[tuple] = []
        self.ops: list[tuple[Any, None, str]] = []

    def _kind(self, shared: tuple) -> tuple[tuple, str]:
        """For rows with these :data:`_SHARED` values: their stored form, and the payload as a
        ``%`` template with them filled in and a ``%s`` for each varying value (in :data:`_VARYING` order)."""
        kind = self._kinds.get(shared)
        if kind is None:
            given = dict(zip(_SHARED, shared, strict=True))
            fragments = [_KEYS[name] + ("%s" if name in _VARYING else _json_value(given[name]).replace("%", "%%"))
                         for name in FIELDS]
            kind = self._kinds[shared] = (tuple(self._stored[name](given[name]) for name in _SHARED),
                                          "{" + ",".join(fragments) + "}")
        return kind

    def _append(self, varying: tuple, encoded: tuple[str, ...], kind: tuple[tuple, str]) -> None:
        """Queue a row from its varying values, their JSON texts and its kind (:meth:`_kind`)."""
        stored_shared, template = kind
        stored = list(varying)
        for i, convert in self._converted:
            stored[i] = convert(stored[i])
        self.rows.append(_assemble((*stored, *stored_shared)))
        self.ops.append((stored[0], None, template % encoded))

    def add(self, row: dict) -> None:
        """Queue the row (a :func:`new_row`) for the insert and its op for the outbox."""
        varying = _varying(row)
        self._append(varying, tuple([encode_basestring(value) if type(value) is str else _json_value(value)
                                     for value in varying]), self._kind(_shared(row)))

    def add_new(self, record: StaffRecord, values: dict, *, row_id: uuid.UUID, unit_id: uuid.UUID | None,
                in_staff_list: bool, now: dt.datetime) -> None:
        """``add(new_row(record, values, …))`` with the same arguments, without building the row's dict.

        Args:
            values: as for :func:`new_row`; text, and ``None`` for an absent CURP.
        """
        given, paternal, maternal, curp, category, department, shift, institution, credential = _imported(
            _EMPTY | values)
        key = roster_key(given, paternal, maternal)
        matricula = record.matricula
        text = encode_basestring
        self._append(
            (row_id, matricula, given, paternal, maternal, curp, category, department, shift, key, institution,
             credential),
            (text(str(row_id)), "null" if matricula is None else text(matricula),
             *map(text, (given, paternal, maternal)), "null" if curp is None else text(curp),
             *map(text, (category, department, shift, key, institution, credential))),
            self._kind((now, now, 1, None, unit_id, in_staff_list)))

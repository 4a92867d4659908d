"""Wire models of the sync protocol, shared by the desktop client and the server.

Everything that crosses the network between a device and the central server is
described here as a pydantic model, so both sides validate the same shapes
(DESIGN §5). The module has no I/O and imports only ``app.domain``, ``app.sync.entities`` and pydantic.

Conventions:

* Every request to ``/v1/`` (except ``/v1/health``, registration and the public
  verification endpoints) carries the headers :data:`HEADER_SCHEMA` and
  :data:`HEADER_APP_VERSION`, and ``Authorization: Bearer <token>``.
* Request bodies are JSON, optionally gzip-compressed (``Content-Encoding: gzip``).
* Errors are always :class:`ErrorBody`: a machine code and a Spanish message.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.domain.enums import OpKind, Role
from app.domain.ids import AULA_NAMESPACE
from app.sync.entities import ENTITY_ORDER as ENTITY_ORDER  # re-exported: part of the wire contract
from app.sync.entities import Entity

#: The sync schema this code speaks. The server accepts this one and the previous one.
SCHEMA_VERSION = 1
#: The oldest schema the server still accepts; older clients get 426 "Actualice Aula".
MIN_SCHEMA_VERSION = SCHEMA_VERSION - 1

HEADER_SCHEMA = "X-Aula-Schema"
HEADER_APP_VERSION = "X-Aula-App-Version"

MAX_OPS_PER_BATCH = 500
MAX_PULL_LIMIT = 1000
#: A pull page stops once its payloads pass this size (it always holds at least one change).
MAX_PULL_PAGE_BYTES = 2 * 1024 * 1024
DEFAULT_PULL_LIMIT = 500
#: Largest request body accepted on the wire (compressed) and once decompressed.
MAX_BODY_BYTES = 5 * 1024 * 1024
MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024
#: The largest integer the protocol carries (versions, cursors): fits a signed 64-bit column.
MAX_INT = 2**62


AppVersion = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z.+\-_]+$")]
SchemaVersion = Annotated[int, Field(ge=-10_000, le=10_000)]
Version = Annotated[int, Field(ge=0, le=MAX_INT)]
UnitCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")]


class OpStatus(StrEnum):
    """What the server did with one pushed operation."""

    APPLIED = "applied"
    DUPLICATE = "duplicate"
    CONFLICT = "conflict"
    REJECTED = "rejected"


class VerificationStatus(StrEnum):
    """The answer of the public verification of a constancia."""

    VALID = "valid"
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    INVALID = "invalid"
    UNKNOWN = "unknown"
    MALFORMED = "malformed"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class ErrorBody(_Model):
    """Every 4xx/5xx answer of the server."""

    error: str = Field(description="Machine-readable code, e.g. `unauthorized`.")
    message: str = Field(description="Explanation in Spanish, fit to show to a person.")


# --------------------------------------------------------------------------- enrollment


def decode_public_key(text: str) -> bytes:
    """The raw 32 bytes of an Ed25519 public key given in standard base64.

    Raises:
        ValueError: when the text is not base64 of exactly 32 bytes.
    """
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise ValueError("la llave pública no está en base64") from exc
    if len(raw) != 32:
        raise ValueError("la llave pública debe tener 32 bytes (Ed25519)")
    return raw


def encode_public_key(raw: bytes) -> str:
    """Standard base64 of a raw public key, as carried on the wire."""
    return base64.b64encode(raw).decode("ascii")


#: How long a registration challenge may be used.
CHALLENGE_SECONDS = 300


def normalize_enrollment_code(code: str) -> str:
    """The code as stored and signed: letters and digits only, upper case."""
    return "".join(c for c in code.upper() if c.isalnum())


def registration_message(code: str, nonce: str, public_key: str, install_id: str) -> bytes:
    """What a device signs with its private key to prove it holds the key it registers.

    It binds the one-time code, the server's fresh nonce, the key and the
    installation, so a signature serves for one registration only.
    """
    return "\n".join(("aula-register-v1", normalize_enrollment_code(code), nonce, public_key,
                      install_id)).encode("utf-8")


class ChallengeResponse(_Model):
    """``POST /v1/devices/challenge``: a single-use nonce for one registration."""

    nonce: str
    expires_at: dt.datetime


class RegisterRequest(_Model):
    """``POST /v1/devices/register``: a device enrolls with a one-time code.

    ``signature`` is the device's Ed25519 signature over
    :func:`registration_message` (proof of possession of the private key).
    """

    code: str = Field(min_length=4, max_length=64, pattern=r"^[0-9A-Za-z\- ]+$",
                      description="The one-time enrollment code, as printed (dashes and spaces ignored).")
    public_key: str = Field(min_length=40, max_length=64, description="Base64 of the raw 32-byte Ed25519 key.")
    install_id: str = Field(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z\-_.]+$")
    app_version: AppVersion
    schema_version: SchemaVersion
    nonce: str = Field(min_length=16, max_length=64, pattern=r"^[0-9A-Za-z\-_]+$",
                       description="A nonce from POST /v1/devices/challenge, used once.")
    signature: str = Field(min_length=80, max_length=100,
                           description="Base64 of the 64-byte Ed25519 signature over registration_message().")

    @field_validator("public_key")
    @classmethod
    def _check_key(cls, value: str) -> str:
        decode_public_key(value)
        return value

    @field_validator("signature")
    @classmethod
    def _check_signature(cls, value: str) -> str:
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("signature is not base64") from exc
        if len(raw) != 64:
            raise ValueError("an Ed25519 signature has 64 bytes")
        return value


class ScopeUnit(_Model):
    """A unit a device serves."""

    id: uuid.UUID
    code: str
    name: str


class RegisterResponse(_Model):
    device_id: uuid.UUID
    device_code: str = Field(description="8 base32 characters derived from the public key.")
    token: str = Field(description="Bearer token; shown once, stored hashed by the server.")
    role: Role
    scope: list[ScopeUnit]
    server_time: dt.datetime


class EpochRequest(_Model):
    """``POST /v1/devices/epoch``, at the start of every round: the database's identity moves on.

    ``current`` is the epoch the device holds ("" right after enrollment), ``next`` a
    new random one. A database restored from a backup or copied to another
    machine offers a ``current`` the server has moved past: 409 ``stale_database``.
    """

    current: str = Field(max_length=64, pattern=r"^[0-9A-Za-z\-_]*$")
    next: str = Field(min_length=16, max_length=64, pattern=r"^[0-9A-Za-z\-_]+$")


class EpochResponse(_Model):
    epoch: str
    server_time: dt.datetime


class DeviceKey(_Model):
    """An enrolled device's public key, for verifying its constancias offline."""

    device_id: uuid.UUID
    device_code: str
    public_key: str
    enrolled_at: dt.datetime
    revoked_at: dt.datetime | None = None


class DeviceKeysResponse(_Model):
    keys: list[DeviceKey]


# --------------------------------------------------------------------------- push

#: Payload keys that carry a foreign key the server uses to check scope.
FOREIGN_KEYS: tuple[str, ...] = ("unit_id", "group_id", "course_id", "session_id", "activity_id", "worker_id")


UUID7_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"


def _is_uuid7(value: uuid.UUID) -> bool:
    return value.version == 7 and value.variant == uuid.RFC_4122


#: Limits of what an op's payload may hold; beyond them the op is rejected on its own.
MAX_PAYLOAD_DEPTH = 8
MAX_STRING_CHARS = 20_000
#: How far ahead of the stored version a pushed version may be (each local edit adds one).
MAX_VERSION_JUMP = 1_000_000


def _text_problem(text: str, where: str) -> str | None:
    if len(text) > MAX_STRING_CHARS:
        return f"El texto de {where} es demasiado largo ({len(text)} caracteres; máximo {MAX_STRING_CHARS})."
    if "\x00" in text:
        return f"El texto de {where} contiene un carácter nulo."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return f"El texto de {where} contiene un carácter Unicode no válido (sustituto aislado)."
    return None


def payload_problem(payload: Any, where: str = "la operación", depth: int = 0) -> str | None:
    """Why a payload cannot be stored and served back, in Spanish; ``None`` when it can.

    The server applies the same check to every pushed op and rejects only the
    op that fails it, so one bad record never blocks a batch, a pull or a
    bootstrap; the client uses it before queuing.
    """
    if depth > MAX_PAYLOAD_DEPTH:
        return f"El contenido de {where} está anidado a más de {MAX_PAYLOAD_DEPTH} niveles."
    if isinstance(payload, str):
        return _text_problem(payload, where)
    if isinstance(payload, dict):
        for key, value in payload.items():
            problem = (_text_problem(key, where) if isinstance(key, str) else None) or \
                payload_problem(value, f"«{key}»" if depth == 0 and isinstance(key, str) else where, depth + 1)
            if problem:
                return problem
    elif isinstance(payload, list):
        for value in payload:
            problem = payload_problem(value, where, depth + 1)
            if problem:
                return problem
    elif isinstance(payload, int) and not isinstance(payload, bool) and abs(payload) > MAX_INT:
        return f"Un número de {where} está fuera de rango."
    return None


class Op(_Model):
    """One outbox operation. ``payload`` holds the client row's columns as JSON values."""

    op_id: uuid.UUID = Field(description="UUIDv7 made by the client; the server applies each op once.",
                             json_schema_extra={"pattern": UUID7_PATTERN})
    entity: Entity
    entity_id: uuid.UUID
    kind: OpKind
    base_version: Version | None = Field(default=None, description="The version the edit was based on.")
    payload: dict[str, Any] = Field(default_factory=dict, max_length=200)

    @field_validator("op_id")
    @classmethod
    def _check_op_id(cls, value: uuid.UUID) -> uuid.UUID:
        if not _is_uuid7(value):
            raise ValueError("op_id debe ser un UUIDv7")
        return value


class PushRequest(_Model):
    ops: list[Op] = Field(min_length=1, max_length=MAX_OPS_PER_BATCH)


class OpResult(_Model):
    """The server's answer for one op, in the order of the request."""

    op_id: uuid.UUID
    status: OpStatus
    reason: str | None = Field(default=None, description="Machine code when not applied.")
    message: str | None = Field(default=None, description="Spanish explanation when not applied.")
    version: int | None = Field(default=None, description="The record's server version after the op.")
    server_seq: int | None = Field(default=None, description="The change-log position of the change.")
    current: dict[str, Any] | None = Field(default=None, description="The server's row, on conflict.")
    replayed: bool = Field(default=False, description="True when this op had already been processed.")


class PushResponse(_Model):
    results: list[OpResult]


# --------------------------------------------------------------------------- pull / bootstrap


class Change(_Model):
    """One change-log entry: the state of a record after a change, or its tombstone."""

    seq: int
    entity: Entity
    entity_id: uuid.UUID
    kind: OpKind
    version: int
    unit_id: uuid.UUID | None = None
    payload: dict[str, Any]
    changed_at: dt.datetime


class PullResponse(_Model):
    changes: list[Change]
    next_cursor: int = Field(description="Pass as `since` in the next pull.")
    has_more: bool


class BootstrapRecord(_Model):
    entity: Entity
    entity_id: uuid.UUID
    version: int
    deleted: bool
    payload: dict[str, Any]


class BootstrapResponse(_Model):
    """One page of a unit's current data for a new device.

    ``cursor`` is the change-log position at the time of reading; after the
    last page, pull from the cursor of the *first* page.
    """

    unit: ScopeUnit
    page: int
    records: list[BootstrapRecord]
    has_more: bool
    next_page: int | None
    cursor: int


# --------------------------------------------------------------------------- verification / health


class VerifyResponse(_Model):
    """``GET /v1/constancias/verify``: what the public page shows, as JSON. Never carries the CURP."""

    status: VerificationStatus
    title: str
    message: str
    folio: str | None = None
    key_id: str | None = None
    fields: dict[str, Any] = Field(default_factory=dict)
    known_to_server: bool = False
    revoked_at: dt.datetime | None = None
    revocation_reason: str | None = None
    superseded_by: str | None = None


class HealthResponse(_Model):
    status: str
    database: str
    schema_version: int
    min_schema_version: int


# --------------------------------------------------------------------------- natural identity

def catalogue_course_id(code: str) -> uuid.UUID:
    """The one id of a central-catalogue course, from its code (``aula-server import-courses``)."""
    return uuid.uuid5(AULA_NAMESPACE, f"catalogue-course:{code}")


# --------------------------------------------------------------------------- payloads, one model per entity


class SyncedPayload(BaseModel):
    """Columns every synced record carries in an op's or a change's ``payload``.

    The payload models name and type each entity's columns once, for the desktop
    client (checked before an op is sent, and on what pull applies), the server
    (every pushed op) and the importers. Fields are optional: an op may carry
    only some columns, and the server keeps what it is given; a present field
    must have its type. The client refuses unknown keys, so a renamed column is caught.
    """

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    version: int | None = None  # its range is the server's check (version_out_of_range)
    deleted_at: dt.datetime | None = None


class UnitPayload(SyncedPayload):
    code: str | None = None
    name: str | None = None
    director_name: str | None = None
    employer_name: str | None = None
    employer_rfc: str | None = None
    employer_representative: str | None = None
    workers_representative: str | None = None
    training_agent: str | None = None


class WorkerPayload(SyncedPayload):
    unit_id: uuid.UUID | None = None
    matricula: str | int | None = None
    given_names: str | None = None
    paternal_surname: str | None = None
    maternal_surname: str | None = None
    curp: str | None = None
    category: str | None = None
    department: str | None = None
    shift: str | None = None
    in_staff_list: bool | None = None
    search_key: str | None = None
    external_institution: str | None = None
    credential_number: str | None = None


class CoursePayload(SyncedPayload):
    code: str | None = None
    name: str | None = None
    programme: str | None = None
    hours: int | None = None
    min_attendance_percent: int | None = None
    tolerance_minutes: int | None = None
    all_activities_required: bool | None = None
    session_template: str | None = None
    dc3_enabled: bool | None = None
    dc3_thematic_area: str | None = None


class CourseGroupPayload(SyncedPayload):
    code: str | None = None
    course_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    room: str | None = None
    instructors: str | None = None
    capacity: int | None = None
    status: str | None = None
    closed_at: dt.datetime | None = None


class SessionPayload(SyncedPayload):
    group_id: uuid.UUID | None = None
    index: int | None = None
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None


class ActivityPayload(SyncedPayload):
    group_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    position: int | None = None
    name: str | None = None
    required: bool | None = None


class EnrollmentPayload(SyncedPayload):
    group_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None
    status: str | None = None
    withdrawn_at: dt.datetime | None = None


class AttendancePayload(SyncedPayload):
    session_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None
    status: str | None = None
    check_in: dt.datetime | None = None
    check_out: dt.datetime | None = None
    minutes: int | None = None


class ParticipationPayload(SyncedPayload):
    activity_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None
    participated: bool | None = None


class ConstanciaPayload(SyncedPayload):
    folio: str | None = None
    device_code: str | None = None
    year: int | None = None
    counter: int | None = None
    group_id: uuid.UUID | None = None
    worker_id: uuid.UUID | None = None
    enrollment_id: uuid.UUID | None = None
    status: str | None = None
    layout: str | None = None
    snapshot: str | None = None
    template_version: str | None = None
    pdf_sha256: str | None = None
    key_id: str | None = None
    signature: str | None = None
    qr_text: str | None = None
    issued_at: dt.datetime | None = None
    supersedes_id: uuid.UUID | None = None
    superseded_by_id: uuid.UUID | None = None
    revoked_at: dt.datetime | None = None
    revoked_reason: str | None = None


PAYLOADS: dict[Entity, type[SyncedPayload]] = {
    Entity.UNIT: UnitPayload, Entity.WORKER: WorkerPayload, Entity.COURSE: CoursePayload,
    Entity.COURSE_GROUP: CourseGroupPayload, Entity.SESSION: SessionPayload, Entity.ACTIVITY: ActivityPayload,
    Entity.ENROLLMENT: EnrollmentPayload, Entity.ATTENDANCE: AttendancePayload,
    Entity.PARTICIPATION: ParticipationPayload, Entity.CONSTANCIA: ConstanciaPayload,
}


def payload_type_problem(entity: Entity, payload: dict[str, Any], *, allow_unknown: bool = False) -> str | None:
    """Why ``payload`` does not fit its entity's payload model, in Spanish; ``None`` when it does.

    ``allow_unknown`` checks only the fields the model names (the server, which also
    reads keys of its own such as a course's ``unit_id``, and of older clients).
    """
    from pydantic import ValidationError

    model = PAYLOADS[entity]
    if allow_unknown:
        payload = {key: value for key, value in payload.items() if key in model.model_fields}
    try:
        model.model_validate(payload)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error.get("loc", ())) or "el contenido"
        if error.get("type") == "extra_forbidden":
            return f"El campo «{where}» no existe en {entity.value}."
        return f"El campo «{where}» de {entity.value} no tiene un valor válido."
    return None

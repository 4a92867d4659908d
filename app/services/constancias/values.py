"""The values the constancia services hand to the UI and the CLI, and the row → value reading."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from app.domain.constancia_snapshot import ConstanciaSnapshot
from app.domain.enums import ConstanciaStatus
from app.domain.signing import QrVerification
from app.services.errors import ServiceError
from app.storage.tables import Constancia

LAYOUT = "constancia"


class ConstanciaNotIssuable(ServiceError):
    pass


@dataclass(frozen=True)
class ConstanciaInfo:
    """An issued constancia as the UI and the CLI show it."""

    id: uuid.UUID
    folio: str
    worker_id: uuid.UUID
    enrollment_id: uuid.UUID
    group_id: uuid.UUID
    worker_name: str
    status: ConstanciaStatus
    qr_text: str
    pdf_sha256: str
    issued_on: dt.date
    supersedes_id: uuid.UUID | None
    superseded_by_id: uuid.UUID | None
    revoked_reason: str


@dataclass(frozen=True)
class NotQualified:
    worker_id: uuid.UUID
    name: str
    reasons: str


@dataclass(frozen=True)
class IssueReport:
    """What :func:`issue_constancias` did.

    Attributes:
        issued: the constancias issued now, in roster order.
        already_issued: participants who already held a valid constancia.
        not_qualified: participants who do not qualify, with the reasons.
        not_issuable: participants who qualify but whose texts do not fit the
            QR (see :class:`app.domain.signing.PayloadTooLarge`), with the reason.
        cancelled: the caller stopped the batch; what was issued before stays issued.
    """

    issued: tuple[ConstanciaInfo, ...]
    already_issued: tuple[ConstanciaInfo, ...]
    not_qualified: tuple[NotQualified, ...]
    not_issuable: tuple[NotQualified, ...] = ()
    cancelled: bool = False


@dataclass(frozen=True)
class ConstanciaCheck:
    """The verdict on a scanned QR: the signature and what this device knows.

    Attributes:
        verification: the offline signature check.
        local_status: the status of that folio in the local database, or
            ``None`` when this device does not hold it.
        message: one Spanish sentence for the person verifying.
    """

    verification: QrVerification
    local_status: ConstanciaStatus | None
    message: str

    @property
    def ok(self) -> bool:
        return self.verification.is_valid and self.local_status in (None, ConstanciaStatus.VALID)


@dataclass(frozen=True)
class LocalStatus:
    """What this device's database says about a folio.

    Attributes:
        folio: the folio asked about.
        status: vigente, sustituida or revocada.
        replaced_by: the folio of the constancia that supersedes it, if known here.
        revoked_reason: why it was revoked ("" otherwise).
    """

    folio: str
    status: ConstanciaStatus
    replaced_by: str | None
    revoked_reason: str


def snapshot_of(row: Constancia) -> ConstanciaSnapshot:
    """The row's frozen snapshot, migrated to the current schema on read."""
    return ConstanciaSnapshot.from_json(row.snapshot)


def info(row: Constancia, snapshot: ConstanciaSnapshot | None = None) -> ConstanciaInfo:
    snapshot = snapshot or snapshot_of(row)
    return ConstanciaInfo(
        row.id, row.folio, row.worker_id, row.enrollment_id, row.group_id,
        snapshot.fields.worker_name, row.status, row.qr_text, row.pdf_sha256,
        snapshot.issued_on, row.supersedes_id, row.superseded_by_id, row.revoked_reason,
    )

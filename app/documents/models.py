"""What the document builders print: plain, frozen values built by services.

Nothing here touches the database; a service gathers the data, builds these
values and hands them to a builder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.completion import Verdict
from app.domain.signing import CertifiedFields

EXTERNAL = "Externo"
"""What the matrícula column shows for an external participant (who has none)."""


@dataclass(frozen=True)
class Branding:
    """Institution and signatories printed on constancias and sheets.

    Attributes:
        institution_name: e.g. the name of the institution, first line of the header.
        programme_name: second header line (programme or area); may be empty.
        logo_left: image (PNG/JPEG) for the top-left corner, or ``None``.
        logo_right: image for the top-right corner, or ``None``.
        director_name: the unit director who signs constancias.
        director_title: the director's title under the signature line.
        instructor_title: the title printed under the instructor's name.
        instructor_signature: scanned signature image of the instructor, or ``None``.
        director_signature: scanned signature image of the director, or ``None``.
        verify_hint: short text under the QR telling people how to verify.
    """

    institution_name: str
    programme_name: str = ""
    logo_left: Path | None = None
    logo_right: Path | None = None
    director_name: str = ""
    director_title: str = "Director(a) de la unidad"
    instructor_title: str = "Instructor(a)"
    instructor_signature: Path | None = None
    director_signature: Path | None = None
    verify_hint: str = "Escanee el código para verificar la autenticidad de esta constancia."


@dataclass(frozen=True)
class ConstanciaPage:
    """One constancia to print.

    Attributes:
        fields: the frozen certified fields (what the QR signs).
        qr_text: the signed QR text (a verification URL).
        issued_on: date of issue printed in the footer.
        mark: optional overprint such as ``"REIMPRESIÓN"``; empty for the original.
        institution: an external participant's institution, printed under the
            name; empty for the institution's own staff.
    """

    fields: CertifiedFields
    qr_text: str
    issued_on: dt.date
    mark: str = ""
    institution: str = ""


@dataclass(frozen=True)
class Dc3Page:
    """The DC-3 (constancia de competencias o de habilidades laborales) of one worker."""

    worker_name: str
    curp: str
    occupation: str
    position: str
    employer_name: str
    employer_rfc: str
    course_name: str
    hours: int
    period_start: dt.date
    period_end: dt.date
    thematic_area: str
    training_agent: str
    instructor_name: str
    employer_representative: str = ""
    workers_representative: str = ""
    folio: str = ""
    qr_text: str = ""


@dataclass(frozen=True)
class SheetParticipant:
    """One row of a sign-in sheet."""

    name: str
    matricula: str | None
    category: str = ""


@dataclass(frozen=True)
class SignInSheet:
    """A lista de asistencia for one session of a group."""

    course_name: str
    group_code: str
    session_index: int
    session_date: dt.date
    start: dt.time
    end: dt.time
    venue: str
    instructor_name: str
    participants: tuple[SheetParticipant, ...]
    activities: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportSession:
    index: int
    date: dt.date
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class ReportActivity:
    session_index: int
    name: str


@dataclass(frozen=True)
class ReportRow:
    """One participant in a group report.

    Attributes:
        name: the participant's name as listed.
        matricula: the matrícula; ``None`` for an external participant.
        attendance: one short label per session, in session order
            (e.g. ``"Presente"``, ``"Retardo"``, ``"Falta"``, ``"—"``).
        participated: one flag per activity, in the report's activity order.
        verdict: the completion verdict.
        folio: the constancia's folio when one was issued.
    """

    name: str
    matricula: str | None
    attendance: tuple[str, ...]
    participated: tuple[bool, ...]
    verdict: Verdict
    folio: str = ""


@dataclass(frozen=True)
class GroupReport:
    course_name: str
    group_code: str
    venue: str
    instructor_name: str
    sessions: tuple[ReportSession, ...]
    activities: tuple[ReportActivity, ...]
    rows: tuple[ReportRow, ...]
    generated_on: dt.date = field(default_factory=dt.date.today)

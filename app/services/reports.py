"""Printed lists built from the database: the sign-in sheet and the group report."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import BinaryIO

from sqlmodel import select

from app.documents.models import (
    Branding,
    GroupReport,
    ReportActivity,
    ReportRow,
    ReportSession,
    SheetParticipant,
    SignInSheet,
)
from app.domain.enums import AttendanceStatus, ConstanciaStatus, EnrollmentStatus
from app.services import attendance, participation
from app.services.constancias import default_branding
from app.services.context import Context
from app.services.groups import GroupDetail, get_group
from app.services.results import GroupResults, evaluate_group
from app.services.roster import list_roster
from app.storage.files import whole_file
from app.storage.tables import Constancia

# Short labels for the report's attendance columns.
STATUS_LABELS = {
    AttendanceStatus.PRESENT: "Presente",
    AttendanceStatus.LATE: "Retardo",
    AttendanceStatus.LEFT_EARLY: "Salió antes",
    AttendanceStatus.ABSENT: "Falta",
    AttendanceStatus.EXCUSED: "Justificada",
}
NO_MARK = "—"


def _venue(group: GroupDetail) -> str:
    return ", ".join(part for part in (group.summary.room, group.summary.unit_name) if part)


def sign_in_sheet_for(ctx: Context, group_id: uuid.UUID, session_index: int) -> SignInSheet:
    """The lista de asistencia of one session: enrolled participants in roster order."""
    return _sign_in_sheet(ctx, get_group(ctx, group_id), session_index)


def _sign_in_sheet(ctx: Context, group: GroupDetail, session_index: int) -> SignInSheet:
    session = group.session(session_index)
    people = tuple(SheetParticipant(e.name, e.matricula, e.category)
                   for e in list_roster(ctx, group.id, include_withdrawn=False))
    return SignInSheet(group.course.name, group.summary.code, session.index, session.date, session.start,
                       session.end, _venue(group), group.summary.instructors, people,
                       tuple(a.name for a in session.activities))


def write_sign_in_sheet(ctx: Context, group_id: uuid.UUID, session_index: int, out: Path | BinaryIO, *,
                        branding: Branding | None = None) -> int:
    """Write the sign-in sheet of session ``session_index`` as a PDF; returns its page count."""
    from app.documents import sign_in_sheet  # reportlab: loaded when a sheet is printed

    group = get_group(ctx, group_id)
    sheet = _sign_in_sheet(ctx, group, session_index)
    with whole_file(out) as stream:  # a path gets the whole PDF or nothing
        return sign_in_sheet.write_sign_in_sheet(sheet, branding or default_branding(ctx, group),
                                                 stream)


def group_report_for(ctx: Context, group_id: uuid.UUID) -> GroupReport:
    """Sessions and activities × participants, with verdicts, reasons and folios."""
    return _group_report(ctx, evaluate_group(ctx, group_id))


def _group_report(ctx: Context, results: GroupResults) -> GroupReport:
    group = results.group
    group_id = group.id
    marks = {s.index: {row.worker_id: row.status for row in attendance.session_attendance(ctx, s.id)}
             for s in group.sessions}
    grids = [participation.session_grid(ctx, s.id) for s in group.sessions]
    activities = [(grid, a) for grid, s in zip(grids, group.sessions) for a in s.activities]
    with ctx.db.read() as s:
        folios = dict(s.exec(select(Constancia.worker_id, Constancia.folio).where(
            Constancia.group_id == group_id, Constancia.status == ConstanciaStatus.VALID,
            Constancia.deleted_at.is_(None))).all())
    rows = []
    for p in results.participants:
        if p.status is EnrollmentStatus.WITHDRAWN:
            labels = tuple("Baja" for _ in group.sessions)
        else:
            labels = tuple(STATUS_LABELS.get(marks[s.index].get(p.worker_id), NO_MARK) for s in group.sessions)
        took_part = tuple(grid.participated(p.worker_id, a.id) for grid, a in activities)
        rows.append(ReportRow(p.name, p.matricula, labels, took_part, p.verdict, folios.get(p.worker_id, "")))
    return GroupReport(
        group.course.name, group.summary.code, _venue(group), group.summary.instructors,
        tuple(ReportSession(s.index, s.date, s.start, s.end) for s in group.sessions),
        tuple(ReportActivity(a.session_index, a.name) for _, a in activities),
        tuple(rows), generated_on=ctx.clock().date())


def write_group_report(ctx: Context, group_id: uuid.UUID, out: Path | BinaryIO, *,
                       branding: Branding | None = None) -> None:
    """Write the group report PDF for the unit's file."""
    from app.documents import group_report  # reportlab: loaded when a report is printed

    results = evaluate_group(ctx, group_id)
    branding = branding or default_branding(ctx, results.group)
    with whole_file(out) as stream:  # a path gets the whole PDF or nothing
        group_report.write_group_report(_group_report(ctx, results), branding, stream)

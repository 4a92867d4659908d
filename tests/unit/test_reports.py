"""The sign-in sheet and the group report, built from the database."""

from __future__ import annotations

import datetime as dt
import subprocess

from service_helpers import DAY1, add_people, make_group

from app.services import attendance, participation, reports, roster


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_sign_in_sheet_lists_enrolled_participants_in_roster_order_with_the_sessions_activities(ctx):
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    roster.withdraw(ctx, group.id, people[2].id)
    sheet = reports.sign_in_sheet_for(ctx, group.id, 2)
    assert [p.name for p in sheet.participants] == ["María Guadalupe Ávila Zúñiga", "José Luis Núñez Peña"]
    assert (sheet.session_index, sheet.session_date, sheet.start) == (2, dt.date(2026, 11, 25), dt.time(8))
    assert sheet.activities[0] == "Responder: resolución de casos reales"


def test_sign_in_sheet_pdf_carries_the_accented_names(ctx, tmp_path):
    group = make_group(ctx)
    for person in add_people(ctx):
        roster.enroll(ctx, group.id, person.id)
    out = tmp_path / "lista.pdf"
    assert reports.write_sign_in_sheet(ctx, group.id, 1, out) == 1
    text = pdf_text(out)
    assert "María Guadalupe Ávila Zúñiga" in text and "José Luis Núñez Peña" in text


def test_group_report_rows_show_marks_participation_and_verdicts(ctx, clock, tmp_path):
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    session = group.sessions[0]
    clock.set("08:40", DAY1)
    attendance.scan(ctx, session.id, people[0].matricula)
    participation.record_participation(ctx, session.activities[0].id, people[0].id)
    report = reports.group_report_for(ctx, group.id)
    row = next(r for r in report.rows if r.matricula == people[0].matricula)
    assert row.attendance == ("Retardo", "—")
    assert row.participated[:2] == (True, False)
    assert not row.verdict.qualifies
    assert len(report.activities) == 10 and len(report.sessions) == 2
    reports.write_group_report(ctx, group.id, tmp_path / "reporte.pdf")
    assert "faltan 40 min" in pdf_text(tmp_path / "reporte.pdf")

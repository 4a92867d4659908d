"""The group report: verdicts with reasons in Spanish, numbered pages."""

from __future__ import annotations

import re

from document_samples import branding, report_activities, report_rows, report_sessions
from pdf_tools import page_count, pdf_text

from app.documents.group_report import write_group_report
from app.documents.models import GroupReport


def _report(count: int) -> GroupReport:
    return GroupReport(
        course_name="Curso Básico de Buen Trato", group_code="SER-BT-2026-014",
        venue="Unidad de Medicina Familiar No. 28", instructor_name="Lic. Ana Ruiz Ibáñez",
        sessions=report_sessions(), activities=report_activities(), rows=report_rows(count),
    )


def test_report_shows_each_verdict_and_the_reasons_in_spanish(tmp_path):
    pdf = tmp_path / "reporte.pdf"
    write_group_report(_report(4), branding(), pdf)
    text = " ".join(pdf_text(pdf).split())
    assert len(re.findall(r"No acredita\b", text)) == 1
    assert "Sesión 2: faltan 45 min del horario" in text
    assert "Sesión 1: sin participación en «Dinámica del espejo»" in text
    assert "Acreditan: 3" in text and "No acreditan: 1" in text
    assert "ABCDEFGH-2026-000001" in text


def test_report_lists_sessions_and_activities(tmp_path):
    pdf = tmp_path / "reporte.pdf"
    write_group_report(_report(4), branding(), pdf)
    text = " ".join(pdf_text(pdf).split())
    assert "S1: 24 de noviembre de 2026, 08:00 a 14:00" in text
    assert "A2 (S1) Autoconocimiento: ¿quién soy en mi trabajo?" in text


def test_long_report_repeats_column_titles_and_numbers_pages(tmp_path):
    pdf = tmp_path / "reporte.pdf"
    write_group_report(_report(60), branding(), pdf)
    pages = page_count(pdf)
    assert pages > 1
    for page in range(1, pages + 1):
        text = pdf_text(pdf, page)
        assert f"Página {page} de {pages}" in text
        assert "Matrícula" in text and "Motivos" in text

"""Exports of the coverage: XLSX and CSV carry every worker, status and typed value; the PDF the headline."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest

from app.cli import main
from app.exporting.model import DC4_COLUMNS, WORKER_COLUMNS
from app.services import coverage, coverage_export
from app.services.coverage import CoverageStatus
from app.services.errors import InvalidInput
from tests.unit.coverage_demo import demo_copy, independent_counts
from tests.unit.pdf_tools import pdf_text


@pytest.fixture
def dctx(tmp_path, clock):
    context = demo_copy(tmp_path / "demo.sqlite3", clock)
    yield context
    context.close()


def test_the_xlsx_has_a_summary_and_one_typed_row_per_worker(dctx, tmp_path):
    result = coverage.unit_coverage(dctx, "UMF07")
    path = coverage_export.export_coverage(dctx, "UMF07", tmp_path / "cobertura.xlsx")
    book = openpyxl.load_workbook(path)
    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True) if row and row[0]}
    counts = independent_counts(dctx)
    assert summary["Esperados (plantilla)"] == counts["expected"]
    assert summary["Capacitados"] == counts["trained"]
    assert summary["Cobertura (%)"] == pytest.approx(counts["percent"])
    assert summary["Estado: pendiente"] == counts["pending"]
    assert isinstance(summary["Esperados (plantilla)"], int)

    sheet = book["Trabajadores"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == WORKER_COLUMNS
    by_matricula = {r[0]: r for r in rows[1:]}
    assert len(by_matricula) == len(result.workers)
    for worker in result.workers:
        row = by_matricula[worker.matricula]
        assert row[5] == worker.status.value
        if worker.status is CoverageStatus.TRAINED:
            assert row[9] == worker.folio
            assert isinstance(row[10], dt.datetime) and row[10].date() == worker.issued_on
        if worker.first_date is not None:
            assert isinstance(row[7], dt.datetime) and row[7].date() == worker.first_date


def test_the_csv_has_a_bom_and_every_worker_with_its_status(dctx, tmp_path):
    result = coverage.unit_coverage(dctx, "UMF07")
    path = coverage_export.export_coverage(dctx, "UMF07", tmp_path / "cobertura.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == WORKER_COLUMNS
    assert {(r[0], r[5]) for r in rows[1:]} == {(w.matricula, w.status.value) for w in result.workers}
    assert any("ó" in r[5] for r in rows[1:])  # "no acreditó" with its accent


def test_the_pdf_carries_the_headline_figures_and_the_pending_list(dctx, tmp_path):
    counts = independent_counts(dctx)
    path = coverage_export.export_coverage(dctx, "UMF07", tmp_path / "cobertura.pdf")
    text = pdf_text(path)
    assert "Cobertura de Curso Básico de Buen Trato" in text
    assert f"Esperados (plantilla) {counts['expected']}" in " ".join(text.split())
    assert f"Capacitados {counts['trained']}" in " ".join(text.split())
    assert f"{counts['percent']:.1f} %" in text
    assert f"Pendientes de capacitar ({counts['pending']})" in text
    assert "Firma de enterado" in text


def test_a_folder_gets_a_file_name_with_unit_course_and_date(dctx, tmp_path):
    path = coverage_export.export_coverage(dctx, "UMF07", tmp_path)
    assert path.name == "cobertura-UMF07-SER-BT-2026-11-24.xlsx"


def test_an_unknown_format_is_refused_in_spanish(dctx, tmp_path):
    with pytest.raises(InvalidInput, match=r"\.xlsx, \.csv o \.pdf"):
        coverage_export.export_coverage(dctx, "UMF07", tmp_path / "cobertura.txt")


def test_the_dc4_list_has_every_constancia_issued_in_the_period(dctx, tmp_path):
    path = coverage_export.export_issued(dctx, "UMF07", dt.date(2026, 11, 1), dt.date(2026, 11, 30), tmp_path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == DC4_COLUMNS
    issued = len(coverage.unit_coverage(dctx, "UMF07").select(status=CoverageStatus.TRAINED)) + 2  # revoked, left
    assert len(rows) - 1 == issued
    assert all(isinstance(r[9], int) for r in rows[1:])
    assert "constancias-UMF07-2026-11-01-2026-11-30" in path.name
    empty = coverage_export.issued_list(dctx, "UMF07", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert empty.rows == ()


def test_aula_coverage_and_aula_export_from_the_command_line(dctx, tmp_path, capsys):
    counts = independent_counts(dctx)
    assert main(["--db", str(dctx.db.path), "coverage", "--unit", "umf07"]) == 0
    out = capsys.readouterr().out
    assert f"Esperados (plantilla): {counts['expected']}" in out and "SERVICIO" in out
    assert main(["--db", str(dctx.db.path), "export", "--unit", "UMF07", "--out", str(tmp_path / "c.csv")]) == 0
    assert (tmp_path / "c.csv").exists()
    assert main(["--db", str(dctx.db.path), "export", "--unit", "NADA", "--out", str(tmp_path / "c.csv")]) == 1
    assert "NADA" in capsys.readouterr().err

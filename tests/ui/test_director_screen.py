"""The director's coverage screen on the demo unit: the figures a director reads, recounted
independently from the database; a click on a bar lists exactly that bar's workers."""

from __future__ import annotations

import csv
import sqlite3

import openpyxl
import pytest
from PySide6.QtCore import Qt

from app.services.coverage import STAFF_STATUSES, CoverageStatus
from app.ui.main_window import COVERAGE_PAGE
from tests.unit.coverage_demo import demo_copy, independent_counts


@pytest.fixture
def dctx(tmp_path, clock):
    context = demo_copy(tmp_path / "demo.sqlite3", clock)
    yield context
    context.close()


@pytest.fixture
def dashboard(app_context, dctx, qtbot):
    from app.ui.main_window import MainWindow

    app_context.services = dctx
    main = MainWindow(app_context)
    qtbot.addWidget(main)
    with qtbot.waitActive(main):
        main.show()
        main.activateWindow()
    qtbot.keyClick(main, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert main.pages.currentIndex() == COVERAGE_PAGE
    return main.director_view


def shown_ids(view) -> set[str]:
    return {row.worker_id.hex for row in view.model.rows()}


def workers_where(ctx, where: str, *params) -> set[str]:
    db = sqlite3.connect(ctx.db.path)
    ids = {r[0].replace("-", "").lower() for r in db.execute(
        f"SELECT id FROM worker WHERE in_staff_list = 1 AND matricula IS NOT NULL AND {where}", params)}
    db.close()
    return ids


def test_the_headline_and_status_counts_match_the_database(dashboard, dctx):
    counts = independent_counts(dctx)
    assert dashboard.percent_label.text() == f"{counts['percent']:.1f} %"
    assert f"{counts['trained']} de {counts['expected']}" in dashboard.headline_label.text()
    for status, key in ((CoverageStatus.PENDING, "pending"), (CoverageStatus.IN_COURSE, "in_course"),
                        (CoverageStatus.FAILED, "failed"), (CoverageStatus.TO_ISSUE, "to_issue"),
                        (CoverageStatus.TRAINED, "trained")):
        assert f'<a href="{status.value}">{dashboard.labels[status]}</a>: {counts[key]}' in \
            dashboard.counts_label.text()
    assert dashboard.model.rowCount() == counts["expected"] + 1  # and the one who left the staff list
    first = dashboard.model.row_at(0)
    assert first.status is CoverageStatus.PENDING  # the pending list first


def test_the_service_breakdown_bars_match_the_database(dashboard, dctx):
    by_department = independent_counts(dctx)["department"]
    chart = dashboard.charts["department"]
    trained = chart.bar_sets[CoverageStatus.TRAINED]
    keys = [row.key for row in reversed(chart.breakdown.rows)]
    for index, key in enumerate(keys):
        total = sum(chart.bar_sets[s].at(index) for s in STAFF_STATUSES)
        assert total == by_department[(key, True)] + by_department[(key, False)]
        assert trained.at(index) == by_department[(key, True)]


def test_a_click_on_a_bar_shows_exactly_that_bars_workers(dashboard, dctx, qtbot):
    chart = dashboard.charts["department"]
    key = "Enfermería"
    position = chart.segment_position(key, CoverageStatus.PENDING)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=position)

    expected = workers_where(dctx, "department = ?", key) & independent_counts(dctx)["pending_ids"]
    assert shown_ids(dashboard) == expected
    assert dashboard.clear_bar_button.isVisible()
    assert str(len(expected)) in dashboard.count_label.text()

    qtbot.mouseClick(dashboard.clear_bar_button, Qt.MouseButton.LeftButton)
    assert dashboard.model.rowCount() == independent_counts(dctx)["expected"] + 1


def test_a_click_on_a_shift_bar_of_trained_workers(dashboard, dctx, qtbot):
    dashboard.chart_tabs.setCurrentWidget(dashboard.charts["shift"])
    chart = dashboard.charts["shift"]
    position = chart.segment_position("matutino", CoverageStatus.TRAINED)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=position)
    expected = workers_where(dctx, "shift = ?", "matutino") & independent_counts(dctx)["trained_ids"]
    assert shown_ids(dashboard) == expected
    assert all(row.folio for row in dashboard.model.rows())


def test_search_ignores_accents_and_filters_combine(dashboard, dctx, qtbot):
    qtbot.keyClicks(dashboard.search_edit, "enfermeria")
    with_accent = workers_where(dctx, "(department = 'Enfermería' OR category LIKE 'Enfermer%' "
                                      "OR category LIKE 'Auxiliar de Enfermer%')")
    assert shown_ids(dashboard) <= with_accent | {r.worker_id.hex for r in dashboard.coverage.workers
                                                  if r.status is CoverageStatus.LEFT}
    assert dashboard.model.rowCount() > 50
    dashboard.show_status(CoverageStatus.TRAINED)
    assert {r.status for r in dashboard.model.rows()} == {CoverageStatus.TRAINED}
    assert shown_ids(dashboard) <= independent_counts(dctx)["trained_ids"]


def test_the_freshness_line_says_this_device_never_synced(dashboard):
    text = dashboard.freshness_label.text()
    assert "24/11/2026 07:30" in text
    assert "no se ha sincronizado" in text


def test_a_target_date_shows_the_coverage_expected_by_then(dashboard, dctx, qtbot):
    dashboard.target_check.setChecked(True)
    assert dashboard.coverage.target_date is not None
    counts = independent_counts(dctx)
    on_track = counts["trained"] + counts["to_issue"] + counts["in_course"]
    assert f": {on_track} " in dashboard.target_label.text()


def test_exports_from_the_screen_write_every_worker(dashboard, dctx, qtbot, tmp_path):
    for suffix in (".xlsx", ".csv"):
        task = dashboard.export_to(tmp_path / f"cobertura{suffix}")
        qtbot.waitUntil(lambda t=task: t.done, timeout=60_000)
        assert task.exception is None
    rows = list(openpyxl.load_workbook(tmp_path / "cobertura.xlsx")["Trabajadores"].iter_rows(values_only=True))
    assert len(rows) - 1 == len(dashboard.coverage.workers)
    with (tmp_path / "cobertura.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) - 1 == len(dashboard.coverage.workers)
    assert dashboard.feedback_label.text().endswith("cobertura.csv.")


def test_worker_detail_shows_times_participation_and_constancias(dashboard, qtbot):
    dashboard.show_status(CoverageStatus.TRAINED)
    cell = dashboard.table.visualRect(dashboard.model.index(0, 1)).center()
    qtbot.mouseClick(dashboard.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(dashboard.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    dialog = dashboard.detail_dialog
    assert dialog is not None and dialog.isVisible()
    attendance = dialog.attendance_table
    assert attendance.rowCount() == 2
    assert attendance.item(0, 5).text()  # check-in time
    assert dialog.participation_table.rowCount() > 0
    assert dialog.constancias_table.item(0, 0).text() == dashboard.model.row_at(0).folio

    verify = dialog.verify_selected()
    assert verify.verdict_label.text().startswith("✓")
    task = dialog.reprint_selected()
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    assert dialog.preview is not None and dialog.preview.page_count == 1


def test_verify_by_folio_from_the_dashboard(dashboard, qtbot):
    folio = dashboard.coverage.select(status=CoverageStatus.TRAINED)[0].folio
    qtbot.keyClicks(dashboard.verify_edit, folio)
    qtbot.keyClick(dashboard.verify_edit, Qt.Key.Key_Return)
    assert dashboard.verify_dialog.verdict_label.text().startswith("✓")
    dashboard.verify_edit.setText("ZZZZ-2026-000999")
    assert dashboard.verify() is None
    assert "ZZZZ-2026-000999" in dashboard.feedback_label.text()

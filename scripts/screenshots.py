"""Write PNGs of every main screen of Aula to docs/screenshots/.

Usage::

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--zoom 100]

It builds the demo database (the same as ``aula demo``) in a temporary
AULA_HOME, opens the real main window offscreen (or under Xvfb when DISPLAY is
set and QT_QPA_PLATFORM is not), walks through the screens — taking
attendance in the upcoming group as an instructor would — and saves each one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args(argv)
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aula-screens-", ignore_cleanup_errors=True) as home:
        os.environ["AULA_HOME"] = home
        return _take(args)


def _take(args: argparse.Namespace) -> int:

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from app.services import demo, groups
    from app.services.context import Context
    from app.ui.bootstrap import bootstrap
    from app.ui.main_window import COVERAGE_PAGE, STAFF_PAGE, MainWindow

    now = [dt.datetime.now().replace(microsecond=0)]
    ctx = Context.open(clock=lambda: now[0], actor="Lic. Mariana Torres Villaseñor")
    summary = demo.create_demo(ctx)
    context = bootstrap([sys.argv[0]], install_crash_handler=False)
    context.services = ctx
    context.settings.institution_name = "Institución de Salud (demostración)"
    window = MainWindow(context)
    window.resize(args.width, args.height)
    window.show()
    QTest.qWaitForWindowExposed(window)

    def settle() -> None:
        for _ in range(5):
            QApplication.processEvents()
            QTest.qWait(20)

    def shot(widget: QWidget, name: str) -> None:
        settle()
        path = args.out / f"{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)

    shot(window, "01-grupos")

    dialog = window.open_new_group_dialog()
    dialog.room_edit.setText("Aula de Enseñanza")
    dialog.instructors_edit.setText("Lic. Mariana Torres Villaseñor")
    shot(dialog, "02-nuevo-grupo")
    dialog.reject()

    upcoming = groups.find_group(ctx, summary.upcoming_group)
    detail = groups.get_group(ctx, upcoming.id)
    group_view = window.open_group(upcoming.id)
    shot(window, "03-participantes")

    add = group_view.roster_view.open_add_dialog()
    add.search_edit.setText("hernandez mar")
    shot(add, "04-agregar-desde-plantilla")
    add.accept()

    # Session 1 in progress: the instructor scans people as they arrive.
    session = detail.sessions[0]
    view = group_view.show_session(1).attendance_view
    roster_rows = view.model.rows()
    start = dt.datetime.combine(session.date, session.start)
    for i, row in enumerate(roster_rows[:27]):
        now[0] = start + dt.timedelta(minutes=-12 + i // 2, seconds=7 * i)
        if i in (9, 20):
            now[0] = start + dt.timedelta(minutes=18 + i)
        view.scan(row.matricula)
    view.select_worker(roster_rows[2].worker_id)
    view.set_selected_status(view.model.row_at(2).status or __import__(
        "app.domain.enums", fromlist=["AttendanceStatus"]).AttendanceStatus.PRESENT)
    now[0] = start + dt.timedelta(minutes=31)
    view.scan(roster_rows[26].matricula)
    view.scan("9912345")
    shot(window, "05-pase-de-lista")
    view.scan(roster_rows[26].matricula)
    shot(window, "05b-pase-de-lista-escaneo")

    session_view = group_view.session_view(1)
    session_view.setCurrentWidget(session_view.participation_view)
    grid = session_view.participation_view
    for column in (1, 2):
        grid.mark_everyone(column)
    for row in (3, 9, 14):
        grid.toggle(grid.model.participant(row).worker_id, grid.model.activity(2).activity_id, False)
    grid.table.setCurrentIndex(grid.model.index(4, 3))
    shot(window, "06-actividades")

    finished = groups.find_group(ctx, summary.finished_group)
    group_view = window.open_group(finished.id)
    group_view.tabs.setCurrentWidget(group_view.results_view)
    shot(window, "07-resultados")
    group_view.results_view.filter_check.setChecked(True)
    shot(window, "07b-resultados-no-acreditan")
    group_view.results_view.filter_check.setChecked(False)

    # Documentos: issue the constancias through the GUI (background task), as the instructor would.
    documents = group_view.documents_view
    group_view.tabs.setCurrentWidget(documents)
    shot(window, "11a-documentos-vacio")
    task = documents.issue_constancias()
    while not task.done:
        QApplication.processEvents()
        QTest.qWait(20)
    shot(documents.summary_dialog, "11b-constancias-emitidas")
    documents.summary_dialog.accept()
    issued = documents.last_report.issued
    documents.revoke(issued[3].id, "Emitida por error: el participante no asistió")
    documents.select_folio(issued[0].folio)
    shot(window, "11-documentos")
    task = documents.preview_selected()
    while not task.done:
        QApplication.processEvents()
        QTest.qWait(20)
    shot(documents.preview_dialog, "11c-vista-previa-constancia")
    documents.preview_dialog.reject()

    verify = window.open_verify_dialog()
    verify.text_edit.setText(issued[0].qr_text)
    verify.verify_text()
    shot(verify, "12-verificar-constancia")
    verify.text_edit.setText(issued[3].qr_text)
    verify.verify_text()
    shot(verify, "12b-verificar-constancia-revocada")
    verify.close()

    window.close_group_view()
    window.show_page(STAFF_PAGE)
    window.staff_view.search_edit.setText("garcia")
    shot(window, "08-plantilla")

    window.show_page(0)
    group_view = window.open_group(upcoming.id)
    context.zoom.set_percent(150)
    group_view.show_session(1)
    shot(window, "09-pase-de-lista-proyector-150")
    context.zoom.set_percent(100)

    settings = window.open_settings_dialog()
    shot(settings, "10-configuracion")
    settings.reject()

    # Small screens and the projector: the course day's three screens at 1024×768 (100 % and 150 %) and at
    # 1366×768 with zoom 150 %, on the upcoming group in the middle of session 1.
    now[0] = start + dt.timedelta(hours=2)
    for width, height, percent in ((1024, 768, 100), (1024, 768, 150), (1366, 768, 150)):
        context.zoom.set_percent(percent)
        window.resize(width, height)
        suffix = f"{width}x{height}-{percent}"
        group_view = window.open_group(upcoming.id)
        session_view = group_view.show_session(1)
        shot(window, f"13-pase-de-lista-{suffix}")
        session_view.setCurrentWidget(session_view.participation_view)
        grid = session_view.participation_view
        grid.table.setCurrentIndex(grid.model.index(0, 2))
        grid.find_edit.setText("gomez")
        grid.table.setFocus()
        shot(window, f"14-actividades-{suffix}")
        group_view.tabs.setCurrentWidget(group_view.results_view)
        shot(window, f"15-resultados-a-media-sesion-{suffix}")
    context.zoom.set_percent(100)

    # The director's coverage screen (issue 11) at 1024×768: the dashboard, a bar of the service
    # breakdown (what a click on it shows), the pending list and a worker's file.
    from app.services.coverage import CoverageStatus
    window.close_group_view()
    window.resize(1024, 768)
    window.show_page(COVERAGE_PAGE)
    coverage_view = window.director_view
    shot(window, "16-cobertura-1024x768")
    coverage_view.show_bar("department", "Enfermería", CoverageStatus.PENDING)
    shot(window, "16b-cobertura-barra-enfermeria-1024x768")
    coverage_view.chart_tabs.setCurrentIndex(2)
    coverage_view.clear_bar()
    coverage_view.show_status(CoverageStatus.PENDING)
    shot(window, "16c-cobertura-pendientes-1024x768")
    trained = coverage_view.coverage.select(status=CoverageStatus.TRAINED)[0]
    detail = coverage_view.open_worker_detail(trained.worker_id)
    detail.tabs.setCurrentIndex(1)
    shot(detail, "16d-detalle-del-trabajador")
    detail.reject()

    _sync_screens(window, context, shot, settle, now[0], args.out)

    window.close()
    context.services = None
    context.shutdown()
    ctx.close()
    return 0


def _sync_screens(window, context, shot, settle, now: dt.datetime, out: Path) -> None:
    """The status bar's sync states at 1024×768 (one strip each, stacked in one image) and the sync dialogs."""
    from PySide6.QtGui import QImage, QPainter

    from app.sync.status import SyncPhase, SyncStatus

    window.resize(1024, 768)
    window.close_group_view()
    earlier = now - dt.timedelta(minutes=12)
    states = [
        SyncStatus(SyncPhase.NOT_ENROLLED, pending_ops=1734),
        SyncStatus(SyncPhase.OFFLINE, pending_ops=12, last_attempt=earlier, server_url="https://aula.imss.mx"),
        SyncStatus(SyncPhase.SYNCING, pending_ops=1700, done=340, total=1700),
        SyncStatus(SyncPhase.UP_TO_DATE, last_success=now, last_attempt=now),
        SyncStatus(SyncPhase.REJECTED, rejected_ops=2, last_success=earlier),
        SyncStatus(SyncPhase.UP_TO_DATE, last_success=now, clock_skew_seconds=3 * 86400),
        SyncStatus(SyncPhase.REVOKED),
        SyncStatus(SyncPhase.UPDATE_REQUIRED),
    ]
    window.status.today = now.date()
    strips = []
    for status in states:
        window.status.set_sync_status(status)
        settle()
        strips.append(window.status.grab().toImage())
    image = QImage(max(s.width() for s in strips), sum(s.height() for s in strips), QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    y = 0
    for strip in strips:
        painter.drawImage(0, y, strip)
        y += strip.height()
    painter.end()
    path = out / "16-estados-de-sincronizacion-1024.png"
    image.save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    window.status.set_sync_status(window.sync.runner.refresh_status())  # back to the truth

    dialog = window.sync.open_enroll_dialog()
    if dialog is not None:
        dialog.url_edit.setText("https://aula.imss.mx")
        dialog.code_edit.setText("K7P-2QX-9MW")
        shot(dialog, "17-conectar-con-el-servidor")
        dialog.reject()
    _park_two_ops(window.ctx)  # as the server would have refused them
    panel = window.sync.open_parked_dialog()
    if panel is not None:
        shot(panel, "18-cambios-rechazados")
        panel.reject()
    shot(window, "19-ventana-1024x768-sin-servidor")


def _park_two_ops(ctx) -> None:
    """Two queued ops of the demo marked as the engine marks what the server refused (for the panel's picture)."""
    from sqlmodel import select

    from app.storage.tables import Outbox

    reasons = {
        "attendance": ("out_of_scope", "El registro pertenece a una unidad fuera del alcance de este equipo."),
        "worker": ("unit_change", "Un registro no puede pasar a otra unidad."),
    }
    with ctx.db.write() as s:
        for entity, (code, message) in reasons.items():
            op = s.exec(select(Outbox).where(Outbox.entity == entity, Outbox.state == "pending")).first()
            if op is not None:
                op.state, op.reason, op.last_error = "parked", code, message
                op.parked_at = op.created_at
                s.add(op)


if __name__ == "__main__":
    sys.exit(main())

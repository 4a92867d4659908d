"""Documentos: issuing constancias in the background, saving, printing, revoking, verifying."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton
from ui_helpers import complete_everyone_but_one

from app.domain.enums import ConstanciaStatus
from app.domain.signing import generate_keypair, parse_qr_text, sign_fields
from app.services import (
    catalog,
    constancias,
    roster,
    staff,
)
from app.services.constancias import pdf_filename as constancia_file_name
from app.services.constancias import safe_file_name
from app.ui import desktop
from app.ui.models.constancias_table_model import ConstanciasTableModel as Columns

TASK_TIMEOUT_MS = 60_000


@pytest.fixture
def finished_group(ctx, enrolled_group, clock):
    """The enrolled group after the course: three of four qualify, the last one missed session 2."""
    complete_everyone_but_one(ctx, enrolled_group)
    clock.set("14:30", enrolled_group.sessions[-1].date)  # the course is over
    return enrolled_group


@pytest.fixture
def large_finished_group(ctx, enrolled_group, clock):
    """Sixteen participants (twelve more than the shared fixture), all but the last qualify."""
    unit = catalog.get_unit(ctx, "UMF07")
    for number in range(12):
        worker = staff.add_worker(ctx, matricula=f"2000{number:04d}", given_names=f"Persona {number}",
                                  paternal_surname="Prueba", maternal_surname="Lote", unit_id=unit.id,
                                  in_staff_list=True)
        roster.enroll(ctx, enrolled_group.id, worker.id)
    complete_everyone_but_one(ctx, enrolled_group)
    clock.set("14:30", enrolled_group.sessions[-1].date)  # the course is over
    return enrolled_group


@pytest.fixture(autouse=True)
def opened(monkeypatch):
    """What the screen asked the desktop to open; no viewer or file manager is launched."""
    calls = []
    monkeypatch.setattr(desktop, "open_path", lambda path: calls.append(path) or True)
    return calls


def _documents_view(window, group):
    view = window.open_group(group.id)
    view.tabs.setCurrentWidget(view.documents_view)
    return view.documents_view


def _wait_for_task(qtbot, view):
    qtbot.waitUntil(lambda: view.task is not None and view.task.done, timeout=TASK_TIMEOUT_MS)


def _issue(qtbot, view):
    qtbot.mouseClick(view.issue_button, Qt.MouseButton.LeftButton)
    _wait_for_task(qtbot, view)
    return view.last_report


def _press_cancel(view):
    if view.progress_dialog is not None:
        view.progress_dialog.findChild(QPushButton).click()


def _shown_folios(view):
    return [view.model.index(r, Columns.FOLIO).data() for r in range(view.model.rowCount())]


def _row_of(view, folio):
    return next(r for r in range(view.model.rowCount()) if view.model.row_at(r).folio == folio)


def test_constancias_table_model_passes_the_model_tester(qtmodeltester, finished_group, ctx):
    constancias.issue_constancias(ctx, finished_group.id)
    constancias.revoke_constancia(ctx, constancias.list_constancias(ctx, finished_group.id)[0].id,
                                  "Emitida por error")
    model = Columns()
    model.set_rows(constancias.list_constancias(ctx, finished_group.id, include_inactive=True))
    qtmodeltester.check(model)


def test_empty_state_says_how_to_get_constancias(window, finished_group):
    view = _documents_view(window, finished_group)
    assert view.stack.currentWidget() is view.empty_label
    assert "Emitir constancias" in view.empty_label.text()
    assert not view.save_each_button.isEnabled()


def test_issuing_from_the_gui_shows_the_folios_that_the_database_holds(window, finished_group, ctx, qtbot):
    view = _documents_view(window, finished_group)
    report = _issue(qtbot, view)
    stored = constancias.list_constancias(ctx, finished_group.id)
    assert len(report.issued) == 3 and len(report.not_qualified) == 1
    assert sorted(_shown_folios(view)) == sorted(c.folio for c in stored)
    assert view.stack.currentWidget() is view.table
    assert view.model.index(0, Columns.STATUS).data() == "✓ Vigente"


def test_issue_summary_lists_who_does_not_qualify_and_why(window, finished_group, ctx, qtbot):
    view = _documents_view(window, finished_group)
    _issue(qtbot, view)
    dialog = view.summary_dialog
    assert dialog.isVisible()
    assert "Emitidas ahora: 3" in dialog.counts_label.text()
    assert "No acreditan: 1" in dialog.counts_label.text()
    reasons = dialog.reasons_text.toPlainText().splitlines()
    assert len(reasons) == 1 and "Sesión 2: inasistencia" in reasons[0]


def test_issuing_again_reports_those_who_already_had_one(window, finished_group, ctx, qtbot):
    constancias.issue_constancias(ctx, finished_group.id)
    view = _documents_view(window, finished_group)
    report = _issue(qtbot, view)
    assert len(report.issued) == 0 and len(report.already_issued) == 3
    assert "Ya tenían constancia vigente: 3" in view.summary_dialog.counts_label.text()


def test_issue_button_of_results_issues_and_shows_documents(window, finished_group, ctx, qtbot):
    group_view = window.open_group(finished_group.id)
    group_view.tabs.setCurrentWidget(group_view.results_view)
    qtbot.mouseClick(group_view.results_view.issue_button, Qt.MouseButton.LeftButton)
    view = group_view.documents_view
    _wait_for_task(qtbot, view)
    assert group_view.tabs.currentWidget() is view
    assert len(constancias.list_constancias(ctx, finished_group.id)) == 3


def test_cancelling_mid_batch_leaves_only_whole_constancias(window, large_finished_group, ctx, qtbot):
    view = _documents_view(window, large_finished_group)
    task = view.issue_constancias()
    # The user presses Cancel as soon as the first progress report arrives.
    task.progress.connect(lambda *_: _press_cancel(view))
    _wait_for_task(qtbot, view)
    report = view.last_report
    stored = constancias.list_constancias(ctx, large_finished_group.id)
    assert report.cancelled
    assert len(stored) < 15
    assert sorted(c.folio for c in stored) == sorted(c.folio for c in report.issued)
    assert sorted(_shown_folios(view)) == sorted(c.folio for c in stored)
    for info in stored:
        assert constancias.reprint_constancia(ctx, info.id)[1] == info.pdf_sha256


def test_issuing_after_a_cancelled_batch_finishes_it(window, large_finished_group, ctx, qtbot):
    view = _documents_view(window, large_finished_group)
    task = view.issue_constancias()
    task.progress.connect(lambda *_: _press_cancel(view))
    _wait_for_task(qtbot, view)
    first = len(view.last_report.issued)
    report = _issue(qtbot, view)
    assert len(report.already_issued) == first
    assert len(constancias.list_constancias(ctx, large_finished_group.id)) == 15


def test_saving_one_pdf_per_person_writes_a_file_per_valid_constancia(window, finished_group, ctx,
                                                                       qtbot, tmp_path):
    issued = constancias.issue_constancias(ctx, finished_group.id).issued
    constancias.revoke_constancia(ctx, issued[0].id, "Emitida por error")
    view = _documents_view(window, finished_group)
    folder = tmp_path / "constancias"
    view.save_per_person(folder)
    _wait_for_task(qtbot, view)
    valid = constancias.list_constancias(ctx, finished_group.id)
    assert sorted(p.name for p in folder.iterdir()) == sorted(constancia_file_name(c) for c in valid)
    for info in valid:
        data = (folder / constancia_file_name(info)).read_bytes()
        assert hashlib.sha256(data).hexdigest() == info.pdf_sha256


def test_after_saving_one_pdf_per_person_the_folder_can_be_opened(window, finished_group, ctx, qtbot,
                                                                  tmp_path, opened):
    constancias.issue_constancias(ctx, finished_group.id)
    view = _documents_view(window, finished_group)
    folder = tmp_path / "constancias"
    view.save_per_person(folder)
    _wait_for_task(qtbot, view)
    offer = view.saved_dialog
    qtbot.waitUntil(offer.isVisible)
    assert offer.text() == f"Se guardaron 3 archivos PDF en {folder}."
    assert offer.open_folder_button.text() == "Abrir carpeta"
    assert offer.open_pdf_button is None  # three files: the folder is what to open
    assert len(list(folder.iterdir())) == 3
    qtbot.mouseClick(offer.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [folder]
    assert not offer.isVisible()


def test_after_saving_the_combined_pdf_it_or_its_folder_can_be_opened(window, finished_group, ctx, qtbot,
                                                                      tmp_path, opened):
    constancias.issue_constancias(ctx, finished_group.id)
    view = _documents_view(window, finished_group)
    path = tmp_path / "todas.pdf"
    view.save_combined_pdf(path)
    _wait_for_task(qtbot, view)
    offer = view.saved_dialog
    qtbot.waitUntil(offer.isVisible)
    assert offer.text() == f"Se guardó todas.pdf\nen {tmp_path}."
    assert offer.open_pdf_button.text() == "Abrir PDF"
    qtbot.mouseClick(offer.open_pdf_button, Qt.MouseButton.LeftButton)
    assert opened == [path]
    assert path.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("document", ["sign_in_sheet", "group_report"])
def test_after_saving_a_sign_in_sheet_or_report_its_folder_can_be_opened(window, finished_group, qtbot,
                                                                         tmp_path, opened, document):
    view = _documents_view(window, finished_group)
    path = tmp_path / "salida" / f"{document}.pdf"
    path.parent.mkdir()
    if document == "sign_in_sheet":
        view.save_sign_in_sheet(1, path)
    else:
        view.save_group_report(path)
    _wait_for_task(qtbot, view)
    offer = view.saved_dialog
    qtbot.waitUntil(offer.isVisible)
    assert offer.open_pdf_button is not None
    qtbot.mouseClick(offer.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened == [path.parent]
    assert path.read_bytes().startswith(b"%PDF")


def test_closing_the_offer_opens_nothing(window, finished_group, qtbot, tmp_path, opened):
    view = _documents_view(window, finished_group)
    view.save_group_report(tmp_path / "reporte.pdf")
    _wait_for_task(qtbot, view)
    offer = view.saved_dialog
    qtbot.waitUntil(offer.isVisible)
    offer.button(offer.StandardButton.Close).click()
    assert opened == []


def test_file_names_are_folio_and_name_with_safe_characters():
    assert safe_file_name('UMF07AB1-2026-000001 - José Luis Núñez/Peña: "Jr"?') == \
        "UMF07AB1-2026-000001 - José Luis Núñez Peña Jr"


def test_saving_one_combined_pdf_has_a_page_per_valid_constancia(window, finished_group, ctx, qtbot,
                                                                 tmp_path):
    constancias.issue_constancias(ctx, finished_group.id)
    view = _documents_view(window, finished_group)
    path = tmp_path / "todas.pdf"
    view.save_combined_pdf(path)
    _wait_for_task(qtbot, view)
    document = QPdfDocument()
    document.load(str(path))
    assert document.pageCount() == 3


def test_sign_in_sheet_of_a_session_is_saved_as_pdf(window, finished_group, qtbot, tmp_path):
    view = _documents_view(window, finished_group)
    path = tmp_path / "lista.pdf"
    view.save_sign_in_sheet(2, path)
    _wait_for_task(qtbot, view)
    assert path.read_bytes().startswith(b"%PDF")
    assert view.last_saved == [path]


def test_sign_in_sheet_menu_of_results_offers_every_session(window, finished_group):
    results_view = window.open_group(finished_group.id).results_view
    texts = [action.text() for action in results_view.sign_in_menu.actions()]
    assert [t.split(" · ")[0] for t in texts] == ["Sesión 1", "Sesión 2"]


def test_group_report_is_saved_as_pdf(window, finished_group, qtbot, tmp_path):
    view = _documents_view(window, finished_group)
    path = tmp_path / "reporte.pdf"
    view.save_group_report(path)
    _wait_for_task(qtbot, view)
    assert path.read_bytes().startswith(b"%PDF")


def test_revoking_with_a_reason_changes_the_status_shown_and_stored(window, finished_group, ctx, qtbot):
    target = constancias.issue_constancias(ctx, finished_group.id).issued[1]
    view = _documents_view(window, finished_group)
    view.select_folio(target.folio)
    qtbot.mouseClick(view.revoke_button, Qt.MouseButton.LeftButton)
    dialog = view.reason_dialog
    assert not dialog.confirm_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "Emitida por error")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    stored = {c.folio: c for c in constancias.list_constancias(ctx, finished_group.id,
                                                               include_inactive=True)}
    assert stored[target.folio].status is ConstanciaStatus.REVOKED
    assert stored[target.folio].revoked_reason == "Emitida por error"
    assert view.model.index(_row_of(view, target.folio), Columns.STATUS).data() == "✗ Revocada"


def test_cancelling_the_revoke_dialog_keeps_the_constancia_valid(window, finished_group, ctx):
    target = constancias.issue_constancias(ctx, finished_group.id).issued[0]
    view = _documents_view(window, finished_group)
    view.select_folio(target.folio)
    view.request_revoke().reject()
    assert constancias.list_constancias(ctx, finished_group.id)[0].status is ConstanciaStatus.VALID


def test_correcting_supersedes_the_old_constancia(window, finished_group, ctx, qtbot):
    target = constancias.issue_constancias(ctx, finished_group.id).issued[0]
    view = _documents_view(window, finished_group)
    view.select_folio(target.folio)
    dialog = view.request_correct()
    qtbot.keyClicks(dialog.reason_edit, "Nombre mal escrito")
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    _wait_for_task(qtbot, view)
    assert view.model.index(_row_of(view, target.folio), Columns.STATUS).data() == "↻ Sustituida"
    assert len(constancias.list_constancias(ctx, finished_group.id)) == 3


def test_preview_shows_the_reprinted_constancia(window, finished_group, ctx, qtbot):
    target = constancias.issue_constancias(ctx, finished_group.id).issued[0]
    view = _documents_view(window, finished_group)
    view.select_folio(target.folio)
    qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)
    _wait_for_task(qtbot, view)
    dialog = view.preview_dialog
    assert dialog.isVisible() and dialog.page_count == 1
    assert target.folio in dialog.windowTitle()


def test_printing_renders_every_page_on_the_printer(window, finished_group, ctx, qtbot, tmp_path):
    issued = constancias.issue_constancias(ctx, finished_group.id).issued
    view = _documents_view(window, finished_group)
    # What reprint_selected renders in the background, then prints after the (real) print dialog.
    view.prepare_print([constancias.reprint_constancia(ctx, info.id)[0] for info in issued])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "impreso.pdf"))
    view.print_prepared(printer)
    _wait_for_task(qtbot, view)
    assert view.printed_pages == len(issued)
    printed = QPdfDocument()
    printed.load(str(tmp_path / "impreso.pdf"))
    assert printed.pageCount() == len(issued)
    size = printed.pagePointSize(0)
    assert size.width() > size.height()  # landscape Letter, like the constancia
    image = printed.render(0, size.toSize())
    dark = [(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
            if image.pixelColor(x, y).lightness() < 128]
    assert dark, "the printed page is blank"


def test_verify_dialog_says_authentic_for_an_issued_qr(window, finished_group, ctx, qtbot):
    target = constancias.issue_constancias(ctx, finished_group.id).issued[0]
    qtbot.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.verify_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.text_edit, target.qr_text)
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.verdict_label.text() == "✓ Auténtica"
    assert dialog.verdict_label.property("tone") == "good"
    assert dialog.field_labels["folio"].text() == target.folio
    assert dialog.field_labels["worker_name"].text() == target.worker_name


def test_verify_dialog_says_not_valid_for_a_tampered_qr(window, finished_group, ctx, qtbot):
    target = constancias.issue_constancias(ctx, finished_group.id).issued[0]
    dialog = window.open_verify_dialog()
    # One digit less or more at the end alters the signature, as a forger's edit would.
    tampered = target.qr_text[:-1] + str((int(target.qr_text[-1]) + 1) % 10)
    dialog.text_edit.setText(tampered)
    dialog.verify_text()
    assert dialog.check.verification.status == "invalid"
    assert dialog.verdict_label.text() == "✗ No válida: firma alterada"
    assert dialog.verdict_label.property("tone") == "bad"


def test_verify_dialog_says_revoked_for_a_revoked_constancia(window, finished_group, ctx):
    target = constancias.issue_constancias(ctx, finished_group.id).issued[0]
    constancias.revoke_constancia(ctx, target.id, "Emitida por error")
    dialog = window.open_verify_dialog()
    dialog.text_edit.setText(target.qr_text)
    dialog.verify_text()
    assert dialog.verdict_label.text() == "✗ Revocada"
    assert "Emitida por error" in dialog.message_label.text()


def test_issue_shortcut_works_on_the_documents_tab(window, finished_group, ctx, qtbot):
    view = _documents_view(window, finished_group)
    # The shortcut belongs to a button on the tab just made current: let it be shown first.
    qtbot.waitUntil(view.issue_button.isVisible)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    # A button's shortcut clicks it the way a mouse would, a moment later.
    _wait_for_task(qtbot, view)
    assert len(constancias.list_constancias(ctx, finished_group.id)) == 3


def test_verify_dialog_says_unknown_key_for_another_devices_signature(window, finished_group, ctx):
    target = constancias.issue_constancias(ctx, finished_group.id).issued[0]
    fields, _, _ = parse_qr_text(target.qr_text)
    private, _ = generate_keypair()
    dialog = window.open_verify_dialog()
    dialog.text_edit.setText(sign_fields(fields, private))
    dialog.verify_text()
    assert dialog.verdict_label.text() == "? Llave desconocida"
    assert dialog.verdict_label.property("tone") == "warn"

"""Plantilla: the staff list searched as you type."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from sqlmodel import select

from app.services import staff
from app.storage.tables import AuditLog, Constancia, Outbox
from app.ui.main_window import STAFF_PAGE


def test_staff_page_shows_the_count_and_searches_without_accents(people, window, qtbot):
    window.staff_action.trigger()
    view = window.staff_view
    assert window.pages.currentIndex() == STAFF_PAGE
    assert view.count_label.text() == "4 trabajadores; escriba para buscar"
    qtbot.keyClicks(view.search_edit, "avila")
    assert view.model.rowCount() == 1
    assert view.model.index(0, 1).data() == "Ávila Zúñiga María Guadalupe"
    assert view.count_label.text() == "1 coincidencias"


def test_ctrl_2_opens_the_staff_list_with_the_search_focused(people, window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == STAFF_PAGE
    assert window.staff_view.search_edit.hasFocus()


def _staff_view(window):
    window.staff_action.trigger()
    return window.staff_view


def _select(view, qtbot, text):
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, text)
    view.table.setCurrentIndex(view.model.index(0, 0))


def test_editing_a_misspelled_name_saves_it_with_an_audit_entry(people, window, ctx, qtbot):
    view = _staff_view(window)
    assert not view.edit_button.isEnabled()
    _select(view, qtbot, "bravo")
    assert view.edit_button.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.worker_dialog is not None)  # a button's shortcut animates a click
    dialog = view.worker_dialog
    assert dialog.given_edit.text() == "Ana"
    dialog.given_edit.setText("Anahí")  # QTest types only ASCII keys
    qtbot.keyClicks(dialog.maternal_edit, "Gomez")
    dialog.shift_combo.setCurrentText("vespertino")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert view.feedback_label.text() == "Se guardaron los datos de Anahí Bravo Gomez."
    view.search_edit.clear()
    qtbot.keyClicks(view.search_edit, "anahi")
    assert view.model.index(0, 1).data() == "Bravo Gomez Anahí"
    assert view.model.index(0, 4).data() == "vespertino"
    worker = staff.get_worker_by_matricula(ctx, "10000003")
    assert (worker.full_name, worker.shift) == ("Anahí Bravo Gomez", "vespertino")
    with ctx.db.read() as s:
        entry = s.exec(select(AuditLog).where(AuditLog.action == "worker.edit")).one()
        op = s.exec(select(Outbox).where(Outbox.entity_id == worker.id)).all()[-1]
    assert json.loads(entry.details)["changed"]["given_names"] == ["Ana", "Anahí"]
    assert json.loads(op.payload)["given_names"] == "Anahí"


def test_an_invalid_curp_is_explained_and_nothing_changes(people, window, ctx, qtbot):
    view = _staff_view(window)
    _select(view, qtbot, "10000004")
    dialog = view.open_worker_dialog()
    qtbot.keyClicks(dialog.curp_edit, "MERO800101HDFXXX0")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith("CURP «MERO800101HDFXXX0»: debe tener 18 caracteres")
    assert staff.get_worker_by_matricula(ctx, "10000004").curp is None
    dialog.given_edit.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Escriba al menos el nombre y el apellido paterno."


def test_importing_a_staff_file_from_the_staff_screen_shows_the_per_row_report(people, window, ctx, qtbot,
                                                                               tmp_path):
    path = tmp_path / "plantilla.csv"
    path.write_text("Matrícula,Nombre(s),Apellido paterno,Apellido materno,Categoría\n"
                    "20000001,Lucía,Herrera,Solís,Enfermera General\n"
                    "10000001,José Luis,Núñez,Peña,Médico Familiar\n"
                    "XYZ,Iván,Rojas,Peña,Camillero\n", encoding="utf-8")
    view = _staff_view(window)
    assert view.count_label.text() == "4 trabajadores; escriba para buscar"
    dialog = view.open_file_dialog()
    with qtbot.waitSignal(view.tasks.busy_changed, timeout=10000):
        dialog.fileSelected.emit(str(path))
    qtbot.waitUntil(lambda: view.report_dialog is not None and view.import_task is None, timeout=10000)
    report = view.report_dialog
    assert "plantilla.csv: 1 nuevos, 1 actualizados" in report.summary_label.text()
    assert report.model.rowCount() == 1 and report.model.index(0, 0).data() == 4
    assert view.count_label.text() == "5 trabajadores; escriba para buscar"
    assert view.import_button.isEnabled()
    lucia = staff.get_worker_by_matricula(ctx, "20000001")
    assert lucia.category == "Enfermera General" and lucia.unit_id == people[0].unit_id
    assert staff.get_worker_by_matricula(ctx, "10000001").category == "Médico Familiar"


def test_a_corrected_constancia_certifies_the_name_edited_on_the_staff_screen(
        window, ctx, qtbot, enrolled_group):
    from ui_helpers import finish_course

    from app.services import constancias

    finish_course(ctx, enrolled_group)
    issued = {c.worker_name: c for c in constancias.issue_constancias(ctx, enrolled_group.id).issued}
    old = issued["Ana Bravo"]
    view = _staff_view(window)
    _select(view, qtbot, "10000003")
    dialog = view.open_worker_dialog()
    dialog.given_edit.setText("Anáhuac")  # the name on file was misspelled
    dialog.maternal_edit.setText("Peña")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    new = constancias.correct_constancia(ctx, old.id, "Nombre mal escrito")
    assert new.worker_name == "Anáhuac Bravo Peña"
    with ctx.db.read() as s:
        snapshot = json.loads(s.get(Constancia, new.id).snapshot)
        assert s.get(Constancia, old.id).status.value == "superseded"
    assert snapshot["fields"]["worker_name"] == "Anáhuac Bravo Peña"


def test_the_disabled_edit_button_says_to_select_a_worker(people, window):
    view = _staff_view(window)
    assert not view.edit_button.isEnabled()
    assert view.edit_button.toolTip() == "Seleccione un trabajador de la lista para corregir sus datos"
    view.table.setCurrentIndex(view.model.index(0, 0))
    assert view.edit_button.isEnabled()
    assert view.edit_button.toolTip() == "Corregir los datos del trabajador seleccionado (F2)"


def test_the_staff_list_reads_the_next_page_when_scrolled_to_its_end(ctx, window, qtbot):
    import random
    from pathlib import Path

    from app.services import catalog
    from app.services.demo import make_staff

    unit = catalog.get_unit(ctx, "UMF07")
    with ctx.db.write() as s:
        staff.upsert_records(ctx, s, make_staff(random.Random(5), 150), unit_id=unit.id, in_staff_list=True,
                             report=staff.ImportReport(Path("plantilla.csv")), action="staff.import")
    view = _staff_view(window)
    qtbot.keyClicks(view.search_edit, "a")
    first = view.model.rowCount()
    assert first == 100
    assert view.count_label.text().startswith("Primeras 100")
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > first)
    expected = [w.id for w in staff.search_workers(ctx, "a", limit=1000)]
    shown = [view.model.index(i, 0).data(Qt.ItemDataRole.UserRole + 1).id for i in range(view.model.rowCount())]
    assert shown == expected[:len(shown)]

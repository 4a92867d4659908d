"""Participantes: add from the staff list, import a file, add a walk-in, withdraw."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.enums import EnrollmentStatus
from app.services import roster
from app.ui.models.roster_table_model import RosterTableModel as Columns


def _roster_view(window, group):
    view = window.open_group(group.id)
    return view.roster_view


def test_empty_roster_says_what_to_do(window, group):
    view = _roster_view(window, group)
    assert view.stack.currentWidget() is view.empty_label
    assert view.empty_label.text() == ("Aún no hay participantes. Importe la lista o agréguelos "
                                       "desde la plantilla.")


def test_search_without_accents_and_enter_adds_from_the_staff_list(window, group, people, ctx, qtbot):
    view = _roster_view(window, group)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.add_dialog
    qtbot.keyClicks(dialog.search_edit, "nunez")
    assert dialog.model.rowCount() == 1
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Return)
    assert dialog.feedback_label.text() == "José Luis Núñez Peña se agregó al grupo."
    assert view.model.index(0, Columns.NAME).data() == "Núñez Peña José Luis"
    assert [e.matricula for e in roster.list_roster(ctx, group.id)] == ["10000001"]


def test_search_by_matricula_finds_the_worker(window, group, people, qtbot):
    view = _roster_view(window, group)
    dialog = view.open_add_dialog()
    qtbot.keyClicks(dialog.search_edit, "10000003")
    assert dialog.model.index(0, 0).data() == "10000003"


def test_imported_file_enrolls_valid_rows_and_reports_the_others(window, group, ctx, qtbot, tmp_path):
    path = tmp_path / "lista.csv"
    path.write_text("Matrícula,Nombre(s),Apellido paterno,Apellido materno,CURP\n"
                    "20000001,Lucía,Herrera,Solís,\n"
                    "20000002,Tomás,Ochoa,Cruz,\n"
                    "ABC,Iván,Rojas,Peña,\n", encoding="utf-8")
    view = _roster_view(window, group)
    dialog = view.open_file_dialog()
    with qtbot.waitSignal(view.tasks.busy_changed, timeout=10000):
        dialog.fileSelected.emit(str(path))
    qtbot.waitUntil(lambda: view.report_dialog is not None, timeout=10000)
    report = view.report_dialog
    assert report.model.rowCount() == 1
    assert report.model.index(0, 0).data() == 4
    assert "lista.csv: 2 nuevos" in report.summary_label.text()
    assert view.model.rowCount() == 2
    assert {e.matricula for e in roster.list_roster(ctx, group.id)} == {"20000001", "20000002"}


def test_unreadable_file_is_a_clear_message(window, group, qtbot, tmp_path):
    path = tmp_path / "vacia.csv"
    path.write_text("", encoding="utf-8")
    view = _roster_view(window, group)
    task = view.import_file(path)
    qtbot.waitSignal(task.finished, timeout=10000).wait()
    assert view.feedback_label.text().startswith('No se pudo leer "vacia.csv"')


def test_walk_in_with_a_bad_curp_is_explained_then_added(window, group, ctx, qtbot):
    view = _roster_view(window, group)
    qtbot.mouseClick(view.walk_in_button, Qt.MouseButton.LeftButton)
    dialog = view.walk_in_dialog
    qtbot.keyClicks(dialog.matricula_edit, "30000001")
    qtbot.keyClicks(dialog.given_edit, "Karla")
    qtbot.keyClicks(dialog.paternal_edit, "Salazar")
    qtbot.keyClicks(dialog.curp_edit, "SAXK900101MDFLXR0")
    dialog.add_button.click()
    assert dialog.error_label.text() == "CURP: debe tener 18 caracteres (tiene 17)."
    assert roster.list_roster(ctx, group.id) == []
    dialog.curp_edit.clear()
    dialog.add_button.click()
    assert [e.matricula for e in roster.list_roster(ctx, group.id)] == ["30000001"]
    assert view.model.index(0, Columns.MATRICULA).data() == "30000001"


def test_walk_in_with_letters_in_the_matricula_is_refused(window, group, ctx, qtbot):
    view = _roster_view(window, group)
    dialog = view.open_walk_in_dialog()
    qtbot.keyClicks(dialog.matricula_edit, "AB123")
    qtbot.keyClicks(dialog.given_edit, "Karla")
    qtbot.keyClicks(dialog.paternal_edit, "Salazar")
    dialog.add_button.click()
    assert dialog.error_label.text() == "Matrícula: debe tener de 5 a 12 dígitos, sin letras."
    assert roster.list_roster(ctx, group.id) == []


def test_withdraw_marks_the_participant_as_baja(window, enrolled_group, ctx, qtbot):
    view = _roster_view(window, enrolled_group)
    view.table.setCurrentIndex(view.model.index(0, Columns.NAME))
    worker_id = view.model.row_at(0).worker_id
    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    view.confirm_box.accept_button.click()
    assert view.model.index(0, Columns.STATUS).data() == "Baja"
    entry = next(e for e in roster.list_roster(ctx, enrolled_group.id) if e.worker_id == worker_id)
    assert entry.status is EnrollmentStatus.WITHDRAWN


SPF = "Servicio de Protección Federal"


def _curp(first17: str) -> str:
    from app.domain.identifiers import curp_check_digit

    return first17 + curp_check_digit(first17)


def test_walk_in_external_participant_is_added_by_curp_with_institution_and_credential(window, group, ctx, qtbot):
    view = _roster_view(window, group)
    dialog = view.open_walk_in_dialog()
    qtbot.mouseClick(dialog.external_check, Qt.MouseButton.LeftButton)
    assert dialog.matricula_edit.isHidden() and not dialog.institution_edit.isHidden()
    qtbot.keyClicks(dialog.given_edit, "Raul")  # QTest types ASCII only
    qtbot.keyClicks(dialog.paternal_edit, "Morales")
    qtbot.keyClicks(dialog.institution_edit, "SPF")
    qtbot.keyClicks(dialog.credential_edit, "spf-004512")
    dialog.add_button.click()
    assert dialog.error_label.text() == "CURP: un participante externo se identifica por su CURP; escríbala."
    assert roster.list_roster(ctx, group.id) == []
    qtbot.keyClicks(dialog.curp_edit, _curp("MORR880509HPLRXL0"))
    dialog.add_button.click()
    entry, = roster.list_roster(ctx, group.id)
    assert (entry.name, entry.matricula, entry.institution, entry.credential_number) == (
        "Raul Morales", None, "SPF", "SPF-004512")
    assert view.model.index(0, Columns.NAME).data() == "Morales Raul"
    assert view.model.index(0, Columns.MATRICULA).data() == "Externo: SPF"
    assert view.feedback_label.text() == "Raul Morales se agregó al grupo."


def test_walk_in_opened_from_a_scanned_curp_is_for_an_external_participant(window, group, qtbot):
    curp = _curp("MORR880509HPLRXL0")
    dialog = _roster_view(window, group).open_walk_in_dialog(curp)
    assert dialog.external_check.isChecked()
    assert (dialog.curp_edit.text(), dialog.matricula_edit.text()) == (curp, "")
    assert dialog.curp_label.text() == "CURP*"


def test_roster_report_says_who_is_new_updated_enrolled_and_already_enrolled(window, group, ctx, qtbot, tmp_path):
    raul, sofia = _curp("MORR880509HPLRXL0"), _curp("LUCS930121MDFNCF0")
    header = "CURP,Nombre(s),Apellido paterno,Institución,Número de credencial\n"
    first = tmp_path / "oficiales.csv"
    first.write_text(header + f"{raul},Raúl,Morales,{SPF},SPF-1\n", encoding="utf-8")
    roster.import_roster(ctx, first, group.id)
    second = tmp_path / "oficiales2.csv"
    second.write_text(header + f"{raul},Raúl,Morales,{SPF},SPF-2\n{sofia},Sofía,Luna,{SPF},\n"
                      "97150009,Corta,Fila\n", encoding="utf-8")
    view = _roster_view(window, group)
    with qtbot.waitSignal(view.tasks.busy_changed, timeout=10000):
        view.import_file(second)
    qtbot.waitUntil(lambda: view.report_dialog is not None, timeout=10000)
    details = view.report_dialog.details_label.text().splitlines()
    assert details == [
        "Personas nuevas (aún en ninguna plantilla): 1",
        "Actualizados: 1",
        "    Fila 2, Raúl Morales: cambió Número de credencial",
        "Ya estaban al día: 0",
        "Inscritos en el grupo ahora: 1",
        "Ya estaban inscritos: 1",
        "Ahora hay 2 participantes en la lista.",
    ]
    assert view.report_dialog.model.index(0, 0).data() == 4
    assert {e.credential_number for e in roster.list_roster(ctx, group.id)} == {"SPF-2", ""}

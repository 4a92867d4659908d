"""External participants on screen: imported from their roster, marked by typing their CURP or
credential number in the scan box, shown with their institution."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.domain.identifiers import curp_check_digit
from app.domain.ids import attendance_id, external_worker_id
from app.services import roster
from app.storage.tables import Attendance
from app.ui.models.roster_table_model import RosterTableModel as RosterColumns

SPF = "Servicio de Protección Federal"
RAUL = "MORR880509HPLRXL0" + curp_check_digit("MORR880509HPLRXL0")
SOFIA = "LUCS930121MDFNCF0" + curp_check_digit("LUCS930121MDFNCF0")


def _import_officers(ctx, group, tmp_path):
    path = tmp_path / "oficiales.csv"
    path.write_text("CURP,Nombre(s),Apellido paterno,Institución,Número de credencial\n"
                    f"{RAUL},Raúl,Morales,{SPF},SPF-004512\n{SOFIA},Sofía,Luna,{SPF},SPF-007731\n",
                    encoding="utf-8")
    roster.import_roster(ctx, path, group.id)


def _check_in(ctx, session_id, curp):
    with ctx.db.read() as s:
        mark = s.get(Attendance, attendance_id(session_id, external_worker_id(curp)))
        return mark.check_in if mark else None


def test_the_roster_shows_external_participants_with_their_institution(window, group, ctx, tmp_path):
    _import_officers(ctx, group, tmp_path)
    view = window.open_group(group.id).roster_view
    assert [view.model.index(r, RosterColumns.MATRICULA).data() for r in range(view.model.rowCount())] == [
        f"Externo: {SPF}", f"Externo: {SPF}"]


def test_typing_the_curp_or_the_credential_number_in_the_scan_box_marks_them(window, group, ctx, clock, qtbot,
                                                                              tmp_path):
    _import_officers(ctx, group, tmp_path)
    view = window.open_group(group.id).show_session(1).attendance_view
    view.reload()
    # Typed key by key: the CURP's letters (R, S, F…) are text in the scan box, never status keys.
    clock.set("07:58")
    qtbot.keyClicks(view.scan_box, RAUL)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    clock.set("08:01")
    qtbot.keyClicks(view.scan_box, "spf-007731")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    assert _check_in(ctx, view.session.id, RAUL) == dt.datetime(2026, 11, 24, 7, 58)
    assert _check_in(ctx, view.session.id, SOFIA) == dt.datetime(2026, 11, 24, 8, 1)
    assert view.counter_label.text() == "2 / 2 presentes"



def test_an_unknown_curp_scanned_is_added_as_an_external_and_checked_in(window, group, ctx, clock, qtbot):
    group_view = window.open_group(group.id)
    view = group_view.show_session(1).attendance_view
    clock.set("07:55")
    qtbot.keyClicks(view.scan_box, RAUL)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    assert view.resolve_button.isVisible()
    qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)
    dialog = group_view.roster_view.walk_in_dialog
    assert dialog.is_external and dialog.curp_edit.text() == RAUL
    dialog.given_edit.setText("Raúl")
    dialog.paternal_edit.setText("Morales")
    dialog.institution_edit.setText(SPF)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _check_in(ctx, view.session.id, RAUL) is not None)
    assert _check_in(ctx, view.session.id, RAUL) == dt.datetime(2026, 11, 24, 7, 55)
    assert view.counter_label.text() == "1 / 1 presentes"

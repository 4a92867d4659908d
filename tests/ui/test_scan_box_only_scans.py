"""The scan box is only a scan box: letters typed there are a name to find, never a status."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.enums import AttendanceStatus
from app.services import attendance, catalog, roster, staff
from app.ui.models.attendance_table_model import AttendanceTableModel as Columns

JOSEFA = "Josefa Adriana Peña Ríos"  # P, R, S, F and J: every status key


@pytest.fixture
def josefa(ctx, enrolled_group):
    """A participant whose name holds every status letter; she forgot her badge."""
    unit = catalog.get_unit(ctx, "UMF07")
    worker = staff.add_worker(ctx, matricula="10000009", given_names="Josefa Adriana", paternal_surname="Peña",
                              maternal_surname="Ríos", unit_id=unit.id, in_staff_list=True)
    roster.enroll(ctx, enrolled_group.id, worker.id)
    return worker


def _statuses_on_screen(view) -> list[str]:
    return [view.model.index(r, Columns.STATUS).data() for r in range(view.model.rowCount())]


def _stored(ctx, session_id):
    return {r.matricula: (r.status, r.check_in) for r in attendance.session_attendance(ctx, session_id)}


def test_typing_a_name_changes_no_status_and_finds_the_person(window, enrolled_group, josefa, ctx, clock,
                                                              qtbot):
    view = window.open_group(enrolled_group.id).show_session(1).attendance_view
    clock.set("08:00")
    qtbot.keyClicks(view.scan_box, "10000003")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)  # Ana Bravo is in, and her row is selected
    screen, stored = _statuses_on_screen(view), _stored(ctx, view.session.id)
    qtbot.keyClicks(view.scan_box, "Josefa Pena Rios")
    assert view.scan_box.text() == "Josefa Pena Rios"
    assert _statuses_on_screen(view) == screen
    assert _stored(ctx, view.session.id) == stored
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    assert view.model.row_at(view.table.currentIndex().row()).worker_id == josefa.id
    assert view.feedback_label.text() == f"Presione Enter (o ✓) para registrar la entrada de {JOSEFA}."
    assert view.resolve_button.isVisible() and view.resolve_button.text() == "Registrar"
    assert _stored(ctx, view.session.id) == stored
    assert stored["10000003"][0] is AttendanceStatus.PRESENT  # her entry time was never erased


def test_a_person_without_a_badge_is_marked_with_one_more_key(window, enrolled_group, josefa, ctx, clock, qtbot):
    view = window.open_group(enrolled_group.id).show_session(1).attendance_view
    clock.set("08:04")
    qtbot.keyClicks(view.scan_box, "PENA josefa")  # no accent, any case, any order
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    row = view.model.row_of(josefa.id)
    assert view.model.index(row, Columns.STATUS).data() == "✓ Presente"
    assert view.model.index(row, Columns.CHECK_IN).data() == "08:04"
    assert view.feedback_label.text() == f"✓ Entrada 08:04 — {JOSEFA} (Presente)"
    status, check_in = _stored(ctx, view.session.id)["10000009"]
    assert (status, check_in.strftime("%H:%M")) == (AttendanceStatus.PRESENT, "08:04")


def test_several_matches_are_chosen_with_the_arrows(group_view, ctx, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("08:00")
    qtbot.keyClicks(view.scan_box, "ez")  # Méndez and Núñez
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    assert view.feedback_label.text() == ("2 personas coinciden con «ez»: elija con ↑ ↓ y presione Enter (o ✓).")
    assert view.model.row_at(view.table.currentIndex().row()).matricula == "10000004"
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Down)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Down)  # stays on the last match
    assert view.model.row_at(view.table.currentIndex().row()).matricula == "10000001"
    qtbot.mouseClick(view.resolve_button, Qt.MouseButton.LeftButton)
    stored = _stored(ctx, view.session.id)
    assert stored["10000001"][0] is AttendanceStatus.PRESENT
    assert stored["10000004"][0] is None
    assert view.model.index(view.model.row_of(view.model.highlighted), Columns.MATRICULA).data() == "10000001"


def test_typing_starts_over_a_search_not_yet_recorded(group_view, ctx, qtbot):
    view = group_view.show_session(1).attendance_view
    qtbot.keyClicks(view.scan_box, "bravo")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    qtbot.keyClicks(view.scan_box, "x")
    view.scan_box.clear()
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    assert all(status is None for status, _ in _stored(ctx, view.session.id).values())


def test_a_name_nobody_has_says_so(group_view, ctx, qtbot):
    view = group_view.show_session(1).attendance_view
    qtbot.keyClicks(view.scan_box, "Zacarias")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    assert view.feedback_label.text() == "Nadie en esta lista coincide con «Zacarias»."
    assert all(status is None for status, _ in _stored(ctx, view.session.id).values())


def test_a_matricula_still_scans(group_view, ctx, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("08:00")
    qtbot.keyClicks(view.scan_box, "1000 0002")  # typed with a space: still a number
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    assert _stored(ctx, view.session.id)["10000002"][0] is AttendanceStatus.PRESENT


def test_an_expired_offer_is_not_taken_by_the_next_enter(group_view, ctx, qtbot):
    view = group_view.show_session(1).attendance_view
    qtbot.keyClicks(view.scan_box, "bravo")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    view.feedback.timer.timeout.emit()  # the message's time is up
    assert not view.feedback_label.isVisible()
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)
    assert all(status is None for status, _ in _stored(ctx, view.session.id).values())

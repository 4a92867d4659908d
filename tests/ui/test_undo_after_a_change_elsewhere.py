"""Undo and redo never overwrite a mark that changed since the step was taken.

A mark changed after the step (another device, through a sync; another screen) is newer than
what the step would put back: Ctrl+Z and Ctrl+Shift+Z refuse with a message, write nothing,
and the screen shows the stored mark.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.domain.enums import AttendanceStatus
from app.services import attendance, participation
from app.ui.models.attendance_table_model import AttendanceTableModel as Columns


def _scan(qtbot, view, matricula: str) -> None:
    qtbot.keyClicks(view.scan_box, matricula)
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Return)


def _stored(ctx, session_id, matricula):
    return next(r for r in attendance.session_attendance(ctx, session_id) if r.matricula == matricula)


def _shown_status(view, matricula: str) -> str:
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.index(r, Columns.MATRICULA).data() == matricula)
    return model.index(row, Columns.STATUS).data()


def _outbox_size(ctx) -> int:
    from sqlalchemy import func, select

    from app.storage.tables import Outbox

    with ctx.db.read() as s:
        return s.exec(select(func.count()).select_from(Outbox)).one()[0]


def _refusal(view) -> str:
    boxes = [b for b in view.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    return boxes[0].text()


def test_undoing_a_scan_keeps_a_mark_changed_elsewhere_since(group_view, ctx, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("08:02")
    _scan(qtbot, view, "10000002")
    worker_id = _stored(ctx, view.session.id, "10000002").worker_id
    # Another device marks the same person excused; the sync brings it here.
    attendance.record_attendance(ctx, view.session.id, worker_id, AttendanceStatus.EXCUSED)
    queued = _outbox_size(ctx)

    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert _stored(ctx, view.session.id, "10000002").status is AttendanceStatus.EXCUSED
    assert _outbox_size(ctx) == queued  # nothing written, nothing to send
    assert "cambió" in _refusal(view)
    assert _shown_status(view, "10000002").endswith("Justificada")  # the screen shows what is stored
    assert not group_view.undo_stack.canUndo()  # the refused step is gone; it cannot be retried by mistake


def test_redoing_a_scan_keeps_a_mark_made_elsewhere_since(group_view, ctx, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("08:02")
    _scan(qtbot, view, "10000003")
    worker_id = _stored(ctx, view.session.id, "10000003").worker_id
    group_view.undo_stack.undo()
    assert _stored(ctx, view.session.id, "10000003").status is None
    attendance.record_attendance(ctx, view.session.id, worker_id, AttendanceStatus.ABSENT)

    group_view.undo_stack.redo()

    assert _stored(ctx, view.session.id, "10000003").status is AttendanceStatus.ABSENT
    assert "cambió" in _refusal(view)


def test_undoing_everyone_present_changes_nobody_when_one_mark_changed_since(group_view, ctx, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("08:00")
    qtbot.mouseClick(view.all_present_button, Qt.MouseButton.LeftButton)
    rows = attendance.session_attendance(ctx, view.session.id)
    assert all(r.status is AttendanceStatus.PRESENT for r in rows)
    attendance.record_attendance(ctx, view.session.id, rows[0].worker_id, AttendanceStatus.EXCUSED)

    group_view.undo_stack.undo()

    after = {r.worker_id: r.status for r in attendance.session_attendance(ctx, view.session.id)}
    assert after[rows[0].worker_id] is AttendanceStatus.EXCUSED
    assert all(after[r.worker_id] is AttendanceStatus.PRESENT for r in rows[1:])  # one step: all or none
    assert "cambió" in _refusal(view)


def test_undoing_a_participation_tick_keeps_an_untick_made_elsewhere_since(group_view, ctx, qtbot):
    session = group_view.show_session(1)
    view = session.participation_view
    session.setCurrentWidget(view)
    view.table.setCurrentIndex(view.model.index(0, 1))
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    worker_id = view.model.participant(0).worker_id
    activity_id = view.model.activity(1).activity_id
    assert participation.session_grid(ctx, view.session.id).participated(worker_id, activity_id)
    participation.restore_participation(ctx, activity_id, {worker_id: False})  # unticked on another device

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert not participation.session_grid(ctx, view.session.id).participated(worker_id, activity_id)
    assert not view.model.is_marked(worker_id, activity_id)
    assert "cambió" in _refusal(view)


def test_undo_still_works_when_nothing_changed_since(group_view, ctx, clock, qtbot):
    view = group_view.show_session(1).attendance_view
    clock.set("08:02")
    _scan(qtbot, view, "10000004")
    qtbot.keyClick(view.scan_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(ctx, view.session.id, "10000004").status is None
    assert not [b for b in view.findChildren(QMessageBox) if b.isVisible()]

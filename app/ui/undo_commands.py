"""Undo/redo of attendance and participation marks and of withdrawals (QUndoStack commands).

A command's text says what undoing it would undo, in the user's words
("entrada de Adriana Peña"): the group shows it on its undo button.

Every command calls a service: the database is the truth and the screen is
refreshed after the commit. A mark command undoes (or redoes) only marks still as its step left
them: one changed since (another device through a sync, another screen) is newer, and the
service refuses the whole step (:class:`~app.services.errors.ChangedSince`); the refused step
leaves the stack. The first action is performed by the view (it
needs the service's answer, e.g. what a scan did), so commands are pushed
"already done" and their first ``redo()`` does nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from app.domain.errors import UserError
from app.services import attendance, participation, roster
from app.services.attendance import AttendanceState
from app.services.context import Context

logger = logging.getLogger(__name__)

ErrorSink = Callable[[UserError], None]


class _ServiceCommand(QUndoCommand):
    """Skips its first redo; reports service errors instead of raising."""

    def __init__(self, text: str, on_done: Callable[[], None], on_error: ErrorSink) -> None:
        super().__init__(text)
        self._first_redo = True
        self._on_done = on_done
        self._on_error = on_error

    def _apply(self, action: Callable[[], object]) -> None:
        try:
            action()
        except UserError as exc:
            logger.info("Undo/redo refused: %s", exc)
            self.setObsolete(True)
            self._on_error(exc)
            return
        self._on_done()

    def redo(self) -> None:
        if self._first_redo:
            self._first_redo = False
            return
        self._apply(self._do)

    def undo(self) -> None:
        self._apply(self._undo)

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AttendanceMarkCommand(_ServiceCommand):
    """One worker's mark went from ``before`` to ``after`` (scan, click or key)."""

    def __init__(self, ctx: Context, session_id: uuid.UUID, worker_id: uuid.UUID,
                 before: AttendanceState, after: AttendanceState, text: str,
                 on_done: Callable[[], None], on_error: ErrorSink) -> None:
        super().__init__(text, on_done, on_error)
        self._ctx, self._session_id, self._worker_id = ctx, session_id, worker_id
        self._before, self._after = before, after

    def _do(self) -> None:
        attendance.restore_attendance(self._ctx, self._session_id, self._worker_id, self._after,
                                      expected=self._before)

    def _undo(self) -> None:
        attendance.restore_attendance(self._ctx, self._session_id, self._worker_id, self._before,
                                      expected=self._after)


class BulkAttendanceCommand(_ServiceCommand):
    """"Todos presentes" or "Registrar salida de todos": many marks, one step."""

    def __init__(self, ctx: Context, session_id: uuid.UUID,
                 before: dict[uuid.UUID, AttendanceState], after: dict[uuid.UUID, AttendanceState],
                 text: str, on_done: Callable[[], None], on_error: ErrorSink) -> None:
        super().__init__(text, on_done, on_error)
        self._ctx, self._session_id = ctx, session_id
        self._before, self._after = before, after

    def _do(self) -> None:
        attendance.restore_many(self._ctx, self._session_id, self._after, expected=self._before)

    def _undo(self) -> None:
        attendance.restore_many(self._ctx, self._session_id, self._before, expected=self._after)


class ParticipationCommand(_ServiceCommand):
    """Marks of one activity went from ``before`` to ``after`` (one or everyone)."""

    def __init__(self, ctx: Context, activity_id: uuid.UUID, before: dict[uuid.UUID, bool],
                 after: dict[uuid.UUID, bool], text: str, on_done: Callable[[], None],
                 on_error: ErrorSink) -> None:
        super().__init__(text, on_done, on_error)
        self._ctx, self._activity_id = ctx, activity_id
        self._before, self._after = before, after

    def _do(self) -> None:
        participation.restore_participation(self._ctx, self._activity_id, self._after, expected=self._before)

    def _undo(self) -> None:
        participation.restore_participation(self._ctx, self._activity_id, self._before, expected=self._after)


class WithdrawalCommand(_ServiceCommand):
    """A participant was withdrawn (baja); undo enrolls them again, their marks untouched."""

    def __init__(self, ctx: Context, group_id: uuid.UUID, worker_id: uuid.UUID, text: str,
                 on_done: Callable[[], None], on_error: ErrorSink) -> None:
        super().__init__(text, on_done, on_error)
        self._ctx, self._group_id, self._worker_id = ctx, group_id, worker_id

    def _do(self) -> None:
        roster.withdraw(self._ctx, self._group_id, self._worker_id)

    def _undo(self) -> None:
        roster.enroll(self._ctx, self._group_id, self._worker_id)

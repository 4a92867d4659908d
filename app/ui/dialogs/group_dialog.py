"""New or edit group: course, venue, instructors, capacity and each session's date and times."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QDate, QTime, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import catalog, groups
from app.services.catalog import CourseInfo
from app.services.context import Context
from app.services.groups import GroupDetail, SessionPlan
from app.ui.widgets import label, set_tone

logger = logging.getLogger(__name__)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _qtime(moment: dt.time) -> QTime:
    return QTime(moment.hour, moment.minute)


class _SessionRow:
    """The editors of one session: date, start and end."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.start_edit = QTimeEdit()
        self.start_edit.setDisplayFormat("HH:mm")
        self.end_edit = QTimeEdit()
        self.end_edit.setDisplayFormat("HH:mm")

    def plan(self) -> SessionPlan:
        return SessionPlan(self.date_edit.date().toPython(), self.start_edit.time().toPython(),
                           self.end_edit.time().toPython())

    def set_plan(self, plan: SessionPlan) -> None:
        self.date_edit.setDate(_qdate(plan.date))
        self.start_edit.setTime(_qtime(plan.start))
        self.end_edit.setTime(_qtime(plan.end))


class GroupDialog(QDialog):
    """Creates a group (``group=None``) or edits one; validation errors are shown inline.

    Signals:
        saved(object): the :class:`GroupDetail` as stored.
    """

    saved = Signal(object)

    def __init__(self, ctx: Context, group: GroupDetail | None = None, *, today: dt.date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group = group
        self.result_group: GroupDetail | None = None
        self._today = today or ctx.clock().date()
        self.setWindowTitle(self.tr("Edit group") if group else self.tr("New group"))
        self.setMinimumWidth(560)
        courses = catalog.list_courses(ctx) or catalog.ensure_default_courses(ctx)
        self.courses: list[CourseInfo] = courses
        self.units = catalog.list_units(ctx)

        self.course_combo = QComboBox()
        for course in self.courses:
            self.course_combo.addItem(f"{course.name} ({course.hours} h)", course.id)
        self.unit_combo = QComboBox()
        for unit in self.units:
            self.unit_combo.addItem(f"{unit.code} — {unit.name}", unit.id)
        self.room_edit = QLineEdit()
        self.room_edit.setPlaceholderText(self.tr("E.g. Teaching room, first floor"))
        self.instructors_edit = QLineEdit()
        self.instructors_edit.setPlaceholderText(self.tr("Separate several with commas"))
        self.capacity_spin = QSpinBox()
        self.capacity_spin.setRange(1, 1000)
        self.capacity_spin.setValue(40)
        self.first_date_edit = QDateEdit()
        self.first_date_edit.setCalendarPopup(True)
        self.first_date_edit.setDisplayFormat("dd/MM/yyyy")
        self.first_date_edit.setDate(_qdate(self._today))

        form = QFormLayout()
        for text, widget in ((self.tr("Course"), self.course_combo), (self.tr("Venue unit"), self.unit_combo),
                             (self.tr("Room"), self.room_edit), (self.tr("Instructor(s)"), self.instructors_edit),
                             (self.tr("Capacity"), self.capacity_spin),
                             (self.tr("First day"), self.first_date_edit)):
            widget.setAccessibleName(text)
            form.addRow(text, widget)
        self.sessions_box = QGroupBox(self.tr("Sessions"))
        self.sessions_grid = QGridLayout(self.sessions_box)
        self.session_rows: list[_SessionRow] = []
        self.error_label = label("", "feedback", wrap=True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.addButton(self.tr("Save") if group else self.tr("Create group"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.sessions_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if group is None:
            self.course_combo.currentIndexChanged.connect(self._rebuild_sessions)
            self.first_date_edit.dateChanged.connect(self._rebuild_sessions)
            self._rebuild_sessions()
            if not self.units:
                self._show_error(self.tr("There are no work units yet. Import a staff list or sync this "
                                         "device before creating a group."))
                self.save_button.setEnabled(False)
        else:
            self._load(group)

    # -- building ----------------------------------------------------------
    def _course(self) -> CourseInfo | None:
        index = self.course_combo.currentIndex()
        return self.courses[index] if 0 <= index < len(self.courses) else None

    def _set_session_rows(self, count: int) -> None:
        while self.sessions_grid.count():
            item = self.sessions_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.session_rows = []
        for column, text in enumerate((self.tr("Session"), self.tr("Date"), self.tr("Start"), self.tr("End"))):
            self.sessions_grid.addWidget(label(text, "muted"), 0, column)
        for i in range(count):
            row = _SessionRow(i + 1)
            name = self.tr("Session {number}").format(number=i + 1)
            row.date_edit.setAccessibleName(self.tr("{session}: date").format(session=name))
            row.start_edit.setAccessibleName(self.tr("{session}: start").format(session=name))
            row.end_edit.setAccessibleName(self.tr("{session}: end").format(session=name))
            self.sessions_grid.addWidget(label(name), i + 1, 0)
            self.sessions_grid.addWidget(row.date_edit, i + 1, 1)
            self.sessions_grid.addWidget(row.start_edit, i + 1, 2)
            self.sessions_grid.addWidget(row.end_edit, i + 1, 3)
            self.session_rows.append(row)

    @Slot()
    def _rebuild_sessions(self) -> None:
        """Defaults from the course: consecutive weekdays from the first day, the course's times."""
        course = self._course()
        if course is None:
            return
        plans = groups.default_plans(course, self.first_date_edit.date().toPython())
        self._set_session_rows(len(plans))
        for row, plan in zip(self.session_rows, plans):
            row.set_plan(plan)

    def _load(self, group: GroupDetail) -> None:
        summary = group.summary
        self.course_combo.setCurrentIndex(max(0, self.course_combo.findData(group.course.id)))
        self.unit_combo.setCurrentIndex(max(0, next(
            (i for i, u in enumerate(self.units) if u.code == summary.unit_code), 0)))
        self.course_combo.setEnabled(False)
        self.unit_combo.setEnabled(False)
        self.first_date_edit.setEnabled(False)
        self.room_edit.setText(summary.room)
        self.instructors_edit.setText(summary.instructors)
        self.capacity_spin.setValue(summary.capacity)
        self._set_session_rows(len(group.sessions))
        for row, session in zip(self.session_rows, group.sessions):
            row.set_plan(SessionPlan(session.date, session.start, session.end))

    # -- saving ----------------------------------------------------------
    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        set_tone(self.error_label, "bad")
        self.error_label.show()

    def _validate(self, plans: list[SessionPlan]) -> str | None:
        if not self.instructors_edit.text().strip():
            return self.tr("Write the name of at least one instructor.")
        for number, plan in enumerate(plans, start=1):
            if plan.end <= plan.start:
                return self.tr("Session {number}: the end time must be after the start time.").format(
                    number=number)
        for number, (earlier, later) in enumerate(zip(plans, plans[1:]), start=2):
            if later.date < earlier.date:
                return self.tr("Session {number}: its date is before the previous session's.").format(
                    number=number)
        return None

    @Slot()
    def _on_buttons_accepted(self) -> None:
        plans = [row.plan() for row in self.session_rows]
        problem = self._validate(plans)
        if problem:
            self._show_error(problem)
            return
        try:
            if self.group is None:
                course, unit_id = self._course(), self.unit_combo.currentData()
                self.result_group = groups.create_group(
                    self.ctx, course_id=course.id, unit_id=unit_id, sessions=plans,
                    room=self.room_edit.text(), instructors=self.instructors_edit.text(),
                    capacity=self.capacity_spin.value())
            else:
                self.result_group = groups.update_group(
                    self.ctx, self.group.id, room=self.room_edit.text(),
                    instructors=self.instructors_edit.text(), capacity=self.capacity_spin.value(),
                    sessions=plans)
        except UserError as exc:
            self._show_error(str(exc))
            return
        logger.info("Group %s saved", self.result_group.summary.code)
        self.saved.emit(self.result_group)
        self.accept()

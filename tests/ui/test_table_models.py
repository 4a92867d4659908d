"""Every table model passes Qt's model tester with real rows from the services."""

from __future__ import annotations

from app.importing import RowProblem
from app.services import attendance, groups, participation, results, roster, staff
from app.ui.models.attendance_table_model import AttendanceTableModel
from app.ui.models.groups_table_model import GroupsTableModel
from app.ui.models.import_problems_table_model import ImportProblemsTableModel
from app.ui.models.participation_table_model import GridActivity, GridParticipant, ParticipationTableModel
from app.ui.models.results_table_model import ResultsTableModel
from app.ui.models.roster_table_model import RosterTableModel
from app.ui.models.staff_table_model import StaffTableModel


def test_groups_table_model(qtmodeltester, enrolled_group, ctx):
    model = GroupsTableModel()
    model.set_rows(groups.list_groups(ctx))
    qtmodeltester.check(model)


def test_roster_table_model(qtmodeltester, enrolled_group, ctx):
    model = RosterTableModel()
    model.set_rows(roster.list_roster(ctx, enrolled_group.id))
    qtmodeltester.check(model)


def test_staff_table_model(qtmodeltester, people, ctx):
    model = StaffTableModel()
    model.set_rows(staff.search_workers(ctx, ""))
    qtmodeltester.check(model)


def test_attendance_table_model(qtmodeltester, enrolled_group, ctx, clock):
    session = enrolled_group.sessions[0]
    attendance.scan(ctx, session.id, "10000001")
    model = AttendanceTableModel()
    model.set_rows(attendance.session_attendance(ctx, session.id))
    model.set_highlighted(model.row_at(0).worker_id)
    qtmodeltester.check(model)


def test_results_table_model(qtmodeltester, enrolled_group, ctx):
    model = ResultsTableModel()
    model.set_rows(results.evaluate_group(ctx, enrolled_group.id).participants)
    qtmodeltester.check(model)


def test_participation_table_model(qtmodeltester, enrolled_group, ctx):
    session = enrolled_group.sessions[0]
    grid = participation.session_grid(ctx, session.id)
    entries = roster.list_roster(ctx, enrolled_group.id)
    model = ParticipationTableModel()
    model.set_grid([GridParticipant(e.number, e.worker_id, e.name) for e in entries],
                   [GridActivity(a.id, a.name) for a in session.activities], grid.marks)
    qtmodeltester.check(model)


def test_import_problems_table_model(qtmodeltester):
    model = ImportProblemsTableModel()
    model.set_rows([RowProblem(4, "Matrícula", "ABC", "debe tener de 5 a 12 dígitos, sin letras")])
    qtmodeltester.check(model)

"""Fixtures of the GUI tests: offscreen Qt, a temporary AULA_HOME database per test.

The shared ``ctx`` and ``clock`` fixtures (tests/conftest.py) give a fresh
database with the shipped courses and unit UMF07, on 24 November 2026 07:30.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

DAY1, DAY2 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)

PEOPLE = [
    ("10000001", "José Luis", "Núñez", "Peña"),
    ("10000002", "María Guadalupe", "Ávila", "Zúñiga"),
    ("10000003", "Ana", "Bravo", ""),
    ("10000004", "Óscar", "Méndez", "Ruiz"),
]


@pytest.fixture(autouse=True)
def aula_home(tmp_path, monkeypatch) -> Path:
    """Every test gets its own data directory: database, settings and logs."""
    home = tmp_path / "aula_home"
    home.mkdir()
    monkeypatch.setenv("AULA_HOME", str(home))
    return home


@pytest.fixture
def app_context(qapp, aula_home):
    """The application as ``run_gui`` sets it up, minus the exception hook.

    pytest-qt keeps its own exception capture so a bug in a slot fails the test.
    """
    from app.ui.bootstrap import bootstrap

    context = bootstrap([], install_crash_handler=False)
    yield context
    context.services = None  # the shared ``ctx`` fixture closes its database
    context.shutdown()
    _destroy_windows(qapp)
    qapp.setStyleSheet("")


def _destroy_windows(qapp) -> None:
    """Delete every window a test left, so the next test polishes no stale widget."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for widget in qapp.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()


@pytest.fixture
def people(ctx):
    """Four workers on UMF07's staff list (names with accents, one without maternal surname)."""
    from app.services import catalog, staff

    unit = catalog.get_unit(ctx, "UMF07")
    return [staff.add_worker(ctx, matricula=m, given_names=g, paternal_surname=p, maternal_surname=mm,
                             unit_id=unit.id, in_staff_list=True) for m, g, p, mm in PEOPLE]


@pytest.fixture
def group(ctx):
    """A group of the base course on DAY1 and DAY2, 08:00–14:00, nobody enrolled."""
    from app.services import catalog, groups

    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    unit = catalog.get_unit(ctx, "UMF07")
    plans = [groups.SessionPlan(day, t.start, t.end) for day, t in zip((DAY1, DAY2), course.sessions)]
    return groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans,
                               room="Aula 1", instructors="Mariana Torres", capacity=40)


@pytest.fixture
def enrolled_group(ctx, group, people):
    from app.services import roster

    for worker in people:
        roster.enroll(ctx, group.id, worker.id)
    return group


@pytest.fixture
def window(app_context, ctx, qtbot):
    """The main window on the test database, shown and active."""
    from app.ui.main_window import MainWindow

    app_context.services = ctx
    main = MainWindow(app_context)
    qtbot.addWidget(main)
    with qtbot.waitActive(main):
        main.show()
        main.activateWindow()
    return main


@pytest.fixture
def group_view(window, enrolled_group):
    """The enrolled group opened in the main window."""
    return window.open_group(enrolled_group.id)

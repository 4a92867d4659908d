"""Start-up loads only what the first screen needs; every other page still opens afterwards.

The launch runs in a child process (``open_main_window``, what ``aula`` runs before the
event loop) so the modules other tests imported cannot hide one that start-up loads.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Not on the instructor's first screen (the list of groups): the other pages, the
#: documents and exports, the importer, the network stack, the signing keys, and the
#: sync protocol's wire types and page applier (a sync round loads them).
HEAVY = ["openpyxl", "reportlab", "qrcode", "app.importing", "app.exporting", "app.documents",
         "requests", "httpx", "cryptography", "alembic", "app.sync.transport", "app.sync.enrolling",
         "app.sync.protocol", "app.sync.apply", "app.sync.pushing",
         "PySide6.QtCharts", "app.ui.views.staff_view", "app.ui.views.director_view",
         "app.ui.views.group_view"]

CHILD = r"""
import json, sys, uuid
from app.ui.main import open_main_window

db_path, heavy, group_id = sys.argv[1], json.loads(sys.argv[2]), uuid.UUID(sys.argv[3])
context, window = open_main_window(db_path, [])
report = {"loaded_when_shown": sorted(m for m in heavy if m in sys.modules),
          "first_page": window.pages.currentIndex(), "visible": window.isVisible()}

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services.groups import Phase
from app.ui.models.groups_table_model import GroupsTableModel

def progress():
    model = window.groups_view.sections[Phase.IN_PROGRESS].model
    return model.index(0, GroupsTableModel.PROGRESS).data()

report["progress_when_shown"] = progress()
QTest.qWaitForWindowExposed(window)
for _ in range(500):  # the count follows the first frame
    if progress() != report["progress_when_shown"]:
        break
    QTest.qWait(10)
report["progress_after_first_frame"] = progress()
window.activateWindow()
QTest.qWaitForWindowActive(window)
QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
report["ctrl_2"] = {"page": window.pages.currentIndex(),
                    "is_staff_view": window.pages.currentWidget() is window.staff_view,
                    "count": window.staff_view.count_label.text(),
                    "search_focused": window.staff_view.search_edit.hasFocus()}
QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
report["ctrl_3"] = {"page": window.pages.currentIndex(),
                    "is_director_view": window.pages.currentWidget() is window.director_view,
                    "shown": window.director_view.isVisible(), "charts": "PySide6.QtCharts" in sys.modules}
QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
report["ctrl_1_page"] = window.pages.currentIndex()
group_view = window.open_group(group_id)
report["group"] = {"code": group_view.detail.summary.code, "shown": group_view.isVisible()}
window.close()
context.shutdown()
print("REPORT " + json.dumps(report))
"""


DIRECTOR_CHILD = r"""
import json, sys
from app.ui.main import open_main_window

context, window = open_main_window(sys.argv[1], [])
report = {"first_page": window.pages.currentIndex(), "charts_when_shown": "PySide6.QtCharts" in sys.modules}

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services.groups import Phase
from app.ui.models.groups_table_model import GroupsTableModel

def progress():
    model = window.groups_view.sections[Phase.IN_PROGRESS].model
    return model.index(0, GroupsTableModel.PROGRESS).data()

QTest.qWaitForWindowExposed(window)
for _ in range(500):  # until the start-up work that follows the first frame is done (the daily backup is last)
    if getattr(window, "daily_backup", None) is not None:
        break
    QTest.qWait(10)
report["startup_work_done"] = getattr(window, "daily_backup", None) is not None
report["progress_after_first_frame"] = progress()
window.activateWindow()
QTest.qWaitForWindowActive(window)
QTest.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
report["progress_when_groups_shown"] = progress()
window.close()
context.shutdown()
print("REPORT " + json.dumps(report))
"""


def _launch(child: str, aula_home: Path, *args: str) -> dict:
    env = {**os.environ, "AULA_HOME": str(aula_home), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-c", child, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(next(line for line in out.stdout.splitlines() if line.startswith("REPORT "))[7:])


def _group_in_progress(ctx, people):
    """A group whose first session is today (the launched window reads the real clock), four enrolled."""
    from app.services import catalog, groups, roster

    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    today = dt.date.today()
    plans = [groups.SessionPlan(today + dt.timedelta(days=i), t.start, t.end) for i, t in enumerate(course.sessions)]
    group = groups.create_group(ctx, course_id=course.id, unit_id=catalog.get_unit(ctx, "UMF07").id, sessions=plans,
                                room="Aula 1", instructors="Mariana Torres", capacity=40)
    for worker in people:
        roster.enroll(ctx, group.id, worker.id)
    return group


def test_the_first_screen_shows_before_the_other_pages_and_heavy_modules_load(ctx, people, aula_home):
    group = _group_in_progress(ctx, people)
    report = _launch(CHILD, aula_home, str(ctx.db.path), json.dumps(HEAVY), str(group.id))

    assert report["visible"] and report["first_page"] == 0
    assert report["loaded_when_shown"] == []
    # Who qualifies needs each group's results: counted once the first frame is on screen.
    assert report["progress_when_shown"] == "0 / 4 asistieron"
    assert report["progress_after_first_frame"] == "0 / 4 asistieron · 0 acreditan · 4 pendientes"
    assert report["ctrl_2"] == {"page": 1, "is_staff_view": True, "count": "4 trabajadores; escriba para buscar",
                                "search_focused": True}
    assert report["ctrl_3"] == {"page": 2, "is_director_view": True, "shown": True, "charts": True}
    assert report["ctrl_1_page"] == 0
    assert report["group"] == {"code": group.summary.code, "shown": True}


def test_a_director_window_opens_on_coverage_and_counts_the_groups_when_their_list_is_shown(ctx, people,
                                                                                           aula_home):
    from app.storage.tables import Device

    _group_in_progress(ctx, people)
    with ctx.db.write() as s:
        s.add(Device(id=1, device_code="DIRECT01", public_key="x", role="director"))
    report = _launch(DIRECTOR_CHILD, aula_home, str(ctx.db.path))

    assert report["first_page"] == 2 and report["charts_when_shown"]  # Coverage is the director's first screen
    assert report["startup_work_done"]
    assert report["progress_after_first_frame"] == "0 / 4 asistieron"
    assert report["progress_when_groups_shown"] == "0 / 4 asistieron · 0 acreditan · 4 pendientes"

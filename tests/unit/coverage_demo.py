"""The demo unit as a director sees it: constancias issued, one revoked, one worker gone from the list.

Shared by the coverage service, export and GUI tests. Figures are always
recounted from the database by the tests themselves (:func:`independent_counts`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from app.domain.enums import EnrollmentStatus
from app.services import constancias, demo, groups
from app.services.context import Context
from app.services.results import evaluate_group
from app.storage import changes
from app.storage.tables import Worker


def demo_context(path: Path, clock) -> Context:
    """A demo database (300 workers) with the finished group's constancias issued,
    one of them revoked (qualified, constancia to issue) and one trained worker off the staff list."""
    ctx = Context.open(path, actor="Instructora de prueba", clock=clock)
    summary = demo.create_demo(ctx, staff_count=300)
    finished = groups.find_group(ctx, summary.finished_group)
    report = constancias.issue_constancias(ctx, finished.id)
    constancias.revoke_constancia(ctx, report.issued[0].id, "Emitida por error")
    with ctx.db.write() as s:
        left = s.get(Worker, report.issued[1].worker_id)
        left.in_staff_list = False
        changes.save(s, left, actor="prueba", action="staff.left")
    return ctx


_TEMPLATE: Path | None = None


def demo_copy(path: Path, clock) -> Context:
    """:func:`demo_context` built once per test process and copied for each test (it takes seconds)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        folder = Path(tempfile.mkdtemp(prefix="aula-coverage-demo-"))
        built = demo_context(folder / "demo.sqlite3", lambda: dt.datetime(2026, 11, 24, 7, 30))
        built.close()
        _TEMPLATE = folder / "demo.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{_TEMPLATE}{suffix}")
        if source.exists():
            shutil.copyfile(source, Path(f"{path}{suffix}"))
    return Context.open(path, actor="Instructora de prueba", clock=clock)


def independent_counts(ctx: Context) -> dict:
    """The director's figures counted straight from the tables and the group results, not by coverage."""
    db = sqlite3.connect(ctx.db.path)
    staff = {r[0] for r in db.execute(
        "SELECT replace(id, '-', '') FROM worker WHERE in_staff_list = 1 AND deleted_at IS NULL "
        "AND matricula IS NOT NULL")}
    staff = {s.lower() for s in staff}
    valid = {r[0].replace("-", "").lower() for r in db.execute(
        "SELECT worker_id FROM constancia WHERE upper(status) = 'VALID' AND deleted_at IS NULL")}
    enrolled = {r[0].replace("-", "").lower() for r in db.execute(
        "SELECT worker_id FROM enrollment WHERE deleted_at IS NULL")}
    db.close()
    qualified, failed, in_course = set(), set(), set()
    for group in groups.list_groups(ctx):
        for p in evaluate_group(ctx, group.id).participants:
            key = p.worker_id.hex
            if p.qualifies:
                qualified.add(key)
            elif p.is_pending and p.status is EnrollmentStatus.ENROLLED:
                in_course.add(key)
            else:
                failed.add(key)
    trained = staff & valid
    to_issue = (staff & qualified) - valid
    failed_ = (staff & failed) - valid - qualified
    in_course_ = (staff & in_course) - valid - qualified - failed
    pending = staff - enrolled
    department = Counter()
    db = sqlite3.connect(ctx.db.path)
    for wid, dep in db.execute("SELECT replace(id, '-', ''), department FROM worker WHERE in_staff_list = 1 "
                               "AND deleted_at IS NULL AND matricula IS NOT NULL"):
        department[(dep, wid.lower() in trained)] += 1
    db.close()
    return {"expected": len(staff), "trained": len(trained), "to_issue": len(to_issue), "failed": len(failed_),
            "in_course": len(in_course_), "pending": len(pending), "percent": round(100 * len(trained) / len(staff), 1),
            "department": department, "trained_ids": trained, "pending_ids": pending}

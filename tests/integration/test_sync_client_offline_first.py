"""A device used offline before it ever enrolls: demo data and constancias join the server's unit."""

from __future__ import annotations

import os

import httpx
import pytest
from server_harness import REPO_ROOT, ServerProcess, create_postgres_database, drop_postgres_database
from sqlmodel import func, select
from sync_client_harness import open_app

from app.domain.enums import ConstanciaStatus
from app.services import constancias, demo, groups
from app.storage.tables import (
    Attendance,
    Constancia,
    Course,
    CourseGroup,
    Enrollment,
    Outbox,
    Participation,
    SyncState,
    Unit,
    Worker,
)
from app.sync.protocol import catalogue_course_id
from app.sync.status import SyncPhase

POSTGRES_URL = os.environ.get("AULA_TEST_POSTGRES_URL")
SYNCED = (Unit, Worker, Course, CourseGroup, Enrollment, Attendance, Participation, Constancia)


@pytest.fixture(scope="module", params=[
    "sqlite",
    pytest.param("postgresql", marks=[pytest.mark.postgres, pytest.mark.skipif(
        not POSTGRES_URL, reason="AULA_TEST_POSTGRES_URL no está definida (ver .ci/postgres.sh)")]),
])
def own_server(request, tmp_path_factory):
    """A server of its own: the demo's unit code and matrículas are fixed, so no other test may hold them."""
    url = name = None
    if request.param == "postgresql":
        url, name = create_postgres_database(POSTGRES_URL)
    process = ServerProcess(tmp_path_factory.mktemp("demo_server"), url)
    try:
        process.start()
        process.cli("create-unit", demo.UNIT_CODE, demo.UNIT_NAME)
        # the shipped courses are the central catalogue's: a device made them locally before enrolling
        process.cli("import-courses", str(REPO_ROOT / "resources" / "courses.json"))
        yield process
    finally:
        process.stop()
        if name:
            drop_postgres_database(POSTGRES_URL, name)


def _counts(app) -> dict[str, int]:  # noqa: ANN001
    with app.ctx.db.read() as s:
        return {table.__tablename__: s.exec(select(func.count()).select_from(table)
                                            .where(table.deleted_at.is_(None))).one() for table in SYNCED}


def test_a_demo_device_with_constancias_syncs_completely_into_the_servers_unit(own_server, tmp_path):
    offline = open_app(tmp_path, "offline")
    fresh = open_app(tmp_path, "fresh")
    try:
        summary = demo.create_demo(offline.ctx, staff_count=80)
        finished = groups.find_group(offline.ctx, summary.finished_group)
        report = constancias.issue_constancias(offline.ctx, finished.id, keys=offline.keys)
        assert report.issued
        before = _counts(offline)

        offline.engine.enroll(own_server.base_url, own_server.enroll_code(demo.UNIT_CODE))
        status = offline.sync()
        assert status.pending_ops == 0 and status.rejected_ops == 0
        with offline.ctx.db.read() as s:
            assert s.exec(select(func.count()).select_from(Outbox)).one() == 0

        # the courses made locally were adopted as the catalogue's, with their groups
        with offline.ctx.db.read() as s:
            courses = s.exec(select(Course)).all()
            assert all(c.id == catalogue_course_id(c.code) for c in courses)
            assert {g.course_id for g in s.exec(select(CourseGroup)).all()} <= {c.id for c in courses}

        # everything reached the server: a device enrolled afterwards receives all of it, in pages,
        # and an interrupted bootstrap resumes where it stopped
        fresh.engine.enroll(own_server.base_url, own_server.enroll_code(demo.UNIT_CODE))

        def bootstrap_page() -> int:
            with fresh.ctx.db.read() as s:
                state = s.get(SyncState, 1)
                return state.bootstrap_page if state else 0

        interrupted = fresh.engine.run_round(cancel=lambda: bootstrap_page() >= 1)
        assert interrupted.phase is SyncPhase.PENDING and bootstrap_page() == 1
        fresh.sync()
        assert bootstrap_page() > 1
        assert _counts(fresh) == _counts(offline) == {**before, "unit": 1}

        # a constancia issued offline verifies on the server's page
        issued = report.issued[0]
        answer = httpx.get(f"{own_server.base_url}/v1/constancias/verify", params={"text": issued.qr_text}).json()
        assert answer["status"] == "valid", answer
        assert answer["known_to_server"] is True

        # revoked on the server: the device learns it and its offline verifier says so
        own_server.cli("revoke-constancia", issued.folio, "--reason", "Emitida por error")
        assert offline.engine.run_round().phase is SyncPhase.UP_TO_DATE
        with offline.ctx.db.read() as s:
            row = s.exec(select(Constancia).where(Constancia.folio == issued.folio)).one()
        assert row.status is ConstanciaStatus.REVOKED
        check = constancias.verify(offline.ctx, issued.qr_text)
        assert check.local_status is ConstanciaStatus.REVOKED
        assert "revocada" in check.message and "estado al" in check.message
        # the other device verifies the first one's constancias offline, with its key from the server
        other = constancias.verify(fresh.ctx, report.issued[1].qr_text)
        assert other.ok, other.message
    finally:
        offline.close()
        fresh.close()

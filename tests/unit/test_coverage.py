"""The coverage service on the demo unit: every figure recounted independently from the database."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import coverage, roster, worker_history
from app.services.coverage import CoverageStatus
from app.services.errors import NotFound
from app.storage.tables import Device
from tests.unit.coverage_demo import demo_copy, independent_counts


@pytest.fixture
def dctx(tmp_path, clock):
    context = demo_copy(tmp_path / "demo.sqlite3", clock)
    yield context
    context.close()


def test_headline_and_every_status_match_counts_made_from_the_tables(dctx):
    expected = independent_counts(dctx)
    result = coverage.unit_coverage(dctx, "UMF07")

    assert result.course_code == "SER-BT"
    assert result.expected == expected["expected"] == 299
    assert result.trained == expected["trained"]
    assert result.percent == expected["percent"]
    assert result.count(CoverageStatus.TO_ISSUE) == expected["to_issue"] == 1
    assert result.count(CoverageStatus.FAILED) == expected["failed"]
    assert result.count(CoverageStatus.IN_COURSE) == expected["in_course"] == 32
    assert result.count(CoverageStatus.PENDING) == expected["pending"]
    assert result.count(CoverageStatus.LEFT) == 1
    assert sum(result.count(s) for s in coverage.STAFF_STATUSES) == result.expected


def test_each_worker_has_exactly_one_line_and_the_pending_come_first(dctx):
    result = coverage.unit_coverage(dctx, "UMF07")
    ids = [w.worker_id for w in result.workers]
    assert len(ids) == len(set(ids))
    first_statuses = {w.status for w in result.workers[: result.count(CoverageStatus.PENDING)]}
    assert first_statuses == {CoverageStatus.PENDING}
    assert {w.worker_id.hex for w in result.select(status=CoverageStatus.PENDING)} == \
        independent_counts(dctx)["pending_ids"]


def test_a_trained_worker_shows_folio_and_date_and_a_failed_one_the_reason(dctx):
    result = coverage.unit_coverage(dctx, "UMF07")
    trained = result.select(status=CoverageStatus.TRAINED)[0]
    assert trained.folio and trained.issued_on == dt.date(2026, 11, 24) and trained.group_code
    failed = result.select(status=CoverageStatus.FAILED)
    assert any("inasistencia" in w.reason for w in failed)
    in_course = result.select(status=CoverageStatus.IN_COURSE)[0]
    assert in_course.first_date == result.groups[0].first_date


def test_breakdown_by_service_matches_the_tables(dctx):
    expected = independent_counts(dctx)["department"]
    for row in coverage.unit_coverage(dctx, "UMF07").breakdown("department").rows:
        assert row.expected == expected[(row.key, True)] + expected[(row.key, False)]
        assert row.trained == expected[(row.key, True)]


def test_a_bar_selects_exactly_its_workers(dctx):
    result = coverage.unit_coverage(dctx, "UMF07")
    row = result.breakdown("shift").rows[0]
    chosen = result.select(dimension="shift", key=row.key, status=CoverageStatus.PENDING)
    assert len(chosen) == row.counts[coverage.STAFF_STATUSES.index(CoverageStatus.PENDING)]
    assert {w.shift for w in chosen} == {row.key}


def test_search_ignores_accents_and_case(dctx):
    result = coverage.unit_coverage(dctx, "UMF07")
    with_accent = result.select(text="ENFERMERÍA")
    assert with_accent and with_accent == result.select(text="enfermeria")
    assert all(w.department == "Enfermería" or "enfermer" in w.category.lower() for w in with_accent)


def test_a_failed_worker_enrolled_again_is_shown_as_re_enrolled(dctx):
    result = coverage.unit_coverage(dctx, "UMF07")
    failed = result.select(status=CoverageStatus.FAILED)[0]
    roster.enroll(dctx, result.groups[0].group_id, failed.worker_id)
    again = next(w for w in coverage.unit_coverage(dctx, "UMF07").workers if w.worker_id == failed.worker_id)
    assert again.status is CoverageStatus.FAILED
    assert again.reenrolled_group == result.groups[0].code


def test_the_target_date_counts_groups_that_end_before_it(dctx, clock):
    result = coverage.unit_coverage(dctx, "UMF07")
    assert result.on_track == result.trained
    coverage.set_target_date(dctx, "UMF07", dt.date(2026, 12, 31))
    with_target = coverage.unit_coverage(dctx, "UMF07")
    assert with_target.target_date == dt.date(2026, 12, 31)
    assert with_target.on_track == result.trained + result.count(CoverageStatus.TO_ISSUE) + 32
    coverage.set_target_date(dctx, "UMF07", dt.date(2026, 11, 28))
    assert coverage.unit_coverage(dctx, "UMF07").on_track == result.trained + 1  # the group starts on the 30th


def test_upcoming_groups_show_their_fill(dctx):
    (fill,) = coverage.unit_coverage(dctx, "UMF07").groups
    assert (fill.enrolled, fill.capacity, fill.running) == (32, 40, False)


def test_freshness_says_this_device_never_synced_and_counts_its_pending_changes(dctx):
    fresh = coverage.freshness(dctx)
    assert fresh.never_synced
    assert fresh.devices[0].pending_changes > 0
    with dctx.db.write() as s:
        device = s.get(Device, 1)
        device.last_sync_at = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.UTC)
        s.add(device)
    assert coverage.freshness(dctx).devices[0].last_sync_at.day == 23


def test_worker_history_has_sessions_with_times_and_activities(dctx):
    failed = coverage.unit_coverage(dctx, "UMF07").select(status=CoverageStatus.FAILED)[0]
    history = worker_history.worker_history(dctx, failed.worker_id)
    (attempt,) = history.attempts
    assert not attempt.qualifies and attempt.result == failed.reason
    assert [s.index for s in attempt.sessions] == [1, 2]
    assert attempt.activities and all(a.participated is not None for a in attempt.activities)


def test_an_unknown_unit_is_reported_by_name(dctx):
    with pytest.raises(NotFound, match="XYZ"):
        coverage.unit_coverage(dctx, "XYZ")

"""The completion rule (DESIGN §3) at its edges."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from app.domain.completion import (
    ActivitySpec,
    AttendanceMark,
    CompletionRule,
    Outcome,
    ReasonCode,
    SessionSchedule,
    attended_minutes,
    classify,
    describe,
    describe_all,
    evaluate,
)
from app.domain.enums import AttendanceStatus, EnrollmentStatus

DAY1, DAY2 = dt.date(2026, 11, 24), dt.date(2026, 11, 25)
RULE = CompletionRule(min_attendance_percent=100, tolerance_minutes_per_session=10, all_activities_required=True)
S1 = SessionSchedule(uuid.uuid4(), 1, DAY1, dt.time(8), dt.time(14))
S2 = SessionSchedule(uuid.uuid4(), 2, DAY2, dt.time(8), dt.time(14))
A1 = ActivitySpec(uuid.uuid4(), 1, "Dinámica del espejo")
A2 = ActivitySpec(uuid.uuid4(), 2, "Escucha activa")
ALL = {A1.activity_id, A2.activity_id}


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


def full(day: dt.date, check_in: str = "07:55", check_out: str = "14:00") -> AttendanceMark:
    return AttendanceMark(AttendanceStatus.PRESENT, at(day, check_in), at(day, check_out))


def verdict(marks, participated=ALL, status=EnrollmentStatus.ENROLLED, rule=RULE):
    return evaluate(rule, [S1, S2], [A1, A2], marks, participated, status)


def test_full_attendance_and_every_activity_qualifies():
    result = verdict({1: full(DAY1), 2: full(DAY2)})
    assert result.qualifies
    assert result.reasons == ()
    assert result.attendance_percent == 100.0


def test_arriving_exactly_at_tolerance_still_qualifies():
    result = verdict({1: full(DAY1, check_in="08:10"), 2: full(DAY2)})
    assert result.qualifies


def test_arriving_one_minute_beyond_tolerance_blocks_constancia():
    result = verdict({1: full(DAY1, check_in="08:11"), 2: full(DAY2)})
    assert not result.qualifies
    assert [(r.code, r.session_index, r.minutes) for r in result.reasons] == [
        (ReasonCode.MINUTES_MISSING, 1, 11)]
    assert describe(result.reasons[0]) == "Sesión 1: faltan 11 min del horario"


def test_late_and_early_leave_add_up_against_the_tolerance():
    assert verdict({1: full(DAY1, "08:05", "13:55"), 2: full(DAY2)}).qualifies
    result = verdict({1: full(DAY1, "08:05", "13:54"), 2: full(DAY2)})
    assert [r.minutes for r in result.reasons] == [11]


def test_arriving_45_minutes_late_is_reported_with_the_minutes():
    result = verdict({1: full(DAY1, check_in="08:45"), 2: full(DAY2)})
    assert describe_all(result) == "Sesión 1: faltan 45 min del horario"


def test_excused_absence_does_not_count_as_attendance():
    result = verdict({1: full(DAY1), 2: AttendanceMark(AttendanceStatus.EXCUSED)},
                     participated={A1.activity_id})
    assert not result.qualifies
    assert [r.code for r in result.reasons] == [ReasonCode.EXCUSED]
    assert "falta justificada" in describe_all(result)


def test_missing_session_reports_the_absence_not_each_of_its_activities():
    result = verdict({1: full(DAY1), 2: AttendanceMark(AttendanceStatus.ABSENT)}, participated={A1.activity_id})
    assert [r.code for r in result.reasons] == [ReasonCode.ABSENT]


def test_session_without_any_mark_is_reported_as_not_recorded():
    result = verdict({1: full(DAY1)})
    assert [(r.code, r.session_index) for r in result.reasons] == [(ReasonCode.NOT_RECORDED, 2)]


def test_missing_one_activity_blocks_constancia_and_names_it():
    result = verdict({1: full(DAY1), 2: full(DAY2)}, participated={A1.activity_id})
    assert not result.qualifies
    assert describe_all(result) == "Sesión 2: sin participación en «Escucha activa»"


def test_withdrawn_enrollment_never_qualifies():
    result = verdict({1: full(DAY1), 2: full(DAY2)}, status=EnrollmentStatus.WITHDRAWN)
    assert not result.qualifies
    assert [r.code for r in result.reasons] == [ReasonCode.WITHDRAWN]
    assert describe_all(result) == "Dado de baja del grupo"


def test_present_without_times_counts_as_the_whole_session():
    marks = {1: AttendanceMark(AttendanceStatus.PRESENT), 2: AttendanceMark(AttendanceStatus.PRESENT)}
    assert verdict(marks).qualifies


def test_late_status_without_a_check_in_time_cannot_prove_the_schedule():
    marks = {1: AttendanceMark(AttendanceStatus.LATE), 2: full(DAY2)}
    assert [r.code for r in verdict(marks).reasons] == [ReasonCode.LATE_NO_TIME]


def test_lower_minimum_percentage_tolerates_a_partial_session():
    rule = CompletionRule(min_attendance_percent=90, tolerance_minutes_per_session=10)
    # 60 of 720 scheduled minutes missing = 91.7 % attended.
    assert verdict({1: full(DAY1, check_in="09:00"), 2: full(DAY2)}, rule=rule).qualifies
    assert not verdict({1: full(DAY1, check_in="09:30"), 2: full(DAY2)}, rule=rule).qualifies


def test_optional_activity_is_not_required_when_the_course_says_so():
    rule = CompletionRule(all_activities_required=False)
    optional = ActivitySpec(uuid.uuid4(), 2, "Lectura opcional", required=False)
    result = evaluate(rule, [S1, S2], [A1, A2, optional], {1: full(DAY1), 2: full(DAY2)}, ALL)
    assert result.qualifies


@pytest.mark.parametrize("check_in, check_out, expected", [
    ("08:10", None, AttendanceStatus.PRESENT),
    ("08:11", None, AttendanceStatus.LATE),
    ("07:40", "13:50", AttendanceStatus.PRESENT),
    ("07:40", "13:49", AttendanceStatus.LEFT_EARLY),
])
def test_a_scan_is_classified_against_the_schedule(check_in, check_out, expected):
    out = at(DAY1, check_out) if check_out else None
    assert classify(S1, at(DAY1, check_in), out, tolerance_minutes=10) is expected


def test_attended_minutes_are_clipped_to_the_schedule():
    assert attended_minutes(S1, full(DAY1, "07:00", "15:00")) == 360
    assert attended_minutes(S1, full(DAY1, "08:45", "14:00")) == 315
    assert attended_minutes(S1, AttendanceMark(AttendanceStatus.ABSENT)) == 0


def test_rule_rejects_impossible_settings():
    with pytest.raises(ValueError):
        CompletionRule(min_attendance_percent=120)
    with pytest.raises(ValueError):
        CompletionRule(tolerance_minutes_per_session=-1)


# -- mid-course: what has not happened yet is pending, not a failure ------------------------------

def mid_course(marks, participated=frozenset(), now=at(DAY2, "10:00"), recorded=(1, 2), marked=None,
               rule=RULE):
    return evaluate(rule, [S1, S2], [A1, A2], marks, set(participated), now=now,
                    recorded_sessions=set(recorded), marked_activities=ALL if marked is None else marked)


def test_a_session_still_to_come_is_pending_not_a_failure():
    result = mid_course({1: full(DAY1)}, participated={A1.activity_id}, now=at(DAY1, "16:00"))
    assert not result.qualifies and result.outcome is Outcome.PENDING
    assert result.reasons == ()
    assert describe_all(result) == "Sesión 2: por realizarse"


def test_a_session_under_way_is_pending_and_its_activities_too():
    result = mid_course({1: full(DAY1), 2: AttendanceMark(AttendanceStatus.PRESENT, at(DAY2, "07:58"))},
                        participated={A1.activity_id})
    assert result.outcome is Outcome.PENDING
    assert [(r.code, r.session_index) for r in result.pending] == [(ReasonCode.SESSION_IN_PROGRESS, 2)]
    assert describe_all(result) == "Sesión 2: en curso"


def test_a_late_arrival_already_recorded_in_a_session_under_way_fails_for_good():
    result = mid_course({1: full(DAY1), 2: AttendanceMark(AttendanceStatus.LATE, at(DAY2, "08:45"))},
                        participated={A1.activity_id})
    assert result.outcome is Outcome.FAILS
    assert describe_all(result) == "Sesión 2: faltan 45 min del horario"


def test_a_missed_session_that_already_ended_fails_even_mid_course():
    result = mid_course({1: AttendanceMark(AttendanceStatus.ABSENT)})
    assert result.outcome is Outcome.FAILS
    assert describe_all(result) == "Sesión 1: inasistencia"
    assert [r.code for r in result.pending] == [ReasonCode.SESSION_IN_PROGRESS]


def test_an_ended_session_whose_pase_de_lista_nobody_took_is_pending():
    result = mid_course({2: full(DAY2)}, participated={A2.activity_id}, now=at(DAY2, "15:00"), recorded=(2,))
    assert result.outcome is Outcome.PENDING
    assert describe_all(result) == "Sesión 1: pase de lista sin registrar"


def test_an_activity_nobody_has_been_marked_in_yet_is_pending():
    result = mid_course({1: full(DAY1), 2: full(DAY2)}, participated={A1.activity_id},
                        now=at(DAY2, "15:00"), marked={A1.activity_id})
    assert result.outcome is Outcome.PENDING
    assert describe_all(result) == "Sesión 2: participación en «Escucha activa» sin registrar"


def test_an_activity_marked_for_others_but_not_for_this_worker_fails():
    result = mid_course({1: full(DAY1), 2: full(DAY2)}, participated={A1.activity_id},
                        now=at(DAY2, "15:00"))
    assert result.outcome is Outcome.FAILS


def test_without_a_current_time_the_course_is_over_and_nothing_is_pending():
    result = evaluate(RULE, [S1, S2], [A1, A2], {1: full(DAY1)}, {A1.activity_id}, now=None,
                      recorded_sessions=set(), marked_activities=set())
    assert result.outcome is Outcome.FAILS
    assert result.pending == ()

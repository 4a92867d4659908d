"""Coverage kept current in the transaction that applies each op (never rebuilt at request time).

:func:`apply_changes` is called once per push batch (after its records are
written) and once per staff import with the records they changed. It reads
those records back and updates, in order:

* ``coord_staff``: each worker's unit, whether on the staff list (the
  denominator) and its service/category/shift;
* ``coord_groups`` and ``coord_enrollments``: each enrollment's course, state,
  its verdict once the group is closed (:func:`app.domain.completion.evaluate`,
  the rule the instructor's app applies) and the valid constancia issued for it;
* ``coord_coverage``: one row per (worker, course) that is not *pending*, with
  the status the director's view shows: trained, eligible (constancia not
  issued yet), in progress, did not qualify. A worker no longer on the staff
  list keeps the row with ``on_staff`` false and counts as *no longer on staff*.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Row, delete, func, insert, or_, select, update
from sqlmodel import Session, col

from app.domain.completion import ActivitySpec, AttendanceMark, CompletionRule, SessionSchedule, evaluate
from app.domain.enums import AttendanceStatus, ConstanciaStatus, EnrollmentStatus
from server.coordination.models import CoverageStatus, EnrollmentInfo, GroupInfo, StaffMember, UnitFigure
from server.models import Record

TRAINED, ELIGIBLE, IN_PROGRESS, NOT_QUALIFIED, PENDING, LEFT_STAFF = (
    "trained", "eligible", "in_progress", "not_qualified", "pending", "left_staff")
STATUSES = (TRAINED, ELIGIBLE, IN_PROGRESS, NOT_QUALIFIED, PENDING, LEFT_STAFF)
_MARKS = ("session", "activity", "attendance", "participation")
_TRACKED = {"worker", "course_group", "enrollment", "constancia", *_MARKS}
_CHUNK = 400

Pair = tuple[str, str]  # (worker_id, course_id)


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(values))
    for start in range(0, len(items), _CHUNK):
        yield items[start:start + _CHUNK]


def _records(session: Session, entity: str, ids: Iterable[str]) -> dict[str, Row[Any]]:
    """The stored records by id, as rows of ``entity_id``, ``unit_id``, ``group_id``, ``payload``, ``deleted_at``."""
    found: dict[str, Row[Any]] = {}
    for chunk in _chunks(ids):
        for row in session.execute(select(col(Record.entity_id), col(Record.unit_id), col(Record.group_id),
                                          col(Record.payload), col(Record.deleted_at))
                                   .where(col(Record.entity) == entity, col(Record.entity_id).in_(chunk))):
            found[row.entity_id] = row
    return found


def _fresh(model: type) -> Any:
    """A select of ORM rows that refreshes objects already in the session (updated here by core statements)."""
    return select(model).execution_options(populate_existing=True)


def _is_deleted(row: Any, payload: dict[str, Any]) -> bool:
    return row.deleted_at is not None or bool(payload.get("deleted_at"))


def apply_changes(session: Session, changes: Iterable[Any]) -> None:
    """Bring coverage up to date with the records named by ``changes`` (objects with ``entity``, ``entity_id``)."""
    touched: dict[str, set[str]] = {}
    for change in changes:
        if change.entity in _TRACKED:
            touched.setdefault(change.entity, set()).add(change.entity_id)
    if touched:
        _Update(session).run(touched)


def rebuild(session: Session) -> None:
    """Compute coverage from every stored record (a database migrated with records already in it)."""
    touched: dict[str, set[str]] = {}
    for entity in ("worker", "course_group", "enrollment", "constancia"):
        ids = set(session.scalars(select(col(Record.entity_id)).where(col(Record.entity) == entity)))
        if ids:
            touched[entity] = ids
    if touched:
        _Update(session).run(touched)


def refresh_unit_figures(session: Session, unit_ids: Iterable[str]) -> None:
    """Rewrite the counts of these units from their rows (after writing coverage rows in bulk)."""
    update_ = _Update(session)
    update_.units.update(unit_ids)
    update_._unit_figures()


class _Update:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.pairs: set[Pair] = set()
        self.moved_workers: set[str] = set()
        self.evaluate: dict[str, set[str] | None] = {}  # group -> workers to evaluate (None: all)
        self.units: set[str] = set()  # units whose figures are rewritten at the end

    def run(self, touched: dict[str, set[str]]) -> None:
        if "worker" in touched:
            self._workers(touched["worker"])
        if "course_group" in touched:
            self._groups(touched["course_group"])
        if "enrollment" in touched:
            self._enrollments(touched["enrollment"])
        if "constancia" in touched:
            self._constancias(touched["constancia"])
        for entity in _MARKS:
            if entity in touched:
                self._marks(entity, touched[entity])
        self._evaluate_groups()
        self._statuses()
        self._move_workers()
        self._unit_figures()

    # ------------------------------------------------------------------ sources

    def _workers(self, ids: set[str]) -> None:
        rows = _records(self.session, "worker", ids)
        old = {s.worker_id: s for chunk in _chunks(rows)
               for s in self.session.scalars(_fresh(StaffMember).where(col(StaffMember.worker_id).in_(chunk)))}
        values: list[dict[str, Any]] = []
        for worker_id, row in rows.items():
            payload = json.loads(row.payload)
            if row.unit_id is None:
                continue
            on_staff = (not _is_deleted(row, payload) and payload.get("in_staff_list", True) is not False
                        and bool(payload.get("matricula")))
            previous = old.get(worker_id)
            name = " ".join(str(payload.get(k) or "").strip() for k in
                            ("paternal_surname", "maternal_surname", "given_names")).split()
            values.append({"worker_id": worker_id, "unit_id": row.unit_id, "on_staff": on_staff,
                           "was_on_staff": on_staff or bool(previous and previous.was_on_staff),
                           "matricula": str(payload.get("matricula") or "")[:160], "name": " ".join(name)[:400],
                           "department": str(payload.get("department") or "")[:200],
                           "category": str(payload.get("category") or "")[:200],
                           "shift": str(payload.get("shift") or "")[:60]})
            if previous is None or previous.unit_id != row.unit_id or previous.on_staff != on_staff:
                self.moved_workers.add(worker_id)
            self.units.update({row.unit_id, previous.unit_id} if previous is not None else {row.unit_id})
        for chunk in _chunks(v["worker_id"] for v in values):
            self.session.execute(delete(StaffMember).where(col(StaffMember.worker_id).in_(chunk)))
        if values:
            self.session.execute(insert(StaffMember), values)

    def _groups(self, ids: set[str]) -> None:
        rows = _records(self.session, "course_group", ids)
        old = {g.group_id: g for chunk in _chunks(rows)
               for g in self.session.scalars(_fresh(GroupInfo).where(col(GroupInfo.group_id).in_(chunk)))}
        for group_id, row in rows.items():
            payload = json.loads(row.payload)
            course_id = str(payload.get("course_id") or "")
            info = {"course_id": course_id, "unit_id": row.unit_id, "code": str(payload.get("code") or "")[:200],
                    "closed": payload.get("status") == "closed", "deleted": _is_deleted(row, payload)}
            previous = old.get(group_id)
            before = None if previous is None else (previous.closed, previous.deleted, previous.course_id)
            if before is None:
                self.session.execute(insert(GroupInfo).values(group_id=group_id, **info))
            else:
                self.session.execute(update(GroupInfo).where(col(GroupInfo.group_id) == group_id).values(**info))
                if before[2] != course_id:
                    self.session.execute(update(EnrollmentInfo).where(col(EnrollmentInfo.group_id) == group_id)
                                         .values(course_id=course_id))
            if before != (info["closed"], info["deleted"], course_id):
                self.evaluate[group_id] = None
                if before is not None:
                    self._pairs_of_group(group_id, before[2])

    def _group(self, group_id: str) -> GroupInfo | None:
        info = self.session.get(GroupInfo, group_id, populate_existing=True)
        if info is None:
            self._groups({group_id})
            info = self.session.get(GroupInfo, group_id, populate_existing=True)
        return info

    def _enrollments(self, ids: set[str]) -> None:
        rows = _records(self.session, "enrollment", ids)
        old = {e.enrollment_id: e for chunk in _chunks(rows) for e in self.session.scalars(
            _fresh(EnrollmentInfo).where(col(EnrollmentInfo.enrollment_id).in_(chunk)))}
        for enrollment_id, row in rows.items():
            payload = json.loads(row.payload)
            group = self._group(str(payload.get("group_id") or row.group_id or ""))
            worker_id = str(payload.get("worker_id") or "")
            if group is None or not worker_id:
                continue
            deleted = _is_deleted(row, payload)
            withdrawn = not deleted and payload.get("status") == EnrollmentStatus.WITHDRAWN.value
            info = {"worker_id": worker_id, "group_id": group.group_id, "course_id": group.course_id,
                    "enrolled": not deleted and not withdrawn, "withdrawn": withdrawn}
            previous = old.get(enrollment_id)
            before = None if previous is None else (previous.worker_id, previous.course_id)
            if before is None:
                self.session.execute(insert(EnrollmentInfo).values(enrollment_id=enrollment_id, qualifies=None,
                                                                   **info))
            else:
                self.session.execute(update(EnrollmentInfo).where(col(EnrollmentInfo.enrollment_id) == enrollment_id)
                                     .values(**info))
                self.pairs.add(before)
            self.evaluate.setdefault(group.group_id, set())
            workers = self.evaluate[group.group_id]
            if workers is not None:
                workers.add(worker_id)
            self.pairs.add((worker_id, group.course_id))

    def _constancias(self, ids: set[str]) -> None:
        rows = _records(self.session, "constancia", ids)
        for constancia_id, row in rows.items():
            payload = json.loads(row.payload)
            enrollment_id = str(payload.get("enrollment_id") or "")
            group_id, worker_id = str(payload.get("group_id") or ""), str(payload.get("worker_id") or "")
            if not enrollment_id and group_id and worker_id:
                from app.domain.ids import enrollment_id as derive

                enrollment_id = str(derive(uuid.UUID(group_id), uuid.UUID(worker_id)))
            info = self.session.get(EnrollmentInfo, enrollment_id, populate_existing=True)
            if info is None:
                self._enrollments({enrollment_id})
                info = self.session.get(EnrollmentInfo, enrollment_id, populate_existing=True)
            if info is None:
                group = self._group(group_id)
                if group is None or not worker_id:
                    continue
                self.session.execute(insert(EnrollmentInfo).values(
                    enrollment_id=enrollment_id, worker_id=worker_id, group_id=group_id, course_id=group.course_id,
                    enrolled=False, withdrawn=False, qualifies=None))
                info = self.session.get(EnrollmentInfo, enrollment_id, populate_existing=True)
                if info is None:  # inserted just above
                    raise LookupError(f"the enrollment {enrollment_id} was not stored")
            valid = payload.get("status", ConstanciaStatus.VALID.value) == ConstanciaStatus.VALID.value \
                and not _is_deleted(row, payload)
            if valid:
                issued = str(payload.get("issued_at") or payload.get("created_at") or "")[:40]
                values = {"constancia_id": constancia_id, "folio": str(payload.get("folio") or "")[:40],
                          "issued_at": issued or None}
            elif info.constancia_id == constancia_id:
                values = {"constancia_id": None, "folio": None, "issued_at": None}
            else:
                continue
            self.session.execute(update(EnrollmentInfo).where(col(EnrollmentInfo.enrollment_id) == enrollment_id)
                                 .values(**values))
            self.pairs.add((info.worker_id, info.course_id))

    def _marks(self, entity: str, ids: set[str]) -> None:
        for row in _records(self.session, entity, ids).values():
            if row.group_id is None:
                continue
            if entity in ("session", "activity"):
                self.evaluate[row.group_id] = None
                continue
            worker = str(json.loads(row.payload).get("worker_id") or "")
            workers = self.evaluate.setdefault(row.group_id, set())
            if workers is not None and worker:
                workers.add(worker)

    def _pairs_of_group(self, group_id: str, course_id: str) -> None:
        for worker_id in self.session.scalars(select(col(EnrollmentInfo.worker_id))
                                              .where(col(EnrollmentInfo.group_id) == group_id)):
            self.pairs.add((worker_id, course_id))

    # ------------------------------------------------------------------ verdicts

    def _evaluate_groups(self) -> None:
        for group_id, workers in self.evaluate.items():
            group = self.session.get(GroupInfo, group_id, populate_existing=True)
            if group is None:
                continue
            query = _fresh(EnrollmentInfo).where(EnrollmentInfo.group_id == group_id)
            enrollments = list(self.session.scalars(query))
            if workers is not None:
                enrollments = [e for e in enrollments if e.worker_id in workers]
            if not enrollments:
                continue
            verdicts = self._verdicts(group, enrollments) if group.closed and not group.deleted else {}
            for enrollment in enrollments:
                qualifies = verdicts.get(enrollment.worker_id)
                if qualifies != enrollment.qualifies:
                    self.session.execute(update(EnrollmentInfo)
                                         .where(EnrollmentInfo.enrollment_id == enrollment.enrollment_id)
                                         .values(qualifies=qualifies))
                self.pairs.add((enrollment.worker_id, group.course_id))

    def _verdicts(self, group: GroupInfo, enrollments: list[EnrollmentInfo]) -> dict[str, bool]:
        course = self.session.execute(select(col(Record.payload)).where(
            col(Record.entity) == "course", col(Record.entity_id) == group.course_id)).scalar_one_or_none()
        rule = _rule(json.loads(course) if course else {})
        rows = self.session.execute(
            select(col(Record.entity), col(Record.entity_id), col(Record.payload), col(Record.deleted_at)).where(
                col(Record.group_id) == group.group_id, col(Record.entity).in_(_MARKS))).all()
        schedules: dict[str, SessionSchedule] = {}
        specs: list[ActivitySpec] = []
        marks: dict[str, dict[int, AttendanceMark]] = {}
        took_part: dict[str, set[uuid.UUID]] = {}
        payloads = [(r.entity, r.entity_id, json.loads(r.payload)) for r in rows if r.deleted_at is None]
        for entity, ident, payload in payloads:
            if entity == "session":
                schedule = _schedule(ident, payload)
                if schedule is not None:
                    schedules[ident] = schedule
        for entity, ident, payload in payloads:
            if entity == "activity":
                session = schedules.get(str(payload.get("session_id")))
                if session is not None:
                    specs.append(ActivitySpec(uuid.UUID(ident), session.index, str(payload.get("name") or ""),
                                              payload.get("required", True) is not False))
            elif entity == "attendance":
                session = schedules.get(str(payload.get("session_id")))
                mark = _mark(payload)
                if session is not None and mark is not None:
                    marks.setdefault(str(payload.get("worker_id")), {})[session.index] = mark
            elif entity == "participation" and payload.get("participated", True) is not False:
                took_part.setdefault(str(payload.get("worker_id")), set()).add(
                    uuid.UUID(str(payload.get("activity_id"))))
        ordered = sorted(schedules.values(), key=lambda s: s.index)
        verdicts = {}
        for enrollment in enrollments:
            status = EnrollmentStatus.ENROLLED if enrollment.enrolled else EnrollmentStatus.WITHDRAWN
            verdicts[enrollment.worker_id] = evaluate(rule, ordered, specs, marks.get(enrollment.worker_id, {}),
                                                      took_part.get(enrollment.worker_id, set()), status,
                                                      now=None).qualifies
        return verdicts

    # ------------------------------------------------------------------ statuses

    def _statuses(self) -> None:
        if not self.pairs:
            return
        workers = {w for w, _ in self.pairs}
        enrollments: dict[Pair, list[EnrollmentInfo]] = {}
        staff: dict[str, StaffMember] = {}
        for chunk in _chunks(workers):
            for e in self.session.scalars(_fresh(EnrollmentInfo).where(col(EnrollmentInfo.worker_id).in_(chunk))):
                enrollments.setdefault((e.worker_id, e.course_id), []).append(e)
            for s in self.session.scalars(_fresh(StaffMember).where(col(StaffMember.worker_id).in_(chunk))):
                staff[s.worker_id] = s
        group_ids = {e.group_id for rows in enrollments.values() for e in rows}
        groups = {g.group_id: g for chunk in _chunks(group_ids)
                  for g in self.session.scalars(_fresh(GroupInfo).where(col(GroupInfo.group_id).in_(chunk)))}
        rows = []
        for worker_id, course_id in self.pairs:
            member = staff.get(worker_id)
            found = _status(enrollments.get((worker_id, course_id), []), groups)
            if found is None or member is None:
                continue
            status, enrollment = found
            self.units.add(member.unit_id)
            rows.append({"worker_id": worker_id, "course_id": course_id, "unit_id": member.unit_id,
                         "on_staff": member.on_staff, "status": status,
                         "group_code": groups[enrollment.group_id].code if enrollment.group_id in groups else "",
                         "folio": enrollment.folio if status == TRAINED else None,
                         "issued_at": enrollment.issued_at if status == TRAINED else None})
        by_course: dict[str, set[str]] = {}
        for worker_id, course_id in self.pairs:
            by_course.setdefault(course_id, set()).add(worker_id)
        for course_id, course_workers in by_course.items():
            for chunk in _chunks(course_workers):
                for unit_id in self.session.scalars(select(col(CoverageStatus.unit_id)).distinct().where(
                        col(CoverageStatus.course_id) == course_id, col(CoverageStatus.worker_id).in_(chunk))):
                    self.units.add(unit_id)
                self.session.execute(delete(CoverageStatus).where(col(CoverageStatus.course_id) == course_id,
                                                                  col(CoverageStatus.worker_id).in_(chunk)))
        if rows:
            self.session.execute(insert(CoverageStatus), rows)

    def _move_workers(self) -> None:
        for worker_id in self.moved_workers:
            member = self.session.get(StaffMember, worker_id, populate_existing=True)
            if member is None:  # _workers() wrote a row for every worker it moved
                raise LookupError(f"the worker {worker_id} has no coord_staff row")
            self.session.execute(update(CoverageStatus).where(col(CoverageStatus.worker_id) == worker_id)
                                 .values(unit_id=member.unit_id, on_staff=member.on_staff))


    def _unit_figures(self) -> None:
        """Rewrite the counts of every unit touched, from that unit's own rows (a few thousand at most)."""
        for unit_id in sorted(self.units):
            staff = self.session.execute(
                select(col(StaffMember.on_staff), func.count())
                .where(col(StaffMember.unit_id) == unit_id, or_(col(StaffMember.on_staff).is_(True),
                                                           col(StaffMember.was_on_staff).is_(True)))
                .group_by(col(StaffMember.on_staff))).all()
            rows = [{"unit_id": unit_id, "course_id": "", "status": "expected" if on_staff else LEFT_STAFF,
                     "count": count} for on_staff, count in staff]
            rows += [{"unit_id": unit_id, "course_id": course_id, "status": status, "count": count}
                     for course_id, status, count in self.session.execute(
                         select(col(CoverageStatus.course_id), col(CoverageStatus.status), func.count())
                         .where(col(CoverageStatus.unit_id) == unit_id, col(CoverageStatus.on_staff).is_(True))
                         .group_by(col(CoverageStatus.course_id), col(CoverageStatus.status)))]
            self.session.execute(delete(UnitFigure).where(col(UnitFigure.unit_id) == unit_id))
            if rows:
                self.session.execute(insert(UnitFigure), rows)


def _status(enrollments: list[EnrollmentInfo], groups: dict[str, GroupInfo]) -> tuple[str, EnrollmentInfo] | None:
    """The worker's one status in the course, with the enrollment that decides it (None: pending)."""
    ranked = []
    for e in enrollments:
        group = groups.get(e.group_id)
        if e.constancia_id:
            ranked.append((0, TRAINED, e))
        elif group is None or group.deleted:
            continue
        elif e.enrolled and group.closed:
            ranked.append((1, ELIGIBLE, e) if e.qualifies else (3, NOT_QUALIFIED, e))
        elif e.enrolled:
            ranked.append((2, IN_PROGRESS, e))
        elif e.withdrawn:
            ranked.append((3, NOT_QUALIFIED, e))
    if not ranked:
        return None
    _rank, status, enrollment = min(ranked, key=lambda item: item[0])
    return status, enrollment


def _rule(course: dict[str, Any]) -> CompletionRule:
    try:
        return CompletionRule(int(course.get("min_attendance_percent", 100)), int(course.get("tolerance_minutes", 10)),
                              course.get("all_activities_required", True) is not False)
    except (TypeError, ValueError):
        return CompletionRule()


def _schedule(ident: str, payload: dict[str, Any]) -> SessionSchedule | None:
    try:
        return SessionSchedule(uuid.UUID(ident), int(payload["index"]), dt.date.fromisoformat(str(payload["date"])),
                               dt.time.fromisoformat(str(payload["start_time"])),
                               dt.time.fromisoformat(str(payload["end_time"])))
    except (KeyError, TypeError, ValueError):
        return None


def _mark(payload: dict[str, Any]) -> AttendanceMark | None:
    try:
        status = AttendanceStatus(payload.get("status", ""))  # missing: a ValueError, as for None
        times = [dt.datetime.fromisoformat(str(payload[k])).replace(tzinfo=None) if payload.get(k) else None
                 for k in ("check_in", "check_out")]
    except (TypeError, ValueError):
        return None
    return AttendanceMark(status, times[0], times[1])

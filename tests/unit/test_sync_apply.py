"""Applying pulled pages: local changes still queued win, orphans wait for their parents, codes re-home."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlmodel import select

from app.services import catalog
from app.storage.tables import CourseGroup, GroupSession, Outbox, PulledOrphan, Unit
from app.sync.apply import Incoming, apply_page, rehome, rehome_candidates
from app.sync.protocol import Entity


def _unit(ctx) -> Unit:  # noqa: ANN001
    with ctx.db.read() as s:
        return s.exec(select(Unit)).one()


def test_a_local_row_with_a_queued_change_is_not_overwritten_by_a_pulled_one(ctx):
    unit = _unit(ctx)  # its creation op is still in the outbox
    with ctx.db.write() as s:
        result = apply_page(s, [Incoming(Entity.UNIT, unit.id, 5, {"id": str(unit.id), "code": "UMF07",
                                                                     "name": "Otro nombre"})])
    assert (result.applied, result.kept_local) == (0, 1)
    assert _unit(ctx).name == "Unidad de Medicina Familiar No. 7"

    with ctx.db.write() as s:  # once sent, the server's state is taken
        s.execute(Outbox.__table__.delete())
        result = apply_page(s, [Incoming(Entity.UNIT, unit.id, 5, {"id": str(unit.id), "code": "UMF07",
                                                                     "name": "Otro nombre"})])
    assert result.applied == 1 and result.entities == {"unit"}
    assert (_unit(ctx).name, _unit(ctx).version) == ("Otro nombre", 5)


def test_a_record_whose_parent_is_missing_waits_and_is_applied_when_the_parent_arrives(ctx):
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
    group_id, session_id = uuid.uuid4(), uuid.uuid4()
    session = Incoming(Entity.SESSION, session_id, 1, {"group_id": str(group_id), "index": 1, "date": "2026-12-01",
                                                       "start_time": "08:00:00", "end_time": "14:00:00"})
    with ctx.db.write() as s:
        assert apply_page(s, [session]).orphans == 1
        assert s.get(PulledOrphan, ("session", session_id)) is not None
    group = Incoming(Entity.COURSE_GROUP, group_id, 1, {"code": "G-1", "course_id": str(course.id),
                                                        "unit_id": str(_unit(ctx).id)})
    with ctx.db.write() as s:
        result = apply_page(s, [group])
    assert group_id in result.group_ids
    with ctx.db.read() as s:
        assert s.get(GroupSession, session_id).date == dt.date(2026, 12, 1)
        assert s.get(CourseGroup, group_id) is not None
        assert s.exec(select(PulledOrphan)).all() == []


def test_a_unit_made_here_takes_the_servers_id_with_its_references_and_queued_ops(ctx):
    local = _unit(ctx)
    server_id = uuid.uuid4()
    incoming = Incoming(Entity.UNIT, server_id, 1, {"code": "UMF07", "name": "UMF 7"})
    with ctx.db.write() as s:
        assert rehome_candidates(s, [incoming]) == [(Entity.UNIT, local.id, server_id)]
    with ctx.db.write() as s:
        rehome(s, Entity.UNIT, local.id, server_id)
    with ctx.db.read() as s:
        assert s.get(Unit, server_id).code == "UMF07" and s.get(Unit, local.id) is None
        ops = s.exec(select(Outbox).where(Outbox.entity == "unit")).all()
    assert [op.entity_id for op in ops] == [server_id] and str(server_id) in ops[0].payload

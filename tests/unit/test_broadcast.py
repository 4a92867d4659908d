"""The change broadcast tells every listener, survives a failing one, and filters by group."""

import uuid

from app.services.broadcast import ChangeBroadcast, Changed
from app.sync.status import SyncPhase, SyncStatus


def test_every_listener_hears_a_change_even_after_one_fails():
    broadcast = ChangeBroadcast()
    heard = []

    def broken(change):
        raise RuntimeError("a screen's bug")

    broadcast.subscribe(broken)
    broadcast.subscribe(heard.append)
    change = Changed(frozenset({"attendance"}), source="sync")
    broadcast.publish(change)
    assert heard == [change]


def test_unsubscribed_listener_hears_nothing():
    broadcast = ChangeBroadcast()
    heard = []
    unsubscribe = broadcast.subscribe(heard.append)
    unsubscribe()
    broadcast.publish(Changed(frozenset({"worker"})))
    assert heard == []


def test_a_change_touches_only_its_groups_unless_it_names_none():
    mine, other = uuid.uuid4(), uuid.uuid4()
    scoped = Changed(frozenset({"attendance"}), frozenset({mine}))
    assert scoped.touches("attendance", mine)
    assert not scoped.touches("attendance", other)
    assert not scoped.touches("participation", mine)
    assert Changed(frozenset({"attendance"})).touches("attendance", other)


def test_al_dia_is_never_claimed_with_anything_pending():
    assert SyncStatus(SyncPhase.UP_TO_DATE).up_to_date
    assert not SyncStatus(SyncPhase.UP_TO_DATE, pending_ops=1).up_to_date
    assert not SyncStatus(SyncPhase.UP_TO_DATE, rejected_ops=2).up_to_date
    assert SyncStatus(SyncPhase.OFFLINE, clock_skew_seconds=-601).clock_skewed
    assert not SyncStatus(SyncPhase.OFFLINE, clock_skew_seconds=599).clock_skewed
